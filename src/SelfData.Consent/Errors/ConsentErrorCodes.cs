namespace SelfData.Consent;

/// <summary>
/// The stable codes of the consent (<c>SD1xxx</c>) failures reported by SelfData.Consent.
/// Each code is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
public static class ConsentErrorCodes
{
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

    /// <summary>A DPoP-bound access token (or any token, when DPoP is required) came without a DPoP proof.</summary>
    public const string DPoPProofMissing = "SD1130";

    /// <summary>A DPoP proof is not a compact JWS with <c>typ</c> <c>dpop+jwt</c> and the claims RFC 9449 §4.2 requires.</summary>
    public const string DPoPProofMalformed = "SD1131";

    /// <summary>A DPoP proof is signed with an algorithm that is not an allowed asymmetric algorithm.</summary>
    public const string DPoPAlgorithmNotAllowed = "SD1132";

    /// <summary>A DPoP proof's <c>jwk</c> header is missing, invalid, or holds private key members.</summary>
    public const string DPoPKeyInvalid = "SD1133";

    /// <summary>A DPoP proof's signature does not verify with the key in its own <c>jwk</c> header.</summary>
    public const string DPoPSignatureInvalid = "SD1134";

    /// <summary>A DPoP proof's <c>htm</c> is not the request's method.</summary>
    public const string DPoPMethodMismatch = "SD1135";

    /// <summary>A DPoP proof's <c>htu</c> is not the request's URI (scheme, host, port and path).</summary>
    public const string DPoPUrlMismatch = "SD1136";

    /// <summary>A DPoP proof's <c>iat</c> is outside the accepted window.</summary>
    public const string DPoPProofStale = "SD1137";

    /// <summary>A DPoP proof's <c>ath</c> is missing or is not the hash of the access token presented with it.</summary>
    public const string DPoPAccessTokenHashMismatch = "SD1138";

    /// <summary>A DPoP proof lacks the nonce the server requires, or carries another one.</summary>
    public const string DPoPNonceMismatch = "SD1139";

    /// <summary>The DPoP proof's key is not the key the access token is bound to (<c>cnf.jkt</c>).</summary>
    public const string DPoPKeyNotBound = "SD1140";

    /// <summary>A DPoP proof came with an access token that is not DPoP-bound.</summary>
    public const string DPoPTokenNotBound = "SD1141";

    /// <summary>A DPoP proof was already used (its <c>jti</c> is in the replay store).</summary>
    public const string DPoPProofReplayed = "SD1142";
}
