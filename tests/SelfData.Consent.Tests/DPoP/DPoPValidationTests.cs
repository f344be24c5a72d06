using System.Text.Json.Nodes;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Consent.Tests;

public class DPoPValidationTests : ConsentTestBase
{
    private readonly DPoPProofBuilder _client;

    public DPoPValidationTests()
    {
        _client = new DPoPProofBuilder(Clock) { Method = "POST", Url = new Uri("https://holder.example/api/export") };
        OAuth.DPoPKeyThumbprint = _client.Thumbprint;
    }

    private static ExportRequest Post(string url = "https://holder.example/api/export?from=2024-01-01") =>
        new(new Uri(url), [LoadCurve]) { Method = "POST" };

    private async Task<ConsentValidationResult> Validate(string token, string? proof, ExportRequest? request = null, ConsentTokenValidatorOptions? options = null, ITokenReplayStore? replay = null, string? nonce = null) =>
        await Validator(options ?? OAuthOptions(), replayStore: replay).ValidateAccessTokenAsync(token, request ?? Post(), proof is null ? null : new DPoPProof(proof) { ExpectedNonce = nonce });

    [Fact]
    public void Thumbprints_follow_rfc_7638()
    {
        // RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint.
        const string Jwk = """
            {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}
            """;
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", VerificationKey.FromJwk(Jwk).Value.ComputeThumbprint());
    }

    [Fact]
    public async Task A_bound_token_with_its_proof_validates_and_records_the_key()
    {
        var token = OAuth.Mint();
        var result = await Validate(token, _client.Mint(token));
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(_client.Thumbprint, result.Consent!.DPoPKeyThumbprint);
    }

    [Fact]
    public async Task A_bound_token_without_a_proof_and_a_proof_with_an_unbound_token_are_refused()
    {
        var bound = OAuth.Mint();
        Assert.Equal(ConsentErrorCodes.DPoPProofMissing, (await Validate(bound, null)).ErrorCode);

        OAuth.DPoPKeyThumbprint = null;
        var bearer = OAuth.Mint();
        Assert.True((await Validate(bearer, null)).IsValid);
        Assert.Equal(ConsentErrorCodes.DPoPTokenNotBound, (await Validate(bearer, _client.Mint(bearer))).ErrorCode);

        var requiring = OAuthOptions();
        requiring.RequireDPoP = true;
        Assert.Equal(ConsentErrorCodes.DPoPProofMissing, (await Validate(bearer, null, options: requiring)).ErrorCode);
    }

    [Fact]
    public async Task The_proof_must_match_the_request_and_the_token()
    {
        var token = OAuth.Mint();
        Assert.Equal(ConsentErrorCodes.DPoPMethodMismatch, (await Validate(token, _client.Mint(token, c => c["htm"] = "GET"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPUrlMismatch, (await Validate(token, _client.Mint(token, c => c["htu"] = "https://holder.example/api/other"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPUrlMismatch, (await Validate(token, _client.Mint(token, c => c["htu"] = "https://evil.example/api/export"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPAccessTokenHashMismatch, (await Validate(token, _client.Mint(OAuth.Mint()))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPAccessTokenHashMismatch, (await Validate(token, _client.Mint(null))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPProofMalformed, (await Validate(token, _client.Mint(token, c => c.Remove("jti")))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPProofStale, (await Validate(token, _client.Mint(token, c => c["iat"] = Clock.GetUtcNow().AddMinutes(-30).ToUnixTimeSeconds()))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPProofStale, (await Validate(token, _client.Mint(token, c => c["iat"] = Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds()))).ErrorCode);
    }

    [Fact]
    public async Task Scheme_host_case_default_port_query_and_fragment_do_not_change_the_uri()
    {
        var token = OAuth.Mint();
        var proof = _client.Mint(token, c => c["htu"] = "HTTPS://Holder.Example:443/api/export#frag");
        Assert.True((await Validate(token, proof, Post("https://holder.example/api/export?page=2"))).IsValid);
        Assert.Equal(ConsentErrorCodes.DPoPUrlMismatch, (await Validate(token, _client.Mint(token, c => c["htu"] = "https://holder.example:8443/api/export"))).ErrorCode);
    }

    [Fact]
    public async Task At_a_status_url_the_proof_names_that_url_while_audience_and_locations_stay_the_export_endpoint()
    {
        var token = OAuth.Mint();
        var status = new ExportRequest(new Uri("https://holder.example/api/export"), [LoadCurve])
        {
            Method = "GET",
            RequestUri = new Uri("https://holder.example/api/export/jobs/42?x=1"),
        };
        Assert.True((await Validate(token, _client.Mint(token, c => { c["htm"] = "GET"; c["htu"] = "https://holder.example/api/export/jobs/42"; }), status)).IsValid);
        Assert.Equal(ConsentErrorCodes.DPoPUrlMismatch, (await Validate(token, _client.Mint(token, c => { c["htm"] = "GET"; c["htu"] = "https://holder.example/api/export"; }), status)).ErrorCode);
        Assert.Throws<ArgumentException>(() => new ExportRequest(new Uri("https://holder.example/api/export"), [LoadCurve]) { RequestUri = new Uri("/relative", UriKind.Relative) });
    }

    [Fact]
    public async Task The_proof_key_must_be_the_bound_key_public_and_asymmetric()
    {
        var token = OAuth.Mint();
        var other = new DPoPProofBuilder(Clock) { Method = "POST", Url = _client.Url };
        Assert.Equal(ConsentErrorCodes.DPoPKeyNotBound, (await Validate(token, other.Mint(token))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPProofMalformed, (await Validate(token, _client.Mint(token, header: h => h["typ"] = "JWT"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPKeyInvalid, (await Validate(token, _client.Mint(token, header: h => h.Remove("jwk")))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPKeyInvalid, (await Validate(token, _client.Mint(token, header: h => h["jwk"]!["d"] = "AAAA"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.DPoPAlgorithmNotAllowed, (await Validate(token, _client.Mint(token, header: h => h["alg"] = "HS256"))).ErrorCode);

        // A proof signed by one key but carrying another public key does not verify.
        Assert.Equal(ConsentErrorCodes.DPoPSignatureInvalid, (await Validate(token, _client.Mint(token, header: h => h["jwk"] = JsonNode.Parse(other.Key.ToPublicJwk())))).ErrorCode);
        using var hmac = SigningKey.FromSymmetricKey("k", new byte[32]);
        var symmetric = new DPoPProofBuilder(Clock, hmac) { Method = "POST", Url = _client.Url };
        Assert.NotNull((await Validate(token, symmetric.Mint(token, header: h => h["jwk"] = JsonNode.Parse("{\"kty\":\"oct\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")))).ErrorCode);
    }

    [Fact]
    public async Task A_malformed_binding_is_refused_not_ignored()
    {
        OAuth.DPoPKeyThumbprint = null;
        Assert.Equal(ConsentErrorCodes.InvalidClaim, (await Validate(OAuth.Mint(c => c["cnf"] = new JsonObject { ["jkt"] = "x" }), null)).ErrorCode);
        Assert.Equal(ConsentErrorCodes.InvalidClaim, (await Validate(OAuth.Mint(c => c["cnf"] = "bound"), null)).ErrorCode);
    }

    [Fact]
    public async Task Client_keys_are_kept_only_once_bound_to_a_verified_token()
    {
        var validator = Validator(OAuthOptions());
        var token = OAuth.Mint();
        for (var i = 0; i < 50; i++)
        {
            var stranger = new DPoPProofBuilder(Clock) { Method = "POST", Url = _client.Url };
            Assert.Equal(ConsentErrorCodes.DPoPKeyNotBound, (await validator.ValidateAccessTokenAsync(token, Post(), new DPoPProof(stranger.Mint(token)))).ErrorCode);
        }

        Assert.Equal(0, validator.AccessTokens.CachedDPoPKeyCount);
        Assert.True((await validator.ValidateAccessTokenAsync(token, Post(), new DPoPProof(_client.Mint(token)))).IsValid);
        Assert.Equal(1, validator.AccessTokens.CachedDPoPKeyCount);
        Assert.True((await validator.ValidateAccessTokenAsync(token, Post(), new DPoPProof(_client.Mint(token)))).IsValid);
        Assert.Equal(1, validator.AccessTokens.CachedDPoPKeyCount);
    }

    [Fact]
    public async Task The_server_nonce_is_required_when_issued()
    {
        var token = OAuth.Mint();
        Assert.Equal(ConsentErrorCodes.DPoPNonceMismatch, (await Validate(token, _client.Mint(token), nonce: "n-1")).ErrorCode);
        _client.Nonce = "n-0";
        Assert.Equal(ConsentErrorCodes.DPoPNonceMismatch, (await Validate(token, _client.Mint(token), nonce: "n-1")).ErrorCode);
        _client.Nonce = "n-1";
        Assert.True((await Validate(token, _client.Mint(token), nonce: "n-1")).IsValid);
    }

    [Fact]
    public async Task A_proof_is_spent_only_by_an_accepted_request()
    {
        var replay = new InMemoryTokenReplayStore(Clock);
        var validator = Validator(OAuthOptions(), replayStore: replay);
        var token = OAuth.Mint();
        var proof = new DPoPProof(_client.Mint(token));
        var tooMuch = new ExportRequest(Post().Endpoint, [LoadCurve, Contract]) { Method = "POST" };
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, (await validator.ValidateAccessTokenAsync(token, tooMuch, proof)).ErrorCode);
        Assert.True((await validator.ValidateAccessTokenAsync(token, Post(), proof)).IsValid);
        Assert.Equal(ConsentErrorCodes.DPoPProofReplayed, (await validator.ValidateAccessTokenAsync(token, Post(), proof)).ErrorCode);
    }
}
