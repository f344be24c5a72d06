using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Portability.Archives;

/// <summary>The limits <see cref="PortabilityArchive.VerifyAsync(Stream, VerificationKeySet, ArchiveVerificationOptions?, CancellationToken)"/> applies to archives it did not write.</summary>
public sealed class ArchiveVerificationOptions
{
    /// <summary>Gets or sets the largest number of entries accepted.</summary>
    /// <value>The default value is 1,000,000.</value>
    public int MaxEntries { get; set; } = 1_000_000;

    /// <summary>Gets or sets the largest total uncompressed size accepted, in bytes.</summary>
    /// <value>The default value is 8 GiB.</value>
    public long MaxTotalUncompressedBytes { get; set; } = 8L << 30;

    /// <summary>Gets or sets the largest ratio of an entry's uncompressed size to its compressed size.</summary>
    /// <value>The default value is 200 (JSON compresses about 6 to 15 times; zip bombs a thousand times and more).</value>
    public double MaxCompressionRatio { get; set; } = 200;

    /// <summary>Gets or sets the largest <c>manifest.json</c> accepted, in bytes.</summary>
    /// <value>The default value is 16 MiB.</value>
    public int MaxManifestBytes { get; set; } = 16 << 20;

    /// <summary>Gets the signature algorithms accepted.</summary>
    /// <value>The default value is ES256, PS256 and RS256.</value>
    public ISet<string> AllowedAlgorithms { get; } = new HashSet<string>(StringComparer.Ordinal) { "ES256", "PS256", "RS256" };
}

/// <summary>Represents one failure found while verifying an archive.</summary>
/// <param name="Code">The <c>SD4xxx</c> code.</param>
/// <param name="Entry">The entry concerned, if any.</param>
/// <param name="Message">A description.</param>
public sealed record ArchiveFailure(string Code, string? Entry, string Message);

/// <summary>Represents the outcome of verifying an archive: valid only when the signature and every file check out.</summary>
public sealed class ArchiveVerificationResult
{
    internal ArchiveVerificationResult(IReadOnlyList<ArchiveFailure> failures, ArchiveManifest? manifest, string? signingKeyId, int entries, bool signatureVerified)
    {
        Failures = failures;
        Manifest = manifest;
        SigningKeyId = signingKeyId;
        Entries = entries;
        SignatureVerified = signatureVerified;
    }

    /// <summary>Gets a value indicating whether the archive is complete, untampered and signed by a trusted key.</summary>
    public bool IsValid => Failures.Count == 0 && SignatureVerified;

    /// <summary>Gets every failure found, each with its code.</summary>
    public IReadOnlyList<ArchiveFailure> Failures { get; }

    /// <summary>Gets the manifest, when it could be read (trust it only when <see cref="IsValid"/>).</summary>
    public ArchiveManifest? Manifest { get; }

    /// <summary>Gets the id of the trusted key that signed the manifest, when the signature verified.</summary>
    public string? SigningKeyId { get; }

    /// <summary>Gets a value indicating whether the manifest's signature verified with a trusted key.</summary>
    public bool SignatureVerified { get; }

    /// <summary>Gets the number of entries in the archive.</summary>
    public int Entries { get; }
}

/// <summary>Reads and verifies export archives, including archives written by others: hostile input is refused with a code, in bounded time and memory, without writing to disk.</summary>
public static class PortabilityArchive
{
    /// <summary>Verifies an archive against the holder's published keys.</summary>
    /// <param name="archive">A readable, seekable stream holding the ZIP archive.</param>
    /// <param name="trustedKeys">The keys to trust, such as the holder's published JWKS. Keys found inside the archive are never used.</param>
    /// <param name="options">The limits; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result, listing every failure with its <c>SD4xxx</c> code.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The stream is not readable and seekable.</exception>
    /// <remarks>
    /// Checks, in order: entry names (<c>SD4001</c>), duplicates (<c>SD4002</c>), entry count (<c>SD4003</c>), total
    /// expansion (<c>SD4004</c>) and per-entry ratio (<c>SD4005</c>) — a hostile archive stops here, unread; then the
    /// manifest (<c>SD4006</c>–<c>SD4008</c>), its signature with the trusted keys only (<c>SD4009</c>–<c>SD4012</c>),
    /// and every file's SHA-256, bytes and documents (<c>SD4013</c>–<c>SD4015</c>), missing and extra entries
    /// (<c>SD4016</c>, <c>SD4017</c>) and the Cozy layout's naming and order (<c>SD4020</c>).
    /// </remarks>
    public static Task<ArchiveVerificationResult> VerifyAsync(Stream archive, VerificationKeySet trustedKeys, ArchiveVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (!archive.CanRead || !archive.CanSeek)
        {
            throw new ArgumentException("The archive stream must be readable and seekable.", nameof(archive));
        }

        var allowed = (options ?? new ArchiveVerificationOptions()).AllowedAlgorithms.ToArray();
        return Task.Run(() => Verify(archive, trustedKeys, allowed, options ?? new ArchiveVerificationOptions(), cancellationToken), cancellationToken);
    }

    /// <summary>Verifies an archive against trusted keys.</summary>
    /// <param name="archive">A readable, seekable stream holding the ZIP archive.</param>
    /// <param name="trustedKeys">The keys to trust; their key ids must be distinct.</param>
    /// <param name="options">The limits.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The stream is not readable and seekable, or two keys share a key id.</exception>
    public static Task<ArchiveVerificationResult> VerifyAsync(Stream archive, IEnumerable<VerificationKey> trustedKeys, ArchiveVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        return VerifyAsync(archive, new VerificationKeySet(trustedKeys), options, cancellationToken);
    }

    private static ArchiveVerificationResult Verify(Stream stream, VerificationKeySet keys, string[] allowedAlgorithms, ArchiveVerificationOptions options, CancellationToken cancellationToken)
    {
        var failures = new List<ArchiveFailure>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException ex)
        {
            return new ArchiveVerificationResult([new(ArchiveErrorCodes.NotAnArchive, null, "Not a readable ZIP archive: " + ex.Message)], null, null, 0, false);
        }

        using (zip)
        {
            System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries;
            }
            catch (InvalidDataException ex)
            {
                return new ArchiveVerificationResult([new(ArchiveErrorCodes.NotAnArchive, null, "The ZIP directory is damaged: " + ex.Message)], null, null, 0, false);
            }

            if (entries.Count > options.MaxEntries)
            {
                return new ArchiveVerificationResult([new(ArchiveErrorCodes.TooManyEntries, null, $"{entries.Count} entries; at most {options.MaxEntries} are accepted.")], null, null, entries.Count, false);
            }

            var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in entries)
            {
                if (UnsafeName(entry.FullName) is { } reason)
                {
                    failures.Add(new(ArchiveErrorCodes.UnsafeEntryName, entry.FullName, reason));
                }

                if (!byName.TryAdd(entry.FullName, entry))
                {
                    failures.Add(new(ArchiveErrorCodes.DuplicateEntry, entry.FullName, "The entry name appears more than once."));
                }

                total += entry.Length;
                if (entry.Length > 0 && entry.Length > (entry.CompressedLength + 1) * options.MaxCompressionRatio && entry.Length > 4096)
                {
                    failures.Add(new(ArchiveErrorCodes.CompressionRatioTooHigh, entry.FullName, $"Expands {entry.Length} bytes from {entry.CompressedLength}; the ratio limit is {options.MaxCompressionRatio}."));
                }
            }

            if (total > options.MaxTotalUncompressedBytes)
            {
                failures.Add(new(ArchiveErrorCodes.ExpansionTooLarge, null, $"Expands to {total} bytes; at most {options.MaxTotalUncompressedBytes} are accepted."));
            }

            if (failures.Count > 0)
            {
                return new ArchiveVerificationResult(failures, null, null, entries.Count, false);
            }

            var budget = new Budget(options.MaxTotalUncompressedBytes);

            // The manifest and its signature.
            if (!byName.TryGetValue(ArchiveEntryNames.Manifest, out var manifestEntry))
            {
                return new ArchiveVerificationResult([new(ArchiveErrorCodes.ManifestMissing, ArchiveEntryNames.Manifest, "The archive has no manifest.json.")], null, null, entries.Count, false);
            }

            if (manifestEntry.Length > options.MaxManifestBytes)
            {
                return new ArchiveVerificationResult([new(ArchiveErrorCodes.ManifestTooLarge, manifestEntry.FullName, $"manifest.json declares {manifestEntry.Length} bytes; at most {options.MaxManifestBytes} are accepted.")], null, null, entries.Count, false);
            }

            var manifestBytes = ReadAll(manifestEntry, options.MaxManifestBytes, budget, failures);
            if (manifestBytes is null)
            {
                return new ArchiveVerificationResult(failures, null, null, entries.Count, false);
            }

            ArchiveManifest manifest;
            try
            {
                manifest = ArchiveManifest.Parse(manifestBytes);
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return new ArchiveVerificationResult([new(ArchiveErrorCodes.ManifestMalformed, manifestEntry.FullName, ex.Message)], null, null, entries.Count, false);
            }

            string? keyId = null;
            var signed = false;
            if (!byName.TryGetValue(ArchiveEntryNames.Signature, out var signatureEntry) || signatureEntry.Length > 64 * 1024)
            {
                failures.Add(new(ArchiveErrorCodes.SignatureMissing, ArchiveEntryNames.Signature, "The archive has no manifest.jws (or it is larger than 64 KB)."));
            }
            else if (ReadAll(signatureEntry, 64 * 1024, budget, failures) is { } jws)
            {
                var failure = ManifestSignature.Verify(Encoding.ASCII.GetString(jws), manifestBytes, keys, allowedAlgorithms, out keyId);
                if (failure is { } f)
                {
                    failures.Add(new(f.Code, ArchiveEntryNames.Signature, f.Message));
                }
                else
                {
                    signed = true;
                }
            }

            // Every file against the manifest.
            var covered = new HashSet<string>(StringComparer.Ordinal) { ArchiveEntryNames.Manifest, ArchiveEntryNames.Signature };
            var cozy = manifest.Layout == "cozy-move";
            foreach (var file in manifest.Files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.Path.EndsWith('/'))
                {
                    CheckFolder(file, entries, covered, cozy, budget, failures, cancellationToken);
                }
                else if (!byName.TryGetValue(file.Path, out var entry))
                {
                    failures.Add(new(ArchiveErrorCodes.EntryMissing, file.Path, "The manifest lists this file but the archive does not hold it."));
                }
                else
                {
                    covered.Add(file.Path);
                    CheckFile(file, entry, file.Kind == "documents", budget, failures);
                }
            }

            if (manifest.Index is { } index)
            {
                if (byName.TryGetValue(index.Path, out var entry))
                {
                    covered.Add(index.Path);
                    CheckFile(index, entry, countLines: false, budget, failures);
                }
                else
                {
                    failures.Add(new(ArchiveErrorCodes.EntryMissing, index.Path, "The manifest lists the index page but the archive does not hold it."));
                }
            }

            foreach (var entry in entries)
            {
                if (!covered.Contains(entry.FullName))
                {
                    failures.Add(new(ArchiveErrorCodes.UnexpectedEntry, entry.FullName, "The archive holds an entry the manifest does not list."));
                }
            }

            return new ArchiveVerificationResult(failures, manifest, signed ? keyId : null, entries.Count, signed);
        }
    }

    private static void CheckFile(ManifestFile file, ZipArchiveEntry entry, bool countLines, Budget budget, List<ArchiveFailure> failures)
    {
        var (hash, bytes, lines, ok) = Digest(entry, countLines, budget, failures);
        if (!ok)
        {
            return;
        }

        if (bytes != file.Bytes)
        {
            failures.Add(new(ArchiveErrorCodes.ByteCountMismatch, entry.FullName, $"{bytes} bytes; the manifest says {file.Bytes}."));
        }

        if (!string.Equals(PortabilityArchiveWriter.Hex(hash), file.Sha256, StringComparison.Ordinal))
        {
            failures.Add(new(ArchiveErrorCodes.ChecksumMismatch, entry.FullName, "The SHA-256 differs from the manifest's."));
        }

        if (countLines && lines != file.Count)
        {
            failures.Add(new(ArchiveErrorCodes.DocumentCountMismatch, entry.FullName, $"{lines} documents; the manifest says {file.Count}."));
        }
    }

    private static void CheckFolder(ManifestFile file, IReadOnlyList<ZipArchiveEntry> entries, HashSet<string> covered, bool cozy, Budget budget, List<ArchiveFailure> failures, CancellationToken cancellationToken)
    {
        var listing = new PortabilityArchiveWriter.ListingDigest();
        var documents = file.Kind == "documents";
        var previous = (ZipArchiveEntry?)null;
        foreach (var entry in entries)
        {
            if (!entry.FullName.StartsWith(file.Path, StringComparison.Ordinal) || (!documents && covered.Contains(entry.FullName)))
            {
                previous = entry;
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            covered.Add(entry.FullName);
            var (hash, bytes, _, ok) = Digest(entry, countLines: false, budget, failures, keepJson: documents && cozy, out var json);
            if (!ok)
            {
                return;
            }

            listing.Add(entry.FullName, hash, bytes);
            if (documents && cozy && json is not null && IdOf(json) is var id && entry.FullName != file.Path + id + ArchiveEntryNames.CozyDocumentSuffix)
            {
                failures.Add(new(ArchiveErrorCodes.LayoutViolation, entry.FullName, $"The document's _id is '{id}', not its file name."));
            }

            if (!documents && cozy && (previous is null || !previous.FullName.StartsWith(ArchiveEntryNames.CozyDataPrefix + "io.cozy.files/", StringComparison.Ordinal)))
            {
                failures.Add(new(ArchiveErrorCodes.LayoutViolation, entry.FullName, "A file's content must come right after its io.cozy.files document."));
            }

            previous = entry;
        }

        var digest = listing.ToFile(file.Doctype, file.Kind, file.Path);
        if (digest.Count != file.Count)
        {
            failures.Add(new(digest.Count < file.Count ? ArchiveErrorCodes.EntryMissing : ArchiveErrorCodes.DocumentCountMismatch, file.Path, $"{digest.Count} entries under {file.Path}; the manifest says {file.Count}."));
        }

        if (digest.Bytes != file.Bytes)
        {
            failures.Add(new(ArchiveErrorCodes.ByteCountMismatch, file.Path, $"{digest.Bytes} bytes under {file.Path}; the manifest says {file.Bytes}."));
        }

        if (!string.Equals(digest.Sha256, file.Sha256, StringComparison.Ordinal))
        {
            failures.Add(new(ArchiveErrorCodes.ChecksumMismatch, file.Path, "The listing's SHA-256 differs from the manifest's: an entry was changed, renamed, moved, added or removed."));
        }

    }

    private static string? IdOf(byte[] json)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("_id"u8) && reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
        }

        return null;
    }

    private static (byte[] Hash, long Bytes, long Lines, bool Ok) Digest(ZipArchiveEntry entry, bool countLines, Budget budget, List<ArchiveFailure> failures) =>
        Digest(entry, countLines, budget, failures, keepJson: false, out _);

    private static (byte[] Hash, long Bytes, long Lines, bool Ok) Digest(ZipArchiveEntry entry, bool countLines, Budget budget, List<ArchiveFailure> failures, bool keepJson, out byte[]? json)
    {
        json = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        MemoryStream? kept = keepJson && entry.Length <= 1 << 20 ? new MemoryStream((int)entry.Length) : null;
        long bytes = 0, lines = 0;
        try
        {
            using var stream = entry.Open();
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                bytes += read;
                if (bytes > entry.Length || !budget.Take(read))
                {
                    failures.Add(new(ArchiveErrorCodes.ExpansionTooLarge, entry.FullName, "The entry expands beyond its declared size or the archive's limit."));
                    return (Array.Empty<byte>(), bytes, lines, false);
                }

                hash.AppendData(buffer, 0, read);
                kept?.Write(buffer, 0, read);
                if (countLines)
                {
                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                }
            }
        }
        catch (InvalidDataException ex)
        {
            failures.Add(new(ArchiveErrorCodes.NotAnArchive, entry.FullName, "The entry cannot be decompressed: " + ex.Message));
            return (Array.Empty<byte>(), bytes, lines, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        json = kept?.ToArray();
        kept?.Dispose();
        return (hash.GetHashAndReset(), bytes, lines, true);
    }

    private static byte[]? ReadAll(ZipArchiveEntry entry, int max, Budget budget, List<ArchiveFailure> failures)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max || buffer.Length > entry.Length || !budget.Take(read))
                {
                    failures.Add(new(entry.FullName == ArchiveEntryNames.Manifest ? ArchiveErrorCodes.ManifestTooLarge : ArchiveErrorCodes.ExpansionTooLarge, entry.FullName, "The entry expands beyond its declared size or its limit."));
                    return null;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            failures.Add(new(ArchiveErrorCodes.NotAnArchive, entry.FullName, "The entry cannot be decompressed: " + ex.Message));
            return null;
        }

        return buffer.ToArray();
    }

    private static string? UnsafeName(string name)
    {
        if (name.Length == 0)
        {
            return "The entry has an empty name.";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "The entry name contains a backslash.";
        }

        if (name[0] == '/' || (name.Length > 1 && name[1] == ':'))
        {
            return "The entry name is an absolute path.";
        }

        if (name.Any(char.IsControl))
        {
            return "The entry name contains a control character.";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is ".." or ".")
            {
                return "The entry name contains '.' or '..' segments (zip-slip).";
            }
        }

        return name.Contains("//", StringComparison.Ordinal) || (name.EndsWith('/') && name.Length > 1) ? "The entry name has an empty segment or is a folder." : null;
    }

    private sealed class Budget(long limit)
    {
        private long _left = limit;

        public bool Take(long bytes)
        {
            _left -= bytes;
            return _left >= 0;
        }
    }
}
