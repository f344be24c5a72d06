using System.Text.Json;
using System.Text;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Conformance;

/// <summary>
/// Checks documents against the published schemas: one document, a JSON array, an NDJSON stream (in parallel, with
/// bounded memory) or a whole export archive (every data file and the manifest, with the archive's verification).
/// </summary>
/// <remarks>
/// <para>Each schema is built once per process into a private registry and nothing is ever fetched. A document is
/// evaluated with the Flag output first (with format validation on: <c>2016-03-033</c> is not a date); only a document
/// that fails is evaluated again with the detailed output, which gives every failed keyword's instance location, keyword
/// location and code.</para>
/// <para>The doctype of a document comes from the archive path, else the caller, else the document's own
/// <c>docType</c> field. Bad input is never an exception: invalid JSON (<c>SD3001</c>, with its position), a missing or
/// unknown doctype (<c>SD3002</c>, <c>SD3003</c>), a document over the size limit (<c>SD3004</c>) or not an object
/// (<c>SD3005</c>), and every schema failure (<c>SD3010</c>–<c>SD3018</c>) come back in the <see cref="ConformanceResult"/>.
/// Only <see langword="null"/> arguments throw, and cancellation is let through.</para>
/// <para>An instance is thread-safe.</para>
/// </remarks>
public sealed class SchemaConformanceValidator
{
    private readonly DocumentChecker _checker;
    private readonly int _maxErrors;
    private readonly int _parallelism;
    private readonly int _maxDocumentBytes;
    private readonly int _maxWarnings;
    private readonly CheckerSettings _settings;

    /// <summary>Initializes a new instance of the <see cref="SchemaConformanceValidator"/> class.</summary>
    /// <param name="options">The settings; the defaults when <see langword="null"/>. They are copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SchemaConformanceValidator(SchemaConformanceValidatorOptions? options = null)
    {
        options ??= new SchemaConformanceValidatorOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SelfDataArgumentException(errors, nameof(options));
        }

        Level = options.Level;
        Profile = options.Profile;
        _maxErrors = options.MaxErrors;
        _parallelism = options.MaxDegreeOfParallelism;
        _maxDocumentBytes = options.MaxDocumentBytes;
        _maxWarnings = options.MaxWarnings;
        var custom = new Dictionary<string, SchemaEntry>(StringComparer.Ordinal);
        foreach (var (doctype, text) in options.DoctypeSchemas)
        {
            custom.Add(doctype, CustomSchema.TryBuild(doctype, text, out _)!);
        }

        _settings = new CheckerSettings(options.ReportWarnings, options.UnknownDoctypes, custom, new Dictionary<string, string>(options.DoctypeAliases, StringComparer.Ordinal));
        _checker = new DocumentChecker(Level, Profile, _settings);
    }

    /// <summary>Gets the level documents are checked at.</summary>
    public ConformanceLevel Level { get; }

    /// <summary>Gets the profile documents are checked in (archives use the profile of their manifest).</summary>
    public ExportProfile Profile { get; }

    /// <summary>Checks one document given as JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="doctype">The doctype; when <see langword="null"/>, the document's <c>docType</c> field.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public ConformanceResult Validate(string json, string? doctype = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validate(Encoding.UTF8.GetBytes(json), doctype);
    }

    /// <summary>Checks one document given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="doctype">The doctype; when <see langword="null"/>, the document's <c>docType</c> field.</param>
    /// <returns>The result.</returns>
    public ConformanceResult Validate(ReadOnlyMemory<byte> utf8Json, string? doctype = null)
    {
        var tally = new Tally(_maxErrors, _maxWarnings);
        _checker.Check(utf8Json, Source.None, doctype, tally);
        return Result(tally, Profile);
    }

    /// <summary>Checks one parsed document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="doctype">The doctype; when <see langword="null"/>, the document's <c>docType</c> field.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="document"/> is the default, undefined element.</exception>
    public ConformanceResult Validate(JsonElement document, string? doctype = null)
    {
        RequireDefined(document, nameof(document));
        var tally = new Tally(_maxErrors, _maxWarnings);
        _checker.Check(document, Source.None, doctype, tally);
        return Result(tally, Profile);
    }

    /// <summary>Checks a JSON array of documents given as JSON text (the MesInfos import format, each document with its <c>docType</c>).</summary>
    /// <param name="json">The array.</param>
    /// <param name="doctype">The doctype of every document; when <see langword="null"/>, each document's <c>docType</c> field.</param>
    /// <returns>The result; errors carry the documents' indexes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public ConformanceResult ValidateArray(string json, string? doctype = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ValidateArray(Encoding.UTF8.GetBytes(json), doctype);
    }

    /// <summary>Checks a JSON array of documents given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The array's bytes.</param>
    /// <param name="doctype">The doctype of every document; when <see langword="null"/>, each document's <c>docType</c> field.</param>
    /// <returns>The result; errors carry the documents' indexes.</returns>
    public ConformanceResult ValidateArray(ReadOnlyMemory<byte> utf8Json, string? doctype = null)
    {
        var tally = new Tally(_maxErrors, _maxWarnings);
        var parsed = ParseArray(utf8Json, tally);
        if (parsed is null)
        {
            return Result(tally, Profile);
        }

        using (parsed)
        {
            CheckArray(parsed.RootElement, doctype, tally);
        }

        return Result(tally, Profile);
    }

    /// <summary>Checks a parsed JSON array of documents.</summary>
    /// <param name="array">The array.</param>
    /// <param name="doctype">The doctype of every document; when <see langword="null"/>, each document's <c>docType</c> field.</param>
    /// <returns>The result; errors carry the documents' indexes.</returns>
    /// <exception cref="ArgumentException"><paramref name="array"/> is the default, undefined element.</exception>
    public ConformanceResult ValidateArray(JsonElement array, string? doctype = null)
    {
        RequireDefined(array, nameof(array));
        var tally = new Tally(_maxErrors, _maxWarnings);
        CheckArray(array, doctype, tally);
        return Result(tally, Profile);
    }

    /// <summary>Checks an NDJSON stream, one document per line, in parallel across <see cref="SchemaConformanceValidatorOptions.MaxDegreeOfParallelism"/> workers with bounded memory.</summary>
    /// <param name="ndjson">The stream; read to its end and left open.</param>
    /// <param name="doctype">The doctype of every line; when <see langword="null"/>, each line's <c>docType</c> field.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result; errors carry 1-based line numbers, in line order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ndjson"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException">The check was cancelled.</exception>
    public async Task<ConformanceResult> ValidateNdjsonAsync(Stream ndjson, string? doctype = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        using var pipeline = new DocumentPipeline(_checker, _parallelism, _maxErrors, _maxDocumentBytes, _maxWarnings) { Doctype = doctype };
        var tally = await pipeline.RunAsync((p, ct) => NdjsonLines.ReadAsync(ndjson, _maxDocumentBytes, p, ct), cancellationToken).ConfigureAwait(false);
        return Result(tally, Profile);
    }

    /// <summary>
    /// Checks a whole export archive written by <see cref="PortabilityArchiveWriter"/> (or by another holder in the same
    /// layout): the archive's verification, <c>manifest.json</c> against its schema, and every document of every data
    /// file — <c>data/&lt;doctype&gt;.ndjson</c> lines and <c>My Cozy/Data/&lt;doctype&gt;/&lt;_id&gt;.json</c> entries —
    /// against its doctype's schema in the profile the manifest declares.
    /// </summary>
    /// <param name="archive">A readable, seekable stream holding the ZIP archive; left open.</param>
    /// <param name="trustedKeys">
    /// The holder's published keys. When given, the signature is verified with them only. When <see langword="null"/>
    /// or empty, the archive's integrity (checksums, counts, entries) is still verified, but not who signed it.
    /// </param>
    /// <param name="verificationOptions">The limits applied to the archive (entries, sizes, ratios); the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result, with <see cref="ConformanceResult.ArchiveVerification"/> set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="archive"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The stream is not readable and seekable.</exception>
    /// <exception cref="OperationCanceledException">The check was cancelled.</exception>
    /// <remarks>
    /// A hostile archive (unsafe entry names, zip bomb, not a ZIP) is reported with <see cref="ConformanceErrorCodes.ArchiveUnreadable"/>
    /// and not read further; every other verification failure with <see cref="ConformanceErrorCodes.ArchiveNotVerified"/>,
    /// its message starting with the <c>SD4xxx</c> code. Files contents, <c>index.html</c> and <c>manifest.jws</c> are not JSON documents and are not checked.
    /// </remarks>
    public async Task<ConformanceResult> ValidateArchiveAsync(Stream archive, VerificationKeySet? trustedKeys = null, ArchiveVerificationOptions? verificationOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanRead || !archive.CanSeek)
        {
            throw new ArgumentException("The archive stream must be readable and seekable.", nameof(archive));
        }

        var keys = trustedKeys ?? new VerificationKeySet([]);
        var start = archive.Position;
        var verification = await PortabilityArchive.VerifyAsync(archive, keys, verificationOptions, cancellationToken).ConfigureAwait(false);
        archive.Position = start;
        var reader = new ArchiveDocuments(archive, verification, keys.Keys.Count > 0, verificationOptions ?? new ArchiveVerificationOptions(), _maxDocumentBytes);
        var profile = reader.ReadProfile(Profile);
        var checker = profile == Profile ? _checker : new DocumentChecker(Level, profile, _settings);
        using var pipeline = new DocumentPipeline(checker, _parallelism, _maxErrors, _maxDocumentBytes, _maxWarnings);
        var tally = await pipeline.RunAsync(reader.ProduceAsync, cancellationToken).ConfigureAwait(false);
        return Result(tally, profile, verification);
    }

    /// <summary>Checks a manifest, consent receipt or MyData record given as JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="schema">The schema to check it against.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="schema"/> is not a defined value.</exception>
    public ConformanceResult ValidateSelfData(string json, SelfDataSchema schema)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ValidateSelfData(Encoding.UTF8.GetBytes(json), schema);
    }

    /// <summary>Checks a manifest, consent receipt or MyData record given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="schema">The schema to check it against.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="schema"/> is not a defined value.</exception>
    public ConformanceResult ValidateSelfData(ReadOnlyMemory<byte> utf8Json, SelfDataSchema schema)
    {
        _ = SchemaCatalogue.Find(schema);
        var tally = new Tally(_maxErrors, _maxWarnings);
        DocumentChecker.CheckSelfData(utf8Json, schema, Source.None, tally);
        return Result(tally, Profile);
    }

    /// <summary>Checks a parsed manifest, consent receipt or MyData record.</summary>
    /// <param name="document">The document.</param>
    /// <param name="schema">The schema to check it against.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="document"/> is the default, undefined element.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="schema"/> is not a defined value.</exception>
    public ConformanceResult ValidateSelfData(JsonElement document, SelfDataSchema schema)
    {
        RequireDefined(document, nameof(document));
        _ = SchemaCatalogue.Find(schema);
        var tally = new Tally(_maxErrors, _maxWarnings);
        DocumentChecker.CheckSelfData(document, schema, Source.None, tally);
        return Result(tally, Profile);
    }

    private static void RequireDefined(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The element is the default, undefined JsonElement.", name);
        }
    }

    private static JsonDocument? ParseArray(ReadOnlyMemory<byte> utf8Json, Tally tally)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            tally.Add(new ConformanceError(
                ConformanceErrorCodes.InvalidJson,
                "The input is not well-formed JSON: " + ex.Message,
                Source.None.Locate(null),
                position: ex.LineNumber is { } line ? new JsonTextPosition(line + 1, ex.BytePositionInLine ?? 0) : null));
            return null;
        }
    }

    private void CheckArray(JsonElement array, string? doctype, Tally tally)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            tally.Add(new ConformanceError(ConformanceErrorCodes.NotAnObject, "The input is not a JSON array of documents.", Source.None.Locate(doctype)));
            return;
        }

        long index = 0;
        foreach (var document in array.EnumerateArray())
        {
            _checker.Check(document, new Source(null, 0, index++), doctype, tally);
        }
    }

    private ConformanceResult Result(Tally tally, ExportProfile profile, ArchiveVerificationResult? verification = null) =>
        new(Level, profile, tally.Documents, tally.Invalid, tally.ByDoctype, tally.Errors, tally.Truncated, verification, tally.Warnings, tally.WithWarnings, tally.WarningsTruncated);
}
