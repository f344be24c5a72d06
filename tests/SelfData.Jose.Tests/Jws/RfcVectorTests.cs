using System.Text;
using System.Text.Json;
using SelfData.Jose;

namespace SelfData.Jose.Tests;

/// <summary>The published JWS examples of RFC 7515 appendix A and RFC 7520 section 4 verify with their keys.</summary>
public class RfcVectorTests
{
    private static readonly JsonElement Rfc7515 = Load("rfc7515-appendix-a.json");
    private static readonly JsonElement Rfc7520 = Load("rfc7520-section4.json");

    public static TheoryData<string> Rfc7515Compact() => Names(Rfc7515, e => e.TryGetProperty("compact", out _));

    public static TheoryData<string> Rfc7515Json() => Names(Rfc7515, e => e.TryGetProperty("json", out _));

    public static TheoryData<string> Rfc7520Examples() => Names(Rfc7520, _ => true);

    [Theory]
    [MemberData(nameof(Rfc7515Compact))]
    public void Rfc7515_compact_examples_verify(string name)
    {
        var example = Example(Rfc7515, name);
        var key = VerificationKey.FromJwk(example.GetProperty("key").GetRawText(), "rfc7515").Value;
        var message = JwsMessage.Parse(example.GetProperty("compact").GetString()!).Value;
        Assert.Equal(JwsSerialization.Compact, message.Serialization);
        Assert.True(message.TryVerify(message.Signatures[0], key, out var error), error?.ToString());
        Assert.Equal(example.GetProperty("alg").GetString(), message.Signatures[0].Algorithm);
    }

    [Theory]
    [MemberData(nameof(Rfc7515Json))]
    public void Rfc7515_json_examples_verify_every_signature(string name)
    {
        var example = Example(Rfc7515, name);
        var message = JwsMessage.Parse(example.GetProperty("json").GetRawText()).Value;
        Assert.NotEmpty(message.Signatures);
        foreach (var signature in message.Signatures)
        {
            var jwk = example.GetProperty("keys").GetProperty(signature.KeyId!);
            var key = VerificationKey.FromJwk(jwk.GetRawText(), signature.KeyId).Value;
            Assert.True(message.TryVerify(signature, key, out var error), error?.ToString());
        }
    }

    [Fact]
    public void Rfc7515_a1_payload_is_the_published_claims_set()
    {
        var message = JwsMessage.Parse(Example(Rfc7515, "A.1").GetProperty("compact").GetString()!).Value;
        Assert.True(message.TryGetJsonPayload(out var document, out _));
        using (document)
        {
            Assert.Equal("joe", document.RootElement.GetProperty("iss").GetString());
            Assert.Equal(1300819380, document.RootElement.GetProperty("exp").GetInt64());
        }
    }

    [Fact]
    public void Rfc7515_a5_unsecured_jws_is_refused()
    {
        var token = Rfc7515.GetProperty("unsecured").GetProperty("compact").GetString()!;
        var message = JwsMessage.Parse(token).Value;
        var key = VerificationKey.FromJwk(Example(Rfc7515, "A.1").GetProperty("key").GetRawText(), "any").Value;
        Assert.False(message.TryVerify(message.Signatures[0], key, out var error));
        Assert.Equal(JoseErrorCodes.UnsecuredJws, error.Code);
    }

    [Theory]
    [MemberData(nameof(Rfc7520Examples))]
    public void Rfc7520_examples_verify_in_every_serialization(string name)
    {
        var example = Example(Rfc7520, name);
        var keys = example.GetProperty("keys").EnumerateArray().Select(k => VerificationKey.FromJwk(k.GetRawText()).Value).ToList();
        var payload = Encoding.UTF8.GetBytes(Rfc7520.GetProperty("payload").GetString()!);
        var options = new JwsVerifyOptions { AllowUnprotectedAlgorithm = example.TryGetProperty("unprotectedAlgorithm", out _) };
        var serializations = new[] { "compact", "json", "json_flat" }.Where(s => example.TryGetProperty(s, out _)).ToList();
        Assert.NotEmpty(serializations);
        foreach (var serialization in serializations)
        {
            var element = example.GetProperty(serialization);
            var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
            var message = JwsMessage.Parse(text).Value;
            if (message.IsDetached)
            {
                message = message.WithDetachedPayload(payload);
            }

            Assert.Equal(payload, message.Payload.ToArray());
            foreach (var signature in message.Signatures)
            {
                // RFC 7520 §4.8 names two keys with the same kid; pick the one whose type fits the algorithm.
                var key = keys.First(k => k.KeyId == signature.KeyId && k.Algorithms.Contains(signature.Algorithm!));
                Assert.True(message.TryVerify(signature, key, out var error, options), $"{name} {serialization}: {error}");
            }
        }
    }

    [Fact]
    public void Rfc7520_payload_is_not_json_and_is_refused_as_a_token_payload()
    {
        var message = JwsMessage.Parse(Example(Rfc7520, "4.1").GetProperty("compact").GetString()!).Value;
        Assert.False(message.TryGetJsonPayload(out _, out var error));
        Assert.Equal(JoseErrorCodes.MalformedJson, error.Code);
    }

    [Fact]
    public void Rfc7520_4_7_is_refused_by_default_because_alg_is_unprotected()
    {
        var example = Example(Rfc7520, "4.7");
        var key = VerificationKey.FromJwk(example.GetProperty("keys")[0].GetRawText()).Value;
        var message = JwsMessage.Parse(example.GetProperty("json_flat").GetRawText()).Value;
        Assert.False(message.TryVerify(message.Signatures[0], key, out var error));
        Assert.Equal(JoseErrorCodes.AlgorithmNotProtected, error.Code);
    }

    [Fact]
    public void Rfc7520_4_5_detached_content_cannot_be_verified_without_the_payload()
    {
        var example = Example(Rfc7520, "4.5");
        var key = VerificationKey.FromJwk(example.GetProperty("keys")[0].GetRawText()).Value;
        var message = JwsMessage.Parse(example.GetProperty("compact").GetString()!).Value;
        Assert.True(message.IsDetached);
        Assert.False(message.TryVerify(message.Signatures[0], key, out var error));
        Assert.Equal(JoseErrorCodes.PayloadMissing, error.Code);
    }

    [Fact]
    public void Rfc7520_4_1_signature_fails_with_another_payload()
    {
        var example = Example(Rfc7520, "4.5");
        var key = VerificationKey.FromJwk(example.GetProperty("keys")[0].GetRawText()).Value;
        var message = JwsMessage.Parse(example.GetProperty("compact").GetString()!).Value.WithDetachedPayload("It's a dangerous business"u8);
        Assert.False(message.TryVerify(message.Signatures[0], key, out var error));
        Assert.Equal(JoseErrorCodes.SignatureInvalid, error.Code);
    }

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file))).RootElement;

    private static JsonElement Example(JsonElement vectors, string name) =>
        vectors.GetProperty("examples").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(JsonElement vectors, Func<JsonElement, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var example in vectors.GetProperty("examples").EnumerateArray().Where(filter))
        {
            data.Add(example.GetProperty("name").GetString()!);
        }

        return data;
    }
}
