namespace SelfData.AspNetCore;

/// <summary>
/// The body of <c>POST {prefix}/exports</c>, as described in the OpenAPI document. The endpoint reads it strictly:
/// unknown members are refused unless the request says <c>Prefer: handling=lenient</c>.
/// </summary>
/// <param name="Doctypes">The doctypes to export, 1 to 100, each once.</param>
/// <param name="Profile"><c>cozy</c> (default) or <c>mesinfos</c>.</param>
/// <param name="Layout"><c>ndjson</c> (default) or <c>cozy-move</c>.</param>
/// <param name="Since">The first instant included (RFC 3339 with offset), or <see langword="null"/>.</param>
/// <param name="Until">The first instant excluded, or <see langword="null"/>.</param>
public sealed record ExportKickOff(IReadOnlyList<string> Doctypes, string? Profile = null, string? Layout = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
