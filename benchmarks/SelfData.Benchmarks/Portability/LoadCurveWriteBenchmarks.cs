using BenchmarkDotNet.Attributes;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Portability;

/// <summary>
/// Writes one customer's 10 years of half-hourly readings (175,200 records) as NDJSON Linky statements, through the
/// SDK's builder (validation, series checks, id, envelope, async streaming) and through a hand-written
/// Utf8JsonWriter that produces the same bytes. Goal: SDK ≤ 1.2× the baseline, no allocation per record.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LoadCurveWriteBenchmarks
{
    private const int Records = 175_200;
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private LoadCurveReading[] _readings = [];
    private HandWrittenLinkyWriter _baseline = null!;
    private PortabilityOptions _options = null!;

    [Params(ExportProfile.Cozy, ExportProfile.MesInfos)]
    public ExportProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _readings = [.. LoadCurveData.Readings(Records)];
        _options = new PortabilityOptions
        {
            Holder = new HolderId("enedis", "fr.enedis"),
            Profile = Profile,
            CreatedByApp = "enedis-export",
            CreatedByAppVersion = "2.0.0",
        };
        _baseline = new HandWrittenLinkyWriter(
            Profile == ExportProfile.Cozy,
            "{\"doctypeVersion\":1,\"metadataVersion\":1,\"createdAt\":\"2024-03-01T12:00:00Z\",\"updatedAt\":\"2024-03-01T12:00:00Z\",\"createdByApp\":\"enedis-export\",\"createdByAppVersion\":\"2.0.0\"}",
            "enedis-export-2.0.0");

        // Both sides must produce the same bytes, or the comparison means nothing.
        using var expected = new MemoryStream();
        _baseline.Write(_readings, expected);
        using var actual = new MemoryStream();
        Sdk(actual).GetAwaiter().GetResult();
        if (!expected.ToArray().AsSpan().SequenceEqual(actual.ToArray()))
        {
            throw new InvalidOperationException("The baseline and the SDK do not produce the same bytes.");
        }
    }

    [Benchmark(Baseline = true, Description = "Hand-written Utf8JsonWriter")]
    public long HandWritten() => _baseline.Write(_readings, Stream.Null);

    [Benchmark(Description = "SDK builder → NDJSON")]
    public async Task<long> SdkBuilder() => (await Sdk(Stream.Null)).Documents;

    private Task<DatasetSummary> Sdk(Stream destination) =>
        new PortabilityExportBuilder(_options, new FixedClock(Now))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, ToAsync(_readings))
            .Build()
            .Datasets[0]
            .WriteNdjsonAsync(destination);

#pragma warning disable CS1998
    private static async IAsyncEnumerable<LoadCurveReading> ToAsync(LoadCurveReading[] readings)
    {
        foreach (var reading in readings)
        {
            yield return reading;
        }
    }
#pragma warning restore CS1998
}

/// <summary>
/// Shows that memory stays flat as the export grows: records are produced lazily and streamed to a null stream;
/// the Allocated column must not grow with <see cref="Records"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class LoadCurveScalingBenchmarks
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PortabilityOptions _options = new() { Holder = new HolderId("enedis", "fr.enedis"), CreatedByApp = "enedis-export", CreatedByAppVersion = "2.0.0" };

    [Params(10_000, 1_000_000, 10_000_000)]
    public int Records { get; set; }

    [Benchmark(Baseline = true, Description = "Generate records only")]
    public long GenerateOnly()
    {
        long n = 0;
        foreach (var reading in LoadCurveData.Readings(Records))
        {
            n += reading.Start.Minute;
        }

        return n;
    }

    [Benchmark(Description = "SDK builder → NDJSON (lazy input)")]
    public async Task<long> SdkBuilder()
    {
        var summary = await new PortabilityExportBuilder(_options, new FixedClock(Now))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, LoadCurveData.Readings(Records))
            .Build()
            .Datasets[0]
            .WriteNdjsonAsync(Stream.Null);
        return summary.Documents;
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
