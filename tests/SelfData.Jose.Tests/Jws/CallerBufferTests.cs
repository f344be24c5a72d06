using System.Runtime.InteropServices;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Jose.Tests;

public class CallerBufferTests
{
    private static readonly byte[] Claims = """{"sub":"subject-1","n":[1,2,3]}"""u8.ToArray();

    [Theory]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.ES256)]
    public void A_compact_jws_decodes_into_the_callers_buffer_and_verifies(string algorithm)
    {
        var key = algorithm == JwsAlgorithms.ES256 ? TestKeys.Ecdsa("buffer-ec") : TestKeys.Rsa("buffer-rsa", algorithm);
        var text = Jws.SignCompact(Claims, key);
        var buffer = new byte[JwsMessage.DecodedLengthLimit(text)];

        var message = JwsMessage.ParseCompact(text, buffer).Value;

        Assert.True(MemoryMarshal.TryGetArray(message.Payload, out var payload));
        Assert.Same(buffer, payload.Array);
        Assert.True(MemoryMarshal.TryGetArray(message.Signatures[0].Value, out var signature));
        Assert.Same(buffer, signature.Array);
        Assert.Equal(Claims, message.Payload.ToArray());
        Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out var error), error?.Message);

        // Another token decoded into the same buffer: the first message now reads the second one's bytes and no longer verifies.
        var other = JwsMessage.ParseCompact(Jws.SignCompact("""{"sub":"subject-2","n":[4,5,6]}"""u8, key), buffer).Value;
        Assert.True(other.TryVerify(other.Signatures[0], key.VerificationKey, out _));
        Assert.False(message.TryVerify(message.Signatures[0], key.VerificationKey, out _));
    }

    [Fact]
    public void A_buffer_too_small_is_not_used_and_the_result_is_the_same()
    {
        var key = TestKeys.Ecdsa("buffer-small");
        var text = Jws.SignCompact(Claims, key);
        var small = new byte[8];

        var message = JwsMessage.ParseCompact(text, small).Value;

        Assert.True(MemoryMarshal.TryGetArray(message.Payload, out var payload));
        Assert.NotSame(small, payload.Array);
        Assert.Equal(new byte[8], small);
        Assert.Equal(Claims, message.Payload.ToArray());
        Assert.True(message.TryVerify(message.Signatures[0], key.VerificationKey, out _));
    }

    [Fact]
    public void Refusals_are_those_of_parse()
    {
        var key = TestKeys.Ecdsa("buffer-refusals");
        var text = Jws.SignCompact(Claims, key);
        var buffer = new byte[JwsMessage.DecodedLengthLimit(text)];

        Assert.Equal(JoseErrorCodes.MalformedJws, JwsMessage.ParseCompact(Jws.SignFlattenedJson(Claims, key), buffer).Error!.Code);
        Assert.Equal(JoseErrorCodes.TokenTooLarge, JwsMessage.ParseCompact(text, buffer, new JwsReadOptions { MaxLength = text.Length - 1 }).Error!.Code);
        var padded = text + "=";
        Assert.Equal(JwsMessage.Parse(padded).Error!.Code, JwsMessage.ParseCompact(padded, buffer).Error!.Code);
        var dots = text.Split('.');
        var badPayload = dots[0] + ".*" + dots[1][1..] + "." + dots[2];
        Assert.Equal(JoseErrorCodes.InvalidBase64Url, JwsMessage.ParseCompact(badPayload, buffer).Error!.Code);
        Assert.Equal(JoseErrorCodes.MalformedJws, JwsMessage.ParseCompact("a.b", buffer).Error!.Code);
        Assert.Throws<ArgumentNullException>(() => JwsMessage.ParseCompact(null!, buffer));
    }
}
