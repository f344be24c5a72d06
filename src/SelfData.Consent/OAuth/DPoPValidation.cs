using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// Represents the DPoP proof (RFC 9449) sent with an access token in the <c>DPoP</c> header of a request, and the
/// server nonce the proof must carry, if the server issued one.
/// </summary>
public sealed class DPoPProof
{
    /// <summary>Initializes a new instance of the <see cref="DPoPProof"/> class.</summary>
    /// <param name="proof">The proof: a compact JWS with <c>typ</c> <c>dpop+jwt</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is <see langword="null"/>.</exception>
    public DPoPProof(string proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Proof = proof;
    }

    /// <summary>Gets the proof as received.</summary>
    public string Proof { get; }

    /// <summary>Gets the nonce the server gave the client (RFC 9449 §8), which the proof must carry; <see langword="null"/> when the server uses none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ExpectedNonce { get; init; }
}

public sealed partial class AccessTokenValidator
{
    private const int MaxDPoPProofLength = 8 * 1024;
    private static readonly JwsReadOptions DPoPReadOptions = new() { MaxLength = MaxDPoPProofLength, MaxDepth = 4 };

    /// <summary>
    /// Checks a DPoP proof against its access token and request, without recording anything (RFC 9449 §4.3): a compact
    /// JWS with <c>typ</c> <c>dpop+jwt</c>, an allowed asymmetric <c>alg</c>, a public <c>jwk</c> that verifies it,
    /// <c>htm</c> and <c>htu</c> of this request (query and fragment ignored), <c>iat</c> in the window, a <c>jti</c>,
    /// <c>ath</c> the hash of the token, the server nonce when one is expected, and the token bound to that key.
    /// </summary>
    private SelfDataError? CheckDPoP(string token, string? boundThumbprint, DPoPProof? proof, ExportRequest request, out string? proofThumbprint, out string? proofId, out DateTimeOffset proofIssuedAt)
    {
        proofThumbprint = null;
        proofId = null;
        proofIssuedAt = default;
        if (proof is null)
        {
            if (boundThumbprint is not null)
            {
                return new SelfDataError(ConsentErrorCodes.DPoPProofMissing, "The access token is DPoP-bound (cnf.jkt) but came without a DPoP proof; it cannot be used as a Bearer token.");
            }

            return _options.RequireDPoP
                ? new SelfDataError(ConsentErrorCodes.DPoPProofMissing, "This endpoint requires DPoP: the request carries no DPoP proof.")
                : null;
        }

        if (boundThumbprint is null)
        {
            return new SelfDataError(ConsentErrorCodes.DPoPTokenNotBound, "A DPoP proof came with an access token that is not DPoP-bound (no cnf.jkt).", "cnf");
        }

        var parsed = JwsMessage.Parse(proof.Proof, DPoPReadOptions);
        if (!parsed.Success)
        {
            return new SelfDataError(parsed.Error!.Code, "The DPoP proof: " + parsed.Error.Message);
        }

        var message = parsed.Value;
        var signature = message.Signatures[0];
        if (message.Serialization != JwsSerialization.Compact || message.IsDetached)
        {
            return new SelfDataError(ConsentErrorCodes.DPoPProofMalformed, "A DPoP proof is a compact JWS with its payload.");
        }

        var header = signature.ProtectedHeader!;
        if (!string.Equals(header.Type, "dpop+jwt", StringComparison.Ordinal))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPProofMalformed, $"A DPoP proof has typ dpop+jwt, not '{UntrustedText.Escape(header.Type ?? "none")}'.", "typ");
        }

        var algorithm = header.Algorithm;
        if (algorithm is null || !_options.DPoPAlgorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPAlgorithmNotAllowed, $"The DPoP proof's algorithm '{UntrustedText.Escape(algorithm ?? "none")}' is not an allowed asymmetric algorithm.", "alg");
        }

        var headerError = JwsMessage.CheckHeaders(signature, _signatures.VerifyOptions);
        if (headerError is not null)
        {
            return headerError;
        }

        if (!header.Parameters.TryGetProperty("jwk"u8, out var jwk) || jwk.ValueKind != JsonValueKind.Object)
        {
            return new SelfDataError(ConsentErrorCodes.DPoPKeyInvalid, "The DPoP proof has no jwk header with its public key.", "jwk");
        }

        foreach (var member in jwk.EnumerateObject())
        {
            if (member.NameEquals("d"u8) || member.NameEquals("p"u8) || member.NameEquals("q"u8) || member.NameEquals("dp"u8) || member.NameEquals("dq"u8) || member.NameEquals("qi"u8) || member.NameEquals("k"u8) || member.NameEquals("oth"u8))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPKeyInvalid, "The DPoP proof's jwk holds private key material; only a public key may be sent.", "jwk");
            }
        }

        // A client signs its proofs with one key: it is imported once, and kept once a proof signed with it matched a
        // token's binding (cnf.jkt, signed by the authorization server), never before.
        using var keys = _dpopKeys.Open();
        var parsedKey = keys.FromJwk(jwk, "dpop");
        if (!parsedKey.Success)
        {
            return new SelfDataError(ConsentErrorCodes.DPoPKeyInvalid, "The DPoP proof's jwk: " + parsedKey.Error!.Message, "jwk");
        }

        var key = parsedKey.Value;
        if (!key.Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPAlgorithmNotAllowed, $"The DPoP proof's algorithm {algorithm} does not fit its {key.KeyType} key.", "alg");
        }

        // The key in the header is the proof's own: it proves possession only once it is checked against the
        // token's binding (cnf.jkt) below.
        if (!message.TryVerify(signature, key, out _, new JwsVerifyOptions { AllowedAlgorithms = [algorithm] }))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPSignatureInvalid, "The DPoP proof's signature does not verify with the key in its jwk header.");
        }

        if (!message.TryGetJsonPayload(out var payload, out var payloadError))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPProofMalformed, "The DPoP proof's payload: " + payloadError.Message);
        }

        using (payload)
        {
            var claims = payload.RootElement;
            if (!TryString(claims, "jti"u8, out proofId) || proofId.Length == 0 || !TryString(claims, "htm"u8, out var htm) || !TryString(claims, "htu"u8, out var htu)
                || !claims.TryGetProperty("iat"u8, out var iat) || iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var iatSeconds))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPProofMalformed, "A DPoP proof carries jti, htm and htu as strings and iat as a NumericDate (RFC 9449 §4.2).");
            }

            if (!string.Equals(htm, request.Method, StringComparison.Ordinal))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPMethodMismatch, $"The DPoP proof is for the method '{UntrustedText.Escape(htm)}', not {UntrustedText.Escape(request.Method)}.", "htm");
            }

            if (!Uri.TryCreate(htu, UriKind.Absolute, out var proofUri) || !string.Equals(UrlPattern.Normalize(proofUri), request.NormalizedRequestUri, StringComparison.Ordinal))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPUrlMismatch, $"The DPoP proof is for '{UntrustedText.Escape(htu, 256)}', not this endpoint.", "htu");
            }

            if (iatSeconds is < -62135596800 or > 253402300799)
            {
                return new SelfDataError(ConsentErrorCodes.DPoPProofMalformed, "The DPoP proof's iat is out of range.", "iat");
            }

            proofIssuedAt = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
            var now = _time.GetUtcNow();
            if (proofIssuedAt > now + _options.ClockSkew || proofIssuedAt < now - _options.DPoPProofLifetime - _options.ClockSkew)
            {
                return new SelfDataError(ConsentErrorCodes.DPoPProofStale, $"The DPoP proof was issued at {Rfc3339.Format(proofIssuedAt)}, outside the accepted window.", "iat");
            }

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.ASCII.GetBytes(token), hash);
            if (!TryString(claims, "ath"u8, out var ath) || !string.Equals(ath, Base64Url.Encode(hash), StringComparison.Ordinal))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPAccessTokenHashMismatch, "The DPoP proof's ath is missing or is not the hash of this access token.", "ath");
            }

            if (proof.ExpectedNonce is not null && (!TryString(claims, "nonce"u8, out var nonce) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(proof.ExpectedNonce))))
            {
                return new SelfDataError(ConsentErrorCodes.DPoPNonceMismatch, "The DPoP proof does not carry the nonce the server issued.", "nonce");
            }
        }

        proofThumbprint = key.ComputeThumbprint();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(proofThumbprint), Encoding.ASCII.GetBytes(boundThumbprint)))
        {
            return new SelfDataError(ConsentErrorCodes.DPoPKeyNotBound, "The DPoP proof is signed with another key than the one the access token is bound to (cnf.jkt).", "cnf.jkt");
        }

        keys.TrustPending();
        return null;
    }

    private static bool TryString(JsonElement claims, ReadOnlySpan<byte> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = claims.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }
}
