using System.Text;
using SelfData.Jose;

namespace SelfData.Testing;

/// <summary>
/// Signs JWS exactly as told, for tests that check a validator refuses them: a protected header written byte for
/// byte (duplicate members, <c>alg: none</c> next to a real signature, a foreign <c>kid</c>, nested tokens), with a
/// real signature by a real key. Nothing is checked; never use it outside tests.
/// </summary>
public static class HostileJws
{
    /// <summary>Signs a payload in the compact serialization under a protected header given as raw bytes.</summary>
    /// <param name="protectedHeader">The UTF-8 bytes of the protected header, written as given.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <param name="key">The signing key; its own algorithm signs, whatever the header says.</param>
    /// <param name="detachedPayload"><see langword="true"/> to leave the payload out of the text.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static string SignCompact(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload, SigningKey key, bool detachedPayload = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = Base64Url.Encode(protectedHeader);
        var body = Base64Url.Encode(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(header + "." + body));
        return header + "." + (detachedPayload ? string.Empty : body) + "." + Base64Url.Encode(signature);
    }
}
