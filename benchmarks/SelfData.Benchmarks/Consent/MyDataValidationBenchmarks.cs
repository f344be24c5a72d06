using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Benchmarks.Consent;

/// <summary>
/// MyData, ES256 throughout. <c>Token</c>: the operator token alone is not exposed, so a whole data request is measured
/// (service link record with two signatures, consent record, status record, token, proof of possession: six ES256
/// verifications) against the raw verification of the same six signing inputs. <c>ConsentRecord</c>: the records alone
/// in the general JSON serialization (four verifications) against four raw verifications, and the low-level JWS API on
/// the consent record against one. JsonWebTokenHandler is measured on the operator token only (it cannot read the
/// JSON serialization), so its ratio covers one sixth of the crypto.
/// </summary>
[MemoryDiagnoser]
public class MyDataValidationBenchmarks
{
    private ConsentTokenValidator _validator = null!;
    private ExportRequest _request = null!;
    private MyDataPresentation _presentation = null!;
    private List<(ECDsa Key, byte[] Input, byte[] Signature)> _request6 = null!;
    private List<(ECDsa Key, byte[] Input, byte[] Signature)> _records4 = null!;
    private (ECDsa Key, byte[] Input, byte[] Signature) _token;
    private (ECDsa Key, byte[] Input, byte[] Signature) _consentRecord;
    private VerificationKey _accountOwner = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = new MyDataScenario(TimeProvider.System);
        var options = new ConsentTokenValidatorOptions { ProofOfPossessionWindow = TimeSpan.FromHours(1) };
        scenario.Configure(options);
        _validator = new ConsentTokenValidator(options, TimeProvider.System, new InMemoryConsentStatusStore());
        _request = new ExportRequest(new Uri("https://source.example/api/export/loadcurve?start=2024-01-01&end=2024-02-01"), [new Doctype("fr.example.energy.loadcurve")]);
        _presentation = scenario.MintPresentation(_request);
        _accountOwner = scenario.AccountOwnerKey.VerificationKey;

        var owner = Public(scenario.AccountOwnerKey);
        var service = Public(scenario.ServiceKey);
        var slr = SigningInput.OfJson(_presentation.ServiceLinkRecord);
        var cr = SigningInput.OfJson(_presentation.ConsentRecord)[0];
        var csr = SigningInput.OfJson(_presentation.StatusRecords[0])[0];
        var token = SigningInput.OfCompact(_presentation.AuthorizationToken!);
        var pop = SigningInput.OfPop(_presentation.ProofOfPossession!);
        _consentRecord = (owner, cr.Input, cr.Signature);
        _token = (Public(scenario.TokenIssuerKey), token.Input, token.Signature);
        _records4 = [(owner, slr[0].Input, slr[0].Signature), (service, slr[1].Input, slr[1].Signature), _consentRecord, (owner, csr.Input, csr.Signature)];
        _request6 = [.. _records4, _token, (Public(scenario.ProofKey), pop.Input, pop.Signature)];

        _handler = new JsonWebTokenHandler();
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = scenario.OperatorId,
            ValidAudience = scenario.Audiences[0],
            IssuerSigningKey = new ECDsaSecurityKey(_token.Key) { KeyId = scenario.TokenIssuerKey.KeyId },
        };
        if (!ValidateRequest() || !RawVerifyRequest() || !ValidateRecords() || !RawVerifyRecords() || !JwsConsentRecord() || !RawVerifyConsentRecord() || !JsonWebTokenHandlerTokenOnly())
        {
            throw new InvalidOperationException("The benchmark presentation does not validate.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Request")]
    public bool RawVerifyRequest() => VerifyAll(_request6);

    [Benchmark]
    [BenchmarkCategory("Request")]
    public bool ValidateRequest() => _validator.ValidateMyDataRequestAsync(_presentation, _request).AsTask().GetAwaiter().GetResult().IsValid;

    [Benchmark]
    [BenchmarkCategory("Request")]
    public bool JsonWebTokenHandlerTokenOnly() => _handler.ValidateTokenAsync(_presentation.AuthorizationToken, _parameters).GetAwaiter().GetResult().IsValid;

    [Benchmark]
    [BenchmarkCategory("Records")]
    public bool RawVerifyRecords() => VerifyAll(_records4);

    [Benchmark]
    [BenchmarkCategory("Records")]
    public bool ValidateRecords() => _validator.ValidateMyDataRecordsAsync(_presentation, _request).AsTask().GetAwaiter().GetResult().IsValid;

    [Benchmark]
    [BenchmarkCategory("ConsentRecordJws")]
    public bool RawVerifyConsentRecord() => _consentRecord.Key.VerifyData(_consentRecord.Input, _consentRecord.Signature, HashAlgorithmName.SHA256);

    [Benchmark]
    [BenchmarkCategory("ConsentRecordJws")]
    public bool JwsConsentRecord()
    {
        var message = JwsMessage.Parse(_presentation.ConsentRecord).Value;
        return message.TryVerify(message.Signatures[0], _accountOwner, out _) && message.TryGetJsonPayload(out var document, out _) && document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
    }

    private static bool VerifyAll(List<(ECDsa Key, byte[] Input, byte[] Signature)> items)
    {
        var ok = true;
        foreach (var (key, input, signature) in items)
        {
            ok &= key.VerifyData(input, signature, HashAlgorithmName.SHA256);
        }

        return ok;
    }

    private static ECDsa Public(SigningKey key)
    {
        var jwk = System.Text.Json.JsonDocument.Parse(key.ToPublicJwk()).RootElement;
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("x").GetString()), Y = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("y").GetString()) },
        });
    }
}

/// <summary>The operator token alone, ES256, through the low-level JWS API and JsonWebTokenHandler, against one raw ECDSA verify.</summary>
[MemoryDiagnoser]
public class MyDataTokenJwsBenchmarks
{
    private string _token = null!;
    private ECDsa _key = null!;
    private byte[] _input = null!;
    private byte[] _signature = null!;
    private VerificationKey _verificationKey = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scenario = new MyDataScenario(TimeProvider.System);
        _token = scenario.MintAuthorizationToken();
        _verificationKey = scenario.TokenIssuerKey.VerificationKey;
        var jwk = System.Text.Json.JsonDocument.Parse(scenario.TokenIssuerKey.ToPublicJwk()).RootElement;
        _key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("x").GetString()), Y = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("y").GetString()) },
        });
        (_input, _signature) = SigningInput.OfCompact(_token);
        _handler = new JsonWebTokenHandler();
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = scenario.OperatorId,
            ValidAudience = scenario.Audiences[0],
            IssuerSigningKey = new ECDsaSecurityKey(_key) { KeyId = scenario.TokenIssuerKey.KeyId },
        };
        if (!RawVerify() || !JwsParseAndVerify() || !JsonWebTokenHandlerDefaults())
        {
            throw new InvalidOperationException("The benchmark token does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool RawVerify() => _key.VerifyData(_input, _signature, HashAlgorithmName.SHA256);

    [Benchmark]
    public bool JwsParseAndVerify()
    {
        var message = JwsMessage.Parse(_token).Value;
        if (!message.TryVerify(message.Signatures[0], _verificationKey, out _) || !message.TryGetJsonPayload(out var document, out _))
        {
            return false;
        }

        using (document)
        {
            return document.RootElement.TryGetProperty("cr_id", out _);
        }
    }

    [Benchmark]
    public bool JsonWebTokenHandlerDefaults() => _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;
}
