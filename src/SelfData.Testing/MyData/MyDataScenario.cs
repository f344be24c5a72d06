using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SelfData.Consent;
using SelfData.Jose;

namespace SelfData.Testing;

/// <summary>
/// Mints a valid MyData world for one Source: a service link record signed by the account owner and the service, a
/// Source consent record, consent status chains, the operator's authorisation token and the Sink's proof-of-possession
/// requests, all signed with generated keys. Change any property before minting to shape the records; the
/// <c>customize</c> callbacks edit the JSON payloads just before they are signed, to build broken variants.
/// </summary>
public sealed class MyDataScenario
{
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="MyDataScenario"/> class with fresh ids and ES256 keys.</summary>
    /// <param name="timeProvider">The clock that dates the records and tokens.</param>
    /// <param name="version">The record version: 1.2.1, 1.3 or 2.0.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public MyDataScenario(TimeProvider timeProvider, string version = "1.3")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(version);
        _time = timeProvider;
        Version = version;
        var id = Guid.NewGuid().ToString("N")[..12];
        LinkId = "slr-" + id;
        SurrogateId = "surrogate-" + id;
        ConsentId = "cr-" + id;
        ResourceSetId = "https://source.example/rs/" + id;
    }

    /// <summary>Gets or sets the record version.</summary>
    /// <value>The default value is the version given to the constructor.</value>
    public string Version { get; set; }

    /// <summary>Gets or sets the Source's own service key, which co-signs the service link record.</summary>
    /// <value>The default value is a cached ES256 key <c>source-service</c>.</value>
    public SigningKey ServiceKey { get; set; } = TestKeys.Ecdsa("source-service");

    /// <summary>Gets or sets the account owner's key (listed in <c>cr_keys</c>), which signs consent and status records.</summary>
    /// <value>The default value is a cached ES256 key <c>account-owner</c>.</value>
    public SigningKey AccountOwnerKey { get; set; } = TestKeys.Ecdsa("account-owner");

    /// <summary>Gets or sets the operator's status key (the link's <c>operator_key</c>).</summary>
    /// <value>The default value is a cached ES256 key <c>operator-status</c>.</value>
    public SigningKey OperatorKey { get; set; } = TestKeys.Ecdsa("operator-status");

    /// <summary>Gets or sets the operator's token key (the consent record's <c>token_issuer_key</c>).</summary>
    /// <value>The default value is a cached ES256 key <c>operator-token</c>.</value>
    public SigningKey TokenIssuerKey { get; set; } = TestKeys.Ecdsa("operator-token");

    /// <summary>Gets or sets the Sink's proof-of-possession key (the consent record's <c>pop_key</c>).</summary>
    /// <value>The default value is a cached ES256 key <c>sink-pop</c>.</value>
    public SigningKey ProofKey { get; set; } = TestKeys.Ecdsa("sink-pop");

    /// <summary>Gets or sets the operator id, also the token's <c>iss</c>.</summary>
    /// <value>The default value is <c>https://operator.example</c>.</value>
    public string OperatorId { get; set; } = "https://operator.example";

    /// <summary>Gets or sets the Source's service id.</summary>
    /// <value>The default value is <c>source-service</c>.</value>
    public string ServiceId { get; set; } = "source-service";

    /// <summary>Gets or sets the service link id.</summary>
    /// <value>The default value is a fresh <c>slr-…</c> id.</value>
    public string LinkId { get; set; }

    /// <summary>Gets or sets the account owner's surrogate id.</summary>
    /// <value>The default value is a fresh <c>surrogate-…</c> id.</value>
    public string SurrogateId { get; set; }

    /// <summary>Gets or sets the consent record id.</summary>
    /// <value>The default value is a fresh <c>cr-…</c> id.</value>
    public string ConsentId { get; set; }

    /// <summary>Gets or sets the resource set id.</summary>
    /// <value>The default value is a fresh URL under <c>https://source.example/rs/</c>.</value>
    public string ResourceSetId { get; set; }

    /// <summary>Gets the dataset ids of the resource set (doctype names, unless the validator maps them).</summary>
    /// <value>The default value is <c>fr.example.energy.loadcurve</c> and <c>fr.example.energy.contract</c>.</value>
    public IList<string> Datasets { get; } = ["fr.example.energy.loadcurve", "fr.example.energy.contract"];

    /// <summary>Gets or sets the purposes written as <c>usage_rules</c>, or <see langword="null"/> to write none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IList<string>? Purposes { get; set; }

    /// <summary>Gets or sets the serialization of the service link, consent and status records.</summary>
    /// <value>The default value is <see cref="JwsSerialization.GeneralJson"/>.</value>
    public JwsSerialization RecordSerialization { get; set; } = JwsSerialization.GeneralJson;

    /// <summary>Gets the audience URL patterns of the token.</summary>
    /// <value>The default value is <c>https://source.example/api/export/*</c>.</value>
    public IList<string> Audiences { get; } = ["https://source.example/api/export/*"];

    /// <summary>Gets or sets the lifetime of minted tokens.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long the consent record is valid from its issue time, or <see langword="null"/> for no <c>exp</c>.</summary>
    /// <value>The default value is 365 days.</value>
    public TimeSpan? ConsentValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Adds the Source's service key to validator options, as a holder configures them.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public void Configure(ConsentTokenValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ServiceLinkKeys = KeySource.FromKeys(ServiceKey.VerificationKey);
    }

    /// <summary>Mints the whole presentation of a valid request: records, a status chain, a token and its proof of possession.</summary>
    /// <param name="request">The export request the proof of possession signs.</param>
    /// <param name="statuses">The statuses of the chain, oldest first; none gives a single Active record.</param>
    /// <returns>The presentation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public MyDataPresentation MintPresentation(ExportRequest request, params ConsentStatus[] statuses)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = MintAuthorizationToken();
        return new MyDataPresentation
        {
            ServiceLinkRecord = MintServiceLinkRecord(),
            ConsentRecord = MintConsentRecord(),
            StatusRecords = MintStatusChain(statuses),
            AuthorizationToken = token,
            ProofOfPossession = MintProofOfPossession(token, request),
        };
    }

    /// <summary>Mints the service link record, signed by the account owner and by the service.</summary>
    /// <param name="customize">Edits the payload before signing, or <see langword="null"/>.</param>
    /// <returns>The record in <see cref="RecordSerialization"/> (general JSON unless changed).</returns>
    public string MintServiceLinkRecord(Action<JsonObject>? customize = null)
    {
        var payload = new JsonObject
        {
            ["version"] = Version,
            ["link_id"] = LinkId,
            ["operator_id"] = OperatorId,
            ["service_id"] = ServiceId,
            ["surrogate_id"] = SurrogateId,
            ["operator_key"] = new JsonObject { ["jwk"] = Jwk(OperatorKey) },
            ["cr_keys"] = new JsonObject { ["keys"] = new JsonArray(Jwk(AccountOwnerKey)) },
            ["iat"] = Now(),
        };
        if (Version == "2.0")
        {
            payload["service_description_version"] = "1.0";
        }

        customize?.Invoke(payload);
        return Sign(payload, RecordSerialization == JwsSerialization.GeneralJson ? [AccountOwnerKey, ServiceKey] : [ServiceKey]);
    }

    /// <summary>Builds the payload of the Source consent record, in the layout of <see cref="Version"/>.</summary>
    /// <returns>The payload, to edit and sign with <see cref="SignRecord"/>.</returns>
    public JsonObject ConsentRecordPayload()
    {
        var now = Now();
        var datasets = new JsonArray();
        foreach (var dataset in Datasets)
        {
            datasets.Add(new JsonObject { ["dataset_id"] = dataset, ["distribution_id"] = dataset + ".json" });
        }

        var common = new JsonObject
        {
            ["version"] = Version,
            ["cr_id"] = ConsentId,
            ["surrogate_id"] = SurrogateId,
            ["rs_description"] = new JsonObject { ["resource_set"] = new JsonObject { ["rs_id"] = ResourceSetId, ["dataset"] = datasets } },
            ["slr_id"] = LinkId,
            ["iat"] = now,
            ["nbf"] = now,
            ["operator"] = OperatorId,
            ["subject_id"] = ServiceId,
            ["role"] = "Source",
        };
        if (ConsentValidity is not null)
        {
            common["exp"] = now + (long)ConsentValidity.Value.TotalSeconds;
        }

        var role = new JsonObject
        {
            ["pop_key"] = new JsonObject { ["jwk"] = Jwk(ProofKey) },
            ["token_issuer_key"] = new JsonObject { ["jwk"] = Jwk(TokenIssuerKey) },
        };
        if (Purposes is not null)
        {
            var rules = new JsonArray();
            foreach (var purpose in Purposes)
            {
                rules.Add(Version == "2.0" ? new JsonObject { ["purposeId"] = purpose, ["datasets"] = new JsonArray(Datasets.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()) } : JsonValue.Create(purpose));
            }

            role["usage_rules"] = rules;
        }

        var payload = new JsonObject { ["common_part"] = common, ["role_specific_part"] = role };
        if (Version == "2.0")
        {
            common["service_description_version"] = "1.0";
            common["consent_proposal"] = new JsonObject { ["url"] = "https://operator.example/proposals/" + ConsentId, ["hash"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ConsentId))) };
        }
        else
        {
            payload["consent_receipt_part"] = new JsonObject { ["ki_cr"] = new JsonObject() };
            payload["extension_part"] = new JsonObject { ["extensions"] = new JsonObject() };
        }

        return payload;
    }

    /// <summary>Mints the Source consent record, signed by the account owner.</summary>
    /// <param name="customize">Edits the payload before signing, or <see langword="null"/>.</param>
    /// <returns>The record in <see cref="RecordSerialization"/>.</returns>
    public string MintConsentRecord(Action<JsonObject>? customize = null)
    {
        var payload = ConsentRecordPayload();
        customize?.Invoke(payload);
        return SignRecord(payload);
    }

    /// <summary>Mints a status chain for the consent, each record pointing to the previous one, signed by the account owner.</summary>
    /// <param name="statuses">The statuses, oldest first; none gives a single Active record.</param>
    /// <returns>The records, oldest first.</returns>
    public IReadOnlyList<string> MintStatusChain(params ConsentStatus[] statuses)
    {
        if (statuses is null || statuses.Length == 0)
        {
            statuses = [ConsentStatus.Active];
        }

        var records = new List<string>();
        string? previous = null;
        var iat = Now() - statuses.Length;
        for (var i = 0; i < statuses.Length; i++)
        {
            var id = $"csr-{ConsentId}-{i + 1}";
            records.Add(MintStatusRecord(id, statuses[i], previous, iat + i));
            previous = id;
        }

        return records;
    }

    /// <summary>Mints one consent status record.</summary>
    /// <param name="recordId">The record id.</param>
    /// <param name="status">The status.</param>
    /// <param name="previousRecordId">The previous record's id, or <see langword="null"/> for the first.</param>
    /// <param name="issuedAt">The issue time in seconds since 1970.</param>
    /// <param name="key">The signing key, or <see langword="null"/> for the account owner's.</param>
    /// <param name="customize">Edits the payload before signing, or <see langword="null"/>.</param>
    /// <returns>The record.</returns>
    public string MintStatusRecord(string recordId, ConsentStatus status, string? previousRecordId, long issuedAt, SigningKey? key = null, Action<JsonObject>? customize = null)
    {
        var payload = new JsonObject
        {
            ["version"] = Version,
            ["record_id"] = recordId,
            ["surrogate_id"] = SurrogateId,
            ["cr_id"] = ConsentId,
            ["consent_status"] = status.ToString(),
            ["iat"] = issuedAt,
            ["prev_record_id"] = previousRecordId,
        };
        customize?.Invoke(payload);
        return Sign(payload, [key ?? AccountOwnerKey]);
    }

    /// <summary>Builds the claims of the operator's authorisation token.</summary>
    /// <returns>The claims, to edit and sign with <see cref="Jws.SignCompact"/>.</returns>
    public JsonObject AuthorizationTokenClaims()
    {
        var now = Now();
        var audiences = new JsonArray();
        foreach (var audience in Audiences)
        {
            audiences.Add(audience);
        }

        return new JsonObject
        {
            ["iss"] = OperatorId,
            ["cnf"] = new JsonObject { ["kid"] = ProofKey.KeyId },
            ["aud"] = audiences,
            ["exp"] = now + (long)TokenLifetime.TotalSeconds,
            ["nbf"] = now,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["cr_id"] = ConsentId,
        };
    }

    /// <summary>Mints the operator's authorisation token, a compact JWT signed with the token issuer key.</summary>
    /// <param name="customize">Edits the claims before signing, or <see langword="null"/>.</param>
    /// <param name="header">Header options, or <see langword="null"/> (no <c>typ</c>, as MyData tokens have none).</param>
    /// <returns>The token.</returns>
    public string MintAuthorizationToken(Action<JsonObject>? customize = null, JwsHeaderOptions? header = null)
    {
        var claims = AuthorizationTokenClaims();
        customize?.Invoke(claims);
        return Jws.SignCompact(Encoding.UTF8.GetBytes(claims.ToJsonString()), TokenIssuerKey, header);
    }

    /// <summary>Mints the Sink's signed request, the value of the <c>Authorization</c> header: <c>PoP &lt;JWS&gt;</c> with at, ts, m, u, p and q.</summary>
    /// <param name="token">The token.</param>
    /// <param name="request">The request to sign.</param>
    /// <param name="customize">Edits the payload before signing, or <see langword="null"/>.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    public string MintProofOfPossession(string token, ExportRequest request, Action<JsonObject>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(request);
        var parameters = ProofOfPossessionQuery.Parse(request.Endpoint);
        var names = parameters.Select(p => p.Key).ToList();
        var payload = new JsonObject
        {
            ["at"] = token,
            ["ts"] = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
            ["m"] = request.Method,
            ["u"] = request.Endpoint.Authority,
            ["p"] = request.Endpoint.AbsolutePath,
        };
        if (parameters.Count > 0)
        {
            payload["q"] = new JsonArray(new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()), ProofOfPossessionQuery.Hash(names, parameters));
        }

        customize?.Invoke(payload);
        return "PoP " + Jws.SignCompact(Encoding.UTF8.GetBytes(payload.ToJsonString()), ProofKey);
    }

    /// <summary>Signs a record payload with the account owner's key in <see cref="RecordSerialization"/>.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="payload"/> is <see langword="null"/>.</exception>
    public string SignRecord(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Sign(payload, [AccountOwnerKey]);
    }

    private string Sign(JsonObject payload, SigningKey[] keys)
    {
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return RecordSerialization switch
        {
            JwsSerialization.Compact => Jws.SignCompact(bytes, keys[^1]),
            JwsSerialization.FlattenedJson => Jws.SignFlattenedJson(bytes, keys[^1]),
            _ => Jws.SignGeneralJson(bytes, keys),
        };
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    private static JsonNode Jwk(SigningKey key) => JsonNode.Parse(key.ToPublicJwk())!;
}
