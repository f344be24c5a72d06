using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Archives;

/// <summary>Specifies how an archive lays out its documents.</summary>
public enum ArchiveLayout
{
    /// <summary>
    /// One NDJSON file per doctype, <c>data/&lt;doctype&gt;.ndjson</c>, and file contents under <c>files/</c>: the layout for large exports.
    /// </summary>
    Ndjson,

    /// <summary>
    /// Cozy's move layout, importable by a Cozy instance: one file per document, <c>My Cozy/Data/&lt;doctype&gt;/&lt;_id&gt;.json</c>,
    /// and each file's content <c>My Cozy/Files/&lt;path&gt;</c> right after its <c>io.cozy.files</c> document.
    /// </summary>
    CozyMove,
}

/// <summary>
/// Represents <c>manifest.json</c>: what an export archive holds, who made it, about whom, when, and for every data
/// file its doctype, path, document count, byte count and SHA-256. Its JSON Schema is published as
/// <c>schemas/selfdata/manifest.schema.json</c>.
/// </summary>
public sealed record ArchiveManifest
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "selfdata-export";

    /// <summary>Gets the format name, <c>selfdata-export</c>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Gets the format version, 1.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>Gets the holder's id.</summary>
    public required string HolderId { get; init; }

    /// <summary>Gets the holder's doctype namespace.</summary>
    public required string HolderNamespace { get; init; }

    /// <summary>Gets the holder's display name.</summary>
    public required string HolderName { get; init; }

    /// <summary>Gets the subject's pseudonymous id.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the profile: <c>cozy</c> or <c>mesinfos</c>.</summary>
    public required string Profile { get; init; }

    /// <summary>Gets the layout: <c>ndjson</c> or <c>cozy-move</c>.</summary>
    public required string Layout { get; init; }

    /// <summary>Gets the version of the SDK that wrote the archive.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>Gets the instant of the export.</summary>
    public required DateTimeOffset TransactionTime { get; init; }

    /// <summary>Gets the start of the change window, if any.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the end of the change window, if any.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Gets the data files.</summary>
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>Gets the human-readable page, if the archive has one.</summary>
    public ManifestFile? Index { get; init; }

    /// <summary>Gets what the export left out, with why and how many.</summary>
    public required IReadOnlyList<ManifestError> Errors { get; init; }

    internal byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("formatVersion", FormatVersion);
            writer.WriteStartObject("holder");
            writer.WriteString("id", HolderId);
            writer.WriteString("namespace", HolderNamespace);
            writer.WriteString("name", HolderName);
            writer.WriteEndObject();
            writer.WriteString("subject", Subject);
            writer.WriteString("profile", Profile);
            writer.WriteString("layout", Layout);
            writer.WriteString("sdkVersion", SdkVersion);
            writer.WriteString("transactionTime", Rfc3339.Format(TransactionTime));
            WriteInstant(writer, "since", Since);
            WriteInstant(writer, "until", Until);
            writer.WriteStartArray("files");
            foreach (var file in Files)
            {
                file.Write(writer);
            }

            writer.WriteEndArray();
            if (Index is not null)
            {
                writer.WritePropertyName("index");
                Index.Write(writer);
            }

            writer.WriteStartArray("errors");
            foreach (var error in Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("doctype", error.Doctype);
                writer.WriteString("code", error.Code);
                writer.WriteString("message", error.Message);
                writer.WriteNumber("count", error.Count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    internal static ArchiveManifest Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        var root = document.RootElement;
        if (Str(root, "format") != FormatName || Int(root, "formatVersion") != 1)
        {
            throw new FormatException("Not a selfdata-export manifest of format version 1.");
        }

        var holder = root.GetProperty("holder");
        return new ArchiveManifest
        {
            HolderId = Str(holder, "id"),
            HolderNamespace = Str(holder, "namespace"),
            HolderName = Str(holder, "name"),
            Subject = Str(root, "subject"),
            Profile = Str(root, "profile"),
            Layout = Str(root, "layout"),
            SdkVersion = Str(root, "sdkVersion"),
            TransactionTime = Instant(Str(root, "transactionTime")),
            Since = root.TryGetProperty("since", out var since) && since.ValueKind == JsonValueKind.String ? Instant(since.GetString()!) : null,
            Until = root.TryGetProperty("until", out var until) && until.ValueKind == JsonValueKind.String ? Instant(until.GetString()!) : null,
            Files = [.. root.GetProperty("files").EnumerateArray().Select(ManifestFile.Read)],
            Index = root.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Object ? ManifestFile.Read(index) : null,
            Errors = [.. root.GetProperty("errors").EnumerateArray().Select(e => new ManifestError(Str(e, "doctype"), Str(e, "code"), Str(e, "message"), Long(e, "count")))],
        };
    }

    internal static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"'{name}' must be a string.");

    internal static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? n : throw new FormatException($"'{name}' must be a non-negative integer.");

    private static int Int(JsonElement element, string name) => (int)Math.Min(Long(element, name), int.MaxValue);

    private static DateTimeOffset Instant(string text) => Rfc3339.Parse(text).TryGetValue(out var value) ? value : throw new FormatException($"'{text}' is not an RFC 3339 instant.");

    private static void WriteInstant(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, Rfc3339.Format(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>Represents one data file of an archive in its manifest.</summary>
/// <param name="Doctype">The doctype of its documents.</param>
/// <param name="Kind"><c>documents</c> for JSON documents, <c>content</c> for the contents of <c>io.cozy.files</c>.</param>
/// <param name="Path">The entry name (NDJSON layout) or the folder prefix of its entries (Cozy layout).</param>
/// <param name="Count">The number of documents (lines, or entries).</param>
/// <param name="Bytes">The number of uncompressed bytes.</param>
/// <param name="Sha256">
/// The lowercase hex SHA-256 of the file (NDJSON), or, for a folder, of its listing: one line
/// <c>&lt;entry name&gt;\t&lt;SHA-256 of the entry&gt;\n</c> per entry, in archive order.
/// </param>
/// <param name="Records">The records read from the holder's sources for this doctype.</param>
/// <param name="DuplicatesRemoved">Identical repeated readings dropped.</param>
/// <param name="OutsideWindow">Records left out by the change window.</param>
public sealed record ManifestFile(string Doctype, string Kind, string Path, long Count, long Bytes, string Sha256, long Records = 0, long DuplicatesRemoved = 0, long OutsideWindow = 0)
{
    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("doctype", Doctype);
        writer.WriteString("kind", Kind);
        writer.WriteString("path", Path);
        writer.WriteNumber("count", Count);
        writer.WriteNumber("bytes", Bytes);
        writer.WriteString("sha256", Sha256);
        writer.WriteNumber("records", Records);
        writer.WriteNumber("duplicatesRemoved", DuplicatesRemoved);
        writer.WriteNumber("outsideWindow", OutsideWindow);
        writer.WriteEndObject();
    }

    internal static ManifestFile Read(JsonElement e) =>
        new(
            ArchiveManifest.Str(e, "doctype"),
            ArchiveManifest.Str(e, "kind"),
            ArchiveManifest.Str(e, "path"),
            ArchiveManifest.Long(e, "count"),
            ArchiveManifest.Long(e, "bytes"),
            ArchiveManifest.Str(e, "sha256"),
            ArchiveManifest.Long(e, "records"),
            ArchiveManifest.Long(e, "duplicatesRemoved"),
            ArchiveManifest.Long(e, "outsideWindow"));
}

/// <summary>Represents what an export left out, in the manifest's <c>errors</c> section.</summary>
/// <param name="Doctype">The doctype.</param>
/// <param name="Code">The code that says why.</param>
/// <param name="Message">A description.</param>
/// <param name="Count">How many records.</param>
public sealed record ManifestError(string Doctype, string Code, string Message, long Count);
