using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using SelfData.AspNetCore;
using SelfData.Benchmarks.Portability;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;

namespace SelfData.Benchmarks.Endpoints;

/// <summary>
/// The 175,200-reading customer through the HTTP endpoints on a real Kestrel (127.0.0.1): kick-off, a status poll
/// with <c>Prefer: wait</c> until <c>200</c>, the archive downloaded, the export deleted — against writing the same
/// signed archive directly with the SDK to a file. Goal: ≤ 1.3×.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class EndpointRoundTripBenchmarks
{
    private const int Records = 175_200;
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HolderId _holder = new("enedis", "fr.enedis", "Enedis");
    private LoadCurveReading[] _readings = [];
    private string _directory = string.Empty;
    private SigningKey _archiveKey = null!;
    private SigningKey _issuerKey = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _token = string.Empty;
    private PortabilityArchiveWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _readings = [.. LoadCurveData.Readings(Records)];
        _directory = Directory.CreateTempSubdirectory("selfdata-bench-endpoints-").FullName;
        _archiveKey = SigningKey.CreateEcdsa("holder-bench");
        _issuerKey = SigningKey.CreateRsa("as-bench");
        _writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = _archiveKey });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSelfData(b => b
            .AddPortability(o => o.Holder = _holder)
            .AddPortabilityArchives(o => o.SigningKey = _archiveKey)
            .AddConsentValidation(o => o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(_issuerKey.VerificationKey))))
            .AddSqliteExportJobStore($"Data Source={Path.Combine(_directory, "jobs.sqlite")}")
            .AddFileSystemExportArtifacts(Path.Combine(_directory, "artifacts"))
            .AddExportDataSource(new Source(_readings))
            .AddPortabilityEndpoints(o => o.Workers = 1));
        _app = builder.Build();
        _app.MapSelfDataPortability("/selfdata");
        _app.StartAsync().GetAwaiter().GetResult();
        var baseAddress = new Uri(_app.Urls.Single());
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new AccessTokenBuilder(TimeProvider.System, _issuerKey) { Audience = new Uri(baseAddress, "/selfdata/exports").ToString(), Lifetime = TimeSpan.FromHours(2) };
        tokens.Doctypes.Clear();
        tokens.Doctypes.Add(ElectricityDoctypes.LinkyStatements.Doctype.Name);
        _token = tokens.Mint();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (HttpRoundTrip().GetAwaiter().GetResult() < 1_000_000 || DirectArchive().GetAwaiter().GetResult() < 1_000_000)
        {
            throw new InvalidOperationException("The benchmarks do not produce the archive.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        _archiveKey.Dispose();
        _issuerKey.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Signed archive written directly to a file")]
    public async Task<long> DirectArchive()
    {
        var path = Path.Combine(_directory, "direct.zip");
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = _holder }, new FixedClock(Now))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, _readings)
            .Build();
        await _writer.WriteAsync(export, path);
        return new FileInfo(path).Length;
    }

    [Benchmark(Description = "Kick-off → 200 → archive downloaded over HTTP")]
    public async Task<long> HttpRoundTrip()
    {
        using var kickOff = new HttpRequestMessage(HttpMethod.Post, "/selfdata/exports") { Content = new StringContent("""{"doctypes":["org.fing.mesinfos.consumptionstatement"]}""", Encoding.UTF8, "application/json") };
        kickOff.Headers.Add("Prefer", "respond-async");
        using var accepted = await _http.SendAsync(kickOff);
        var status = accepted.Content.Headers.ContentLocation ?? throw new InvalidOperationException("kick-off refused: " + (int)accepted.StatusCode);
        using var poll = new HttpRequestMessage(HttpMethod.Get, status);
        poll.Headers.Add("Prefer", "wait=30");
        using var done = await _http.SendAsync(poll);
        if (done.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException("status " + (int)done.StatusCode);
        }

        using var archive = await _http.GetAsync(status + "/files/" + ExportJobRunner.ArchiveName, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await archive.Content.ReadAsStreamAsync();
        var counter = new CountingStream();
        await body.CopyToAsync(counter);
        using var purge = await _http.DeleteAsync(status);
        return counter.Length;
    }

    private sealed class Source(LoadCurveReading[] readings) : IExportDataSource
    {
        public IReadOnlyCollection<Doctype> Doctypes => [ElectricityDoctypes.LinkyStatements.Doctype];

        public ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
        {
            context.Builder.Add(ElectricityDoctypes.LinkyStatements, readings);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
