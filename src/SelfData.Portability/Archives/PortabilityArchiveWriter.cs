using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Portability.Archives;

/// <summary>The settings of <see cref="PortabilityArchiveWriter"/>.</summary>
public sealed class PortabilityArchiveWriterOptions
{
    /// <summary>Gets or sets the holder's key that signs the manifest: ES256 (ECDSA P-256), PS256 or RS256 (RSA, at least 2048 bits).</summary>
    /// <value>The default value is <see langword="null"/>; a key is required.</value>
    public SigningKey? SigningKey { get; set; }

    /// <summary>Gets or sets the layout of the documents.</summary>
    /// <value>The default value is <see cref="ArchiveLayout.Ndjson"/>.</value>
    public ArchiveLayout Layout { get; set; } = ArchiveLayout.Ndjson;

    /// <summary>Gets or sets the compression of the entries.</summary>
    /// <value>The default value is <see cref="CompressionLevel.Fastest"/>; <see cref="CompressionLevel.Optimal"/> is about five times slower.</value>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>Gets or sets a value indicating whether the archive holds <c>index.html</c>, a page a person can read.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeIndexPage { get; set; } = true;

    /// <summary>Gets or sets how many documents of each dataset the page shows as a table.</summary>
    /// <value>The default value is 10.</value>
    public int PreviewRows { get; set; } = 10;

    /// <summary>Gets or sets the language of <c>index.html</c>: its sentences, dataset titles, field labels, dates and numbers, and its <c>lang</c>.</summary>
    /// <value>The default value is <see cref="IndexPageLanguage.English"/>.</value>
    public IndexPageLanguage IndexLanguage { get; set; } = IndexPageLanguage.English;

    /// <summary>Copies the options, with another layout when given, so that later changes change nothing in a writer.</summary>
    internal PortabilityArchiveWriterOptions Snapshot(ArchiveLayout? layout = null) => new()
    {
        SigningKey = SigningKey,
        Layout = layout ?? Layout,
        CompressionLevel = CompressionLevel,
        IncludeIndexPage = IncludeIndexPage,
        PreviewRows = PreviewRows,
        IndexLanguage = IndexLanguage,
    };

    /// <summary>Checks the options.</summary>
    /// <returns>The problems found, each with its code; empty when valid.</returns>
    public IReadOnlyList<SelfDataError> Validate()
    {
        var errors = new List<SelfDataError>();
        if (SigningKey is null)
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidSigningKey, "SigningKey is required: archives are signed.", nameof(SigningKey)));
        }
        else if (Array.IndexOf(ManifestSignature.Algorithms, SigningKey.Algorithm) < 0)
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidSigningKey, $"An archive is signed with ES256, PS256 or RS256, so that anyone can verify it with the published key; this key signs with {SigningKey.Algorithm}.", nameof(SigningKey)));
        }

        if (!Enum.IsDefined(Layout))
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidWriterOptions, $"Layout {(int)Layout} is not defined."));
        }

        if (!Enum.IsDefined(CompressionLevel))
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidWriterOptions, $"CompressionLevel {(int)CompressionLevel} is not defined."));
        }

        if (!Enum.IsDefined(IndexLanguage))
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidWriterOptions, $"IndexLanguage {(int)IndexLanguage} is not defined."));
        }

        if (PreviewRows is < 0 or > 1000)
        {
            errors.Add(new SelfDataError(ArchiveErrorCodes.InvalidWriterOptions, "PreviewRows must be between 0 and 1000."));
        }

        return errors;
    }
}

/// <summary>Represents a written archive: where it is and its manifest.</summary>
/// <param name="Path">The archive's path, or <see langword="null"/> when written to a stream.</param>
/// <param name="Manifest">The manifest.</param>
/// <param name="Datasets">What each dataset produced.</param>
public sealed record ArchiveWriteResult(string? Path, ArchiveManifest Manifest, IReadOnlyList<DatasetSummary> Datasets);

/// <summary>
/// Writes a <see cref="PortabilityExport"/> as one ZIP archive: the documents (NDJSON or Cozy move layout), a
/// person-readable <c>index.html</c>, <c>manifest.json</c> with counts and SHA-256 of every data file, and
/// <c>manifest.jws</c>, a detached JWS over the manifest's bytes signed with the holder's key.
/// </summary>
/// <remarks>
/// Records flow from the builder into the ZIP and the hashes as they are written; memory stays flat as the export
/// grows (the Cozy layout keeps one ZIP directory entry per document, as ZIP requires). Written to a path, the archive
/// goes to a temporary file renamed only on success: an export that fails or is cancelled leaves no file that looks
/// complete.
/// </remarks>
public sealed class PortabilityArchiveWriter
{
    private readonly PortabilityArchiveWriterOptions _options;

    /// <summary>Initializes a new instance of the <see cref="PortabilityArchiveWriter"/> class.</summary>
    /// <param name="options">The settings; a signing key is required.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PortabilityArchiveWriter(PortabilityArchiveWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SelfDataArgumentException(errors, nameof(options));
        }

        // Read once: changing the options object later changes nothing in this writer.
        _options = options.Snapshot();
    }

    /// <summary>Writes the archive to a file, through a temporary file renamed on success.</summary>
    /// <param name="export">The export.</param>
    /// <param name="path">The archive's path; an existing file is replaced only when the new archive is complete.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The archive's path and manifest.</returns>
    /// <exception cref="SelfDataValidationException">A record is invalid; no archive is left behind.</exception>
    /// <exception cref="OperationCanceledException">The export was cancelled; no archive is left behind.</exception>
    public async Task<ArchiveWriteResult> WriteAsync(PortabilityExport export, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temporary = full + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        try
        {
            ArchiveWriteResult result;
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false);
            await using (stream.ConfigureAwait(false))
            {
                result = await WriteAsync(export, stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
            return result with { Path = full };
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes the archive to a stream. The stream is left open; on failure its content is incomplete.</summary>
    /// <param name="export">The export.</param>
    /// <param name="destination">A writable stream.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="SelfDataValidationException">A record is invalid.</exception>
    public Task<ArchiveWriteResult> WriteAsync(PortabilityExport export, Stream destination, CancellationToken cancellationToken = default) =>
        WriteAsync(export, destination, null, cancellationToken);

    /// <summary>Writes the archive; in the NDJSON layout, each doctype's NDJSON also goes, byte for byte, to the stream <paramref name="ndjsonCopy"/> gives (the export job's served files).</summary>
    internal async Task<ArchiveWriteResult> WriteAsync(PortabilityExport export, Stream destination, Func<Doctype, CancellationToken, ValueTask<Stream>>? ndjsonCopy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(destination);
        var files = new List<ManifestFile>();
        var errors = new List<ManifestError>();
        var summaries = new List<DatasetSummary>();
        var page = _options.IncludeIndexPage ? new IndexPage(export, _options.PreviewRows, _options.IndexLanguage) : null;
        var stamp = export.TransactionTime;
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var dataset in export.Datasets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var preview = page?.Dataset(dataset.Doctype);
                DatasetSummary summary;
                if (_options.Layout == ArchiveLayout.Ndjson)
                {
                    var name = ArchiveEntryNames.NdjsonData(dataset.Doctype);
                    var entry = zip.CreateEntry(name, _options.CompressionLevel);
                    entry.LastWriteTime = stamp;
                    var contents = new List<IExportedContent>();
                    var copy = ndjsonCopy is null ? null : await ndjsonCopy(dataset.Doctype, cancellationToken).ConfigureAwait(false);
                    var sink = new HashingNdjsonSink(entry.Open(), preview, contents, copy);
                    try
                    {
                        summary = await dataset.WriteAsync(sink, cancellationToken).ConfigureAwait(false);
                        sink.Complete();
                    }
                    finally
                    {
                        sink.Dispose();
                    }

                    files.Add(new ManifestFile(dataset.Doctype.Name, "documents", name, sink.Documents, sink.Bytes, sink.Sha256, summary.Records, summary.DuplicatesRemoved, summary.OutsideWindow));
                    if (contents.Count > 0)
                    {
                        var listing = new ListingDigest();
                        foreach (var content in contents)
                        {
                            await WriteContentAsync(zip, ArchiveEntryNames.NdjsonFilesPrefix + content.Path, content, listing, stamp, cancellationToken).ConfigureAwait(false);
                        }

                        files.Add(listing.ToFile(dataset.Doctype.Name, "content", ArchiveEntryNames.NdjsonFilesPrefix + "/"));
                    }
                }
                else
                {
                    var sink = new CozyMoveSink(this, zip, dataset.Doctype, preview, stamp);
                    summary = await dataset.WriteAsync(sink, cancellationToken).ConfigureAwait(false);
                    files.Add(sink.Documents.ToFile(dataset.Doctype.Name, "documents", ArchiveEntryNames.CozyDataFolder(dataset.Doctype), summary));
                    if (sink.Contents.Count > 0)
                    {
                        files.Add(sink.Contents.ToFile(dataset.Doctype.Name, "content", ArchiveEntryNames.CozyFilesPrefix + "/"));
                    }
                }

                summaries.Add(summary);
                if (summary.DuplicatesRemoved > 0)
                {
                    errors.Add(new ManifestError(dataset.Doctype.Name, PortabilityErrorCodes.DuplicateReading, "Identical repeated readings were dropped.", summary.DuplicatesRemoved));
                }
            }

            ManifestFile? index = null;
            if (page is not null)
            {
                var html = page.Render(files);
                index = new ManifestFile("text/html", "index", ArchiveEntryNames.Index, 1, html.Length, Hex(SHA256.HashData(html)));
                WriteEntry(zip, ArchiveEntryNames.Index, html, stamp);
            }

            var manifest = new ArchiveManifest
            {
                HolderId = export.Holder.Id,
                HolderNamespace = export.Holder.DoctypeNamespace,
                HolderName = export.Holder.DisplayName,
                Subject = export.Subject.Value,
                Profile = export.Profile == ExportProfile.Cozy ? "cozy" : "mesinfos",
                Layout = _options.Layout == ArchiveLayout.Ndjson ? "ndjson" : "cozy-move",
                SdkVersion = PortabilityOptions.SdkVersion,
                TransactionTime = export.TransactionTime,
                Since = export.Since,
                Until = export.Until,
                Files = files,
                Index = index,
                Errors = errors,
            };
            var manifestBytes = manifest.ToJson();
            WriteEntry(zip, ArchiveEntryNames.Manifest, manifestBytes, stamp);
            WriteEntry(zip, ArchiveEntryNames.Signature, Encoding.ASCII.GetBytes(ManifestSignature.Sign(_options.SigningKey!, manifestBytes)), stamp);
            return new ArchiveWriteResult(null, manifest, summaries);
        }
    }

    internal static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexString(hash).ToLowerInvariant();

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private async Task WriteContentAsync(ZipArchive zip, string name, IExportedContent content, ListingDigest listing, DateTimeOffset stamp, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, _options.CompressionLevel);
        entry.LastWriteTime = stamp;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var source = await content.OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            using var target = entry.Open();
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                    bytes += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        listing.Add(name, hash.GetHashAndReset(), bytes);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Hashes a listing of entries: one line "name\tsha256\n" per entry.</summary>
    internal sealed class ListingDigest
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _line = new byte[1024];

        public long Count { get; private set; }

        public long Bytes { get; private set; }

        public void Add(string name, ReadOnlySpan<byte> sha256, long bytes)
        {
            var n = Encoding.UTF8.GetByteCount(name);
            var line = n + 66 <= _line.Length ? _line : new byte[n + 66];
            Encoding.UTF8.GetBytes(name, line);
            line[n] = (byte)'\t';
            for (var i = 0; i < 32; i++)
            {
                line[n + 1 + (2 * i)] = (byte)"0123456789abcdef"[sha256[i] >> 4];
                line[n + 2 + (2 * i)] = (byte)"0123456789abcdef"[sha256[i] & 0xF];
            }

            line[n + 65] = (byte)'\n';
            _hash.AppendData(line, 0, n + 66);
            Count++;
            Bytes += bytes;
        }

        public ManifestFile ToFile(string doctype, string kind, string path, DatasetSummary? summary = null) =>
            new(doctype, kind, path, Count, Bytes, Hex(_hash.GetHashAndReset()), summary?.Records ?? 0, summary?.DuplicatesRemoved ?? 0, summary?.OutsideWindow ?? 0);
    }

    private sealed class HashingNdjsonSink(Stream entry, IndexPage.DatasetPreview? preview, List<IExportedContent> contents, Stream? copy = null) : IConsumptionSink, IDisposable
    {
        public ConsumptionRecorder? Consumption => preview?.Consumption;

        private const int BlockSize = 64 * 1024;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
        private int _used;

        public long Documents { get; private set; }

        public long Bytes { get; private set; }

        public string Sha256 { get; private set; } = string.Empty;

        public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            var json = document.Json.Span;
            preview?.Observe(json);
            if (document.Content is not null)
            {
                contents.Add(document.Content);
            }

            if (_used + json.Length + 1 > _block.Length)
            {
                Drain();
            }

            if (json.Length + 1 > _block.Length)
            {
                _hash.AppendData(json);
                entry.Write(json);
                _hash.AppendData("\n"u8);
                entry.WriteByte((byte)'\n');
                copy?.Write(json);
                copy?.Write("\n"u8);
            }
            else
            {
                json.CopyTo(_block.AsSpan(_used));
                _block[_used + json.Length] = (byte)'\n';
                _used += json.Length + 1;
            }

            Documents++;
            Bytes += json.Length + 1;
            return ValueTask.CompletedTask;
        }

        public void Complete()
        {
            Drain();
            Sha256 = Hex(_hash.GetHashAndReset());
        }

        public void Dispose()
        {
            entry.Dispose();
            _hash.Dispose();
            ArrayPool<byte>.Shared.Return(_block);
        }

        private void Drain()
        {
            if (_used > 0)
            {
                _hash.AppendData(_block, 0, _used);
                entry.Write(_block, 0, _used);
                copy?.Write(_block, 0, _used);
                _used = 0;
            }
        }
    }

    private sealed class CozyMoveSink(PortabilityArchiveWriter owner, ZipArchive zip, Doctype doctype, IndexPage.DatasetPreview? preview, DateTimeOffset stamp) : IConsumptionSink
    {
        public ConsumptionRecorder? Consumption => preview?.Consumption;

        private readonly string _prefix = ArchiveEntryNames.CozyDataFolder(doctype);

        public ListingDigest Documents { get; } = new();

        public ListingDigest Contents { get; } = new();

        public async ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            preview?.Observe(document.Json.Span);
            var name = _prefix + document.GetId() + ArchiveEntryNames.CozyDocumentSuffix;
            var entry = zip.CreateEntry(name, owner._options.CompressionLevel);
            entry.LastWriteTime = stamp;
            using (var stream = entry.Open())
            {
                stream.Write(document.Json.Span);
            }

            Documents.Add(name, SHA256.HashData(document.Json.Span), document.Json.Length);
            if (document.Content is { } content)
            {
                await owner.WriteContentAsync(zip, ArchiveEntryNames.CozyFilesPrefix + content.Path, content, Contents, stamp, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
