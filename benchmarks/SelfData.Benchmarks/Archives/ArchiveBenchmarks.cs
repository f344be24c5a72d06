using BenchmarkDotNet.Attributes;
using SelfData.Benchmarks.Portability;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Archives;

/// <summary>
/// Writes the 175,200-reading customer as a signed NDJSON archive (ZIP Fastest + SHA-256 + ES256 signature, with and
/// without the index page) against writing the same NDJSON uncompressed. Goal: ≤ 1.8× the uncompressed write.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ArchiveWriteBenchmarks
{
    private const int Records = 175_200;
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PortabilityOptions _options = new() { Holder = new HolderId("enedis", "fr.enedis"), CreatedByApp = "enedis-export", CreatedByAppVersion = "2.0.0" };
    private LoadCurveReading[] _readings = [];
    private SigningKey _key = null!;
    private PortabilityArchiveWriter _withPage = null!;
    private PortabilityArchiveWriter _withoutPage = null!;

    [GlobalSetup]
    public void Setup()
    {
        _readings = [.. LoadCurveData.Readings(Records)];
        _key = SigningKey.CreateEcdsa("bench");
        _withPage = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = _key });
        _withoutPage = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = _key, IncludeIndexPage = false });
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Baseline = true, Description = "NDJSON, uncompressed")]
    public async Task<long> UncompressedNdjson() => (await Export().Datasets[0].WriteNdjsonAsync(Stream.Null)).Documents;

    [Benchmark(Description = "Signed archive (ZIP Fastest, SHA-256, ES256, index.html)")]
    public async Task<long> SignedArchive() => (await _withPage.WriteAsync(Export(), Stream.Null)).Manifest.Files[0].Count;

    [Benchmark(Description = "Signed archive without index.html")]
    public async Task<long> SignedArchiveWithoutPage() => (await _withoutPage.WriteAsync(Export(), Stream.Null)).Manifest.Files[0].Count;

    private PortabilityExport Export() =>
        new PortabilityExportBuilder(_options, new FixedClock(Now))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, _readings)
            .Build();
}

/// <summary>Verifies the signed 175,200-document archive: signature, SHA-256, byte and document counts. Throughput = uncompressed bytes ÷ mean time.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ArchiveVerifyBenchmarks
{
    private byte[] _archive = [];
    private VerificationKeySet _keys = new([]);

    /// <summary>Gets the uncompressed size of the archive's data, for the MB/s figure.</summary>
    public long UncompressedBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        using var key = SigningKey.CreateEcdsa("bench");
        _keys = new VerificationKeySet([key.VerificationKey]);
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("enedis", "fr.enedis") }, new FixedClock(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero)))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, LoadCurveData.Readings(175_200))
            .Build();
        using var stream = new MemoryStream();
        var result = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = key }).WriteAsync(export, stream).GetAwaiter().GetResult();
        _archive = stream.ToArray();
        UncompressedBytes = result.Manifest.Files.Sum(f => f.Bytes);
        Console.WriteLine($"// archive: {_archive.Length} bytes compressed, {UncompressedBytes} bytes of data uncompressed");
    }

    [Benchmark(Baseline = true, Description = "SHA-256 of the compressed archive bytes")]
    public byte[] HashOnly() => System.Security.Cryptography.SHA256.HashData(_archive);

    [Benchmark(Description = "PortabilityArchive.VerifyAsync")]
    public async Task<bool> Verify() => (await PortabilityArchive.VerifyAsync(new MemoryStream(_archive), _keys)).IsValid;
}
