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
/// An OAuth 2.0 access token with an RFC 9396 export detail: full hardened validation (key lookup, header rules,
/// lifetime, audience, status store, coverage) against a raw RSA verify of the same signing input, and against
/// JsonWebTokenHandler with its default settings (issuer, audience and key given).
/// </summary>
[MemoryDiagnoser]
public class AccessTokenValidationBenchmarks
{
    private ConsentTokenValidator _validator = null!;
    private ExportRequest _request = null!;
    private string _token = null!;
    private RSA _rsa = null!;
    private byte[] _input = null!;
    private byte[] _signature = null!;
    private RSASignaturePadding _padding = null!;
    private JsonWebTokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;

    [Params("RS256", "PS256")]
    public string Algorithm { get; set; } = "RS256";

    [GlobalSetup]
    public void Setup()
    {
        var key = TestKeys.Rsa("bench-" + Algorithm, Algorithm);
        var builder = new AccessTokenBuilder(TimeProvider.System, key) { Lifetime = TimeSpan.FromHours(1) };
        _token = builder.Mint();
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        _validator = new ConsentTokenValidator(options, TimeProvider.System, new InMemoryConsentStatusStore());
        _request = new ExportRequest(new Uri(builder.Audience), [new Doctype("fr.example.energy.loadcurve")]);

        _rsa = RSA.Create();
        _rsa.ImportFromPem(ExportPublicPem(key));
        (_input, _signature) = SigningInput.OfCompact(_token);
        _padding = Algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;

        _handler = new JsonWebTokenHandler();
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = builder.Issuer,
            ValidAudience = builder.Audience,
            IssuerSigningKey = new RsaSecurityKey(_rsa) { KeyId = key.KeyId },
        };
        if (!Validate() || !RawVerify() || !JsonWebTokenHandlerDefaults())
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool RawVerify() => _rsa.VerifyData(_input, _signature, HashAlgorithmName.SHA256, _padding);

    [Benchmark]
    public bool Validate() => _validator.ValidateAccessTokenAsync(_token, _request).AsTask().GetAwaiter().GetResult().IsValid;

    [Benchmark]
    public bool JsonWebTokenHandlerDefaults() => _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    private static string ExportPublicPem(SigningKey key)
    {
        var jwk = System.Text.Json.JsonDocument.Parse(key.ToPublicJwk()).RootElement;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("n").GetString()), Exponent = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("e").GetString()) });
        return rsa.ExportSubjectPublicKeyInfoPem();
    }
}
