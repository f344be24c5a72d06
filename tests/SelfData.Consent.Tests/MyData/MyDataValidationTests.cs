using System.Text.Json.Nodes;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

public class MyDataValidationTests : ConsentTestBase
{
    public static TheoryData<string, JwsSerialization> VersionsAndSerializations()
    {
        var data = new TheoryData<string, JwsSerialization>();
        foreach (var version in new[] { "1.2.1", "1.3", "2.0" })
        {
            foreach (var serialization in new[] { JwsSerialization.GeneralJson, JwsSerialization.FlattenedJson, JwsSerialization.Compact })
            {
                data.Add(version, serialization);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VersionsAndSerializations))]
    public async Task A_minted_request_validates_in_every_version_and_serialization(string version, JwsSerialization serialization)
    {
        MyData.Version = version;
        MyData.Purposes = ["energy-advice"];

        // The service link record needs both signatures, which only the general serialization carries.
        var slr = MyData.MintServiceLinkRecord();
        MyData.RecordSerialization = serialization;
        var request = new ExportRequest(MyDataRequest().Endpoint, [LoadCurve, Contract]) { Purpose = "energy-advice" };
        var token = MyData.MintAuthorizationToken();
        var presentation = new MyDataPresentation
        {
            ServiceLinkRecord = slr,
            ConsentRecord = MyData.MintConsentRecord(),
            StatusRecords = MyData.MintStatusChain(ConsentStatus.Active, ConsentStatus.Disabled, ConsentStatus.Active),
            AuthorizationToken = token,
            ProofOfPossession = MyData.MintProofOfPossession(token, request),
        };

        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(presentation, request);

        Assert.True(result.IsValid, result.ToString());
        var consent = result.Consent!;
        Assert.Equal(ConsentTokenKind.MyDataAuthorizationToken, consent.Kind);
        Assert.Equal(MyData.ConsentId, consent.ConsentId);
        Assert.Equal(MyData.SurrogateId, consent.Subject);
        Assert.Equal(MyData.OperatorId, consent.Issuer);
        Assert.Equal(MyData.TokenIssuerKey.KeyId, consent.SigningKeyId);
        Assert.Equal(JwsAlgorithms.ES256, consent.Algorithm);
        Assert.Equal(MyData.ProofKey.KeyId, consent.ProofKeyId);
        Assert.Equal(version, consent.RecordVersion);
        Assert.Equal(["energy-advice"], consent.Purposes);
        Assert.Equal([LoadCurve, Contract], consent.Doctypes);
        Assert.Equal($"csr-{MyData.ConsentId}-3", consent.StatusRecordId);
        Assert.Equal(Start.AddHours(1), consent.NotAfter);
    }

    [Fact]
    public async Task A_2_0_consent_record_in_the_flat_consenting_form_validates()
    {
        MyData.Version = "2.0";
        MyData.Purposes = ["energy-advice"];
        var request = new ExportRequest(MyDataRequest().Endpoint, [LoadCurve]) { Purpose = "energy-advice" };
        var presentation = MyData.MintPresentation(request);
        var flat = MyData.MintConsentRecord(p =>
        {
            var common = (JsonObject)p["common_part"]!;
            var role = (JsonObject)p["role_specific_part"]!;
            p.Clear();
            foreach (var (name, value) in common.ToList())
            {
                common.Remove(name);
                p[name] = value;
            }

            foreach (var (name, value) in role.ToList())
            {
                role.Remove(name);
                p[name] = value;
            }
        });
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(Replace(presentation, consentRecord: flat), request);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["energy-advice"], result.Consent!.Purposes);
    }

    [Fact]
    public async Task The_token_may_travel_only_inside_the_proof_of_possession()
    {
        var request = MyDataRequest();
        var full = MyData.MintPresentation(request);
        var presentation = new MyDataPresentation { ServiceLinkRecord = full.ServiceLinkRecord, ConsentRecord = full.ConsentRecord, StatusRecords = full.StatusRecords, ProofOfPossession = full.ProofOfPossession };
        Assert.True((await Validator(MyDataOptions()).ValidateMyDataRequestAsync(presentation, request)).IsValid);
    }

    [Fact]
    public async Task Records_alone_validate_and_report_the_consent_record()
    {
        var result = await Validator(MyDataOptions()).ValidateMyDataRecordsAsync(MyData.MintPresentation(MyDataRequest()), MyDataRequest());
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(ConsentTokenKind.MyDataConsentRecord, result.Consent!.Kind);
        Assert.Equal(MyData.AccountOwnerKey.KeyId, result.Consent.SigningKeyId);
        Assert.Equal(Start.AddDays(365), result.Consent.NotAfter);
    }

    [Fact]
    public async Task Missing_proof_of_possession_fails_unless_not_required()
    {
        var request = MyDataRequest();
        var full = MyData.MintPresentation(request);
        var bare = new MyDataPresentation { ServiceLinkRecord = full.ServiceLinkRecord, ConsentRecord = full.ConsentRecord, StatusRecords = full.StatusRecords, AuthorizationToken = full.AuthorizationToken };
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMissing, (await Validator(MyDataOptions()).ValidateMyDataRequestAsync(bare, request)).ErrorCode);
        var lax = MyDataOptions();
        lax.RequireProofOfPossession = false;
        Assert.True((await Validator(lax).ValidateMyDataRequestAsync(bare, request)).IsValid);
    }

    [Fact]
    public async Task Proof_of_possession_for_another_request_fails()
    {
        var request = MyDataRequest();
        var token = MyData.MintAuthorizationToken();
        var other = new ExportRequest(new Uri("https://source.example/api/export/loadcurve?start=2020-01-01&end=2024-02-01"), [LoadCurve]);
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMismatch, await Code(request, MyData.MintProofOfPossession(token, other), token));

        var post = new ExportRequest(request.Endpoint, [LoadCurve]) { Method = "POST" };
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMismatch, await Code(request, MyData.MintProofOfPossession(token, post), token));

        var unsignedQuery = MyData.MintProofOfPossession(token, request, p => p.Remove("q"));
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMismatch, await Code(request, unsignedQuery, token));

        var otherToken = MyData.MintAuthorizationToken();
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMismatch, await Code(request, MyData.MintProofOfPossession(otherToken, request), token));
    }

    [Fact]
    public async Task Stale_proof_of_possession_fails()
    {
        var request = MyDataRequest();
        var token = MyData.MintAuthorizationToken();
        var pop = MyData.MintProofOfPossession(token, request);
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionStale, await Code(request, pop, token));
    }

    [Fact]
    public async Task Proof_of_possession_signed_by_another_key_fails()
    {
        var request = MyDataRequest();
        var token = MyData.MintAuthorizationToken();
        var genuine = MyData.ProofKey;
        MyData.ProofKey = TestKeys.Ecdsa("sink-pop-2");
        var pop = MyData.MintProofOfPossession(token, request);
        MyData.ProofKey = genuine;
        Assert.Equal(JoseErrorCodes.KeyNotFound, await Code(request, pop, token));
        Assert.Equal(ConsentErrorCodes.ProofOfPossessionMalformed, await Code(request, "Bearer " + token, token));
    }

    [Fact]
    public async Task Replayed_signed_request_is_rejected_when_replay_detection_is_on()
    {
        var options = MyDataOptions();
        options.RejectReplayedTokens = true;
        var validator = Validator(options, replayStore: new InMemoryTokenReplayStore(Clock));
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        Assert.True((await validator.ValidateMyDataRequestAsync(presentation, request)).IsValid);
        Assert.Equal(ConsentErrorCodes.TokenReplayed, (await validator.ValidateMyDataRequestAsync(presentation, request)).ErrorCode);
    }

    [Fact]
    public async Task A_refused_request_does_not_spend_the_signed_request()
    {
        var options = MyDataOptions();
        options.RejectReplayedTokens = true;
        var validator = Validator(options, replayStore: new InMemoryTokenReplayStore(Clock));
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var tooMuch = new ExportRequest(request.Endpoint, [LoadCurve, new Doctype("fr.example.energy.gas")]);
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, (await validator.ValidateMyDataRequestAsync(presentation, tooMuch)).ErrorCode);
        Assert.True((await validator.ValidateMyDataRequestAsync(presentation, request)).IsValid);
        Assert.Equal(ConsentErrorCodes.TokenReplayed, (await validator.ValidateMyDataRequestAsync(presentation, request)).ErrorCode);
    }

    [Fact]
    public async Task Token_claims_are_checked_against_the_consent_record()
    {
        var request = MyDataRequest();
        Assert.Equal(ConsentErrorCodes.TokenConsentMismatch, await TokenCode(request, c => c["cr_id"] = "cr-other"));
        Assert.Equal(ConsentErrorCodes.ConsentIdMissing, await TokenCode(request, c => c.Remove("cr_id")));
        Assert.Equal(ConsentErrorCodes.ProofKeyMismatch, await TokenCode(request, c => c["cnf"] = new JsonObject { ["kid"] = "another" }));
        Assert.Equal(ConsentErrorCodes.IssuerKeyMismatch, await TokenCode(request, c => c["iss"] = "https://rogue-operator.example"));
        Assert.Equal(ConsentErrorCodes.IssuerMissing, await TokenCode(request, c => c.Remove("iss")));
        Assert.Equal(ConsentErrorCodes.AudienceMismatch, await TokenCode(request, c => c["aud"] = "https://source.example/api/other/*"));
        Assert.Equal(ConsentErrorCodes.AudienceMissing, await TokenCode(request, c => c.Remove("aud")));
        Assert.Null(await TokenCode(request, c => c["aud"] = "https://source.example/api/export/loadcurve"));
    }

    [Fact]
    public async Task The_reference_implementations_pi_id_is_accepted_only_behind_its_option()
    {
        var request = MyDataRequest();
        Action<JsonObject> piId = c =>
        {
            c["pi_id"] = c["cr_id"]!.GetValue<string>();
            c.Remove("cr_id");
        };
        Assert.Equal(ConsentErrorCodes.ConsentIdAliasNotAccepted, await TokenCode(request, piId));
        var options = MyDataOptions();
        options.AcceptPiIdAlias = true;
        Assert.Null(await TokenCode(request, piId, options));
    }

    [Fact]
    public async Task Consent_record_problems_have_their_own_codes()
    {
        var request = MyDataRequest();
        Assert.Equal(ConsentErrorCodes.RecordLinkMismatch, await RecordCode(request, p => p["common_part"]!["slr_id"] = "slr-other"));
        Assert.Equal(ConsentErrorCodes.ConsentRecordNotSource, await RecordCode(request, p => p["common_part"]!["role"] = "Sink"));
        Assert.Equal(ConsentErrorCodes.RecordMalformed, await RecordCode(request, p => ((JsonObject)p["role_specific_part"]!).Remove("pop_key")));
        Assert.Equal(ConsentErrorCodes.RecordVersionUnsupported, await RecordCode(request, p => p["common_part"]!["version"] = "0.9"));
        Assert.Equal(ConsentErrorCodes.ConsentRecordExpired, await RecordCode(request, p =>
        {
            p["common_part"]!["nbf"] = Start.AddDays(-30).ToUnixTimeSeconds();
            p["common_part"]!["exp"] = Start.AddDays(-1).ToUnixTimeSeconds();
        }));
        Assert.Equal(ConsentErrorCodes.ConsentRecordNotYetValid, await RecordCode(request, p => p["common_part"]!["nbf"] = Start.AddDays(1).ToUnixTimeSeconds()));
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, await RecordCode(request, p => ((JsonArray)p["common_part"]!["rs_description"]!["resource_set"]!["dataset"]!).RemoveAt(0)));
    }

    [Fact]
    public async Task A_consent_record_signed_by_a_key_outside_cr_keys_fails()
    {
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var owner = MyData.AccountOwnerKey;
        MyData.AccountOwnerKey = TestKeys.Ecdsa("impostor");
        var forged = MyData.MintConsentRecord();
        MyData.AccountOwnerKey = owner;
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(Replace(presentation, consentRecord: forged), request);
        Assert.Equal(JoseErrorCodes.KeyNotFound, result.ErrorCode);
    }

    [Fact]
    public async Task A_service_link_record_must_carry_the_service_and_owner_signatures()
    {
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        MyData.RecordSerialization = JwsSerialization.FlattenedJson;
        var onlyService = MyData.MintServiceLinkRecord();
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(Replace(presentation, serviceLink: onlyService), request);
        Assert.Equal(ConsentErrorCodes.ServiceLinkSignatureMissing, result.ErrorCode);

        var otherService = new ConsentTokenValidatorOptions { ServiceLinkKeys = KeySource.FromKeys(TestKeys.Ecdsa("another-source").VerificationKey) };
        var foreign = await Validator(otherService).ValidateMyDataRequestAsync(presentation, request);
        Assert.Equal(JoseErrorCodes.KeyNotFound, foreign.ErrorCode);
    }

    [Fact]
    public async Task Status_records_signed_by_the_operator_key_are_accepted_unless_disabled_by_option()
    {
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var byOperator = MyData.MintStatusRecord("csr-op-1", ConsentStatus.Active, null, Start.ToUnixTimeSeconds(), MyData.OperatorKey);
        Assert.True((await Validator(MyDataOptions()).ValidateMyDataRequestAsync(Replace(presentation, statusRecords: [byOperator]), request)).IsValid);
        var strict = MyDataOptions();
        strict.AcceptOperatorSignedStatusRecords = false;
        Assert.Equal(JoseErrorCodes.KeyNotFound, (await Validator(strict).ValidateMyDataRequestAsync(Replace(presentation, statusRecords: [byOperator]), request)).ErrorCode);
    }

    [Fact]
    public async Task Status_chain_faults_are_detected()
    {
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var t = Start.ToUnixTimeSeconds();
        var a = MyData.MintStatusRecord("a", ConsentStatus.Active, null, t - 30);
        var b = MyData.MintStatusRecord("b", ConsentStatus.Withdrawn, "a", t - 20);
        var fork = MyData.MintStatusRecord("c", ConsentStatus.Active, "a", t - 10);
        var older = MyData.MintStatusRecord("d", ConsentStatus.Active, "b", t - 40);
        var twoFirsts = MyData.MintStatusRecord("e", ConsentStatus.Active, null, t - 5);
        var otherConsent = MyData.MintStatusRecord("f", ConsentStatus.Active, null, t, customize: p => p["cr_id"] = "cr-other");
        var validator = Validator(MyDataOptions());

        async Task<string?> Chain(params string[] records) => (await validator.ValidateMyDataRequestAsync(Replace(presentation, statusRecords: records), request)).ErrorCode;

        Assert.Equal(ConsentErrorCodes.StatusRecordsMissing, await Chain());
        Assert.Equal(ConsentErrorCodes.StatusChainBroken, await Chain(a, b, fork));
        Assert.Equal(ConsentErrorCodes.StatusChainBroken, await Chain(a, b, older));
        Assert.Equal(ConsentErrorCodes.StatusChainBroken, await Chain(a, twoFirsts));
        Assert.Equal(ConsentErrorCodes.StatusChainBroken, await Chain(b));
        Assert.Equal(ConsentErrorCodes.RecordLinkMismatch, await Chain(otherConsent));
        Assert.Null(await Chain(a));
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, await Chain(b, a));
    }

    [Fact]
    public async Task A_withdrawal_seen_once_is_reported_and_once_recorded_refuses_an_older_active_chain()
    {
        var store = new InMemoryConsentStatusStore();
        var validator = Validator(MyDataOptions(), store);
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var t = Start.ToUnixTimeSeconds();
        var a = MyData.MintStatusRecord("a", ConsentStatus.Active, null, t - 30);
        var b = MyData.MintStatusRecord("b", ConsentStatus.Withdrawn, "a", t - 20);
        var withdrawn = await validator.ValidateMyDataRequestAsync(Replace(presentation, statusRecords: [a, b]), request);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, withdrawn.ErrorCode);

        // Validation wrote nothing: the verified change comes back for the caller to record.
        Assert.Null(await store.GetAsync(MyData.ConsentId));
        var change = Assert.IsType<ConsentStatusChange>(withdrawn.StatusChange);
        Assert.Equal((MyData.ConsentId, ConsentStatus.Withdrawn, "b"), (change.ConsentId, change.Status, change.RecordId));
        Assert.True((await validator.ValidateMyDataRequestAsync(Replace(presentation, statusRecords: [a]), request)).IsValid);

        await store.RecordAsync(change);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, (await validator.ValidateMyDataRequestAsync(Replace(presentation, statusRecords: [a]), request)).ErrorCode);
    }

    [Fact]
    public async Task The_validators_work_alone_and_behind_the_facade()
    {
        var request = MyDataRequest();
        var alone = new MyDataValidator(MyDataOptions(), Clock);
        Assert.True((await alone.ValidateMyDataRequestAsync(MyData.MintPresentation(request), request)).IsValid);
        Assert.Equal(ConsentErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => new MyDataValidator(OAuthOptions(), Clock)).Code);
        Assert.Equal(ConsentErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => new AccessTokenValidator(MyDataOptions(), Clock)).Code);
        var oauth = new AccessTokenValidator(OAuthOptions(), Clock);
        Assert.True((await oauth.ValidateAccessTokenAsync(OAuth.Mint(), OAuthRequest())).IsValid);
    }

    [Fact]
    public async Task A_disable_in_the_store_newer_than_the_chain_fails_and_an_older_one_does_not()
    {
        var store = new InMemoryConsentStatusStore();
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        await store.RecordAsync(new ConsentStatusChange(MyData.ConsentId, ConsentStatus.Disabled, Start.AddHours(-1)));
        Assert.True((await Validator(MyDataOptions(), store).ValidateMyDataRequestAsync(presentation, request)).IsValid);
        await store.RecordAsync(new ConsentStatusChange(MyData.ConsentId, ConsentStatus.Disabled, Start));
        Assert.Equal(ConsentErrorCodes.ConsentDisabled, (await Validator(MyDataOptions(), store).ValidateMyDataRequestAsync(presentation, request)).ErrorCode);
    }

    [Fact]
    public async Task Coverage_names_the_missing_doctype_and_the_purpose()
    {
        MyData.Purposes = ["energy-advice"];
        var request = new ExportRequest(MyDataRequest().Endpoint, [LoadCurve, new Doctype("fr.example.energy.gas")]);
        var result = await Validator(MyDataOptions()).ValidateMyDataRequestAsync(MyData.MintPresentation(request), request);
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, result.ErrorCode);
        Assert.Equal(["fr.example.energy.gas", "purpose"], result.NotCovered);

        var marketing = new ExportRequest(MyDataRequest().Endpoint, [LoadCurve]) { Purpose = "marketing" };
        Assert.Equal(ConsentErrorCodes.PurposeNotCovered, (await Validator(MyDataOptions()).ValidateMyDataRequestAsync(MyData.MintPresentation(marketing), marketing)).ErrorCode);
    }

    [Fact]
    public async Task Dataset_ids_are_mapped_to_doctypes_by_option()
    {
        MyData.Datasets.Clear();
        MyData.Datasets.Add("LoadCurve-30min");
        var options = MyDataOptions();
        options.DatasetDoctypes["LoadCurve-30min"] = LoadCurve;
        var request = MyDataRequest();
        var result = await Validator(options).ValidateMyDataRequestAsync(MyData.MintPresentation(request), request);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["LoadCurve-30min"], result.Consent!.Datasets);
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, (await Validator(MyDataOptions()).ValidateMyDataRequestAsync(MyData.MintPresentation(request), request)).ErrorCode);
    }

    [Fact]
    public async Task Missing_service_keys_is_a_configuration_error()
    {
        var validator = Validator(OAuthOptions());
        var result = await validator.ValidateMyDataRequestAsync(MyData.MintPresentation(MyDataRequest()), MyDataRequest());
        Assert.Equal(ConsentErrorCodes.InvalidOptions, result.ErrorCode);
        await Assert.ThrowsAsync<ArgumentNullException>(() => validator.ValidateMyDataRequestAsync(null!, MyDataRequest()).AsTask());
    }

    private async Task<string?> Code(ExportRequest request, string pop, string token)
    {
        var full = MyData.MintPresentation(request);
        var presentation = new MyDataPresentation { ServiceLinkRecord = full.ServiceLinkRecord, ConsentRecord = full.ConsentRecord, StatusRecords = full.StatusRecords, AuthorizationToken = token, ProofOfPossession = pop };
        return (await Validator(MyDataOptions()).ValidateMyDataRequestAsync(presentation, request)).ErrorCode;
    }

    private async Task<string?> TokenCode(ExportRequest request, Action<JsonObject> customize, ConsentTokenValidatorOptions? options = null)
    {
        var token = MyData.MintAuthorizationToken(customize);
        var full = MyData.MintPresentation(request);
        var presentation = Replace(full, token: token, pop: MyData.MintProofOfPossession(token, request));
        return (await Validator(options ?? MyDataOptions()).ValidateMyDataRequestAsync(presentation, request)).ErrorCode;
    }

    private async Task<string?> RecordCode(ExportRequest request, Action<JsonObject> customize)
    {
        var presentation = Replace(MyData.MintPresentation(request), consentRecord: MyData.MintConsentRecord(customize));
        return (await Validator(MyDataOptions()).ValidateMyDataRequestAsync(presentation, request)).ErrorCode;
    }

    private static MyDataPresentation Replace(MyDataPresentation p, string? serviceLink = null, string? consentRecord = null, IReadOnlyList<string>? statusRecords = null, string? token = null, string? pop = null) => new()
    {
        ServiceLinkRecord = serviceLink ?? p.ServiceLinkRecord,
        ConsentRecord = consentRecord ?? p.ConsentRecord,
        StatusRecords = statusRecords ?? p.StatusRecords,
        AuthorizationToken = token ?? p.AuthorizationToken,
        ProofOfPossession = pop ?? p.ProofOfPossession,
    };
}
