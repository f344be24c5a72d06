using SelfData.Core;

namespace SelfData.Consent;

/// <summary>Represents the export a caller asks for, which a consent must cover: where, which doctypes, which period, for which purpose.</summary>
public sealed class ExportRequest
{
    /// <summary>Initializes a new instance of the <see cref="ExportRequest"/> class.</summary>
    /// <param name="endpoint">The absolute URL the request was made to, with its query; tokens' audiences and locations are matched against it.</param>
    /// <param name="doctypes">The doctypes to export.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not absolute, or a doctype is the default value.</exception>
    public ExportRequest(Uri endpoint, IEnumerable<Doctype> doctypes)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(doctypes);
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The export endpoint must be an absolute URL.", nameof(endpoint));
        }

        Endpoint = endpoint;
        Doctypes = doctypes.ToArray();
        if (Doctypes.Any(d => d.IsDefault))
        {
            throw new ArgumentException("A requested doctype is the default value.", nameof(doctypes));
        }
    }

    /// <summary>Gets the absolute URL of the request.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the endpoint as audiences and locations are compared: lowercase scheme and host, explicit port only when not the default, path, no query.</summary>
    /// <summary>
    /// Gets the URL the token is presented at, when it is not <see cref="Endpoint"/> itself — a status or download URL
    /// under the export endpoint. A DPoP proof's <c>htu</c> is checked against it (RFC 9449 §4.3); the token's audience
    /// and authorization-detail locations are still checked against <see cref="Endpoint"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the token is presented at <see cref="Endpoint"/>.</value>
    /// <exception cref="ArgumentException">The value is not an absolute URL.</exception>
    public Uri? RequestUri
    {
        get;
        init => field = value is null || value.IsAbsoluteUri ? value : throw new ArgumentException("The request URL must be an absolute URL.", nameof(value));
    }

    internal string NormalizedRequestUri => RequestUri is null ? NormalizedEndpoint : UrlPattern.Normalize(RequestUri);

    internal string NormalizedEndpoint => field ??= UrlPattern.Normalize(Endpoint);

    /// <summary>Gets the HTTP method of the request, checked against a MyData proof of possession.</summary>
    /// <value>The default value is <c>GET</c>.</value>
    public string Method { get; init; } = "GET";

    /// <summary>Gets the doctypes to export.</summary>
    public IReadOnlyList<Doctype> Doctypes { get; }

    /// <summary>Gets the time window of the data to export, or <see langword="null"/> when the request does not restrict it.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Interval? Period { get; init; }

    /// <summary>Gets the purpose of the export, or <see langword="null"/> when none is stated.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Purpose { get; init; }
}

/// <summary>Represents the kind of a validated consent artefact.</summary>
public enum ConsentTokenKind
{
    /// <summary>A MyData operator authorisation token, validated with its service link, consent and status records.</summary>
    MyDataAuthorizationToken = 0,

    /// <summary>An OAuth 2.0 JWT access token (RFC 9068), possibly with RFC 9396 authorization details.</summary>
    OAuthAccessToken = 1,

    /// <summary>MyData service link, consent and status records, validated without a token.</summary>
    MyDataConsentRecord = 2,
}

/// <summary>Represents what a MyData data request carries: the records of the consent, and the operator's token with its proof of possession.</summary>
public sealed class MyDataPresentation
{
    /// <summary>Gets the service link record (JWS, usually in the general JSON serialization with two signatures).</summary>
    public required string ServiceLinkRecord { get; init; }

    /// <summary>Gets the Source's consent record (JWS in any serialization).</summary>
    public required string ConsentRecord { get; init; }

    /// <summary>Gets the consent status records of the consent record, the whole chain from the first.</summary>
    public required IReadOnlyList<string> StatusRecords { get; init; }

    /// <summary>Gets the operator's authorisation token (compact JWT), or <see langword="null"/> when it travels only inside <see cref="ProofOfPossession"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AuthorizationToken { get; init; }

    /// <summary>Gets the value of the request's <c>Authorization</c> header, <c>PoP &lt;JWS&gt;</c>, or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ProofOfPossession { get; init; }
}

/// <summary>Represents what a successful validation verified. It is the audit record of the decision to release data.</summary>
public sealed class ValidatedConsent
{
    /// <summary>Gets the kind of artefact validated.</summary>
    public required ConsentTokenKind Kind { get; init; }

    /// <summary>Gets the issuer: the token's <c>iss</c>, or the operator of a consent record.</summary>
    public required string Issuer { get; init; }

    /// <summary>Gets the subject: the token's <c>sub</c>, or the MyData surrogate id.</summary>
    public required string Subject { get; init; }

    /// <summary>
    /// Gets the consent id: the MyData <c>cr_id</c>, or the OAuth consent or grant id; <see langword="null"/> for an
    /// OAuth access token that names no consent, whose own lifetime then stands for the consent.
    /// </summary>
    public required string? ConsentId { get; init; }

    /// <summary>Gets the RFC 7638 thumbprint of the key whose DPoP proof came with the token (its <c>cnf.jkt</c>), or <see langword="null"/> for a Bearer token.</summary>
    public string? DPoPKeyThumbprint { get; init; }

    /// <summary>Gets the granted purposes, empty when the consent states none.</summary>
    public required IReadOnlyList<string> Purposes { get; init; }

    /// <summary>Gets the granted doctypes.</summary>
    public required IReadOnlyList<Doctype> Doctypes { get; init; }

    /// <summary>Gets the granted dataset ids as written in the consent (MyData <c>dataset_id</c>, RAR <c>datatypes</c>, or scopes).</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>Gets the granted time window of the data, or <see langword="null"/> when the consent does not restrict it.</summary>
    public Interval? GrantedPeriod { get; init; }

    /// <summary>Gets the start of validity of the token or consent record.</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>Gets the end of validity of the token or consent record (<see cref="DateTimeOffset.MaxValue"/> when a record has no <c>exp</c>).</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Gets the key id of the key that verified the token (or the consent record).</summary>
    public required string SigningKeyId { get; init; }

    /// <summary>Gets the algorithm of the verified signature.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Gets the token id (<c>jti</c>), or <see langword="null"/>.</summary>
    public string? TokenId { get; init; }

    /// <summary>
    /// Gets the client the access token was issued to (<c>client_id</c>, RFC 9068 §2.2), or <see langword="null"/> when
    /// the token names none (and for MyData records, whose Sink is named by the consent record).
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the key id of the proof-of-possession key that signed the request, or <see langword="null"/>.</summary>
    public string? ProofKeyId { get; init; }

    /// <summary>Gets the MyData record version, or <see langword="null"/>.</summary>
    public string? RecordVersion { get; init; }

    /// <summary>Gets the id of the latest consent status record, or <see langword="null"/>.</summary>
    public string? StatusRecordId { get; init; }

    /// <summary>Gets the consent status on which the decision was taken.</summary>
    public ConsentStatus Status { get; init; } = ConsentStatus.Active;
}

/// <summary>Represents the outcome of a consent validation: what was verified, or the code of the first failure.</summary>
public sealed class ConsentValidationResult
{
    private ConsentValidationResult(ValidatedConsent? consent, SelfDataError? error, IReadOnlyList<string>? notCovered = null)
    {
        Consent = consent;
        Error = error;
        NotCovered = notCovered ?? [];
    }

    /// <summary>Gets a value indicating whether the consent is valid and covers the request.</summary>
    public bool IsValid => Error is null;

    /// <summary>Gets what was verified, or <see langword="null"/> on failure.</summary>
    public ValidatedConsent? Consent { get; }

    /// <summary>Gets the failure, or <see langword="null"/> on success.</summary>
    public SelfDataError? Error { get; }

    /// <summary>Gets the failure code (<c>SD1xxx</c>), or <see langword="null"/> on success.</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>
    /// Gets what the consent does not cover when the failure is a "not covered" code (<c>SD1090</c>–<c>SD1095</c>):
    /// the missing doctype names, or <c>period</c>, <c>purpose</c>, <c>location</c> or <c>action</c>. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> NotCovered { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="consent">What was verified.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consent"/> is <see langword="null"/>.</exception>
    public static ConsentValidationResult Success(ValidatedConsent consent) => new(consent ?? throw new ArgumentNullException(nameof(consent)), null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The failure.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static ConsentValidationResult Failure(SelfDataError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Creates a failed result for a request the consent does not cover.</summary>
    /// <param name="error">The failure, with a "not covered" code.</param>
    /// <param name="notCovered">What is missing.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ConsentValidationResult Failure(SelfDataError error, IReadOnlyList<string> notCovered) =>
        new(null, error ?? throw new ArgumentNullException(nameof(error)), notCovered ?? throw new ArgumentNullException(nameof(notCovered)));

    /// <summary>
    /// Gets a verified status change the records carried (a Disabled or Withdrawn status record of the chain), which
    /// validation does not record: store it with <see cref="IConsentStatusStore.RecordAsync"/> so that later
    /// requests under this consent, whatever they present, are refused. <see langword="null"/> otherwise.
    /// </summary>
    public ConsentStatusChange? StatusChange { get; private init; }

    /// <summary>Creates a failed result that carries a verified status change found in the records.</summary>
    internal static ConsentValidationResult Failure(SelfDataError error, ConsentStatusChange? statusChange) =>
        new(null, error ?? throw new ArgumentNullException(nameof(error))) { StatusChange = statusChange };

    /// <summary>Gets what was verified, or throws the exception that represents the failure.</summary>
    /// <returns>The validated consent.</returns>
    /// <exception cref="SelfDataValidationException">The validation failed; the exception carries the code.</exception>
    public ValidatedConsent GetConsentOrThrow() => Consent ?? throw Error!.ToException();

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid {Consent!.Kind} for consent '{Consent.ConsentId ?? "(none named)"}'" : Error!.ToString();
}
