using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>Represents the configuration of a <see cref="ConsentTokenValidator"/>. Every default is the strict one.</summary>
public sealed class ConsentTokenValidatorOptions
{
    /// <summary>The RFC 9396 authorization detail type that grants a portability export, used when <see cref="ExportAuthorizationType"/> is not changed.</summary>
    public const string DefaultExportAuthorizationType = "urn:selfdata:authorization:portability-export";

    /// <summary>Gets the algorithms accepted for any signature; a key also verifies only the algorithms it is bound to. <c>none</c> is never accepted; HMAC only when listed here and the key is at least 256 bits.</summary>
    /// <value>The default value is ES256, ES384, PS256 and RS256.</value>
    public IList<string> AllowedAlgorithms { get; } = [.. JwsAlgorithms.DefaultAllowed];

    /// <summary>Gets or sets the tolerated difference between the issuer's clock and this one.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the longest accepted token lifetime, from <c>nbf</c> (or <c>iat</c>, or now) to <c>exp</c>.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the longest accepted token or record, in characters.</summary>
    /// <value>The default value is 16384 (16 KB).</value>
    public int MaxTokenLength { get; set; } = 16 * 1024;

    /// <summary>Gets or sets the deepest accepted JSON nesting in headers, payloads and records.</summary>
    /// <value>The default value is 16.</value>
    public int MaxJsonDepth { get; set; } = 16;

    /// <summary>Gets the header parameters that may be listed in <c>crit</c>. The validator processes none, so leave it empty unless a wrapper processes them.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> UnderstoodCriticalHeaders { get; } = [];

    /// <summary>Gets the trusted OAuth authorization servers, each bound to its own keys.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<TrustedIssuer> AccessTokenIssuers { get; } = [];

    /// <summary>
    /// Gets the audiences accepted in OAuth access tokens, compared exactly. When empty, an audience must match the
    /// export endpoint (exactly or as a URL pattern with <c>*</c>).
    /// </summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> Audiences { get; } = [];

    /// <summary>Gets the accepted <c>typ</c> values of OAuth access tokens, compared without case and with an optional <c>application/</c> prefix.</summary>
    /// <value>The default value is <c>at+jwt</c> (RFC 9068) and <c>JWT</c>.</value>
    public IList<string> AccessTokenTypes { get; } = ["at+jwt", "JWT"];

    /// <summary>Gets or sets the RFC 9396 <c>type</c> of the authorization details that grant an export.</summary>
    /// <value>The default value is <see cref="DefaultExportAuthorizationType"/>.</value>
    public string ExportAuthorizationType { get; set; } = DefaultExportAuthorizationType;

    /// <summary>Gets or sets the action an export authorization detail must list in <c>actions</c> when it lists actions.</summary>
    /// <value>The default value is <c>export</c>.</value>
    public string ExportAction { get; set; } = "export";

    /// <summary>Gets the OAuth scopes that grant doctypes, such as <c>energy.read</c> → <c>fr.enedis.loadcurve</c>.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, IList<Doctype>> ScopeDoctypes { get; } = new Dictionary<string, IList<Doctype>>(StringComparer.Ordinal);

    /// <summary>Gets the MyData dataset ids that stand for doctypes. A dataset id absent from this map counts as the doctype of the same name when it is a valid doctype name.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, Doctype> DatasetDoctypes { get; } = new Dictionary<string, Doctype>(StringComparer.Ordinal);

    /// <summary>Gets or sets the Source's own service keys, which verify the service's signature on MyData service link records. Required for MyData validation.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public KeySource? ServiceLinkKeys { get; set; }

    /// <summary>Gets the operator issuers by operator id, when a MyData token's <c>iss</c> differs from the consent record's <c>operator</c>.</summary>
    /// <value>The default value is an empty dictionary: the token's <c>iss</c> must equal the consent record's <c>operator</c>.</value>
    public IDictionary<string, string> OperatorIssuers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether a MyData token may name its consent with the reference implementation's <c>pi_id</c> instead of <c>cr_id</c>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AcceptPiIdAlias { get; set; }

    /// <summary>Gets or sets a value indicating whether MyData consent status records signed with the service link's <c>operator_key</c> are accepted, besides those signed with its <c>cr_keys</c>.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AcceptOperatorSignedStatusRecords { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a MyData request must carry a <c>PoP</c> authorization signed with the consent record's <c>pop_key</c>.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireProofOfPossession { get; set; } = true;

    /// <summary>Gets or sets how far a proof of possession's <c>ts</c> may be from now.</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan ProofOfPossessionWindow { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets a value indicating whether replayed tokens are rejected: OAuth tokens by <c>jti</c> (then required), MyData requests by their proof of possession. Needs an <see cref="ITokenReplayStore"/>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RejectReplayedTokens { get; set; }

    /// <summary>Gets the MyData record versions accepted.</summary>
    /// <value>The default value is 1.2, 1.2.1, 1.3 and 2.0.</value>
    public IList<string> RecordVersions { get; } = ["1.2", "1.2.1", "1.3", "2.0"];

    /// <summary>
    /// Gets or sets a value indicating whether an OAuth access token that names no consent (no <c>consent_id</c>,
    /// <c>grant_id</c> or authorization-detail <c>identifier</c>, as the tokens of most authorization servers) is
    /// accepted when a consent status store is configured. Without a status store such a token is always accepted when
    /// everything else holds: its own lifetime stands for the consent. With a status store, a withdrawal could not be
    /// looked up for it, so it is refused with <c>SD1065</c> unless this is set.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowTokensWithoutConsentId { get; set; }

    /// <summary>Gets the algorithms a DPoP proof may be signed with (RFC 9449 §4.2): asymmetric algorithms only.</summary>
    /// <value>The default value is ES256, ES384, PS256 and RS256.</value>
    public IList<string> DPoPAlgorithms { get; } = [JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.PS256, JwsAlgorithms.RS256];

    /// <summary>Gets or sets how old a DPoP proof's <c>iat</c> may be (the clock skew is added on both sides).</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan DPoPProofLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether every access token must come with a DPoP proof and be DPoP-bound.</summary>
    /// <value>The default value is <see langword="false"/>: Bearer tokens are accepted, DPoP-bound tokens always need their proof.</value>
    public bool RequireDPoP { get; set; }

    /// <summary>Checks the options for consistency.</summary>
    /// <returns>The problems found, each with the code <c>SD1120</c>; empty when the options are usable.</returns>
    public IReadOnlyList<SelfDataError> Validate()
    {
        var problems = new List<SelfDataError>();
        void Add(string message) => problems.Add(new SelfDataError(ConsentErrorCodes.InvalidOptions, message));

        if (AllowedAlgorithms.Count == 0)
        {
            Add("AllowedAlgorithms is empty.");
        }

        if (AccessTokenIssuers.Count == 0 && ServiceLinkKeys is null)
        {
            Add("No trusted issuer: add an AccessTokenIssuers entry for OAuth access tokens, or set ServiceLinkKeys for MyData records; a validator with neither refuses everything.");
        }

        foreach (var algorithm in AllowedAlgorithms)
        {
            if (!JwsAlgorithms.IsSupported(algorithm))
            {
                Add($"AllowedAlgorithms lists '{UntrustedText.Escape(algorithm)}', which is not supported ('none' never is).");
            }
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            Add("ClockSkew must be between 0 and 5 minutes.");
        }

        if (MaxTokenLifetime <= TimeSpan.Zero)
        {
            Add("MaxTokenLifetime must be positive.");
        }

        if (MaxTokenLength is < 256 or > 1024 * 1024)
        {
            Add("MaxTokenLength must be between 256 and 1048576 characters.");
        }

        if (MaxJsonDepth is < 4 or > 64)
        {
            Add("MaxJsonDepth must be between 4 and 64.");
        }

        if (ProofOfPossessionWindow <= TimeSpan.Zero)
        {
            Add("ProofOfPossessionWindow must be positive.");
        }

        if (string.IsNullOrEmpty(ExportAuthorizationType) || string.IsNullOrEmpty(ExportAction))
        {
            Add("ExportAuthorizationType and ExportAction must be set.");
        }

        foreach (var algorithm in DPoPAlgorithms)
        {
            if (!JwsAlgorithms.IsSupported(algorithm) || algorithm.StartsWith("HS", StringComparison.Ordinal))
            {
                Add($"DPoPAlgorithms lists '{UntrustedText.Escape(algorithm)}'; a DPoP proof is signed with an asymmetric algorithm.");
            }
        }

        if (DPoPProofLifetime <= TimeSpan.Zero || DPoPProofLifetime > TimeSpan.FromHours(1))
        {
            Add("DPoPProofLifetime must be positive and at most one hour.");
        }

        if (AccessTokenTypes.Count == 0)
        {
            Add("AccessTokenTypes is empty.");
        }

        var issuers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var issuer in AccessTokenIssuers)
        {
            if (issuer is null)
            {
                Add("AccessTokenIssuers holds null.");
            }
            else if (!issuers.Add(issuer.Issuer))
            {
                Add($"The issuer '{UntrustedText.Escape(issuer.Issuer, 256)}' is configured twice.");
            }
        }

        foreach (var (scope, doctypes) in ScopeDoctypes)
        {
            if (doctypes is null || doctypes.Count == 0 || doctypes.Any(d => d.IsDefault))
            {
                Add($"The scope '{UntrustedText.Escape(scope)}' maps to no doctype.");
            }
        }

        return problems;
    }

    /// <summary>Gets the normalized URL patterns this options object (a validator's snapshot) has seen.</summary>
    internal UrlPatternCache Patterns { get; } = new();

    /// <summary>Copies the options and every collection they hold, so that later changes to this object change nothing in a validator.</summary>
    internal ConsentTokenValidatorOptions Snapshot()
    {
        var copy = new ConsentTokenValidatorOptions
        {
            ClockSkew = ClockSkew,
            MaxTokenLifetime = MaxTokenLifetime,
            MaxTokenLength = MaxTokenLength,
            MaxJsonDepth = MaxJsonDepth,
            ExportAuthorizationType = ExportAuthorizationType,
            ExportAction = ExportAction,
            ServiceLinkKeys = ServiceLinkKeys,
            AcceptPiIdAlias = AcceptPiIdAlias,
            AcceptOperatorSignedStatusRecords = AcceptOperatorSignedStatusRecords,
            RequireProofOfPossession = RequireProofOfPossession,
            ProofOfPossessionWindow = ProofOfPossessionWindow,
            RejectReplayedTokens = RejectReplayedTokens,
            AllowTokensWithoutConsentId = AllowTokensWithoutConsentId,
            DPoPProofLifetime = DPoPProofLifetime,
            RequireDPoP = RequireDPoP,
        };
        Replace(copy.DPoPAlgorithms, DPoPAlgorithms);
        Replace(copy.AllowedAlgorithms, AllowedAlgorithms);
        Replace(copy.UnderstoodCriticalHeaders, UnderstoodCriticalHeaders);
        Replace(copy.AccessTokenIssuers, AccessTokenIssuers);
        Replace(copy.Audiences, Audiences);
        Replace(copy.AccessTokenTypes, AccessTokenTypes);
        Replace(copy.RecordVersions, RecordVersions);
        foreach (var (scope, doctypes) in ScopeDoctypes)
        {
            copy.ScopeDoctypes[scope] = doctypes.ToArray();
        }

        foreach (var (dataset, doctype) in DatasetDoctypes)
        {
            copy.DatasetDoctypes[dataset] = doctype;
        }

        foreach (var (operatorId, issuer) in OperatorIssuers)
        {
            copy.OperatorIssuers[operatorId] = issuer;
        }

        return copy;
    }

    private static void Replace<T>(IList<T> target, IEnumerable<T> source)
    {
        var items = source.ToArray();
        target.Clear();
        foreach (var item in items)
        {
            target.Add(item);
        }
    }
}

/// <summary>Represents a trusted OAuth authorization server: its issuer identifier and the source of its signing keys.</summary>
public sealed class TrustedIssuer
{
    /// <summary>Initializes a new instance of the <see cref="TrustedIssuer"/> class.</summary>
    /// <param name="issuer">The issuer identifier, compared exactly with the <c>iss</c> claim.</param>
    /// <param name="keys">The issuer's keys; a key of another issuer never verifies this issuer's tokens.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="issuer"/> is empty.</exception>
    public TrustedIssuer(string issuer, KeySource keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentNullException.ThrowIfNull(keys);
        Issuer = issuer;
        Keys = keys;
    }

    /// <summary>Gets the issuer identifier.</summary>
    public string Issuer { get; }

    /// <summary>Gets the source of the issuer's keys.</summary>
    public KeySource Keys { get; }
}
