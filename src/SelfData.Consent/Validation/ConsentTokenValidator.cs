using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// Validates what a data holder receives before releasing an export: MyData records with the operator's token and the
/// request's proof of possession, and OAuth 2.0 JWT access tokens with RFC 9396 authorization details. Every check is
/// strict by default, keys come only from configuration or from records the trust chain allows, and bad input never
/// throws: it comes back as a failed <see cref="ConsentValidationResult"/> carrying an <c>SD1xxx</c> code.
/// </summary>
/// <remarks>
/// Infrastructure failures are thrown: <see cref="ConsentKeySourceException"/> when a key source cannot be read and
/// <see cref="ConsentStoreException"/> when a store fails. Cancellation throws <see cref="OperationCanceledException"/>.
/// An instance is thread-safe and meant to be shared.
/// </remarks>
public sealed partial class ConsentTokenValidator
{
    private readonly ConsentTokenValidatorOptions _options;
    private readonly TimeProvider _time;
    private readonly IConsentStatusStore? _statusStore;
    private readonly ITokenReplayStore? _replayStore;
    private readonly JwsReadOptions _readOptions;
    private readonly JwsVerifyOptions _verifyOptions;
    private readonly JwsHeaderCache _headerCache = new(64);
    private readonly TrustedKeyCache _recordKeys = new(1024);

    /// <summary>Gets the number of protected headers cached (tests check that hostile input cannot fill the cache).</summary>
    internal int CachedHeaderCount => _headerCache.Count;

    /// <summary>Gets the number of record keys cached (tests check that hostile records cannot fill the cache).</summary>
    internal int CachedRecordKeyCount => _recordKeys.Count;
    private readonly Dictionary<string, TrustedIssuer> _issuers;
    private readonly string[] _accessTokenTypes;

    /// <summary>Initializes a new instance of the <see cref="ConsentTokenValidator"/> class.</summary>
    /// <param name="options">The configuration; it is copied and checked once, here: changing it later changes nothing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="statusStore">The consent status store, or <see langword="null"/> to rely on status records alone.</param>
    /// <param name="replayStore">The token replay store; required when <see cref="ConsentTokenValidatorOptions.RejectReplayedTokens"/> is set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent (<c>SD1120</c>).</exception>
    public ConsentTokenValidator(ConsentTokenValidatorOptions options, TimeProvider? timeProvider = null, IConsentStatusStore? statusStore = null, ITokenReplayStore? replayStore = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Snapshot();
        var problems = options.Validate().ToList();
        if (options.RejectReplayedTokens && replayStore is null)
        {
            problems.Add(ConsentErrorCodes.InvalidOptions + ": RejectReplayedTokens needs a token replay store.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _statusStore = statusStore;
        _replayStore = replayStore;
        _readOptions = new JwsReadOptions { MaxLength = options.MaxTokenLength, MaxDepth = options.MaxJsonDepth };
        _verifyOptions = new JwsVerifyOptions { AllowedAlgorithms = options.AllowedAlgorithms.ToArray(), UnderstoodCriticalHeaders = options.UnderstoodCriticalHeaders.ToArray() };
        _issuers = options.AccessTokenIssuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);
        _accessTokenTypes = options.AccessTokenTypes.ToArray();
    }

    private static ConsentValidationResult Fail(SelfDataError error) => ConsentValidationResult.Failure(error);

    private static ConsentValidationResult Fail(string code, string message, string? field = null) => ConsentValidationResult.Failure(new SelfDataError(code, message, field));

    /// <summary>
    /// Reads a compact token: structure, header rules, nesting, and a strict JSON-object payload. Without <paramref name="parsePayload"/>, the payload is left to the caller and
    /// <paramref name="payload"/> is <see langword="null"/>.
    /// </summary>
    private SelfDataError? ReadToken(string token, string what, out JwsMessage? message, out JwsSignature? signature, out JsonDocument? payload, bool parsePayload = true)
    {
        message = null;
        signature = null;
        payload = null;
        var parsed = JwsMessage.Parse(token, _readOptions, _headerCache);
        if (!parsed.Success)
        {
            return parsed.Error;
        }

        message = parsed.Value;
        if (message.Serialization != JwsSerialization.Compact)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJws, what + " must use the compact serialization.");
        }

        signature = message.Signatures[0];
        var error = JwsMessage.CheckHeaders(signature, _verifyOptions);
        if (error is not null)
        {
            return error;
        }

        if (string.Equals(signature.ProtectedHeader?.ContentType, "JWT", StringComparison.OrdinalIgnoreCase))
        {
            return new SelfDataError(JoseErrorCodes.NestedToken, what + " declares nested content (cty JWT); nested tokens are not accepted.");
        }

        if (message.IsDetached)
        {
            return new SelfDataError(JoseErrorCodes.PayloadMissing, what + " has no payload.");
        }

        if (LooksLikeJws(message.Payload.Span))
        {
            return new SelfDataError(JoseErrorCodes.NestedToken, what + " wraps another token; nested tokens are not accepted.");
        }

        if (!parsePayload)
        {
            // The caller reads the payload itself.
            return null;
        }

        return message.TryGetJsonPayload(out payload, out error) ? null : error;
    }

    /// <summary>Reads a record: any serialization, strict JSON-object payload.</summary>
    private SelfDataError? ReadRecord(string record, string what, out JwsMessage? message, out JsonDocument? payload)
    {
        message = null;
        payload = null;
        var parsed = JwsMessage.Parse(record, _readOptions);
        if (!parsed.Success)
        {
            return new SelfDataError(parsed.Error!.Code, what + ": " + parsed.Error.Message);
        }

        message = parsed.Value;
        if (message.IsDetached)
        {
            return new SelfDataError(JoseErrorCodes.PayloadMissing, what + " has no payload.");
        }

        if (!message.TryGetJsonPayload(out payload, out var error))
        {
            return new SelfDataError(error.Code, what + ": " + error.Message);
        }

        return null;
    }

    private static SelfDataError? KeyIdOf(JwsSignature signature, out string keyId)
    {
        keyId = signature.KeyId ?? string.Empty;
        if (signature.KeyId is null)
        {
            return signature.HasParameter("kid")
                ? new SelfDataError(JoseErrorCodes.KeyIdInvalid, "The kid header is not a string.")
                : new SelfDataError(JoseErrorCodes.KeyIdMissing, "The JWS header has no kid; keys are looked up by kid only.");
        }

        return VerificationKey.IsValidKeyId(keyId) ? null : new SelfDataError(JoseErrorCodes.KeyIdInvalid, "The kid is empty, too long or has control characters.");
    }

    private static SelfDataError KeyNotFound(JwsSignature signature, string keyId, string where)
    {
        if (signature.HasParameter("jku") || signature.HasParameter("x5u"))
        {
            return new SelfDataError(JoseErrorCodes.HeaderKeyUrlIgnored, $"No trusted key '{UntrustedText.Escape(keyId)}' in {where}; the key URL in the header (jku/x5u) is never followed.");
        }

        if (signature.HasParameter("jwk") || signature.HasParameter("x5c"))
        {
            return new SelfDataError(JoseErrorCodes.HeaderEmbeddedKeyIgnored, $"No trusted key '{UntrustedText.Escape(keyId)}' in {where}; the key embedded in the header (jwk/x5c) is never used.");
        }

        return new SelfDataError(JoseErrorCodes.KeyNotFound, $"No trusted key has the kid '{UntrustedText.Escape(keyId)}' in {where}.");
    }

    private SelfDataError? Verify(JwsMessage message, JwsSignature signature, VerificationKey key) =>
        message.TryVerify(signature, key, out var error, _verifyOptions) ? null : error;

    /// <summary>Verifies a token signature whose headers <see cref="ReadToken"/> already checked.</summary>
    private SelfDataError? VerifyToken(JwsMessage message, JwsSignature signature, VerificationKey key) =>
        message.TryVerify(signature, key, out var error, _verifyOptions) ? null : error;

    private ValueTask<SelfDataError?> CheckStatusStoreAsync(string consentId, DateTimeOffset? statusTime, CancellationToken cancellationToken)
    {
        if (_statusStore is null)
        {
            return default;
        }

        // In-memory stores answer at once: no state machine then.
        var pending = _statusStore.GetAsync(consentId, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(StatusError(consentId, statusTime, pending.Result)) : AwaitStatusAsync(pending, consentId, statusTime);
    }

    private static async ValueTask<SelfDataError?> AwaitStatusAsync(ValueTask<ConsentStatusChange?> pending, string consentId, DateTimeOffset? statusTime) =>
        StatusError(consentId, statusTime, await pending.ConfigureAwait(false));

    private static SelfDataError? StatusError(string consentId, DateTimeOffset? statusTime, ConsentStatusChange? change)
    {
        if (change is null)
        {
            return null;
        }

        if (change.Status == ConsentStatus.Withdrawn)
        {
            return new SelfDataError(ConsentErrorCodes.ConsentWithdrawn, $"The consent '{consentId}' was withdrawn at {Rfc3339.Format(change.ChangedAt)}.");
        }

        if (change.Status == ConsentStatus.Disabled && (statusTime is null || change.ChangedAt > statusTime))
        {
            return new SelfDataError(ConsentErrorCodes.ConsentDisabled, $"The consent '{consentId}' was disabled at {Rfc3339.Format(change.ChangedAt)}.");
        }

        return null;
    }

    private static bool LooksLikeJws(ReadOnlySpan<byte> payload)
    {
        var trimmed = payload.Trim((byte)' ').Trim((byte)'"');
        return trimmed.Length > 4 && trimmed[0] == (byte)'e' && trimmed[1] == (byte)'y' && trimmed.Count((byte)'.') is 2 or 4;
    }

    /// <summary>Determines whether a payload has a claim that only OAuth tokens, records or receipts carry.</summary>
    private static bool HasForeignClaims(JsonElement payload)
    {
        foreach (var claim in payload.EnumerateObject())
        {
            if (claim.NameEquals("authorization_details"u8) || claim.NameEquals("common_part"u8) || claim.NameEquals("consent_status"u8) || claim.NameEquals("link_id"u8) || claim.NameEquals("consentReceiptID"u8))
            {
                return true;
            }
        }

        return false;
    }
}
