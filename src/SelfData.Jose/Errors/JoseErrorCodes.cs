namespace SelfData.Jose;

/// <summary>
/// The stable codes of the JOSE failures (<c>SD1001</c>–<c>SD1039</c>) reported by SelfData.Jose: reading a JWS,
/// its headers and JSON, and keys. Each code is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
/// <remarks>The codes kept their values when the JOSE layer moved out of SelfData.Consent.</remarks>
public static class JoseErrorCodes
{
    /// <summary>A token or record is longer than the configured maximum.</summary>
    public const string TokenTooLarge = "SD1001";

    /// <summary>A JWS does not have the structure of any of its serializations.</summary>
    public const string MalformedJws = "SD1002";

    /// <summary>A part of a JWS is not canonical unpadded base64url.</summary>
    public const string InvalidBase64Url = "SD1003";

    /// <summary>A header, payload or record is not well-formed UTF-8 JSON.</summary>
    public const string MalformedJson = "SD1004";

    /// <summary>A JSON object names the same member twice.</summary>
    public const string DuplicateJsonMember = "SD1005";

    /// <summary>A JSON document is nested deeper than the configured maximum.</summary>
    public const string JsonTooDeep = "SD1006";

    /// <summary>A token payload is not a JSON object.</summary>
    public const string PayloadNotJsonObject = "SD1007";

    /// <summary>A token is a JWE (five parts); encrypted tokens are not accepted.</summary>
    public const string EncryptedTokenNotSupported = "SD1008";

    /// <summary>A token declares nested content (<c>cty: JWT</c>); nested tokens are not accepted.</summary>
    public const string NestedToken = "SD1009";

    /// <summary>A JWS in general JSON serialization carries more signatures than allowed.</summary>
    public const string TooManySignatures = "SD1010";

    /// <summary>A JWS has detached content and no payload was supplied.</summary>
    public const string PayloadMissing = "SD1011";

    /// <summary>A JWS uses <c>alg: none</c>: it is not signed.</summary>
    public const string UnsecuredJws = "SD1020";

    /// <summary>A JWS header has no <c>alg</c>.</summary>
    public const string AlgorithmMissing = "SD1021";

    /// <summary>The <c>alg</c> of a JWS appears only in its unprotected header.</summary>
    public const string AlgorithmNotProtected = "SD1022";

    /// <summary>The <c>alg</c> of a JWS is not a signature algorithm the SDK implements.</summary>
    public const string UnsupportedAlgorithm = "SD1023";

    /// <summary>The <c>alg</c> of a JWS is for another kind of key than the one its <c>kid</c> names (algorithm confusion).</summary>
    public const string AlgorithmKeyMismatch = "SD1024";

    /// <summary>The <c>alg</c> of a JWS is not allowed for the key that verifies it.</summary>
    public const string AlgorithmNotAllowed = "SD1025";

    /// <summary>A JWS header has no <c>kid</c>.</summary>
    public const string KeyIdMissing = "SD1026";

    /// <summary>A <c>kid</c> is empty, too long, or contains control characters.</summary>
    public const string KeyIdInvalid = "SD1027";

    /// <summary>No trusted key has the <c>kid</c> of a JWS.</summary>
    public const string KeyNotFound = "SD1028";

    /// <summary>A JWS points to its own key by URL (<c>jku</c>, <c>x5u</c>), which is never followed, and no trusted key verifies it.</summary>
    public const string HeaderKeyUrlIgnored = "SD1029";

    /// <summary>A JWS embeds its own key (<c>jwk</c>, <c>x5c</c>), which is never used, and no trusted key verifies it.</summary>
    public const string HeaderEmbeddedKeyIgnored = "SD1030";

    /// <summary>The <c>crit</c> header is malformed: empty, not in the protected header, or naming a registered or absent parameter.</summary>
    public const string CriticalHeaderInvalid = "SD1031";

    /// <summary>The <c>crit</c> header lists an extension the SDK does not understand.</summary>
    public const string CriticalHeaderUnsupported = "SD1032";

    /// <summary>A header parameter appears in both the protected and the unprotected header.</summary>
    public const string HeaderParameterConflict = "SD1033";

    /// <summary>A signature does not verify with the trusted key.</summary>
    public const string SignatureInvalid = "SD1034";

    /// <summary>An ECDSA signature is not the raw <c>R‖S</c> form of the curve's length (for example DER-encoded).</summary>
    public const string EcdsaSignatureNotRaw = "SD1035";

    /// <summary>An ECDSA signature has <c>R</c> or <c>S</c> equal to zero.</summary>
    public const string EcdsaSignatureZero = "SD1036";

    /// <summary>A JSON Web Key is malformed or of an unsupported type or curve.</summary>
    public const string InvalidKey = "SD1037";

    /// <summary>A key is too weak: an HMAC key shorter than 256 bits or than its hash, or an RSA key shorter than 2048 bits.</summary>
    public const string WeakKey = "SD1038";
}
