using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Portability.Archives;

/// <summary>Signs and verifies the detached compact JWS (RFC 7515 appendix F) over an archive manifest's bytes, through SelfData.Jose.</summary>
internal static class ManifestSignature
{
    internal const string MediaType = "application/vnd.selfdata.manifest+json";

    /// <summary>The algorithms an archive may be signed with: publicly verifiable ones only.</summary>
    internal static readonly string[] Algorithms = [JwsAlgorithms.ES256, JwsAlgorithms.PS256, JwsAlgorithms.RS256];

    private static readonly JwsReadOptions ReadOptions = new() { MaxLength = 64 * 1024, MaxDepth = 4 };

    public static string Sign(SigningKey key, ReadOnlySpan<byte> manifest) =>
        Jws.SignCompact(manifest, key, new JwsHeaderOptions { Type = "JOSE", ContentType = MediaType, DetachedPayload = true });

    /// <summary>Verifies; returns <see langword="null"/> on success, else the failure with its <c>SD4xxx</c> code.</summary>
    public static (string Code, string Message)? Verify(string jws, ReadOnlySpan<byte> manifest, VerificationKeySet trustedKeys, IReadOnlyCollection<string> allowedAlgorithms, out string? keyId)
    {
        keyId = null;
        var parsed = JwsMessage.Parse(jws.Trim(), ReadOptions);
        if (!parsed.Success)
        {
            var code = parsed.Error!.Code is JoseErrorCodes.InvalidBase64Url or JoseErrorCodes.DuplicateJsonMember ? ArchiveErrorCodes.SignatureInvalid : ArchiveErrorCodes.SignatureMissing;
            return (code, "manifest.jws is not a valid detached compact JWS: " + parsed.Error.Message);
        }

        var message = parsed.Value;
        if (message.Serialization != JwsSerialization.Compact || !message.IsDetached)
        {
            return (ArchiveErrorCodes.SignatureMissing, "manifest.jws is not a detached compact JWS (header..signature).");
        }

        var signature = message.Signatures[0];
        var verify = new JwsVerifyOptions { AllowedAlgorithms = allowedAlgorithms };
        var headers = JwsMessage.CheckHeaders(signature, verify);
        if (headers is not null)
        {
            return (Map(headers.Code), headers.Message);
        }

        if (signature.ProtectedHeader!.Contains("b64"))
        {
            return (ArchiveErrorCodes.SignatureInvalid, "Unencoded payloads (b64) are not used for manifests.");
        }

        var algorithm = signature.Algorithm!;
        if (!allowedAlgorithms.Contains(algorithm))
        {
            return (ArchiveErrorCodes.AlgorithmNotAllowed, $"Algorithm '{UntrustedText.Escape(algorithm)}' is not allowed; allowed: {string.Join(", ", allowedAlgorithms)}.");
        }

        keyId = signature.KeyId;
        if (string.IsNullOrEmpty(keyId))
        {
            return (ArchiveErrorCodes.UnknownSigningKey, "The signature has no 'kid'.");
        }

        var key = trustedKeys.Find(keyId);
        if (key is null)
        {
            return (ArchiveErrorCodes.UnknownSigningKey, $"No trusted key has kid '{UntrustedText.Escape(keyId)}'.");
        }

        var attached = message.WithDetachedPayload(manifest);
        if (!attached.TryVerify(attached.Signatures[0], key, out var error, verify))
        {
            return (Map(error.Code), error.Message);
        }

        return null;
    }

    private static string Map(string joseCode) => joseCode switch
    {
        JoseErrorCodes.AlgorithmNotAllowed or JoseErrorCodes.AlgorithmKeyMismatch or JoseErrorCodes.UnsupportedAlgorithm
            or JoseErrorCodes.UnsecuredJws or JoseErrorCodes.AlgorithmMissing or JoseErrorCodes.AlgorithmNotProtected => ArchiveErrorCodes.AlgorithmNotAllowed,
        _ => ArchiveErrorCodes.SignatureInvalid,
    };

}
