using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Benchmarks.Consent;

/// <summary>
/// A DPoP-bound access token (RS256) with its ES256 DPoP proof: full validation (token rules, then the proof's header,
/// public key import, signature, htm/htu/iat/ath and the RFC 7638 thumbprint against cnf.jkt) against the two raw
/// signature verifications it cannot avoid, measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class DPoPValidationBenchmarks
{
    private ConsentTokenValidator _validator = null!;
    private ExportRequest _request = null!;
    private string _token = null!;
    private DPoPProof _proof = null!;
    private RSA _rsa = null!;
    private ECDsa _ecdsa = null!;
    private (byte[] Input, byte[] Signature) _tokenInput;
    private (byte[] Input, byte[] Signature) _proofInput;

    [GlobalSetup]
    public void Setup()
    {
        var client = new DPoPProofBuilder(TimeProvider.System) { Method = "POST", Url = new Uri("https://holder.example/api/export") };
        var builder = new AccessTokenBuilder(TimeProvider.System, TestKeys.Rsa("bench-dpop-rs256")) { Lifetime = TimeSpan.FromHours(1), DPoPKeyThumbprint = client.Thumbprint };
        _token = builder.Mint();
        _proof = new DPoPProof(client.Mint(_token));
        var options = new ConsentTokenValidatorOptions { DPoPProofLifetime = TimeSpan.FromHours(1) };
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        _validator = new ConsentTokenValidator(options, TimeProvider.System, new InMemoryConsentStatusStore());
        _request = new ExportRequest(new Uri(builder.Audience), [new Doctype("fr.example.energy.loadcurve")]) { Method = "POST" };

        _rsa = RSA.Create();
        _rsa.ImportParameters(Parameters(builder.Key.ToPublicJwk()).Rsa);
        _ecdsa = ECDsa.Create(Parameters(client.Key.ToPublicJwk()).Ec);
        _tokenInput = SigningInput.OfCompact(_token);
        _proofInput = SigningInput.OfCompact(_proof.Proof);
        if (!Validate() || !RawVerify())
        {
            throw new InvalidOperationException("The benchmark token or proof does not validate.");
        }
    }

    [Benchmark(Baseline = true, Description = "raw RSA verify of the token + raw ECDSA verify of the proof")]
    public bool RawVerify() =>
        _rsa.VerifyData(_tokenInput.Input, _tokenInput.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        && _ecdsa.VerifyData(_proofInput.Input, _proofInput.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark(Description = "ValidateAccessTokenAsync with the DPoP proof")]
    public bool Validate() => _validator.ValidateAccessTokenAsync(_token, _request, _proof).AsTask().GetAwaiter().GetResult().IsValid;

    [GlobalCleanup]
    public void Cleanup()
    {
        _rsa.Dispose();
        _ecdsa.Dispose();
    }

    private static (RSAParameters Rsa, ECParameters Ec) Parameters(string jwk)
    {
        var root = System.Text.Json.JsonDocument.Parse(jwk).RootElement;
        byte[] Bytes(string name) => Base64Url.TryDecode(root.GetProperty(name).GetString(), out var bytes) ? bytes : [];
        return root.GetProperty("kty").GetString() == "RSA"
            ? (new RSAParameters { Modulus = Bytes("n"), Exponent = Bytes("e") }, default)
            : (default, new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Bytes("x"), Y = Bytes("y") } });
    }
}
