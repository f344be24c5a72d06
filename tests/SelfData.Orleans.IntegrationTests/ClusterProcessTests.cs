using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Xunit.Abstractions;

namespace SelfData.Orleans.IntegrationTests;

/// <summary>
/// Standalone silo processes on PostgreSQL (membership, reminders, grain state, ledger), driven by <c>selfdata cluster
/// demo</c>: one silo killed with <see cref="Process.Kill()"/> at 40 % of the exports.
/// </summary>
public sealed class ClusterProcessTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static string Cli()
    {
        var configuration = typeof(ClusterProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SelfData.Sdk.sln")))
        {
            folder = folder.Parent;
        }

        var cli = Path.Combine(folder!.FullName, "tools", "SelfData.Cli", "bin", configuration, "net10.0", "SelfData.Cli.dll");
        Assert.True(File.Exists(cli), cli + " is built with this project (a ProjectReference)");
        return cli;
    }

    private async Task<(int Exit, string Out)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Cli());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await process.WaitForExitAsync(patience.Token);
        output.WriteLine(await stderr);
        return (process.ExitCode, await stdout);
    }

    [Fact]
    public async Task Three_silo_processes_with_one_killed_at_40_percent_record_every_export_once_with_the_single_machine_bytes()
    {
        var demo = Directory.CreateTempSubdirectory("selfdata-cluster-demo-");
        try
        {
            var (made, _) = await RunAsync("demo", "--out", demo.FullName, "--residents", "40", "--output", "json");
            Assert.Equal(0, made);

            var (exit, json) = await RunAsync("cluster", "demo", "--demo", demo.FullName, "--silos", "3", "--pg", server.ConnectionString, "--partition-size", "5", "--output", "json");
            output.WriteLine(json);
            using var report = JsonDocument.Parse(json);
            var r = report.RootElement;
            var exports = r.GetProperty("exports").GetInt32();
            Assert.Equal(8 * 40, exports);
            Assert.Equal(3, r.GetProperty("killed").GetInt32());
            Assert.Equal(exports, r.GetProperty("ledgerRows").GetInt32());
            Assert.Equal(exports, r.GetProperty("sameBytesAsSingleMachine").GetInt32());
            Assert.Equal(exports, r.GetProperty("archivesOnDisk").GetInt32());
            Assert.True(r.GetProperty("exportsWithMoreThanOneAttempt").GetInt32() > 0, "an export in flight on the killed silo is attempted again");
            Assert.Equal(0, r.GetProperty("attemptFoldersLeft").GetInt32());
            Assert.All(r.GetProperty("study").EnumerateArray(), s => Assert.True(s.GetProperty("equal").GetBoolean()));
            Assert.Equal(exports, r.GetProperty("batches").EnumerateArray().Sum(b => b.GetProperty("exports").GetInt32()));
            Assert.True(r.GetProperty("ok").GetBoolean());
            Assert.Equal(0, exit);

            // Every silo process has ended: the killed one and the two stopped through their standard input.
            foreach (var log in Directory.EnumerateFiles(Path.Combine(demo.FullName, "cluster"), "silo-*.log"))
            {
                var text = await File.ReadAllTextAsync(log);
                Assert.Contains("silo ready", text, StringComparison.Ordinal);
                Assert.Equal(!log.EndsWith("silo-3.log", StringComparison.Ordinal), text.Contains("silo stopped", StringComparison.Ordinal));
            }
        }
        finally
        {
            demo.Delete(recursive: true);
        }
    }
}
