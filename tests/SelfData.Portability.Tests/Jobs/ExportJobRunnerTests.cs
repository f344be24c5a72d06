using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;

namespace SelfData.Portability.Tests.Jobs;

public sealed class ExportJobRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
    private static readonly Doctype Linky = ElectricityDoctypes.LinkyStatements.Doctype;
    private static readonly Doctype Bills = BillingDoctypes.Bills.Doctype;
    private readonly string _root = Directory.CreateTempSubdirectory("selfdata-artifacts-").FullName;
    private readonly SigningKey _key = TestKeys.Rsa("holder-rs256", JwsAlgorithms.RS256);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ExportJobRunner Runner(IExportDataSource source, string directory = "a") =>
        new(ExportHarness.Options(), new PortabilityArchiveWriterOptions { SigningKey = _key }, source, new FileSystemExportArtifactStore(Path.Combine(_root, directory)));

    private static ExportJob Job(ArchiveLayout layout = ArchiveLayout.Ndjson, params Doctype[] doctypes) => new()
    {
        Id = ExportJob.NewId(),
        Owner = new ExportJobOwner("client", "0f8fad5b-d9cb-469f-a165-70867728950e", "consent-1", null),
        Request = new ExportJobRequest { Doctypes = doctypes.Length == 0 ? [Linky, Bills] : doctypes, Layout = layout },
        CreatedAt = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task A_job_gives_a_verifiable_archive_its_signature_and_one_ndjson_file_per_doctype()
    {
        var job = Job();
        var store = new FileSystemExportArtifactStore(Path.Combine(_root, "a"));
        var progress = new List<string>();
        var result = await Runner(new Source()).RunAsync(job, new SyncProgress(progress.Add));

        Assert.Equal(job.CreatedAt, result.TransactionTime);
        Assert.Empty(result.Errors);
        Assert.Contains("writing the archive", progress);
        Assert.All(progress, p => Assert.True(p.Length < 100));
        var archiveBytes = await ReadAsync(store, job.Id, ExportJobRunner.ArchiveName);
        Assert.Equal((result.Archive.Bytes, result.Archive.Sha256), (archiveBytes.LongLength, Sha256(archiveBytes)));
        var verification = await PortabilityArchive.VerifyAsync(new MemoryStream(archiveBytes), new VerificationKeySet([_key.VerificationKey]));
        Assert.True(verification.IsValid, string.Join("; ", verification.Failures.Select(f => f.Code + " " + f.Message)));

        using var zip = new ZipArchive(new MemoryStream(archiveBytes));
        using (var jws = new StreamReader(zip.GetEntry(ArchiveEntryNames.Signature)!.Open()))
        {
            Assert.Equal(await jws.ReadToEndAsync(), Encoding.ASCII.GetString(await ReadAsync(store, job.Id, ExportJobRunner.SignatureName)));
        }

        Assert.Equal([Linky, Bills], result.Outputs.Select(o => o.Doctype));
        foreach (var output in result.Outputs)
        {
            var bytes = await ReadAsync(store, job.Id, output.File.Name);
            Assert.Equal((output.File.Bytes, output.File.Sha256), (bytes.LongLength, Sha256(bytes)));
            var text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.Equal(output.Count, text.Count(c => c == '\n'));
            Assert.Equal(verification.Manifest!.Files.Single(f => f.Doctype == output.Doctype.Name && f.Kind == "documents").Sha256, output.File.Sha256);
        }

        Assert.Equal(48, result.Outputs[0].Count);
    }

    [Fact]
    public async Task Two_attempts_at_one_job_write_the_same_bytes()
    {
        var job = Job();
        var first = await Runner(new Source(), "first").RunAsync(job);
        var second = await Runner(new Source(), "second").RunAsync(job);
        Assert.Equal(first.Archive, second.Archive);
        Assert.Equal(first.Outputs, second.Outputs);
    }

    [Fact]
    public async Task The_cozy_move_layout_still_serves_ndjson_one_document_per_line()
    {
        var job = Job(ArchiveLayout.CozyMove, Bills);
        var result = await Runner(new Source()).RunAsync(job);
        var output = Assert.Single(result.Outputs);
        var lines = Encoding.UTF8.GetString(await ReadAsync(new FileSystemExportArtifactStore(Path.Combine(_root, "a")), job.Id, output.File.Name)).Split('\n');
        Assert.Equal(output.Count + 1, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.All(lines[..^1], l => Assert.Equal(32, System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("_id").GetString()!.Length));
    }

    [Fact]
    public async Task A_source_that_adds_more_than_was_asked_fails_the_job_and_one_that_adds_less_is_reported()
    {
        var more = await Assert.ThrowsAsync<SelfDataException>(() => Runner(new Source(ignoreRequest: true)).RunAsync(Job(ArchiveLayout.Ndjson, Bills)));
        Assert.Equal(PortabilityErrorCodes.DoctypeNotRequested, more.Code);

        var water = WaterDoctypes.EcolyoDay.Doctype;
        var less = await Runner(new Source()).RunAsync(Job(ArchiveLayout.Ndjson, Bills, water));
        var error = Assert.Single(less.Errors);
        Assert.Equal((PortabilityErrorCodes.DoctypeNotProvided, water.Name), (error.Code, error.FieldPath));

        var none = await Assert.ThrowsAsync<SelfDataException>(() => Runner(new Source()).RunAsync(Job(ArchiveLayout.Ndjson, water)));
        Assert.Equal(PortabilityErrorCodes.DoctypeNotProvided, none.Code);
    }

    [Fact]
    public async Task An_uncommitted_artifact_leaves_nothing_and_names_cannot_escape_the_job_directory()
    {
        var store = new FileSystemExportArtifactStore(Path.Combine(_root, "s"));
        var writer = await store.CreateAsync("job1", "x.ndjson", "application/x-ndjson");
        await using (writer)
        {
            await writer.Stream.WriteAsync("{}\n"u8.ToArray());
        }

        Assert.Null(await store.OpenReadAsync("job1", "x.ndjson"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "s", "job1")));
        foreach (var name in new[] { "../x", ".hidden", "a/b", "a\\b", string.Empty })
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.CreateAsync("job1", name, "text/plain"));
        }

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.OpenReadAsync("../job1", "x.ndjson"));
        await store.DeleteAsync("job1");
        Assert.False(Directory.Exists(Path.Combine(_root, "s", "job1")));
    }

    private static async Task<byte[]> ReadAsync(IExportArtifactStore store, string jobId, string name)
    {
        await using var stream = (await store.OpenReadAsync(jobId, name))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private sealed class Source(bool ignoreRequest = false) : IExportDataSource
    {
        public IReadOnlyCollection<Doctype> Doctypes => [Linky, Bills];

        public ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
        {
            if (ignoreRequest || context.IsRequested(Linky))
            {
                context.Builder.Add(ElectricityDoctypes.LinkyStatements, Enumerable.Range(0, 48).Select(i => new LoadCurveReading("12345678901234", Start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(400 + i, Unit.Watt))));
            }

            if (ignoreRequest || context.IsRequested(Bills))
            {
                context.Builder.Add(BillingDoctypes.Bills, Enumerable.Range(1, 3).Select(m => new Bill { Vendor = "EDF", Date = Start.AddMonths(m), Amount = new Money(40 + m, "EUR"), VendorRef = "INV-" + m }));
            }

            return ValueTask.CompletedTask;
        }
    }
}
