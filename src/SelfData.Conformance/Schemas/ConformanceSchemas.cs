using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Conformance;

/// <summary>
/// Lists the published JSON Schemas (draft 2020-12) embedded in this package — the same files as the repository's
/// <c>schemas/</c> folder — and gives their ids and text, for consumers that validate with another tool.
/// </summary>
/// <remarks>
/// Doctype schemas live at <c>&lt;level&gt;/&lt;profile&gt;/&lt;doctype&gt;.schema.json</c> (<c>strict</c> or
/// <c>compatible</c>; <c>cozy</c> or <c>mesinfos</c>), the manifest, receipt and MyData record schemas at
/// <c>selfdata/&lt;name&gt;.schema.json</c>. A schema's <c>$id</c> is <see cref="BaseUri"/> followed by that path, for
/// example <c>https://schemas.selfdata.dev/v1/strict/cozy/io.cozy.bills.schema.json</c>. Every schema is
/// self-contained: it refers only to its own <c>$defs</c>.
/// </remarks>
public static class ConformanceSchemas
{
    /// <summary>Gets the namespace of every schema id, <c>https://schemas.selfdata.dev/v1/</c>.</summary>
    public static Uri BaseUri => SchemaCatalogue.BaseUri;

    /// <summary>Gets the doctypes that have a schema, at both levels and in both profiles, in ordinal order.</summary>
    public static IReadOnlyList<string> Doctypes => SchemaCatalogue.Doctypes;

    /// <summary>Gets the id of every published schema, in ordinal order of their paths.</summary>
    public static IReadOnlyList<Uri> Ids => SchemaCatalogue.Ids;

    /// <summary>Gets the id of a doctype's schema.</summary>
    /// <param name="level">The level.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="doctype">The doctype, such as <c>io.cozy.bills</c>.</param>
    /// <returns>The schema's id, or <see langword="null"/> when the doctype has no published schema.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="doctype"/> is <see langword="null"/>.</exception>
    public static Uri? GetId(ConformanceLevel level, ExportProfile profile, string doctype)
    {
        ArgumentNullException.ThrowIfNull(doctype);
        return SchemaCatalogue.Find(level, profile, doctype)?.Id;
    }

    /// <summary>Gets the id of the manifest, receipt or MyData record schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The schema's id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="schema"/> is not a defined value.</exception>
    public static Uri GetId(SelfDataSchema schema) => SchemaCatalogue.Find(schema).Id;

    /// <summary>Gets a schema's path below <c>schemas/</c>, such as <c>strict/cozy/io.cozy.bills.schema.json</c>.</summary>
    /// <param name="id">The schema's id.</param>
    /// <returns>The path, or <see langword="null"/> for an id that is not published here.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public static string? GetRelativePath(Uri id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return SchemaCatalogue.Find(id)?.RelativePath;
    }

    /// <summary>Gets a schema's JSON text, exactly as published.</summary>
    /// <param name="id">The schema's id.</param>
    /// <returns>The text, or <see langword="null"/> for an id that is not published here.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public static string? GetSchemaText(Uri id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return SchemaCatalogue.Find(id)?.Text;
    }
}
