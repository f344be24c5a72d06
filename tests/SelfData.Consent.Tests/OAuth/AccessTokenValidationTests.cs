using System.Text.Json.Nodes;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

public class AccessTokenValidationTests : ConsentTestBase
{
    private async Task<ConsentValidationResult> Validate(string token, ExportRequest? request = null, ConsentTokenValidatorOptions? options = null, IConsentStatusStore? store = null) =>
        await Validator(options ?? OAuthOptions(), store).ValidateAccessTokenAsync(token, request ?? OAuthRequest());

    [Fact]
    public async Task A_minted_token_validates_and_records_what_was_verified()
    {
        OAuth.Purpose = "energy-advice";
        OAuth.Period = new Interval(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var request = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve])
        {
            Period = new Interval(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero)),
            Purpose = "energy-advice",
        };

        var result = await Validate(OAuth.Mint(), request);

        Assert.True(result.IsValid, result.ToString());
        var consent = result.Consent!;
        Assert.Equal(ConsentTokenKind.OAuthAccessToken, consent.Kind);
        Assert.Equal(OAuth.Issuer, consent.Issuer);
        Assert.Equal(OAuth.Subject, consent.Subject);
        Assert.Equal(OAuth.ConsentId, consent.ConsentId);
        Assert.Equal(OAuth.Key.KeyId, consent.SigningKeyId);
        Assert.Equal(JwsAlgorithms.RS256, consent.Algorithm);
        Assert.Equal(["energy-advice"], consent.Purposes);
        Assert.Equal([LoadCurve], consent.Doctypes);
        Assert.Equal(OAuth.Period, consent.GrantedPeriod);
        Assert.Equal(Start, consent.NotBefore);
        Assert.Equal(Start.AddMinutes(15), consent.NotAfter);
        Assert.NotNull(consent.TokenId);
        Assert.Equal("sink-client", consent.ClientId);
    }

    [Fact]
    public async Task The_client_id_is_reported_when_present_and_must_be_a_string()
    {
        OAuth.ClientId = null;
        var none = await Validate(OAuth.Mint());
        Assert.True(none.IsValid, none.ToString());
        Assert.Null(none.Consent!.ClientId);

        OAuth.ClientId = "platform-7";
        Assert.Equal("platform-7", (await Validate(OAuth.Mint())).Consent!.ClientId);

        var refused = await Validate(OAuth.Mint(c => c["client_id"] = 7));
        Assert.False(refused.IsValid);
        Assert.Equal("client_id", refused.Error!.FieldPath);
    }

    [Theory]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.ES384)]
    public async Task Every_default_algorithm_validates(string algorithm)
    {
        var key = algorithm.StartsWith("ES", StringComparison.Ordinal) ? TestKeys.Ecdsa("as-" + algorithm, algorithm) : TestKeys.Rsa("as-" + algorithm, algorithm);
        var builder = new AccessTokenBuilder(Clock, key);
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        Assert.True((await Validate(builder.Mint(), options: options)).IsValid);
    }

    [Fact]
    public async Task Hmac_needs_explicit_configuration()
    {
        using var key = SigningKey.FromSymmetricKey("as-hs256", new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray());
        var builder = new AccessTokenBuilder(Clock, key);
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        Assert.Equal(JoseErrorCodes.AlgorithmNotAllowed, (await Validate(builder.Mint(), options: options)).ErrorCode);
        options.AllowedAlgorithms.Add(JwsAlgorithms.HS256);
        Assert.True((await Validate(builder.Mint(), options: options)).IsValid);
    }

    [Fact]
    public async Task Typ_must_be_an_access_token_type()
    {
        OAuth.Type = "application/at+jwt";
        Assert.True((await Validate(OAuth.Mint())).IsValid);
        OAuth.Type = "JWT";
        Assert.True((await Validate(OAuth.Mint())).IsValid);
        OAuth.Type = null;
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, (await Validate(OAuth.Mint())).ErrorCode);
        OAuth.Type = "dpop+jwt";
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, (await Validate(OAuth.Mint())).ErrorCode);
    }

    [Fact]
    public async Task Issuer_and_claims_are_required()
    {
        Assert.Equal(ConsentErrorCodes.IssuerMissing, (await Validate(OAuth.Mint(c => c.Remove("iss")))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.IssuerUnknown, (await Validate(OAuth.Mint(c => c["iss"] = "https://unknown.example"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.SubjectMissing, (await Validate(OAuth.Mint(c => c.Remove("sub")))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.InvalidClaim, (await Validate(OAuth.Mint(c => c["exp"] = "tomorrow"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.AudienceMissing, (await Validate(OAuth.Mint(c => c.Remove("aud")))).ErrorCode);
        Assert.True((await Validate(OAuth.Mint(c =>
        {
            c.Remove("consent_id");
            c["grant_id"] = "grant-7";
        }))).IsValid);
    }

    [Fact]
    public async Task Configured_audiences_replace_the_endpoint_match()
    {
        var options = OAuthOptions();
        options.Audiences.Add("holder-api");
        Assert.Equal(ConsentErrorCodes.AudienceMismatch, (await Validate(OAuth.Mint(), options: options)).ErrorCode);
        Assert.True((await Validate(OAuth.Mint(c => c["aud"] = new JsonArray("other", "holder-api")), options: options)).IsValid);
    }

    [Fact]
    public async Task Coverage_failures_name_what_is_missing()
    {
        var gas = new Doctype("fr.example.energy.gas");
        var doctype = await Validate(OAuth.Mint(), OAuthRequest(LoadCurve, gas));
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, doctype.ErrorCode);
        Assert.Equal([gas.Name], doctype.NotCovered);

        OAuth.Period = new Interval(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));
        var outside = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve]) { Period = new Interval(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero)) };
        var period = await Validate(OAuth.Mint(), outside);
        Assert.Equal(ConsentErrorCodes.PeriodNotCovered, period.ErrorCode);
        Assert.Equal(["period"], period.NotCovered);
        Assert.Equal(ConsentErrorCodes.PeriodNotCovered, (await Validate(OAuth.Mint(), OAuthRequest())).ErrorCode);
        OAuth.Period = null;

        OAuth.Purpose = "billing";
        var marketing = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve]) { Purpose = "marketing" };
        Assert.Equal(ConsentErrorCodes.PurposeNotCovered, (await Validate(OAuth.Mint(), marketing)).ErrorCode);
        OAuth.Purpose = null;

        OAuth.Locations = ["https://holder.example/api/other"];
        Assert.Equal(ConsentErrorCodes.LocationNotCovered, (await Validate(OAuth.Mint())).ErrorCode);
        OAuth.Locations = [];

        OAuth.Actions.Clear();
        OAuth.Actions.Add("read");
        Assert.Equal(ConsentErrorCodes.ActionNotCovered, (await Validate(OAuth.Mint())).ErrorCode);
    }

    [Fact]
    public async Task Scopes_mapped_to_doctypes_grant_an_export()
    {
        OAuth.Doctypes.Clear();
        OAuth.Scopes.Add("energy:read");
        var options = OAuthOptions();
        Assert.Equal(ConsentErrorCodes.NoExportGrant, (await Validate(OAuth.Mint(), options: options)).ErrorCode);
        options.ScopeDoctypes["energy:read"] = [LoadCurve, Contract];
        var result = await Validate(OAuth.Mint(), OAuthRequest(LoadCurve, Contract), options);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["energy:read"], result.Consent!.Datasets);
    }

    [Fact]
    public async Task Authorization_details_of_other_types_are_ignored_and_malformed_ones_fail()
    {
        OAuth.AuthorizationType = "https://scheme.example.com/payment_initiation";
        Assert.Equal(ConsentErrorCodes.NoExportGrant, (await Validate(OAuth.Mint())).ErrorCode);
        OAuth.AuthorizationType = ConsentTokenValidatorOptions.DefaultExportAuthorizationType;
        Assert.Equal(ConsentErrorCodes.AuthorizationDetailsInvalid, (await Validate(OAuth.Mint(c => c["authorization_details"] = new JsonObject()))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.AuthorizationDetailsInvalid, (await Validate(OAuth.Mint(c => c["authorization_details"]![0]!["datatypes"] = new JsonArray("Not A Doctype")))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.AuthorizationDetailsInvalid, (await Validate(OAuth.Mint(c => c["authorization_details"]![0]!["period"] = new JsonObject { ["start"] = "2024-01-01" }))).ErrorCode);
    }

    [Fact]
    public async Task A_consent_withdrawn_in_the_status_store_fails_at_once()
    {
        var store = new InMemoryConsentStatusStore();
        var token = OAuth.Mint();
        Assert.True((await Validate(token, store: store)).IsValid);
        await store.RecordAsync(new ConsentStatusChange(OAuth.ConsentId!, ConsentStatus.Withdrawn, Start));
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, (await Validate(token, store: store)).ErrorCode);
        await store.RecordAsync(new ConsentStatusChange(OAuth.ConsentId!, ConsentStatus.Active, Start.AddMinutes(1)));
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, (await Validate(token, store: store)).ErrorCode);
    }

    [Fact]
    public async Task Replay_detection_needs_a_jti_and_a_store()
    {
        var options = OAuthOptions();
        options.RejectReplayedTokens = true;
        var error = Assert.Throws<SelfDataArgumentException>(() => Validator(options));
        Assert.Equal(ConsentErrorCodes.InvalidOptions, error.Code);
        var validator = Validator(options, replayStore: new InMemoryTokenReplayStore(Clock));
        Assert.Equal(ConsentErrorCodes.TokenIdMissing, (await validator.ValidateAccessTokenAsync(OAuth.Mint(c => c.Remove("jti")), OAuthRequest())).ErrorCode);
    }

    [Fact]
    public async Task The_one_pass_reader_and_the_document_path_give_the_same_result()
    {
        OAuth.Purpose = "energy-advice";
        var request = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve]) { Purpose = "energy-advice" };
        var expected = (await Validate(OAuth.Mint(), request)).Consent;
        Assert.NotNull(expected);

        // Each of these sends the token to the document path (nested claim, aud list, scp, escaped name, fraction);
        // the verdict and what was verified stay the same.
        var raw = OAuth.Claims().ToJsonString();
        foreach (var token in new[]
        {
            OAuth.Mint(c => c["ext"] = new JsonObject { ["tenant"] = "x" }),
            OAuth.Mint(c => c["aud"] = new JsonArray(OAuth.Audience)),
            OAuth.Mint(c => c["scp"] = new JsonArray("openid")),
            OAuth.Mint(c => c["authorization_details"]!.AsArray().Add(new JsonObject { ["type"] = "other", ["x"] = new JsonObject { ["y"] = 1 } })),
            Sign(raw.Replace("\"sub\":", "\"\\u0073ub\":", StringComparison.Ordinal)),
            Sign(raw.Replace("\"datatypes\":", "\"\\u0064atatypes\":", StringComparison.Ordinal)),
            Sign(raw.Replace("\"nbf\":", "\"nbf\":null,\"x\":", StringComparison.Ordinal)),
        })
        {
            var result = await Validate(token, request);
            Assert.True(result.IsValid, result.ToString());
            var consent = result.Consent!;
            Assert.Equal(expected.Subject, consent.Subject);
            Assert.Equal(expected.ConsentId, consent.ConsentId);
            Assert.Equal(expected.Doctypes, consent.Doctypes);
            Assert.Equal(expected.Purposes, consent.Purposes);
            Assert.Equal(expected.NotAfter, consent.NotAfter);
        }

        // Escaped or repeated names are still compared unescaped, in claims and in details.
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, (await Validate(Sign(raw.Replace("\"sub\":", "\"\\u0073ub\":\"x\",\"sub\":", StringComparison.Ordinal)))).ErrorCode);
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, (await Validate(Sign(raw.Replace("\"datatypes\":", "\"datatypes\":[],\"datatypes\":", StringComparison.Ordinal)))).ErrorCode);
        Assert.Equal(JoseErrorCodes.MalformedJson, (await Validate(Sign(raw + " x"))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.AudienceMissing, (await Validate(OAuth.Mint(c => c["aud"] = null))).ErrorCode);
        Assert.Equal(ConsentErrorCodes.InvalidClaim, (await Validate(OAuth.Mint(c => c["scope"] = null))).ErrorCode);

        string Sign(string payload) => Jws.SignCompact(System.Text.Encoding.UTF8.GetBytes(payload), OAuth.Key, new JwsHeaderOptions { Type = "at+jwt" });
    }

    [Fact]
    public async Task Malformed_input_never_throws()
    {
        foreach (var junk in new[] { string.Empty, ".", "..", "a.b.c", "eyJ.eyJ.", "{}", "{\"payload\":1}", "x.y.z.w.v", new string('.', 3000) })
        {
            var result = await Validate(junk);
            Assert.False(result.IsValid);
            Assert.True(SelfDataError.IsCode(result.ErrorCode));
        }

        await Assert.ThrowsAsync<ArgumentNullException>(() => Validator(OAuthOptions()).ValidateAccessTokenAsync(null!, OAuthRequest()).AsTask());
    }

    [Fact]
    public void Invalid_options_are_refused_with_their_code()
    {
        var options = new ConsentTokenValidatorOptions { ClockSkew = TimeSpan.FromHours(1), MaxJsonDepth = 1 };
        options.AllowedAlgorithms.Add("none");
        options.AccessTokenIssuers.Add(OAuth.ToTrustedIssuer());
        var problems = options.Validate();
        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.Equal(ConsentErrorCodes.InvalidOptions, p.Code));
        var refused = Assert.Throws<SelfDataArgumentException>(() => Validator(options));
        Assert.Equal(ConsentErrorCodes.InvalidOptions, refused.Code);
        Assert.Equal(3, refused.Errors.Count);
        Assert.Empty(OAuthOptions().Validate());

        // A validator that trusts no issuer and has no service keys would refuse everything: it fails at construction.
        var untrusting = Assert.Single(new ConsentTokenValidatorOptions().Validate());
        Assert.Equal(ConsentErrorCodes.InvalidOptions, untrusting.Code);
        Assert.Equal(ConsentErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => Validator(new ConsentTokenValidatorOptions())).Code);
    }

    [Fact]
    public async Task A_token_that_names_no_consent_is_accepted_on_its_own_lifetime_unless_a_status_store_needs_an_id()
    {
        // RFC 9068 tokens from Keycloak, Entra or Auth0 carry scope and no consent id.
        OAuth.ConsentId = null;
        OAuth.Doctypes.Clear();
        OAuth.Scopes.Add("openid");
        OAuth.Scopes.Add(LoadCurve.Name);
        var token = OAuth.Mint();

        var alone = await Validate(token);
        Assert.True(alone.IsValid, alone.ToString());
        Assert.Null(alone.Consent!.ConsentId);
        Assert.Equal([LoadCurve], alone.Consent.Doctypes);
        Assert.Equal([LoadCurve.Name], alone.Consent.Datasets);

        var store = new InMemoryConsentStatusStore();
        Assert.Equal(ConsentErrorCodes.ConsentIdMissing, (await Validate(token, store: store)).ErrorCode);
        var allowing = OAuthOptions();
        allowing.AllowTokensWithoutConsentId = true;
        Assert.True((await Validate(token, options: allowing, store: store)).IsValid);

        // Everything else still holds: an expired scope-only token is refused.
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(ConsentErrorCodes.TokenExpired, (await Validate(token)).ErrorCode);
    }

    [Fact]
    public async Task A_refused_request_does_not_spend_the_token()
    {
        var options = OAuthOptions();
        options.RejectReplayedTokens = true;
        var validator = Validator(options, replayStore: new InMemoryTokenReplayStore(Clock));
        var token = OAuth.Mint();

        // One doctype too many: refused, and the token stays usable for the corrected request.
        var tooMuch = await validator.ValidateAccessTokenAsync(token, OAuthRequest(LoadCurve, Contract));
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, tooMuch.ErrorCode);
        Assert.True((await validator.ValidateAccessTokenAsync(token, OAuthRequest(LoadCurve))).IsValid);
        Assert.Equal(ConsentErrorCodes.TokenReplayed, (await validator.ValidateAccessTokenAsync(token, OAuthRequest(LoadCurve))).ErrorCode);
    }

    [Fact]
    public async Task Every_missing_dimension_is_listed_at_once()
    {
        OAuth.Purpose = "billing";
        OAuth.Locations = ["https://holder.example/api/other"];
        var request = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve, Contract]) { Purpose = "marketing" };
        var result = await Validate(OAuth.Mint(), request);
        Assert.Equal(ConsentErrorCodes.LocationNotCovered, result.ErrorCode);
        Assert.Equal(["location", Contract.Name, "purpose"], result.NotCovered);
    }

    [Fact]
    public async Task Options_changed_after_construction_change_nothing()
    {
        var options = OAuthOptions();
        var validator = Validator(options);
        options.AccessTokenIssuers.Clear();
        options.AllowedAlgorithms.Clear();
        options.Audiences.Add("https://elsewhere.example");
        Assert.True((await validator.ValidateAccessTokenAsync(OAuth.Mint(), OAuthRequest())).IsValid);
    }

    [Fact]
    public async Task Minted_locations_follow_the_audience_unless_set()
    {
        OAuth.Audience = "https://water.example/selfdata/exports";
        var request = new ExportRequest(new Uri("https://water.example/selfdata/exports"), [LoadCurve]);
        Assert.True((await Validate(OAuth.Mint(), request)).IsValid);
    }
}
