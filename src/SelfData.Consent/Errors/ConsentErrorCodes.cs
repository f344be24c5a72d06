namespace SelfData.Consent;

/// <summary>
/// The stable codes of the consent (<c>SD1xxx</c>) failures reported by SelfData.Consent.
/// Each code is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
public static class ConsentErrorCodes
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

    /// <summary>A key source (JWKS file or URL) could not be read.</summary>
    public const string KeySourceUnavailable = "SD1039";

    /// <summary>A token has no <c>exp</c> claim.</summary>
    public const string ExpirationMissing = "SD1050";

    /// <summary>A token expired longer ago than the clock skew.</summary>
    public const string TokenExpired = "SD1051";

    /// <summary>A token's <c>nbf</c> is later than now plus the clock skew.</summary>
    public const string TokenNotYetValid = "SD1052";

    /// <summary>A token's <c>iat</c> is later than now plus the clock skew.</summary>
    public const string IssuedInFuture = "SD1053";

    /// <summary>A token lives longer than the configured maximum lifetime.</summary>
    public const string LifetimeTooLong = "SD1054";

    /// <summary>A claim has the wrong JSON type or an impossible value.</summary>
    public const string InvalidClaim = "SD1055";

    /// <summary>A token has no <c>aud</c> claim.</summary>
    public const string AudienceMissing = "SD1056";

    /// <summary>No audience of a token matches the export endpoint or a configured audience.</summary>
    public const string AudienceMismatch = "SD1057";

    /// <summary>A token has no <c>iss</c> claim.</summary>
    public const string IssuerMissing = "SD1058";

    /// <summary>A token's issuer is not a trusted issuer.</summary>
    public const string IssuerUnknown = "SD1059";

    /// <summary>A token is signed by a key that belongs to another issuer than its <c>iss</c>.</summary>
    public const string IssuerKeyMismatch = "SD1060";

    /// <summary>A token's <c>jti</c> was already seen.</summary>
    public const string TokenReplayed = "SD1061";

    /// <summary>A token has no <c>jti</c> although replay detection is on.</summary>
    public const string TokenIdMissing = "SD1062";

    /// <summary>A token's <c>typ</c> or claims belong to another kind of token (cross-token confusion).</summary>
    public const string TokenTypeMismatch = "SD1063";

    /// <summary>An access token has no <c>sub</c> claim.</summary>
    public const string SubjectMissing = "SD1064";

    /// <summary>A token names no consent (no <c>cr_id</c>, consent id or grant id).</summary>
    public const string ConsentIdMissing = "SD1065";

    /// <summary>A MyData record lacks a mandatory field or has one of the wrong type.</summary>
    public const string RecordMalformed = "SD1070";

    /// <summary>A MyData record's <c>version</c> is not 1.2, 1.2.1, 1.3 or 2.0.</summary>
    public const string RecordVersionUnsupported = "SD1071";

    /// <summary>A service link record lacks the signature of the service or of the account owner.</summary>
    public const string ServiceLinkSignatureMissing = "SD1072";

    /// <summary>MyData records do not refer to each other (link id, surrogate id or consent id differ).</summary>
    public const string RecordLinkMismatch = "SD1073";

    /// <summary>A consent record's <c>exp</c> has passed.</summary>
    public const string ConsentRecordExpired = "SD1074";

    /// <summary>A consent record's <c>nbf</c> has not been reached.</summary>
    public const string ConsentRecordNotYetValid = "SD1075";

    /// <summary>A consent record was issued to a Sink, not to a Source.</summary>
    public const string ConsentRecordNotSource = "SD1076";

    /// <summary>No consent status record was supplied.</summary>
    public const string StatusRecordsMissing = "SD1077";

    /// <summary>The <c>prev_record_id</c> chain of consent status records is broken, reordered or rolled back.</summary>
    public const string StatusChainBroken = "SD1078";

    /// <summary>The consent was withdrawn.</summary>
    public const string ConsentWithdrawn = "SD1079";

    /// <summary>The consent is disabled.</summary>
    public const string ConsentDisabled = "SD1080";

    /// <summary>A token refers to another consent record than the one presented.</summary>
    public const string TokenConsentMismatch = "SD1081";

    /// <summary>A token names its consent with the reference implementation's <c>pi_id</c>, which is off by default.</summary>
    public const string ConsentIdAliasNotAccepted = "SD1082";

    /// <summary>A MyData request carries no <c>PoP</c> authorization although proof of possession is required.</summary>
    public const string ProofOfPossessionMissing = "SD1083";

    /// <summary>A <c>PoP</c> authorization is malformed.</summary>
    public const string ProofOfPossessionMalformed = "SD1084";

    /// <summary>A <c>PoP</c> timestamp is outside the freshness window.</summary>
    public const string ProofOfPossessionStale = "SD1085";

    /// <summary>A <c>PoP</c> authorization is for another token, method, path or query.</summary>
    public const string ProofOfPossessionMismatch = "SD1086";

    /// <summary>A token's <c>cnf</c> key is not the consent record's <c>pop_key</c>.</summary>
    public const string ProofKeyMismatch = "SD1087";

    /// <summary>A requested doctype is not granted by the consent.</summary>
    public const string DoctypeNotCovered = "SD1090";

    /// <summary>The requested time window is not inside the granted one.</summary>
    public const string PeriodNotCovered = "SD1091";

    /// <summary>The requested purpose is not granted by the consent.</summary>
    public const string PurposeNotCovered = "SD1092";

    /// <summary>The <c>authorization_details</c> claim is malformed.</summary>
    public const string AuthorizationDetailsInvalid = "SD1093";

    /// <summary>The export endpoint is not among the granted <c>locations</c>.</summary>
    public const string LocationNotCovered = "SD1094";

    /// <summary>The granted <c>actions</c> do not include the export.</summary>
    public const string ActionNotCovered = "SD1095";

    /// <summary>The token grants no export: neither an export authorization detail nor a mapped scope.</summary>
    public const string NoExportGrant = "SD1096";

    /// <summary>A consent status store could not be read or written.</summary>
    public const string StatusStoreUnavailable = "SD1100";

    /// <summary>A token replay store could not be read or written.</summary>
    public const string ReplayStoreUnavailable = "SD1101";

    /// <summary>A consent receipt lacks a required field or has a wrong version.</summary>
    public const string ReceiptInvalid = "SD1110";

    /// <summary>Validator options are inconsistent.</summary>
    public const string InvalidOptions = "SD1120";
}
