using System.Text;
using System.Text.Json.Nodes;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Consent.Tests;

/// <summary>
/// A validator under a stream of hostile input keeps what it trusts: its caches hold only what verified, nothing
/// hostile evicts a trusted entry, and memory stays bounded.
/// </summary>
public class HostileFloodTests : ConsentTestBase
{
    [Fact]
    public async Task A_hundred_thousand_hostile_tokens_neither_fill_the_caches_nor_evict_the_trusted_header()
    {
        var validator = Validator(OAuthOptions());
        Assert.True((await validator.ValidateAccessTokenAsync(OAuth.Mint(), OAuthRequest())).IsValid);
        Assert.Equal(1, validator.CachedHeaderCount);

        var embedded = JsonNode.Parse(SigningKey.CreateEcdsa("attacker").ToPublicJwk())!;
        var payload = Base64Url.Encode(Encoding.UTF8.GetBytes(OAuth.Claims().ToJsonString()));
        var signature = Base64Url.Encode(new byte[256]);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 100_000; i++)
        {
            // Distinct protected headers: a fresh kid, a key embedded in the header, an unknown parameter.
            var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "at+jwt", ["kid"] = i % 2 == 0 ? "as-rs256" : "k" + i, ["jwk"] = embedded.DeepClone(), ["x-" + i] = i };
            var token = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + payload + "." + signature;
            var result = await validator.ValidateAccessTokenAsync(token, OAuthRequest());
            Assert.False(result.IsValid);
        }

        GC.Collect();
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.Equal(1, validator.CachedHeaderCount);
        Assert.True(growth < 16 << 20, $"the heap grew by {growth} bytes");
        Assert.True((await validator.ValidateAccessTokenAsync(OAuth.Mint(), OAuthRequest())).IsValid);
    }

    [Fact]
    public async Task Hostile_records_with_their_own_cr_keys_never_enter_the_key_cache()
    {
        var validator = Validator(MyDataOptions());
        var request = MyDataRequest();
        var valid = MyData.MintPresentation(request);
        Assert.True((await validator.ValidateMyDataRequestAsync(valid, request)).IsValid);
        var trusted = validator.CachedRecordKeyCount;
        Assert.True(trusted > 0);
        Assert.Equal(3, validator.CachedRecordCount);

        // The same link record with other cr_keys: its signatures no longer verify, but its keys are read first.
        var slr = JsonNode.Parse(valid.ServiceLinkRecord)!.AsObject();
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Decode(slr["payload"]!.GetValue<string>())))!.AsObject();
        var attacker = JsonNode.Parse(SigningKey.CreateEcdsa("attacker").ToPublicJwk())!.AsObject();
        for (var i = 0; i < 5_000; i++)
        {
            attacker["kid"] = "attacker-" + i;
            claims["cr_keys"] = new JsonObject { ["keys"] = new JsonArray(attacker.DeepClone()) };
            slr["payload"] = Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            var hostile = new MyDataPresentation { ServiceLinkRecord = slr.ToJsonString(), ConsentRecord = valid.ConsentRecord, StatusRecords = valid.StatusRecords, AuthorizationToken = valid.AuthorizationToken, ProofOfPossession = valid.ProofOfPossession };
            Assert.False((await validator.ValidateMyDataRequestAsync(hostile, request)).IsValid);
        }

        Assert.Equal(trusted, validator.CachedRecordKeyCount);
        Assert.Equal(3, validator.CachedRecordCount);

        // The trusted keys are still cached: the valid request is served from the cache, adding nothing.
        Assert.True((await validator.ValidateMyDataRequestAsync(MyData.MintPresentation(request), request)).IsValid);
        Assert.Equal(trusted, validator.CachedRecordKeyCount);
    }

    private static byte[] Decode(string text) => Base64Url.TryDecode(text, out var bytes) ? bytes : throw new FormatException(text);
}
