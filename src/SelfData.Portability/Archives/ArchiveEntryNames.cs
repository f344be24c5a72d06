using SelfData.Core;

namespace SelfData.Portability.Archives;

/// <summary>
/// The entry names of a portability archive, in one place: the writer, the verifier, the conformance validator and the
/// HTTP endpoints all name and recognise entries through this class.
/// </summary>
public static class ArchiveEntryNames
{
    /// <summary>The manifest: <c>manifest.json</c>.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The manifest's detached JWS: <c>manifest.jws</c>.</summary>
    public const string Signature = "manifest.jws";

    /// <summary>The page a person opens first: <c>index.html</c>.</summary>
    public const string Index = "index.html";

    internal const string NdjsonDataPrefix = "data/";
    internal const string NdjsonSuffix = ".ndjson";
    internal const string NdjsonFilesPrefix = "files";
    internal const string CozyDataPrefix = "My Cozy/Data/";
    internal const string CozyFilesPrefix = "My Cozy/Files";
    internal const string CozyDocumentSuffix = ".json";

    /// <summary>Gets the entry that holds a doctype's documents in the <see cref="ArchiveLayout.Ndjson"/> layout: <c>data/&lt;doctype&gt;.ndjson</c>.</summary>
    /// <param name="doctype">The doctype.</param>
    /// <returns>The entry name.</returns>
    public static string NdjsonData(Doctype doctype) => NdjsonDataPrefix + doctype.Name + NdjsonSuffix;

    /// <summary>Gets the folder that holds a doctype's documents in the <see cref="ArchiveLayout.CozyMove"/> layout: <c>My Cozy/Data/&lt;doctype&gt;/</c>.</summary>
    /// <param name="doctype">The doctype.</param>
    /// <returns>The folder, ending with <c>/</c>; each document is <c>&lt;_id&gt;.json</c> in it.</returns>
    public static string CozyDataFolder(Doctype doctype) => CozyDataPrefix + doctype.Name + "/";

    /// <summary>
    /// Recognises an entry that holds documents — <c>data/&lt;doctype&gt;.ndjson</c> or
    /// <c>My Cozy/Data/&lt;doctype&gt;/&lt;id&gt;.json</c> — and gives its doctype and layout.
    /// </summary>
    /// <param name="name">The entry's full name.</param>
    /// <param name="doctype">The doctype named by the path, when it is a valid doctype name.</param>
    /// <param name="layout">The layout the path belongs to.</param>
    /// <returns><see langword="true"/> for a data entry whose path names a valid doctype.</returns>
    public static bool TryParseData(string name, out Doctype doctype, out ArchiveLayout layout)
    {
        ArgumentNullException.ThrowIfNull(name);
        doctype = default;
        layout = ArchiveLayout.Ndjson;
        if (name.StartsWith(NdjsonDataPrefix, StringComparison.Ordinal) && name.EndsWith(NdjsonSuffix, StringComparison.Ordinal) && name.Length > NdjsonDataPrefix.Length + NdjsonSuffix.Length)
        {
            return Doctype.Parse(name[NdjsonDataPrefix.Length..^NdjsonSuffix.Length]).TryGetValue(out doctype);
        }

        if (name.StartsWith(CozyDataPrefix, StringComparison.Ordinal) && name.EndsWith(CozyDocumentSuffix, StringComparison.Ordinal))
        {
            layout = ArchiveLayout.CozyMove;
            var rest = name.AsSpan(CozyDataPrefix.Length);
            var slash = rest.IndexOf('/');
            if (slash > 0 && rest[(slash + 1)..].IndexOf('/') < 0 && rest.Length > slash + 1 + CozyDocumentSuffix.Length)
            {
                return Doctype.Parse(rest[..slash].ToString()).TryGetValue(out doctype);
            }
        }

        return false;
    }
}
