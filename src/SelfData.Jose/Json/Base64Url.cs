using System.Buffers;

namespace SelfData.Jose;

/// <summary>
/// Encodes and decodes canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5): only the URL-safe alphabet, no
/// padding, no white space, and zero unused bits, so that every byte string has exactly one text.
/// </summary>
public static class Base64Url
{
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Encodes bytes as unpadded base64url.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The text.</returns>
    public static string Encode(ReadOnlySpan<byte> data)
    {
#if NET9_0_OR_GREATER
        return System.Buffers.Text.Base64Url.EncodeToString(data);
#else
        var length = ((data.Length * 4) + 2) / 3;
        var padded = ((data.Length + 2) / 3) * 4;
        char[]? rented = null;
        var buffer = padded <= 512 ? stackalloc char[padded] : (rented = ArrayPool<char>.Shared.Rent(padded));
        Convert.TryToBase64Chars(data, buffer, out _);
        for (var i = 0; i < length; i++)
        {
            buffer[i] = buffer[i] switch { '+' => '-', '/' => '_', var c => c };
        }

        var result = new string(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
#endif
    }

    internal static int Decode(ReadOnlySpan<char> text, Span<byte> destination)
    {
#if NET9_0_OR_GREATER
        return System.Buffers.Text.Base64Url.DecodeFromChars(text, destination, out _, out var decoded) == OperationStatus.Done ? decoded : -1;
#else
        var padded = (text.Length + 3) / 4 * 4;
        char[]? rented = null;
        var buffer = padded <= 1024 ? stackalloc char[padded] : (rented = ArrayPool<char>.Shared.Rent(padded));
        for (var i = 0; i < text.Length; i++)
        {
            buffer[i] = text[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        for (var i = text.Length; i < padded; i++)
        {
            buffer[i] = '=';
        }

        var ok = Convert.TryFromBase64Chars(buffer[..padded], destination, out var written);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return ok ? written : -1;
#endif
    }

    internal static int DecodedLength(int textLength) => textLength * 3 / 4;

    /// <summary>Determines whether a text is canonical unpadded base64url.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when the text uses only the URL-safe alphabet, has no padding and no unused bits set.</returns>
    public static bool IsCanonical(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return false;
        }

        if (text.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // The last character of a partial group must not carry bits that decoding drops: otherwise two texts
        // decode to the same bytes and a changed character goes unnoticed.
        var rest = text.Length % 4;
        if (rest != 0)
        {
            var last = Value(text[^1]);
            var unused = rest == 2 ? 0b1111 : 0b11;
            if ((last & unused) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes canonical unpadded base64url; any other spelling is refused.</summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">The decoded bytes, or an empty array.</param>
    /// <returns><see langword="true"/> when the text is canonical and decodes.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        if (!IsCanonical(text))
        {
            bytes = [];
            return false;
        }

        bytes = new byte[DecodedLength(text.Length)];
        var written = Decode(text, bytes);
        if (written != bytes.Length)
        {
            bytes = [];
            return false;
        }

        return true;
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
