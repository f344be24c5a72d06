using SelfData.Core;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>
/// One test per row of the attack table (consent-standards §5, RFC 8725). Each attack is rejected with its own code.
/// OAuth tokens come from <see cref="AccessTokenBuilder"/>, MyData records from <see cref="MyDataScenario"/>.
/// </summary>
public class AttackCatalogueTests : ConsentTestBase
{
    private static readonly SigningKey Attacker = TestKeys.Ecdsa("attacker");
    private static readonly SigningKey AttackerRsa = TestKeys.Rsa("attacker-rsa");

    private string Header(string alg, string? kid = null, string extra = "") =>
        $"{{\"alg\":\"{alg}\",\"typ\":\"at+jwt\",\"kid\":\"{kid ?? OAuth.Key.KeyId}\"{extra}}}";

    private async Task<string?> OAuthCode(string token, ConsentTokenValidatorOptions? options = null, ITokenReplayStore? replay = null)
    {
        var result = await Validator(options ?? OAuthOptions(), replayStore: replay).ValidateAccessTokenAsync(token, OAuthRequest());
        return result.ErrorCode;
    }

    [Fact]
    public async Task A01_alg_none_is_rejected()
    {
        var token = B64(Header("none")) + "." + B64(OAuth.Claims().ToJsonString()) + ".";
        Assert.Equal(JoseErrorCodes.UnsecuredJws, await OAuthCode(token));
    }

    [Fact]
    public async Task A02_hs256_signed_with_the_rsa_public_key_is_rejected()
    {
        // The verifier's RSA public key, as an attacker would fetch it, used as the HMAC secret.
        var secret = Encoding.UTF8.GetBytes(OAuth.Key.ToPublicJwk());
        using var forged = SigningKey.FromSymmetricKey(OAuth.Key.KeyId, secret, JwsAlgorithms.HS256);
        var token = RawToken(Header("HS256"), OAuth.Claims(), forged);
        var options = OAuthOptions();
        options.AllowedAlgorithms.Add(JwsAlgorithms.HS256);
        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, await OAuthCode(token, options));
    }

    [Fact]
    public void A03_weak_hmac_secrets_are_refused_as_keys()
    {
        var error = Assert.Throws<SelfDataArgumentException>(() => VerificationKey.FromSymmetricKey("hmac", new byte[16]));
        Assert.Equal(JoseErrorCodes.WeakKey, error.Code);
        var jwk = VerificationKey.FromJwk($"{{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"{B64(new byte[31])}\"}}");
        Assert.Equal(JoseErrorCodes.WeakKey, jwk.Error!.Code);
    }

    [Fact]
    public async Task A04_kid_injection_never_selects_another_key()
    {
        // Correctly signed by the issuer's key, but the kid is a path: no key is tried beyond the exact kid.
        var token = RawToken(Header("RS256", "../../../../dev/null"), OAuth.Claims(), OAuth.Key);
        Assert.Equal(JoseErrorCodes.KeyNotFound, await OAuthCode(token));
    }

    [Fact]
    public async Task A05_jku_and_x5u_are_never_followed()
    {
        var token = RawToken(Header("ES256", "attacker", ",\"jku\":\"https://attacker.example/jwks.json\""), OAuth.Claims(), Attacker);
        Assert.Equal(JoseErrorCodes.HeaderKeyUrlIgnored, await OAuthCode(token));
        var x5u = RawToken(Header("RS256", OAuth.Key.KeyId, ",\"x5u\":\"https://attacker.example/cert.pem\""), OAuth.Claims(), AttackerRsa);
        Assert.Equal(JoseErrorCodes.HeaderKeyUrlIgnored, await OAuthCode(x5u));
    }

    [Fact]
    public async Task A06_embedded_jwk_and_x5c_are_never_used()
    {
        var jwk = AttackerRsa.ToPublicJwk();
        var token = RawToken(Header("RS256", OAuth.Key.KeyId, ",\"jwk\":" + jwk), OAuth.Claims(), AttackerRsa);
        Assert.Equal(JoseErrorCodes.HeaderEmbeddedKeyIgnored, await OAuthCode(token));
        var x5c = RawToken(Header("ES256", "attacker", ",\"x5c\":[\"MIIB\"]"), OAuth.Claims(), Attacker);
        Assert.Equal(JoseErrorCodes.HeaderEmbeddedKeyIgnored, await OAuthCode(x5c));
    }

    [Fact]
    public async Task A07_crit_extensions_that_are_not_understood_are_rejected()
    {
        var token = RawToken(Header("RS256", extra: ",\"crit\":[\"urn:example:policy\"],\"urn:example:policy\":true"), OAuth.Claims(), OAuth.Key);
        Assert.Equal(JoseErrorCodes.CriticalHeaderUnsupported, await OAuthCode(token));
        var registered = RawToken(Header("RS256", extra: ",\"crit\":[\"exp\"]"), OAuth.Claims(), OAuth.Key);
        Assert.Equal(JoseErrorCodes.CriticalHeaderInvalid, await OAuthCode(registered));
    }

    [Fact]
    public async Task A08_expiry_beyond_the_skew_is_rejected_but_within_it_accepted()
    {
        OAuth.Lifetime = TimeSpan.FromMinutes(5);
        var token = OAuth.Mint();
        Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(59));
        Assert.Null(await OAuthCode(token));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ConsentErrorCodes.TokenExpired, await OAuthCode(token));
    }

    [Fact]
    public async Task A09_not_before_in_the_future_is_rejected()
    {
        var token = OAuth.Mint(c => c["nbf"] = Start.AddHours(1).ToUnixTimeSeconds());
        Assert.Equal(ConsentErrorCodes.TokenNotYetValid, await OAuthCode(token));
    }

    [Fact]
    public async Task A10_issued_at_in_the_future_is_rejected()
    {
        var token = OAuth.Mint(c =>
        {
            c.Remove("nbf");
            c["iat"] = Start.AddMinutes(10).ToUnixTimeSeconds();
        });
        Assert.Equal(ConsentErrorCodes.IssuedInFuture, await OAuthCode(token));
    }

    [Fact]
    public async Task A11_excessive_lifetime_is_rejected()
    {
        OAuth.Lifetime = TimeSpan.FromDays(30);
        Assert.Equal(ConsentErrorCodes.LifetimeTooLong, await OAuthCode(OAuth.Mint()));
    }

    [Fact]
    public async Task A12_missing_expiry_is_rejected()
    {
        Assert.Equal(ConsentErrorCodes.ExpirationMissing, await OAuthCode(OAuth.Mint(c => c.Remove("exp"))));
    }

    [Fact]
    public async Task A13_audience_substitution_is_rejected()
    {
        var token = OAuth.Mint(c => c["aud"] = "https://other-holder.example/api/export");
        Assert.Equal(ConsentErrorCodes.AudienceMismatch, await OAuthCode(token));
    }

    [Fact]
    public async Task A14_a_key_of_another_issuer_does_not_verify_this_issuer()
    {
        var other = new AccessTokenBuilder(Clock, TestKeys.Ecdsa("other-as")) { Issuer = "https://other-as.example" };
        var options = OAuthOptions();
        options.AccessTokenIssuers.Add(other.ToTrustedIssuer());

        // Claims iss = our issuer, signed with the other issuer's (trusted) key.
        var token = RawToken(Header("ES256", "other-as"), OAuth.Claims(), other.Key);
        Assert.Equal(ConsentErrorCodes.IssuerKeyMismatch, await OAuthCode(token, options));
    }

    [Fact]
    public async Task A15_replayed_jti_is_rejected()
    {
        var options = OAuthOptions();
        options.RejectReplayedTokens = true;
        var replay = new InMemoryTokenReplayStore(Clock);
        var token = OAuth.Mint();
        Assert.Null(await OAuthCode(token, options, replay));
        Assert.Equal(ConsentErrorCodes.TokenReplayed, await OAuthCode(token, options, replay));
    }

    [Fact]
    public async Task A16_oversized_token_is_rejected_before_parsing()
    {
        var token = OAuth.Mint(c => c["padding"] = new string('x', 20_000));
        Assert.Equal(JoseErrorCodes.TokenTooLarge, await OAuthCode(token));
    }

    [Fact]
    public async Task A17_nested_token_is_rejected()
    {
        var token = RawToken(Header("RS256", extra: ",\"cty\":\"JWT\""), OAuth.Claims(), OAuth.Key);
        Assert.Equal(JoseErrorCodes.NestedToken, await OAuthCode(token));
        var inner = OAuth.Mint();
        var wrapped = HostileJws.SignCompact(Encoding.UTF8.GetBytes(Header("RS256")), Encoding.UTF8.GetBytes(inner), OAuth.Key);
        Assert.Equal(JoseErrorCodes.NestedToken, await OAuthCode(wrapped));
    }

    [Fact]
    public async Task A18_all_zero_ecdsa_signature_is_rejected()
    {
        var (options, builder) = EcdsaIssuer();
        var token = builder.Mint();
        var zero = token[..(token.LastIndexOf('.') + 1)] + B64(new byte[64]);
        Assert.Equal(JoseErrorCodes.EcdsaSignatureZero, await OAuthCode(zero, options));
    }

    [Fact]
    public async Task A19_der_encoded_ecdsa_signature_is_rejected()
    {
        var (options, builder) = EcdsaIssuer();
        var token = builder.Mint();
        var raw = Convert.FromBase64String(Pad(token[(token.LastIndexOf('.') + 1)..]));
        var der = ToDer(raw);
        var derToken = token[..(token.LastIndexOf('.') + 1)] + B64(der);
        Assert.Equal(JoseErrorCodes.EcdsaSignatureNotRaw, await OAuthCode(derToken, options));
        Assert.Null(await OAuthCode(token, options));
    }

    [Fact]
    public async Task A20_cross_token_confusion_is_rejected_both_ways()
    {
        // A MyData operator token (no typ) presented as an OAuth access token.
        var myDataToken = MyData.MintAuthorizationToken();
        var options = OAuthOptions();
        options.AccessTokenIssuers.Add(new TrustedIssuer(MyData.OperatorId, KeySource.FromKeys(MyData.TokenIssuerKey.VerificationKey)));
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, await OAuthCode(myDataToken, options));

        // The same MyData token with typ JWT (accepted for access tokens) still carries cr_id: refused.
        var typed = MyData.MintAuthorizationToken(header: new JwsHeaderOptions { Type = "JWT" });
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, await OAuthCode(typed, options));

        // An RFC 9068 access token signed by the operator's token key presented as a MyData token.
        var request = MyDataRequest();
        var atJwt = MyData.MintAuthorizationToken(header: new JwsHeaderOptions { Type = "at+jwt" });
        var presentation = MyData.MintPresentation(request);
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(
            new MyDataPresentation { ServiceLinkRecord = presentation.ServiceLinkRecord, ConsentRecord = presentation.ConsentRecord, StatusRecords = presentation.StatusRecords, AuthorizationToken = atJwt, ProofOfPossession = MyData.MintProofOfPossession(atJwt, request) },
            request);
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, result.ErrorCode);
    }

    [Fact]
    public async Task A21_duplicate_member_names_are_rejected()
    {
        var header = "{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + OAuth.Key.KeyId + "\"}";
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, await OAuthCode(RawToken(header, OAuth.Claims(), OAuth.Key)));
        var claims = OAuth.Claims().ToJsonString();
        var duplicated = claims[..^1] + ",\"aud\":\"https://evil.example\"}";
        var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes(Header("RS256")), Encoding.UTF8.GetBytes(duplicated), OAuth.Key);
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, await OAuthCode(token));
    }

    [Fact]
    public async Task A21_duplicate_member_names_are_rejected_when_escaped_nested_or_in_wide_objects()
    {
        var escapedHeader = "{\"alg\":\"RS256\",\"\\u0061lg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + OAuth.Key.KeyId + "\"}";
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, await OAuthCode(RawToken(escapedHeader, OAuth.Claims(), OAuth.Key)));
        var claims = OAuth.Claims().ToJsonString()[..^1];
        var wide = string.Concat(Enumerable.Range(0, 40).Select(i => $",\"m{i}\":{i}"));
        string[] payloads =
        [
            claims + ",\"\\u0061ud\":\"https://evil.example\"}",
            claims + ",\"extra\":{\"a\":1,\"a\":2}}",
            claims + ",\"extra\":[1,{\"a\":1,\"\\u0061\":2}]}",
            claims + wide + ",\"m0\":1}",
            claims + ",\"extra\":{\"x\":0" + wide + ",\"m39\":1}}",
        ];
        foreach (var payload in payloads)
        {
            var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes(Header("RS256")), Encoding.UTF8.GetBytes(payload), OAuth.Key);
            Assert.Equal(JoseErrorCodes.DuplicateJsonMember, await OAuthCode(token));
        }

        // Distinct names, escaped or many, still validate.
        var distinct = claims + wide + ",\"\\u0078tra\":{\"a\":1,\"\\u0062\":2}}";
        var valid = HostileJws.SignCompact(Encoding.UTF8.GetBytes(Header("RS256")), Encoding.UTF8.GetBytes(distinct), OAuth.Key);
        Assert.Null(await OAuthCode(valid));
    }

    [Fact]
    public async Task A22_excessive_nesting_is_rejected()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        var claims = OAuth.Claims().ToJsonString()[..^1] + ",\"deep\":" + deep + "}";
        var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes(Header("RS256")), Encoding.UTF8.GetBytes(claims), OAuth.Key);
        Assert.Equal(JoseErrorCodes.JsonTooDeep, await OAuthCode(token));
    }

    [Fact]
    public async Task A23_alg_only_in_the_unprotected_header_is_rejected()
    {
        // A consent record in the flattened JSON serialization whose alg is not integrity-protected.
        var payload = B64(MyData.ConsentRecordPayload().ToJsonString());
        var signature = MyData.AccountOwnerKey.Sign(Encoding.ASCII.GetBytes("." + payload));
        var record = $"{{\"payload\":\"{payload}\",\"header\":{{\"alg\":\"ES256\",\"kid\":\"{MyData.AccountOwnerKey.KeyId}\"}},\"signature\":\"{B64(signature)}\"}}";
        var result = await Validator(MyDataOptions()).ValidateMyDataRecordsAsync(new MyDataPresentation
        {
            ServiceLinkRecord = MyData.MintServiceLinkRecord(),
            ConsentRecord = record,
            StatusRecords = MyData.MintStatusChain(),
        });
        Assert.Equal(JoseErrorCodes.AlgorithmNotProtected, result.ErrorCode);
    }

    [Fact]
    public async Task A24_withdrawn_consent_is_rejected()
    {
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, await MyDataCode(ConsentStatus.Active, ConsentStatus.Withdrawn));
    }

    [Fact]
    public async Task A25_disabled_consent_is_rejected()
    {
        Assert.Equal(ConsentErrorCodes.ConsentDisabled, await MyDataCode(ConsentStatus.Active, ConsentStatus.Disabled));
    }

    [Fact]
    public async Task A26_broken_status_chain_is_rejected()
    {
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var first = MyData.MintStatusRecord("csr-1", ConsentStatus.Active, null, Start.ToUnixTimeSeconds() - 10);
        var gap = MyData.MintStatusRecord("csr-3", ConsentStatus.Active, "csr-2", Start.ToUnixTimeSeconds() - 5);
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(With(presentation, [first, gap]), request);
        Assert.Equal(ConsentErrorCodes.StatusChainBroken, result.ErrorCode);
    }

    [Fact]
    public async Task A27_withdrawal_recorded_in_the_store_wins_over_an_unexpired_token_and_an_older_active_chain()
    {
        var store = new InMemoryConsentStatusStore();
        await store.RecordAsync(new ConsentStatusChange(MyData.ConsentId, ConsentStatus.Withdrawn, Start.AddMinutes(-1)));
        var request = MyDataRequest();
        var result = await Validator(MyDataOptions(), store).ValidateMyDataRequestAsync(MyData.MintPresentation(request), request);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, result.ErrorCode);
    }

    private async Task<string?> MyDataCode(params ConsentStatus[] statuses)
    {
        var request = MyDataRequest();
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(MyData.MintPresentation(request, statuses), request);
        return result.ErrorCode;
    }

    private static MyDataPresentation With(MyDataPresentation p, IReadOnlyList<string> statusRecords) => new()
    {
        ServiceLinkRecord = p.ServiceLinkRecord,
        ConsentRecord = p.ConsentRecord,
        StatusRecords = statusRecords,
        AuthorizationToken = p.AuthorizationToken,
        ProofOfPossession = p.ProofOfPossession,
    };

    private (ConsentTokenValidatorOptions Options, AccessTokenBuilder Builder) EcdsaIssuer()
    {
        var builder = new AccessTokenBuilder(Clock, TestKeys.Ecdsa("as-es256")) { Issuer = "https://es.example" };
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        options.Audiences.Add(builder.Audience);
        return (options, builder);
    }

    private static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }

    private static byte[] ToDer(byte[] raw)
    {
        static byte[] Integer(ReadOnlySpan<byte> value)
        {
            var trimmed = value.TrimStart((byte)0).ToArray();
            return (trimmed.Length > 0 && trimmed[0] >= 0x80 ? [0, .. trimmed] : trimmed.Length == 0 ? [0] : trimmed);
        }

        var r = Integer(raw.AsSpan(0, raw.Length / 2));
        var s = Integer(raw.AsSpan(raw.Length / 2));
        return [0x30, (byte)(r.Length + s.Length + 4), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
    }
}
