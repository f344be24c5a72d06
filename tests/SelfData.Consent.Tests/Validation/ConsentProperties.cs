using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>Laws: minted valid tokens and records always validate; changing any single character never does.</summary>
public class ConsentProperties : ConsentTestBase
{
    [Property(MaxTest = 60)]
    public Property Freshly_minted_access_tokens_always_validate() =>
        Prop.ForAll(ConsentGenerators.Grant.ToArbitrary(), shape =>
        {
            var key = shape.Algorithm.StartsWith("ES", StringComparison.Ordinal) ? TestKeys.Ecdsa("prop-" + shape.Algorithm, shape.Algorithm) : TestKeys.Rsa("prop-rsa-" + shape.Algorithm, shape.Algorithm);
            var builder = new AccessTokenBuilder(Clock, key) { Purpose = shape.Purpose, Period = shape.Period, Lifetime = TimeSpan.FromMinutes(shape.LifetimeMinutes) };
            builder.Doctypes.Clear();
            foreach (var doctype in shape.Doctypes)
            {
                builder.Doctypes.Add(doctype);
            }

            var options = new ConsentTokenValidatorOptions();
            options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
            var request = new ExportRequest(OAuthRequest().Endpoint, shape.Requested.Select(d => new Doctype(d))) { Purpose = shape.Purpose, Period = shape.RequestedPeriod };
            var result = Run(Validator(options).ValidateAccessTokenAsync(builder.Mint(), request));
            return result.IsValid && result.Consent!.Doctypes.Count == shape.Doctypes.Length;
        });

    [Property(MaxTest = 200)]
    public Property Changing_any_character_of_an_access_token_never_validates() =>
        Prop.ForAll(ConsentGenerators.Flip.ToArbitrary(), flip =>
        {
            var validator = Validator(OAuthOptions());
            var token = OAuth.Mint();
            return Run(validator.ValidateAccessTokenAsync(token, OAuthRequest())).IsValid
                && !Run(validator.ValidateAccessTokenAsync(flip.Apply(token), OAuthRequest())).IsValid;
        });

    [Property(MaxTest = 25)]
    public Property Freshly_minted_mydata_requests_always_validate() =>
        Prop.ForAll(ConsentGenerators.MyData.ToArbitrary(), shape =>
        {
            var scenario = new MyDataScenario(Clock, shape.Version);
            var options = new ConsentTokenValidatorOptions();
            scenario.Configure(options);
            var slr = scenario.MintServiceLinkRecord();
            scenario.RecordSerialization = shape.Serialization;
            var request = MyDataRequest(LoadCurve, Contract);
            var token = scenario.MintAuthorizationToken();
            var presentation = new MyDataPresentation
            {
                ServiceLinkRecord = slr,
                ConsentRecord = scenario.MintConsentRecord(),
                StatusRecords = scenario.MintStatusChain(shape.Statuses),
                AuthorizationToken = shape.TokenInPopOnly ? null : token,
                ProofOfPossession = scenario.MintProofOfPossession(token, request),
            };
            var result = Run(Validator(options).ValidateMyDataRequestAsync(presentation, request));
            return result.IsValid && result.Consent!.RecordVersion == shape.Version;
        });

    [Property(MaxTest = 150)]
    public Property Changing_any_character_of_a_mydata_record_token_or_signed_request_never_validates() =>
        Prop.ForAll(ConsentGenerators.Flip.ToArbitrary(), Gen.Choose(0, 4).ToArbitrary(), (flip, which) =>
        {
            var request = MyDataRequest();
            var genuine = MyData.MintPresentation(request, ConsentStatus.Active, ConsentStatus.Active);
            var validator = Validator(MyDataOptions());
            var tampered = which switch
            {
                0 => Copy(genuine, serviceLink: flip.Apply(genuine.ServiceLinkRecord)),
                1 => Copy(genuine, consentRecord: flip.Apply(genuine.ConsentRecord)),
                2 => Copy(genuine, statusRecords: [genuine.StatusRecords[0], flip.Apply(genuine.StatusRecords[1])]),
                3 => Copy(genuine, token: flip.Apply(genuine.AuthorizationToken!)),

                // The JWS after "PoP " (the scheme name itself is case-insensitive, RFC 9110 §11.1).
                _ => Copy(genuine, pop: flip.Apply(genuine.ProofOfPossession!, from: 4)),
            };
            return Run(validator.ValidateMyDataRequestAsync(genuine, request)).IsValid
                && !Run(validator.ValidateMyDataRequestAsync(tampered, request)).IsValid;
        });

    [Property(MaxTest = 100)]
    public Property Changing_any_character_of_a_compact_or_json_jws_never_verifies() =>
        Prop.ForAll(ConsentGenerators.Flip.ToArbitrary(), Gen.Elements(JwsSerialization.Compact, JwsSerialization.FlattenedJson, JwsSerialization.GeneralJson).ToArbitrary(), (flip, serialization) =>
        {
            var key = TestKeys.Ecdsa("prop-jws");
            var payload = "{\"cr_id\":\"cr-1\",\"n\":[1,2,3]}"u8;
            var text = serialization switch
            {
                JwsSerialization.Compact => global::SelfData.Jose.Jws.SignCompact(payload, key),
                JwsSerialization.FlattenedJson => global::SelfData.Jose.Jws.SignFlattenedJson(payload, key),
                _ => global::SelfData.Jose.Jws.SignGeneralJson(payload, [key]),
            };
            var parsed = JwsMessage.Parse(flip.Apply(text));
            return !parsed.Success || parsed.Value.IsDetached || parsed.Value.Signatures.All(s => !parsed.Value.TryVerify(s, key.VerificationKey, out _));
        });

    private static ConsentValidationResult Run(ValueTask<ConsentValidationResult> validation) => validation.AsTask().GetAwaiter().GetResult();

    private static MyDataPresentation Copy(MyDataPresentation p, string? serviceLink = null, string? consentRecord = null, IReadOnlyList<string>? statusRecords = null, string? token = null, string? pop = null) => new()
    {
        ServiceLinkRecord = serviceLink ?? p.ServiceLinkRecord,
        ConsentRecord = consentRecord ?? p.ConsentRecord,
        StatusRecords = statusRecords ?? p.StatusRecords,
        AuthorizationToken = token ?? p.AuthorizationToken,
        ProofOfPossession = pop ?? p.ProofOfPossession,
    };
}
