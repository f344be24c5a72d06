using System.Text;
using System.Text.Json.Nodes;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Jose.Tests;

public class JwsTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes("Not JSON: a plain text payload, é and €.");

    public static TheoryData<string> Algorithms() => [.. JwsAlgorithms.Supported];

    private static SigningKey Key(string algorithm) => algorithm[0] switch
    {
        'E' => TestKeys.Ecdsa("jws-" + algorithm, algorithm),
        'H' => SigningKey.FromSymmetricKey("jws-" + algorithm, Enumerable.Range(1, 64).Select(i => (byte)i).ToArray(), algorithm),
        _ => TestKeys.Rsa("jws-rsa", algorithm),
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Every_algorithm_signs_and_verifies_in_every_serialization(string algorithm)
    {
        var key = Key(algorithm);
        var serialized = new[]
        {
            Jws.SignCompact(Text, key),
            Jws.SignFlattenedJson(Text, key),
            Jws.SignGeneralJson(Text, [key, TestKeys.Ecdsa("jws-second")]),
        };
        foreach (var text in serialized)
        {
            var message = JwsMessage.Parse(text).Value;
            Assert.Equal(Text, message.Payload.ToArray());
            Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out var error), error?.ToString());
            Assert.Equal(algorithm, message.Signatures[0].Algorithm);
            Assert.Equal(key.KeyId, message.Signatures[0].KeyId);
        }

        Assert.Equal(JwsSerialization.GeneralJson, JwsMessage.Parse(serialized[2]).Value.Serialization);
        Assert.Equal(2, JwsMessage.Parse(serialized[2]).Value.Signatures.Count);
    }

    [Fact]
    public void Headers_options_are_written_and_read()
    {
        var key = TestKeys.Ecdsa("jws-headers");
        var header = new JwsHeaderOptions
        {
            Type = "example+jwt",
            ContentType = "text/plain",
            KeyIdInUnprotectedHeader = true,
            ProtectedParameters = new JsonObject { ["urn:example"] = 1 },
            UnprotectedParameters = new JsonObject { ["note"] = "hint" },
        };
        var message = JwsMessage.Parse(Jws.SignFlattenedJson(Text, key, header)).Value;
        var signature = message.Signatures[0];
        Assert.Equal("example+jwt", signature.Type);
        Assert.Equal("text/plain", signature.ProtectedHeader!.ContentType);
        Assert.Null(signature.ProtectedHeader.KeyId);
        Assert.Equal(key.KeyId, signature.UnprotectedHeader!.KeyId);
        Assert.True(signature.HasParameter("urn:example"));
        Assert.True(message.TryVerify(signature, key.VerificationKey, out _));

        var detached = JwsMessage.Parse(Jws.SignCompact(Text, key, new JwsHeaderOptions { DetachedPayload = true })).Value;
        Assert.True(detached.IsDetached);
        Assert.True(detached.WithDetachedPayload(Text).TryVerify(detached.Signatures[0], key.VerificationKey, out _));
    }

    [Theory]
    [InlineData("a.b", JoseErrorCodes.MalformedJws)]
    [InlineData("a.b.c.d", JoseErrorCodes.MalformedJws)]
    [InlineData("a.b.c.d.e", JoseErrorCodes.EncryptedTokenNotSupported)]
    [InlineData("eyJhbGciOiJFUzI1NiJ9=.e30.AA", JoseErrorCodes.InvalidBase64Url)]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.A+/A", JoseErrorCodes.InvalidBase64Url)]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e31.AA", JoseErrorCodes.InvalidBase64Url)]
    [InlineData("bm90IGpzb24.e30.AA", JoseErrorCodes.MalformedJson)]
    [InlineData("WzFd.e30.AA", JoseErrorCodes.MalformedJws)]
    [InlineData("{\"payload\":\"e30\"}", JoseErrorCodes.MalformedJws)]
    [InlineData("{\"payload\":\"e30\",\"signatures\":[]}", JoseErrorCodes.MalformedJws)]
    [InlineData("{\"payload\":\"e30\",\"signature\":\"AA\"}", JoseErrorCodes.MalformedJws)]
    [InlineData("{\"payload\":\"e30\",\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"header\":{\"alg\":\"ES256\"},\"signature\":\"AA\"}", JoseErrorCodes.HeaderParameterConflict)]
    [InlineData("{\"payload\":\"e30\",\"payload\":\"e30\",\"signature\":\"AA\",\"header\":{}}", JoseErrorCodes.DuplicateJsonMember)]
    public void Malformed_jws_have_their_codes(string text, string code)
    {
        var result = JwsMessage.Parse(text);
        Assert.False(result.Success);
        Assert.Equal(code, result.Error!.Code);
    }

    [Fact]
    public void Limits_are_enforced()
    {
        var key = TestKeys.Ecdsa("jws-limits");
        var big = Jws.SignCompact(new byte[20_000], key);
        Assert.Equal(JoseErrorCodes.TokenTooLarge, JwsMessage.Parse(big).Error!.Code);
        Assert.True(JwsMessage.Parse(big, new JwsReadOptions { MaxLength = 64 * 1024 }).Success);
        var many = Jws.SignGeneralJson(Text, Enumerable.Range(0, 9).Select(i => TestKeys.Ecdsa("jws-many-" + i % 3)));
        Assert.Equal(JoseErrorCodes.TooManySignatures, JwsMessage.Parse(many).Error!.Code);
    }

    [Fact]
    public void A_signature_checked_with_a_key_of_another_algorithm_is_refused()
    {
        var es384 = TestKeys.Ecdsa("jws-384", JwsAlgorithms.ES384);
        var es256 = TestKeys.Ecdsa("jws-256");
        var message = JwsMessage.Parse(Jws.SignCompact(Text, es256)).Value;
        Assert.False(message.TryVerify(message.Signatures[0], es384.VerificationKey, out var error));
        Assert.Equal(JoseErrorCodes.AlgorithmKeyMismatch, error.Code);
        Assert.False(message.TryVerify(message.Signatures[0], es256.VerificationKey, out error, new JwsVerifyOptions { AllowedAlgorithms = [JwsAlgorithms.RS256] }));
        Assert.Equal(JoseErrorCodes.AlgorithmNotAllowed, error.Code);
        Assert.False(message.TryVerify(message.Signatures[0], TestKeys.Ecdsa("jws-other").VerificationKey, out error));
        Assert.Equal(JoseErrorCodes.SignatureInvalid, error.Code);
    }

    [Fact]
    public void Understood_critical_headers_are_accepted()
    {
        var key = TestKeys.Ecdsa("jws-crit");
        var header = new JwsHeaderOptions { ProtectedParameters = new JsonObject { ["crit"] = new JsonArray("urn:x"), ["urn:x"] = true } };
        var message = JwsMessage.Parse(Jws.SignCompact(Text, key, header)).Value;
        Assert.False(message.TryVerify(message.Signatures[0], key.VerificationKey, out var error));
        Assert.Equal(JoseErrorCodes.CriticalHeaderUnsupported, error.Code);
        Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out _, new JwsVerifyOptions { UnderstoodCriticalHeaders = ["urn:x"] }));
        var empty = JwsMessage.Parse(Jws.SignCompact(Text, key, new JwsHeaderOptions { ProtectedParameters = new JsonObject { ["crit"] = new JsonArray() } })).Value;
        Assert.False(empty.TryVerify(empty.Signatures[0], key.VerificationKey, out error));
        Assert.Equal(JoseErrorCodes.CriticalHeaderInvalid, error.Code);
    }

    [Fact]
    public void Keys_are_written_and_read_as_jwk_sets()
    {
        var set = new VerificationKeySet([TestKeys.Ecdsa("set-1").VerificationKey, TestKeys.Rsa("jws-rsa").VerificationKey]);
        var parsed = VerificationKeySet.Parse(set.ToJson()).Value;
        Assert.Equal(2, parsed.Keys.Count);
        Assert.Equal(JwsKeyType.Rsa, parsed.Find("jws-rsa")!.KeyType);
        Assert.Equal(2048, parsed.Find("jws-rsa")!.KeySize);
        Assert.Null(parsed.Find("set-2"));
    }
}
