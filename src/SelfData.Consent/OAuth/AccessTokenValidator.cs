using SelfData.Core;

namespace SelfData.Consent;

/// <summary>
/// Validates OAuth 2.0 JWT access tokens (RFC 9068) before a data holder releases an export: the token's signature
/// with its issuer's own keys, its claims, its RFC 9396 <c>authorization_details</c> or scopes against the export asked
/// for, the consent's status, and, for DPoP-bound tokens, the DPoP proof of the request (RFC 9449). Bad input never
/// throws: it comes back as a failed <see cref="ConsentValidationResult"/> carrying an <c>SD1xxx</c> code.
/// </summary>
/// <remarks>
/// Infrastructure failures are thrown: <see cref="ConsentKeySourceException"/> when a key source cannot be read and
/// <see cref="ConsentStoreException"/> when a store fails. Cancellation throws <see cref="OperationCanceledException"/>.
/// An instance is thread-safe and meant to be shared; it records nothing until every check has passed.
/// </remarks>
public sealed partial class AccessTokenValidator
{
    private readonly ConsentTokenValidatorOptions _options;
    private readonly TimeProvider _time;
    private readonly IConsentStatusStore? _statusStore;
    private readonly ITokenReplayStore? _replayStore;
    private readonly SignatureVerifier _signatures;
    private readonly Dictionary<string, TrustedIssuer> _issuers;
    private readonly string[] _accessTokenTypes;
    private readonly TrustedKeyCache _dpopKeys = new(1024);

    /// <summary>Initializes a new instance of the <see cref="AccessTokenValidator"/> class.</summary>
    /// <param name="options">The configuration, with at least one trusted issuer; it is copied and checked once, here: changing it later changes nothing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="statusStore">The consent status store, or <see langword="null"/>: then a token's own lifetime stands for its consent.</param>
    /// <param name="replayStore">The token replay store; required when <see cref="ConsentTokenValidatorOptions.RejectReplayedTokens"/> is set, and used for DPoP proofs when given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent or name no trusted issuer (<c>SD1120</c>).</exception>
    public AccessTokenValidator(ConsentTokenValidatorOptions options, TimeProvider? timeProvider = null, IConsentStatusStore? statusStore = null, ITokenReplayStore? replayStore = null)
        : this(ConsentValidation.Check(options, replayStore, requireIssuers: true), timeProvider, statusStore, replayStore, null)
    {
    }

    internal AccessTokenValidator(ConsentTokenValidatorOptions snapshot, TimeProvider? timeProvider, IConsentStatusStore? statusStore, ITokenReplayStore? replayStore, SignatureVerifier? signatures)
    {
        _options = snapshot;
        _time = timeProvider ?? TimeProvider.System;
        _statusStore = statusStore;
        _replayStore = replayStore;
        _signatures = signatures ?? new SignatureVerifier(snapshot);
        _issuers = snapshot.AccessTokenIssuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);
        _accessTokenTypes = snapshot.AccessTokenTypes.ToArray();
    }

    /// <summary>Gets the number of DPoP client keys cached (tests check that only keys bound to a verified token enter).</summary>
    internal int CachedDPoPKeyCount => _dpopKeys.Count;

    /// <summary>Gets a value indicating whether every token is read through the strict document path (tests compare it with the one-pass reader).</summary>
    internal bool DocumentPathOnly { get; init; }

    /// <summary>Gets the number of protected headers cached (tests check that hostile input cannot fill the cache).</summary>
    internal int CachedHeaderCount => _signatures.CachedHeaderCount;

    private static ConsentValidationResult Fail(SelfDataError error) => ConsentValidationResult.Failure(error);

    private static ConsentValidationResult Fail(string code, string message, string? field = null) => ConsentValidationResult.Failure(new SelfDataError(code, message, field));
}
