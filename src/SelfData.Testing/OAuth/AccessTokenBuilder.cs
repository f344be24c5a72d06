using System.Text;
using System.Text.Json.Nodes;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Testing;

/// <summary>
/// Mints OAuth 2.0 JWT access tokens (RFC 9068, <c>typ</c> at+jwt) carrying an RFC 9396 export authorization detail
/// and, optionally, scopes. Change any property before minting; <c>customize</c> edits the claims just before signing.
/// </summary>
public sealed class AccessTokenBuilder
{
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="AccessTokenBuilder"/> class.</summary>
    /// <param name="timeProvider">The clock that dates the tokens.</param>
    /// <param name="key">The authorization server's key, or <see langword="null"/> for a cached RS256 key <c>as-rs256</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public AccessTokenBuilder(TimeProvider timeProvider, SigningKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        Key = key ?? TestKeys.Rsa("as-rs256");
    }

    /// <summary>Gets or sets the signing key.</summary>
    public SigningKey Key { get; set; }

    /// <summary>Gets or sets the issuer.</summary>
    /// <value>The default value is <c>https://as.example.org</c>.</value>
    public string Issuer { get; set; } = "https://as.example.org";

    /// <summary>Gets or sets the audience.</summary>
    /// <value>The default value is <c>https://holder.example/api/export</c>.</value>
    public string Audience { get; set; } = "https://holder.example/api/export";

    /// <summary>Gets or sets the subject.</summary>
    /// <value>The default value is <c>subject-1</c>.</value>
    public string Subject { get; set; } = "subject-1";

    /// <summary>Gets or sets the <c>client_id</c> claim (default <c>sink-client</c>); <see langword="null"/> leaves it out.</summary>
    public string? ClientId { get; set; } = "sink-client";

    /// <summary>Gets or sets the consent id (<c>consent_id</c> claim), or <see langword="null"/> to mint a token that names no consent, as most authorization servers do.</summary>
    /// <value>The default value is <c>consent-1</c>.</value>
    public string? ConsentId { get; set; } = "consent-1";

    /// <summary>Gets or sets the thumbprint of the client key the token is bound to (<c>cnf.jkt</c>, RFC 9449 §6.1), or <see langword="null"/> for a Bearer token.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? DPoPKeyThumbprint { get; set; }

    /// <summary>Gets or sets the <c>typ</c> header.</summary>
    /// <value>The default value is <c>at+jwt</c>.</value>
    public string? Type { get; set; } = "at+jwt";

    /// <summary>Gets or sets the token lifetime.</summary>
    /// <value>The default value is 15 minutes.</value>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the authorization detail type.</summary>
    /// <value>The default value is <see cref="ConsentTokenValidatorOptions.DefaultExportAuthorizationType"/>.</value>
    public string AuthorizationType { get; set; } = ConsentTokenValidatorOptions.DefaultExportAuthorizationType;

    /// <summary>Gets the granted doctypes (<c>datatypes</c>); empty writes no authorization detail.</summary>
    /// <value>The default value is <c>fr.example.energy.loadcurve</c>.</value>
    public IList<string> Doctypes { get; } = ["fr.example.energy.loadcurve"];

    /// <summary>Gets or sets the granted time window of the data, or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Interval? Period { get; set; }

    /// <summary>Gets or sets the granted purpose, or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the granted <c>locations</c>; <see langword="null"/> follows <see cref="Audience"/>, and an empty list writes none.</summary>
    /// <value>The default value is <see langword="null"/>: the locations are the audience, whenever it is set.</value>
    public IList<string>? Locations { get; set; }

    /// <summary>Gets the granted <c>actions</c>; empty writes none.</summary>
    /// <value>The default value is <c>export</c>.</value>
    public IList<string> Actions { get; } = ["export"];

    /// <summary>Gets the scopes written in <c>scope</c>; empty writes none.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Scopes { get; } = [];

    /// <summary>Gets the trusted issuer a validator needs for these tokens.</summary>
    /// <returns>The issuer bound to this builder's verification key.</returns>
    public TrustedIssuer ToTrustedIssuer() => new(Issuer, KeySource.FromKeys(Key.VerificationKey));

    /// <summary>Builds the claims.</summary>
    /// <returns>The claims, to edit.</returns>
    public JsonObject Claims()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = Subject,
            ["aud"] = Audience,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
            ["iat"] = now,
            ["nbf"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (ClientId is not null)
        {
            claims["client_id"] = ClientId;
        }

        if (ConsentId is not null)
        {
            claims["consent_id"] = ConsentId;
        }

        if (DPoPKeyThumbprint is not null)
        {
            claims["cnf"] = new JsonObject { ["jkt"] = DPoPKeyThumbprint };
        }

        if (Doctypes.Count > 0)
        {
            var detail = new JsonObject
            {
                ["type"] = AuthorizationType,
                ["datatypes"] = Array(Doctypes),
            };
            if (Actions.Count > 0)
            {
                detail["actions"] = Array(Actions);
            }

            var locations = Locations ?? [Audience];
            if (locations.Count > 0)
            {
                detail["locations"] = Array(locations);
            }

            if (Period is not null)
            {
                detail["period"] = new JsonObject { ["start"] = Rfc3339.Format(Period.Value.Start), ["end"] = Rfc3339.Format(Period.Value.End) };
            }

            if (Purpose is not null)
            {
                detail["purpose"] = Purpose;
            }

            claims["authorization_details"] = new JsonArray(detail);
        }

        if (Scopes.Count > 0)
        {
            claims["scope"] = string.Join(' ', Scopes);
        }

        return claims;
    }

    /// <summary>Mints a token.</summary>
    /// <param name="customize">Edits the claims before signing, or <see langword="null"/>.</param>
    /// <returns>The compact JWT.</returns>
    public string Mint(Action<JsonObject>? customize = null)
    {
        var claims = Claims();
        customize?.Invoke(claims);
        return Jws.SignCompact(Encoding.UTF8.GetBytes(claims.ToJsonString()), Key, new JwsHeaderOptions { Type = Type });
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
