using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SelfData.Jose;

namespace SelfData.Testing;

/// <summary>
/// Mints DPoP proofs (RFC 9449 §4.2) the way a client does: a compact JWS with <c>typ</c> <c>dpop+jwt</c>, the
/// client's public key in the <c>jwk</c> header, and <c>jti</c>, <c>htm</c>, <c>htu</c>, <c>iat</c>, <c>ath</c> and
/// an optional <c>nonce</c>. Bind a token to the same key with <see cref="AccessTokenBuilder.DPoPKeyThumbprint"/> =
/// <see cref="Thumbprint"/>.
/// </summary>
public sealed class DPoPProofBuilder
{
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="DPoPProofBuilder"/> class.</summary>
    /// <param name="timeProvider">The clock that dates the proofs.</param>
    /// <param name="key">The client's key, or <see langword="null"/> for a new ES256 key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public DPoPProofBuilder(TimeProvider timeProvider, SigningKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        Key = key ?? SigningKey.CreateEcdsa("dpop-client");
    }

    /// <summary>Gets the client's key.</summary>
    public SigningKey Key { get; }

    /// <summary>Gets the RFC 7638 thumbprint of the client's key, the <c>cnf.jkt</c> of tokens bound to it.</summary>
    public string Thumbprint => Key.VerificationKey.ComputeThumbprint();

    /// <summary>Gets or sets the HTTP method (<c>htm</c>).</summary>
    /// <value>The default value is <c>POST</c>.</value>
    public string Method { get; set; } = "POST";

    /// <summary>Gets or sets the request URI (<c>htu</c>).</summary>
    /// <value>The default value is <c>https://holder.example/api/export</c>.</value>
    public Uri Url { get; set; } = new("https://holder.example/api/export");

    /// <summary>Gets or sets the server nonce (<c>nonce</c>), or <see langword="null"/> to write none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Nonce { get; set; }

    /// <summary>Builds the claims of a proof for an access token.</summary>
    /// <param name="accessToken">The token the proof accompanies (its hash is <c>ath</c>), or <see langword="null"/> to write no <c>ath</c>.</param>
    /// <returns>The claims, to edit.</returns>
    public JsonObject Claims(string? accessToken)
    {
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["htm"] = Method,
            ["htu"] = Url.GetLeftPart(UriPartial.Path),
            ["iat"] = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
        {
            claims["ath"] = Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        if (Nonce is not null)
        {
            claims["nonce"] = Nonce;
        }

        return claims;
    }

    /// <summary>Mints a proof.</summary>
    /// <param name="accessToken">The token the proof accompanies, or <see langword="null"/>.</param>
    /// <param name="customize">Edits the claims before signing, or <see langword="null"/>.</param>
    /// <param name="header">Edits the protected header (<c>typ</c>, <c>alg</c>, <c>jwk</c>) before signing, or <see langword="null"/>.</param>
    /// <returns>The compact proof.</returns>
    public string Mint(string? accessToken, Action<JsonObject>? customize = null, Action<JsonObject>? header = null)
    {
        var claims = Claims(accessToken);
        customize?.Invoke(claims);
        var protectedHeader = new JsonObject
        {
            ["typ"] = "dpop+jwt",
            ["alg"] = Key.Algorithm,
            ["jwk"] = JsonNode.Parse(Key.ToPublicJwk()),
        };
        header?.Invoke(protectedHeader);
        return HostileJws.SignCompact(Encoding.UTF8.GetBytes(protectedHeader.ToJsonString()), Encoding.UTF8.GetBytes(claims.ToJsonString()), Key);
    }
}
