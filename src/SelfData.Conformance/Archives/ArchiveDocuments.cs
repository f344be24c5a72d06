using System.Buffers;
using System.IO.Compression;
using System.Text;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Conformance;

/// <summary>
/// Feeds the documents of an export archive to a <see cref="DocumentPipeline"/>, in archive order: the verification's
/// failures first, then <c>manifest.json</c> checked against its schema, then every line of <c>data/&lt;doctype&gt;.ndjson</c>
/// and every <c>My Cozy/Data/&lt;doctype&gt;/&lt;_id&gt;.json</c> with the doctype of its path.
/// </summary>
/// <remarks>
/// <see cref="PortabilityArchive.VerifyAsync(Stream, SelfData.Jose.VerificationKeySet, ArchiveVerificationOptions?, CancellationToken)"/>
/// runs first and applies the hostile-archive limits (entry names, counts, sizes, ratios); an archive it refuses as hostile
/// is not opened again.
/// </remarks>
internal sealed class ArchiveDocuments(Stream archive, ArchiveVerificationResult verification, bool keysGiven, ArchiveVerificationOptions limits, int maxDocumentBytes)
{

    /// <summary>The verification codes after which the archive is not read: reading it would be unsafe or impossible.</summary>
    private static readonly HashSet<string> Hostile = new(StringComparer.Ordinal)
    {
        ArchiveErrorCodes.UnsafeEntryName,
        ArchiveErrorCodes.DuplicateEntry,
        ArchiveErrorCodes.TooManyEntries,
        ArchiveErrorCodes.ExpansionTooLarge,
        ArchiveErrorCodes.CompressionRatioTooHigh,
        ArchiveErrorCodes.NotAnArchive,
        ArchiveErrorCodes.ManifestTooLarge,
    };

    /// <summary>Gets the profile the archive's manifest declares, or <paramref name="fallback"/> when it declares none that is known.</summary>
    public ExportProfile ReadProfile(ExportProfile fallback) => verification.Manifest?.Profile switch
    {
        "cozy" => ExportProfile.Cozy,
        "mesinfos" => ExportProfile.MesInfos,
        _ => fallback,
    };

    public async Task ProduceAsync(DocumentPipeline pipeline, CancellationToken cancellationToken)
    {
        var outcome = new Tally(int.MaxValue);
        var hostile = false;
        foreach (var failure in verification.Failures)
        {
            if (!keysGiven && failure.Code == ArchiveErrorCodes.UnknownSigningKey)
            {
                // No keys were given: who signed the archive is not checked.
                continue;
            }

            var refused = Hostile.Contains(failure.Code);
            hostile |= refused;
            var code = refused ? ConformanceErrorCodes.ArchiveUnreadable : ConformanceErrorCodes.ArchiveNotVerified;
            outcome.Add(new ConformanceError(code, failure.Message, new DocumentLocation { Path = failure.Entry }, cause: new SelfDataError(failure.Code, failure.Message)));
        }

        await pipeline.AddOutcomeAsync(outcome, cancellationToken).ConfigureAwait(false);
        if (hostile)
        {
            return;
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException ex)
        {
            await pipeline.AddOutcomeAsync(Unreadable(null, ex), cancellationToken).ConfigureAwait(false);
            return;
        }

        using (zip)
        {
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await ReadEntryAsync(entry, pipeline, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    await pipeline.AddOutcomeAsync(Unreadable(entry.FullName, ex), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Gets the doctype of a data entry from its path (<see cref="ArchiveEntryNames.TryParseData"/>), or <see langword="null"/> for an entry that holds no documents.</summary>
    internal static (string? Doctype, bool Ndjson) Classify(string name) =>
        ArchiveEntryNames.TryParseData(name, out var doctype, out var layout) ? (doctype.Name, layout == ArchiveLayout.Ndjson) : (null, false);

    private async Task ReadEntryAsync(ZipArchiveEntry entry, DocumentPipeline pipeline, CancellationToken cancellationToken)
    {
        if (entry.FullName == ArchiveEntryNames.Manifest)
        {
            var manifest = new Tally(int.MaxValue);
            if (entry.Length > limits.MaxManifestBytes)
            {
                return; // Reported by the verification (SD4006).
            }

            var bytes = await ReadAsync(entry, (int)entry.Length, cancellationToken).ConfigureAwait(false);
            try
            {
                DocumentChecker.CheckSelfData(bytes.AsMemory(0, (int)entry.Length), SelfDataSchema.Manifest, new Source(entry.FullName, 0, -1), manifest);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }

            await pipeline.AddOutcomeAsync(manifest, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (doctype, ndjson) = Classify(entry.FullName);
        if (doctype is null)
        {
            return;
        }

        pipeline.Path = entry.FullName;
        pipeline.Doctype = doctype;
        if (ndjson)
        {
            var stream = entry.Open();
            await using (stream.ConfigureAwait(false))
            {
                await NdjsonLines.ReadAsync(stream, maxDocumentBytes, pipeline, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (entry.Length > maxDocumentBytes)
        {
            await pipeline.AddTooLargeAsync(0, entry.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        var document = await ReadAsync(entry, (int)entry.Length, cancellationToken).ConfigureAwait(false);
        try
        {
            await pipeline.AddAsync(document.AsMemory(0, (int)entry.Length), 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(document);
        }
    }

    /// <summary>Reads an entry whose declared length the verification has already checked; never more than that length.</summary>
    private static async Task<byte[]> ReadAsync(ZipArchiveEntry entry, int length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        var stream = entry.Open();
        await using (stream.ConfigureAwait(false))
        {
            var read = 0;
            while (read < length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, length - read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            buffer.AsSpan(read, length - read).Clear();
        }

        return buffer;
    }

    private static Tally Unreadable(string? entry, InvalidDataException ex)
    {
        var tally = new Tally(int.MaxValue);
        tally.Add(new ConformanceError(ConformanceErrorCodes.ArchiveUnreadable, $"The archive cannot be read: {ex.Message}", new DocumentLocation { Path = entry }));
        return tally;
    }
}
