using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*LoadCurveWrite*'. Reports land in BenchmarkDotNet.Artifacts/results;
// copy the *-report-github.md files you want to keep into benchmarks/results/.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
