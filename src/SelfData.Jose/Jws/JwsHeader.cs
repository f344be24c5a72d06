using System.Text.Json;

namespace SelfData.Jose;

/// <summary>Represents one JOSE header of a JWS signature: the integrity-protected header or the unprotected one.</summary>
public sealed class JwsHeader
{
    private static readonly string[] RegisteredNames = ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"];

    internal JwsHeader(JsonElement parameters, bool isProtected)
    {
        Parameters = parameters;
        IsProtected = isProtected;

        // One pass over the parameters (member names are unique: the header was parsed strictly).
        foreach (var parameter in parameters.EnumerateObject())
        {
            var value = parameter.Value;
            if (value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (parameter.NameEquals("alg"u8))
            {
                Algorithm = value.GetString();
            }
            else if (parameter.NameEquals("kid"u8))
            {
                KeyId = value.GetString();
            }
            else if (parameter.NameEquals("typ"u8))
            {
                Type = value.GetString();
            }
            else if (parameter.NameEquals("cty"u8))
            {
                ContentType = value.GetString();
            }
        }
    }

    /// <summary>Gets the header as a JSON object.</summary>
    public JsonElement Parameters { get; }

    /// <summary>Gets a value indicating whether this header is integrity-protected by the signature.</summary>
    public bool IsProtected { get; }

    /// <summary>Gets the <c>alg</c> parameter when it is a string, or <see langword="null"/>.</summary>
    public string? Algorithm { get; }

    /// <summary>Gets the <c>kid</c> parameter when it is a string, or <see langword="null"/>.</summary>
    public string? KeyId { get; }

    /// <summary>Gets the <c>typ</c> parameter when it is a string, or <see langword="null"/>.</summary>
    public string? Type { get; }

    /// <summary>Gets the <c>cty</c> parameter when it is a string, or <see langword="null"/>.</summary>
    public string? ContentType { get; }

    /// <summary>Determines whether the header has a parameter.</summary>
    /// <param name="name">The parameter name, compared exactly.</param>
    /// <returns><see langword="true"/> when the parameter is present, whatever its value.</returns>
    public bool Contains(string name) => Parameters.TryGetProperty(name, out _);

    /// <summary>Gets or sets the options this protected header was last accepted under on its own (see <see cref="JwsSignature.AcceptedHeaders"/>).</summary>
    internal JwsSignature.HeaderCheck? Accepted { get; set; }

    internal static bool IsRegistered(string name) => Array.IndexOf(RegisteredNames, name) >= 0;
}

/// <summary>Represents one signature of a JWS with its headers.</summary>
public sealed class JwsSignature
{
    private readonly string? _compact;
    private readonly int _headerLength;
    private HeaderCheck? _accepted;

    internal JwsSignature(JwsHeader? protectedHeader, JwsHeader? unprotectedHeader, string protectedEncoded, ReadOnlyMemory<byte> value, string? compact, int headerLength, bool headerFromCache = false)
    {
        _compact = compact;
        HeaderFromCache = headerFromCache;
        _headerLength = headerLength;
        ProtectedHeader = protectedHeader;
        UnprotectedHeader = unprotectedHeader;
        ProtectedEncoded = protectedEncoded;
        Value = value;
    }

    /// <summary>Gets the integrity-protected header, or <see langword="null"/> when the signature has none.</summary>
    public JwsHeader? ProtectedHeader { get; }

    /// <summary>Gets the unprotected header (JSON serializations only), or <see langword="null"/>.</summary>
    public JwsHeader? UnprotectedHeader { get; }

    /// <summary>Gets the algorithm named by the protected header, else by the unprotected header, or <see langword="null"/>.</summary>
    public string? Algorithm => ProtectedHeader?.Algorithm ?? UnprotectedHeader?.Algorithm;

    /// <summary>Gets the key id named by the protected header, else by the unprotected header, or <see langword="null"/>.</summary>
    public string? KeyId => ProtectedHeader?.KeyId ?? UnprotectedHeader?.KeyId;

    /// <summary>Gets the <c>typ</c> named by the protected header, else by the unprotected header, or <see langword="null"/>.</summary>
    public string? Type => ProtectedHeader?.Type ?? UnprotectedHeader?.Type;

    /// <summary>Gets the signature bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    internal string ProtectedEncoded { get; }

    /// <summary>
    /// Gets or sets the options under which the headers were accepted, and the algorithm they name (set once checked).
    /// A protected header alone (no unprotected header beside it) keeps it on the header, so a header taken from a
    /// <see cref="JwsHeaderCache"/> is not checked again for every token signed under it. One immutable reference, so a
    /// message or header shared between threads is never seen half-written.
    /// </summary>
    internal HeaderCheck? AcceptedHeaders
    {
        get => UnprotectedHeader is null && ProtectedHeader is not null ? ProtectedHeader.Accepted : _accepted;
        set
        {
            if (UnprotectedHeader is null && ProtectedHeader is not null)
            {
                ProtectedHeader.Accepted = value;
            }
            else
            {
                _accepted = value;
            }
        }
    }

    /// <summary>Gets a value indicating whether the protected header was taken from a <see cref="JwsHeaderCache"/> (so it need not be remembered again).</summary>
    internal bool HeaderFromCache { get; }

    /// <summary>Gets the encoded protected header (for a compact JWS, cut from its text only when asked).</summary>
    internal ReadOnlySpan<char> ProtectedHeaderText => ProtectedEncoded.Length > 0 || _compact is null ? ProtectedEncoded : _compact.AsSpan(0, _headerLength);

    /// <summary>Determines whether either header has a parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns><see langword="true"/> when the protected or the unprotected header has it.</returns>
    public bool HasParameter(string name) => (ProtectedHeader?.Contains(name) ?? false) || (UnprotectedHeader?.Contains(name) ?? false);

    /// <summary>The options a signature's headers were accepted under, and the algorithm they name.</summary>
    internal sealed record HeaderCheck(JwsVerifyOptions Options, string Algorithm);
}
