using System.IO.Compression;
using SelfData.Core;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Jobs;

/// <summary>
/// Turns one export job into its files: the signed archive (<c>archive.zip</c>), its manifest signature
/// (<c>manifest.jws</c>) and one NDJSON file per doctype, all through an <see cref="IExportArtifactStore"/>. The
/// export's transaction time is the job's <see cref="ExportJob.CreatedAt"/>, so every attempt at the same job writes the
/// same documents, and with a deterministic signature (RS256) the same bytes. Hosts — the ASP.NET Core worker, an
/// Orleans grain — only lease, heartbeat and retry it.
/// </summary>
public sealed class ExportJobRunner
{
    /// <summary>The archive's artifact name.</summary>
    public const string ArchiveName = "archive.zip";

    /// <summary>The manifest signature's artifact name.</summary>
    public const string SignatureName = "manifest.jws";

    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly PortabilityOptions _options;
    private readonly PortabilityArchiveWriter _ndjsonWriter;
    private readonly PortabilityArchiveWriter _cozyMoveWriter;
    private readonly IExportDataSource _source;
    private readonly IExportArtifactStore _artifacts;

    /// <summary>Initializes a new instance of the <see cref="ExportJobRunner"/> class.</summary>
    /// <param name="options">The holder and document settings; each job's profile overrides <see cref="PortabilityOptions.Profile"/>.</param>
    /// <param name="archiveOptions">The archive settings and signing key; each job's layout overrides <see cref="PortabilityArchiveWriterOptions.Layout"/>.</param>
    /// <param name="source">The holder's data source.</param>
    /// <param name="artifacts">Where the files go.</param>
    /// <exception cref="SelfDataArgumentException">The options are invalid.</exception>
    public ExportJobRunner(PortabilityOptions options, PortabilityArchiveWriterOptions archiveOptions, IExportDataSource source, IExportArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(archiveOptions);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(artifacts);
        var errors = options.Validate().Concat(archiveOptions.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new SelfDataArgumentException(errors, nameof(options));
        }

        _options = options.Snapshot();

        // One writer per layout, built once: a job chooses its layout.
        _ndjsonWriter = new PortabilityArchiveWriter(archiveOptions.Snapshot(ArchiveLayout.Ndjson));
        _cozyMoveWriter = new PortabilityArchiveWriter(archiveOptions.Snapshot(ArchiveLayout.CozyMove));
        _source = source;
        _artifacts = artifacts;
    }

    /// <summary>Gets the doctypes the data source can export.</summary>
    public IReadOnlyCollection<Doctype> Doctypes => _source.Doctypes;

    /// <summary>Writes a job's files. On failure or cancellation, files already written stay until the caller deletes the job's artifacts.</summary>
    /// <param name="job">The job.</param>
    /// <param name="progress">Receives short progress texts, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to stop the export.</param>
    /// <returns>What the job produced.</returns>
    /// <exception cref="SelfDataException">The data source or a record broke a rule; <see cref="SelfDataException.Code"/> says which.</exception>
    public async Task<ExportJobResult> RunAsync(ExportJob job, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = job.Request;
        var options = _options.Snapshot();
        options.Profile = request.Profile;
        var builder = new PortabilityExportBuilder(options, new FixedTime(job.CreatedAt))
            .ForSubject(new SubjectId(job.Owner.Subject))
            .WithWindow(request.Since, request.Until);

        progress?.Report("reading the data");
        var context = new ExportDataSourceContext(new SubjectId(job.Owner.Subject), request, builder);
        await _source.AddRecordsAsync(context, cancellationToken).ConfigureAwait(false);
        var added = builder.Doctypes;
        var unrequested = added.Where(d => !request.Doctypes.Contains(d)).ToList();
        if (unrequested.Count > 0)
        {
            throw new SelfDataException(PortabilityErrorCodes.DoctypeNotRequested, $"The data source added {string.Join(", ", unrequested)}, which the job did not request; nothing beyond the request is exported.");
        }

        var errors = request.Doctypes.Where(d => !added.Contains(d))
            .Select(d => new SelfDataError(PortabilityErrorCodes.DoctypeNotProvided, $"The data source provided no records for {d}, which was requested.", d.Name))
            .ToList();
        if (added.Count == 0)
        {
            throw new SelfDataException(PortabilityErrorCodes.DoctypeNotProvided, "The data source provided none of the requested doctypes.");
        }

        var export = builder.Build();
        progress?.Report("writing the archive");
        ArchiveWriteResult written;
        ExportArtifact archive;

        // In the NDJSON layout, each doctype's file is written in the same pass as its archive entry (the same bytes).
        var copies = new Dictionary<Doctype, ExportArtifactWriter>();
        var published = new Dictionary<Doctype, ExportArtifact>();
        try
        {
            var writer = await _artifacts.CreateAsync(job.Id, ArchiveName, "application/zip", cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                Func<Doctype, CancellationToken, ValueTask<Stream>>? tee = request.Layout == ArchiveLayout.Ndjson
                    ? async (doctype, ct) =>
                    {
                        var copy = await _artifacts.CreateAsync(job.Id, doctype.Name + ".ndjson", "application/x-ndjson", ct).ConfigureAwait(false);
                        copies[doctype] = copy;
                        return copy.Stream;
                    }
                    : null;
                written = await (request.Layout == ArchiveLayout.Ndjson ? _ndjsonWriter : _cozyMoveWriter).WriteAsync(export, writer.Stream, tee, cancellationToken).ConfigureAwait(false);
                archive = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var (doctype, copy) in copies)
            {
                published[doctype] = await copy.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var copy in copies.Values)
            {
                await copy.DisposeAsync().ConfigureAwait(false);
            }
        }

        errors.AddRange(written.Manifest.Errors.Select(e => new SelfDataError(e.Code, $"{e.Count} record(s) of {e.Doctype}: {e.Message}", e.Doctype)));
        var stored = await _artifacts.OpenReadAsync(job.Id, ArchiveName, cancellationToken).ConfigureAwait(false)
            ?? throw new SelfDataException(PortabilityErrorCodes.ArtifactMissing, "The archive just written cannot be read back from the artifact store.");
        await using (stored.ConfigureAwait(false))
        {
            using var zip = new ZipArchive(stored, ZipArchiveMode.Read);
            var signature = await CopyAsync(job.Id, SignatureName, "application/jose", [zip.GetEntry(ArchiveEntryNames.Signature)!], cancellationToken).ConfigureAwait(false);
            var outputs = new List<ExportJobOutput>(export.Datasets.Count);
            var done = 0;
            foreach (var dataset in export.Datasets)
            {
                progress?.Report($"publishing files ({++done}/{export.Datasets.Count})");
                if (published.TryGetValue(dataset.Doctype, out var file))
                {
                    var documents = written.Manifest.Files.Single(f => f.Doctype == dataset.Doctype.Name && f.Kind == "documents");
                    if (documents.Sha256 != file.Sha256 || documents.Bytes != file.Bytes)
                    {
                        throw new SelfDataException(PortabilityErrorCodes.ArtifactMissing, $"The served file of {dataset.Doctype} differs from the archive's entry.");
                    }

                    outputs.Add(new ExportJobOutput(dataset.Doctype, documents.Count, file));
                    continue;
                }

                var entries = zip.Entries.Where(e => e.FullName.StartsWith(ArchiveEntryNames.CozyDataFolder(dataset.Doctype), StringComparison.Ordinal) && ArchiveEntryNames.TryParseData(e.FullName, out _, out _)).ToList();
                var copied = await CopyAsync(job.Id, dataset.Doctype.Name + ".ndjson", "application/x-ndjson", entries, cancellationToken, newlineAfterEach: true).ConfigureAwait(false);
                outputs.Add(new ExportJobOutput(dataset.Doctype, entries.Count, copied));
            }

            return new ExportJobResult
            {
                TransactionTime = export.TransactionTime,
                Outputs = outputs,
                Archive = archive,
                Signature = signature,
                Errors = errors,
            };
        }
    }

    private async Task<ExportArtifact> CopyAsync(string jobId, string name, string contentType, IReadOnlyList<ZipArchiveEntry> entries, CancellationToken cancellationToken, bool newlineAfterEach = false)
    {
        var writer = await _artifacts.CreateAsync(jobId, name, contentType, cancellationToken).ConfigureAwait(false);
        await using var disposeWriter = writer.ConfigureAwait(false);
        foreach (var entry in entries)
        {
            var source = entry.Open();
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(writer.Stream, cancellationToken).ConfigureAwait(false);
            }

            if (newlineAfterEach)
            {
                await writer.Stream.WriteAsync(Newline, cancellationToken).ConfigureAwait(false);
            }
        }

        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
