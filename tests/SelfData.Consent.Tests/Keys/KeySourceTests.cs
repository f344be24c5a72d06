using SelfData.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

public sealed class KeySourceTests : ConsentTestBase, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("selfdata-jwks-").FullName;

    [Fact]
    public async Task A_static_source_finds_keys_by_exact_key_id_only()
    {
        var source = KeySource.FromKeys(TestKeys.Ecdsa("k1").VerificationKey);
        Assert.NotNull(await source.FindKeyAsync("k1"));
        Assert.Null(await source.FindKeyAsync("K1"));
        Assert.Null(await source.FindKeyAsync("k1 "));
        Assert.Equal(JoseErrorCodes.InvalidKey, Assert.Throws<SelfDataArgumentException>(() => KeySource.FromKeys(TestKeys.Ecdsa("k1").VerificationKey, TestKeys.Ecdsa("k1", JwsAlgorithms.ES384).VerificationKey)).Code);
    }

    [Fact]
    public async Task A_jwks_file_is_read_on_first_use_and_again_when_it_changes()
    {
        var path = Path.Combine(_directory, "jwks.json");
        await File.WriteAllTextAsync(path, Jwks(TestKeys.Ecdsa("f1")));
        var source = KeySource.FromJwksFile(path);
        Assert.NotNull(await source.FindKeyAsync("f1"));
        Assert.Null(await source.FindKeyAsync("f2"));
        await File.WriteAllTextAsync(path, Jwks(TestKeys.Ecdsa("f1"), TestKeys.Ecdsa("f2")));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.NotNull(await source.FindKeyAsync("f2"));

        var missing = await Assert.ThrowsAsync<ConsentKeySourceException>(() => KeySource.FromJwksFile(Path.Combine(_directory, "none.json")).FindKeyAsync("f1").AsTask());
        Assert.Equal(ConsentErrorCodes.KeySourceUnavailable, missing.Code);
        var junk = Path.Combine(_directory, "junk.json");
        await File.WriteAllTextAsync(junk, "{\"keys\":[{\"kty\":\"EC\"}]}");
        Assert.Equal(ConsentErrorCodes.KeySourceUnavailable, (await Assert.ThrowsAsync<ConsentKeySourceException>(() => KeySource.FromJwksFile(junk).FindKeyAsync("x").AsTask())).Code);
    }

    [Fact]
    public async Task A_jwks_url_is_fetched_cached_and_refreshed_on_an_unknown_kid_at_most_once_per_interval()
    {
        var served = Jwks(TestKeys.Ecdsa("u1"));
        var hits = 0;
        await using var app = await Serve(() =>
        {
            Interlocked.Increment(ref hits);
            return served;
        });
        var clock = new FakeTimeProvider(Start);
        var options = new JwksUrlOptions { RequireHttps = false, MinimumRefreshInterval = TimeSpan.FromMinutes(1), RefreshTimeout = TimeSpan.FromSeconds(5) };
        var source = KeySource.FromJwksUrl(new Uri(Address(app) + "/jwks.json"), options, clock);

        Assert.NotNull(await source.FindKeyAsync("u1"));
        Assert.NotNull(await source.FindKeyAsync("u1"));
        Assert.Equal(1, hits);

        // An unknown kid triggers one refresh; the key is still unknown.
        Assert.Null(await source.FindKeyAsync("u2"));
        Assert.Equal(2, hits);

        // The issuer rotates: within the interval, no refresh (rate limit), so the key stays unknown.
        served = Jwks(TestKeys.Ecdsa("u1"), TestKeys.Ecdsa("u2"));
        Assert.Null(await source.FindKeyAsync("u2"));
        Assert.Equal(2, hits);

        // After the interval (and IdentityModel's own 1 s floor), the unknown kid refreshes the set.
        clock.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.NotNull(await source.FindKeyAsync("u2"));
        Assert.Equal(3, hits);

        // The validator uses the URL source through a trusted issuer.
        var builder = new AccessTokenBuilder(Clock, TestKeys.Ecdsa("u2"));
        var validatorOptions = new ConsentTokenValidatorOptions();
        validatorOptions.AccessTokenIssuers.Add(new TrustedIssuer(builder.Issuer, source));
        Assert.True((await Validator(validatorOptions).ValidateAccessTokenAsync(builder.Mint(), OAuthRequest())).IsValid);
    }

    [Fact]
    public async Task An_unreachable_jwks_url_throws_the_key_source_exception()
    {
        string address;
        await using (var app = await Serve(() => "{}"))
        {
            address = Address(app);
        }

        var source = KeySource.FromJwksUrl(new Uri(address + "/jwks.json"), new JwksUrlOptions { RequireHttps = false });
        var error = await Assert.ThrowsAsync<ConsentKeySourceException>(() => source.FindKeyAsync("k").AsTask());
        Assert.Equal(ConsentErrorCodes.KeySourceUnavailable, error.Code);

        var options = OAuthOptions();
        options.AccessTokenIssuers.Clear();
        options.AccessTokenIssuers.Add(new TrustedIssuer(OAuth.Issuer, source));
        await Assert.ThrowsAsync<ConsentKeySourceException>(() => Validator(options).ValidateAccessTokenAsync(OAuth.Mint(), OAuthRequest()).AsTask());
    }

    [Fact]
    public void A_jwks_url_must_be_https_unless_allowed()
    {
        Assert.Equal(ConsentErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => KeySource.FromJwksUrl(new Uri("http://issuer.example/jwks"))).Code);
        Assert.Equal(ConsentErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => KeySource.FromJwksUrl(new Uri("/jwks", UriKind.Relative))).Code);
    }

    [Fact]
    public void Jwk_problems_have_their_codes()
    {
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKey.FromJwk("{\"kty\":\"EC\",\"kid\":\"a\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}").Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKey.FromJwk("{\"kty\":\"OKP\",\"kid\":\"a\",\"crv\":\"Ed25519\",\"x\":\"AA\"}").Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKey.FromJwk("{\"kty\":\"EC\",\"crv\":\"P-256\"}").Error!.Code);
        var ec = System.Text.Json.Nodes.JsonNode.Parse(TestKeys.Ecdsa("e").ToPublicJwk())!.AsObject();
        ec["use"] = "enc";
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKey.FromJwk(ec.ToJsonString()).Error!.Code);
        ec["use"] = "sig";
        ec["y"] = ec["x"]!.GetValue<string>();
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKey.FromJwk(ec.ToJsonString()).Error!.Code);
        Assert.Equal(JoseErrorCodes.KeyIdInvalid, VerificationKey.FromJwk("{\"kty\":\"oct\",\"kid\":\"\",\"k\":\"AA\"}").Error!.Code);
        using var small = System.Security.Cryptography.RSA.Create(1024);
        var n = B64(small.ExportParameters(false).Modulus!);
        Assert.Equal(JoseErrorCodes.WeakKey, VerificationKey.FromJwk($"{{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"{n}\",\"e\":\"AQAB\"}}").Error!.Code);
        Assert.Equal(JoseErrorCodes.InvalidKey, VerificationKeySet.Parse(Jwks(TestKeys.Ecdsa("d"))[..^2] + "," + TestKeys.Ecdsa("d").ToPublicJwk() + "]}").Error!.Code);
    }

    [Fact]
    public void Signing_keys_round_trip_through_private_jwks_and_bind_one_algorithm()
    {
        var key = TestKeys.Ecdsa("jwk-es384", JwsAlgorithms.ES384);
        Assert.Equal([JwsAlgorithms.ES384], key.VerificationKey.Algorithms);
        Assert.Equal("P-384", key.VerificationKey.Curve);
        Assert.False(SigningKey.FromJwk(key.ToPublicJwk()).Success);
        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, Assert.Throws<SelfDataArgumentException>(() => SigningKey.CreateEcdsa("x", JwsAlgorithms.RS256)).Code);
        Assert.Equal(JoseErrorCodes.WeakKey, Assert.Throws<SelfDataArgumentException>(() => SigningKey.CreateRsa("x", JwsAlgorithms.RS256, 1024)).Code);
        Assert.Equal(JoseErrorCodes.WeakKey, Assert.Throws<SelfDataArgumentException>(() => SigningKey.FromSymmetricKey("x", new byte[47], JwsAlgorithms.HS384)).Code);
        Assert.Equal(JoseErrorCodes.KeyIdInvalid, Assert.Throws<SelfDataArgumentException>(() => VerificationKey.FromSymmetricKey("bad\nkid", new byte[32])).Code);
    }

    private static string Jwks(params SigningKey[] keys) => new VerificationKeySet(keys.Select(k => k.VerificationKey)).ToJson();

    private static async Task<WebApplication> Serve(Func<string> jwks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/jwks.json", () => Results.Text(jwks(), "application/json"));
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_json_web_key_set_from_identity_model_becomes_a_key_source_with_the_sdk_rules()
    {
        using var key = SigningKey.CreateEcdsa("as-es256");
        var set = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(key.ToPublicJwks());
        var source = KeySource.FromJsonWebKeySet(set);
        Assert.True(source.Success, source.Error?.ToString());
        var found = await source.Value.FindKeyAsync("as-es256");
        Assert.Equal(key.VerificationKey.ComputeThumbprint(), found!.ComputeThumbprint());
        Assert.Equal([JwsAlgorithms.ES256], found.Algorithms);

        using var weak = System.Security.Cryptography.RSA.Create(1024);
        var parameters = weak.ExportParameters(false);
        var weakSet = new Microsoft.IdentityModel.Tokens.JsonWebKeySet();
        weakSet.Keys.Add(new Microsoft.IdentityModel.Tokens.JsonWebKey { Kty = "RSA", Kid = "weak", N = Base64Url.Encode(parameters.Modulus), E = Base64Url.Encode(parameters.Exponent) });
        Assert.Equal(JoseErrorCodes.WeakKey, KeySource.FromJsonWebKeySet(weakSet).Error!.Code);
    }
}
