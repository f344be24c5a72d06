using System.Text;
using SelfData.Testing;

namespace SelfData.Jose.Tests;

public class JwsHeaderCacheTests
{
    [Fact]
    public void Only_headers_seen_under_a_verified_signature_are_kept_and_a_full_cache_evicts_nothing()
    {
        var cache = new JwsHeaderCache(capacity: 2);
        var trusted = TestKeys.Ecdsa("cache-trusted");
        var other = TestKeys.Ecdsa("cache-other");
        var payload = "{\"n\":1}"u8.ToArray();

        // Parsed but never verified: nothing is kept.
        var unverified = JwsMessage.Parse(Jws.SignCompact(payload, other), headerCache: cache).Value;
        Assert.False(unverified.TryVerify(unverified.Signatures[0], trusted.VerificationKey, out _));
        Assert.Equal(0, cache.Count);

        var good = JwsMessage.Parse(Jws.SignCompact(payload, trusted), headerCache: cache).Value;
        Assert.True(good.TryVerify(good.Signatures[0], trusted.VerificationKey, out _));
        Assert.Equal(1, cache.Count);

        // The same header again is served from the cache, adding nothing.
        var again = JwsMessage.Parse(Jws.SignCompact("{\"n\":2}"u8, trusted), headerCache: cache).Value;
        Assert.True(again.TryVerify(again.Signatures[0], trusted.VerificationKey, out _));
        Assert.Equal(1, cache.Count);

        for (var i = 0; i < 5; i++)
        {
            using var key = SigningKey.CreateEcdsa("fresh-" + i);
            var message = JwsMessage.Parse(HostileJws.SignCompact(Encoding.UTF8.GetBytes("{\"alg\":\"ES256\",\"kid\":\"fresh-" + i + "\"}"), payload, key), headerCache: cache).Value;
            Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out _));
        }

        Assert.Equal(2, cache.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new JwsHeaderCache(0));
    }

    [Fact]
    public void Read_and_verify_options_are_immutable_and_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JwsReadOptions { MaxLength = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new JwsReadOptions { MaxDepth = 65 });
        var allowed = new List<string> { JwsAlgorithms.ES256 };
        var options = new JwsVerifyOptions { AllowedAlgorithms = allowed };
        allowed.Add(JwsAlgorithms.HS256);
        Assert.Equal([JwsAlgorithms.ES256], options.AllowedAlgorithms);
        Assert.Equal(16 * 1024, JwsReadOptions.Default.MaxLength);
    }

    [Fact]
    public void Headers_accepted_under_some_options_are_checked_again_under_others()
    {
        var key = TestKeys.Ecdsa("crit-key");
        var text = Jws.SignCompact("{}"u8, key, new JwsHeaderOptions { ProtectedParameters = new System.Text.Json.Nodes.JsonObject { ["crit"] = new System.Text.Json.Nodes.JsonArray("urn:x"), ["urn:x"] = 1 } });
        var message = JwsMessage.Parse(text).Value;
        var lenient = new JwsVerifyOptions { UnderstoodCriticalHeaders = ["urn:x"] };
        Assert.Null(JwsMessage.CheckHeaders(message.Signatures[0], lenient));
        Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out _, lenient));

        // Other options (here the defaults, which understand no extension): the headers are checked again and refused.
        Assert.False(message.TryVerify(message.Signatures[0], key.VerificationKey, out var error));
        Assert.Equal(JoseErrorCodes.CriticalHeaderUnsupported, error.Code);
    }

    [Fact]
    public void A_cached_header_accepted_under_some_options_is_refused_under_others()
    {
        var key = TestKeys.Ecdsa("crit-cached");
        var header = new JwsHeaderOptions { ProtectedParameters = new System.Text.Json.Nodes.JsonObject { ["crit"] = new System.Text.Json.Nodes.JsonArray("urn:x"), ["urn:x"] = 1 } };
        var cache = new JwsHeaderCache();
        var lenient = new JwsVerifyOptions { UnderstoodCriticalHeaders = ["urn:x"] };
        var first = JwsMessage.Parse(Jws.SignCompact("{\"n\":1}"u8, key, header), headerCache: cache).Value;
        Assert.True(first.TryVerify(first.Signatures[0], key.VerificationKey, out _, lenient));
        Assert.Equal(1, cache.Count);

        // A second token under the same header takes the cached header object, already accepted under the lenient options.
        var second = JwsMessage.Parse(Jws.SignCompact("{\"n\":2}"u8, key, header), headerCache: cache).Value;
        Assert.Same(first.Signatures[0].ProtectedHeader, second.Signatures[0].ProtectedHeader);
        Assert.Null(JwsMessage.CheckHeaders(second.Signatures[0], lenient));
        Assert.True(second.TryVerify(second.Signatures[0], key.VerificationKey, out _, lenient));
        Assert.Equal(JoseErrorCodes.CriticalHeaderUnsupported, JwsMessage.CheckHeaders(second.Signatures[0])!.Code);
        Assert.False(second.TryVerify(second.Signatures[0], key.VerificationKey, out var error, new JwsVerifyOptions()));
        Assert.Equal(JoseErrorCodes.CriticalHeaderUnsupported, error.Code);

        // And back: the lenient options still accept it, the header is kept once.
        Assert.True(second.TryVerify(second.Signatures[0], key.VerificationKey, out _, lenient));
        Assert.Equal(1, cache.Count);
    }
}
