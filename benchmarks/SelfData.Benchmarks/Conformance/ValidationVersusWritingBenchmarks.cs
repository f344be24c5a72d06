using BenchmarkDotNet.Attributes;
using SelfData.Benchmarks.Portability;
using SelfData.Conformance;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Conformance;

/// <summary>
/// Validating the 175,200-reading customer export at the strict level against writing it: the SDK builder writing the
/// NDJSON is the baseline, the SDK validator checking the same NDJSON is compared with it. With JsonSchema.Net used
/// naively, validation costs 20–30× the writing; goal: under 8×.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ValidationVersusWritingBenchmarks
{
    private LoadCurveReading[] _readings = [];
    private byte[] _ndjson = [];
    private SchemaConformanceValidator _validator = null!;

    [Params(ExportProfile.Cozy, ExportProfile.MesInfos)]
    public ExportProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _readings = LoadCurveData.Readings(ConformanceData.Records).ToArray();
        _ndjson = ConformanceData.Ndjson(_readings, Profile);
        _validator = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Strict, Profile = Profile });
        var result = _validator.ValidateNdjsonAsync(new MemoryStream(_ndjson), ConformanceData.Doctype).GetAwaiter().GetResult();
        if (!result.IsValid || result.Documents != ConformanceData.Records)
        {
            throw new InvalidOperationException("The export does not conform.");
        }
    }

    [Benchmark(Baseline = true, Description = "Write the export (SDK builder → NDJSON)")]
    public async Task<long> Write() => (await ConformanceData.WriteAsync(_readings, Profile, Stream.Null)).Documents;

    [Benchmark(Description = "Validate the export (SDK validator, strict)")]
    public async Task<long> Validate() => (await _validator.ValidateNdjsonAsync(new MemoryStream(_ndjson), ConformanceData.Doctype)).Documents;
}
