using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// The one place where consent artefacts are read and their signatures checked: a token or record is parsed with the
/// configured limits, its headers checked, its key found by exact <c>kid</c> through a resolver, and its signature
/// verified. The access-token and MyData validators both use it, so every rule is written once.
/// </summary>
internal sealed class SignatureVerifier
{
    private readonly JwsReadOptions _readOptions;
    private readonly JwsVerifyOptions _verifyOptions;
    private readonly JwsHeaderCache _headerCache = new(64);

    public SignatureVerifier(ConsentTokenValidatorOptions options)
    {
        _readOptions = new JwsReadOptions { MaxLength = options.MaxTokenLength, MaxDepth = options.MaxJsonDepth };
        _verifyOptions = new JwsVerifyOptions { AllowedAlgorithms = options.AllowedAlgorithms.ToArray(), UnderstoodCriticalHeaders = options.UnderstoodCriticalHeaders.ToArray() };
    }

    public JwsReadOptions ReadOptions => _readOptions;

    public JwsVerifyOptions VerifyOptions => _verifyOptions;

    /// <summary>Gets the number of protected headers cached.</summary>
    public int CachedHeaderCount => _headerCache.Count;

    /// <summary>
    /// Checks every signature of a message: headers, an exact <c>kid</c>, a key from <paramref name="resolve"/> (which
    /// also says what the key stands for), and the signature itself. Returns the first failure, or what signed.
    /// </summary>
    public async ValueTask<(SelfDataError? Error, List<SignedBy> Signers)> VerifyAllAsync(JwsMessage message, Func<string, CancellationToken, ValueTask<(VerificationKey? Key, bool Flag)>> resolve, string where, CancellationToken cancellationToken)
    {
        var signers = new List<SignedBy>(message.Signatures.Count);
        foreach (var signature in message.Signatures)
        {
            var error = JwsMessage.CheckHeaders(signature, _verifyOptions);
            var keyId = string.Empty;
            error ??= KeyIdOf(signature, out keyId);
            if (error is not null)
            {
                return (error, signers);
            }

            var (key, flag) = await resolve(keyId, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return (KeyNotFound(signature, keyId, where), signers);
            }

            error = Verify(message, signature, key);
            if (error is not null)
            {
                return (error, signers);
            }

            signers.Add(new SignedBy(keyId, signature.Algorithm!, flag));
        }

        return (null, signers);
    }

    /// <summary>
    /// Reads a compact token: structure, header rules, nesting, and a strict JSON-object payload. Without <paramref name="parsePayload"/>, the payload is left to the caller and
    /// <paramref name="payload"/> is <see langword="null"/>. With a <paramref name="buffer"/>, a compact token's bytes
    /// are decoded into it: the caller keeps it untouched while it reads the message or anything parsed from it.
    /// </summary>
    public SelfDataError? ReadToken(string token, string what, out JwsMessage? message, out JwsSignature? signature, out JsonDocument? payload, bool parsePayload = true, Memory<byte> buffer = default)
    {
        message = null;
        signature = null;
        payload = null;
        var parsed = buffer.IsEmpty ? JwsMessage.Parse(token, _readOptions, _headerCache) : JwsMessage.ParseCompact(token, buffer, _readOptions, _headerCache);
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
    public SelfDataError? ReadRecord(string record, string what, out JwsMessage? message, out JsonDocument? payload)
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

    public static SelfDataError? KeyIdOf(JwsSignature signature, out string keyId)
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

    public static SelfDataError KeyNotFound(JwsSignature signature, string keyId, string where)
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

    public SelfDataError? Verify(JwsMessage message, JwsSignature signature, VerificationKey key) =>
        message.TryVerify(signature, key, out var error, _verifyOptions) ? null : error;

    public static ValueTask<SelfDataError?> CheckStatusStoreAsync(IConsentStatusStore? statusStore, string consentId, DateTimeOffset? statusTime, CancellationToken cancellationToken)
    {
        if (statusStore is null)
        {
            return default;
        }

        // In-memory stores answer at once: no state machine then.
        var pending = statusStore.GetAsync(consentId, cancellationToken);
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
            return new SelfDataError(ConsentErrorCodes.ConsentWithdrawn, $"The consent '{UntrustedText.Escape(consentId)}' was withdrawn at {Rfc3339.Format(change.ChangedAt)}.");
        }

        if (change.Status == ConsentStatus.Disabled && (statusTime is null || change.ChangedAt > statusTime))
        {
            return new SelfDataError(ConsentErrorCodes.ConsentDisabled, $"The consent '{UntrustedText.Escape(consentId)}' was disabled at {Rfc3339.Format(change.ChangedAt)}.");
        }

        return null;
    }

    public static bool LooksLikeJws(ReadOnlySpan<byte> payload)
    {
        var trimmed = payload.Trim((byte)' ').Trim((byte)'"');
        return trimmed.Length > 4 && trimmed[0] == (byte)'e' && trimmed[1] == (byte)'y' && trimmed.Count((byte)'.') is 2 or 4;
    }

    /// <summary>Determines whether a payload has a claim that only OAuth tokens, records or receipts carry.</summary>
    public static bool HasForeignClaims(JsonElement payload)
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

/// <summary>One verified signature: its key id, algorithm, and the flag the resolver gave its key (such as "this service's own key").</summary>
internal readonly record struct SignedBy(string KeyId, string Algorithm, bool Flag);
