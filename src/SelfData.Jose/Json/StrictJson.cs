using System.Runtime.InteropServices;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>
/// Parses JSON the way every JOSE and consent input must be parsed: well-formed UTF-8, no member named twice in an
/// object (RFC 7515 §4 and RFC 8725 §3.7), no nesting deeper than a limit, no more bytes than a limit.
/// </summary>
/// <remarks>
/// Failures carry <see cref="JoseErrorCodes.MalformedJson"/>, <see cref="JoseErrorCodes.DuplicateJsonMember"/>,
/// <see cref="JoseErrorCodes.JsonTooDeep"/> or <see cref="JoseErrorCodes.TokenTooLarge"/>.
/// </remarks>
public static class StrictJson
{
    [ThreadStatic]
    private static List<Name>? t_names;

    /// <summary>Parses JSON strictly.</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    /// <param name="maxDepth">The deepest nesting accepted (an object holding an object has depth 2).</param>
    /// <param name="what">How messages name the input, for example <c>The protected header</c>.</param>
    /// <param name="document">The parsed document, which the caller disposes; <see langword="null"/> on failure.</param>
    /// <param name="maxBytes">The largest input accepted, in bytes.</param>
    /// <returns><see langword="null"/> when the input is strict JSON, else the error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="what"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is not between 1 and 64.</exception>
    public static SelfDataError? TryParse(ReadOnlyMemory<byte> utf8, int maxDepth, string what, out JsonDocument? document, int maxBytes = 1 << 20)
    {
        ArgumentNullException.ThrowIfNull(what);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, 64);
        document = null;
        if (utf8.Length > maxBytes)
        {
            return new SelfDataError(JoseErrorCodes.TokenTooLarge, $"{what} is {utf8.Length} bytes long; at most {maxBytes} are accepted.");
        }

        // RFC 8725 §3.7: UTF-8 only. The reader does not validate every string, so check the whole text first.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return new SelfDataError(JoseErrorCodes.MalformedJson, what + " is not valid UTF-8.");
        }

#if NET10_0_OR_GREATER
        // One pass when the input is good: the document refuses duplicates and excess depth itself. On failure the
        // strict reader below says precisely why.
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
            return null;
        }
        catch (JsonException)
        {
            document = null;
        }
#endif

        var error = Check(utf8.Span, maxDepth, what);
        if (error is not null)
        {
            return error;
        }

        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = maxDepth + 1 });
            return null;
        }
        catch (JsonException)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJson, what + " is not well-formed JSON.");
        }
    }

    /// <summary>Determines whether an object anywhere in a parsed value names a member twice (after unescaping).</summary>
    /// <param name="element">The value, parsed without the duplicate check.</param>
    /// <returns><see langword="true"/> when some object repeats a member name.</returns>
    public static bool HasDuplicateMembers(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            // No '{' anywhere in its text: no object inside, so no member to repeat (a '{' inside a string only
            // costs the walk below).
            if (!JsonMarshal.GetRawUtf8Value(element).Contains((byte)'{'))
            {
                return false;
            }

            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HasDuplicateMembers(item))
                {
                    return true;
                }
            }

            return false;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // One pass: the raw UTF-8 name of each member is hashed and compared with the names before it; an escaped
        // name (or a very wide object) sends the object to the comparison of unescaped names.
        const int MaxHashed = 32;
        Span<int> hashes = stackalloc int[MaxHashed];
        var count = 0;
        var unescaped = false;
        foreach (var property in element.EnumerateObject())
        {
            if (!unescaped)
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                if (count == MaxHashed || raw.Contains((byte)'\\'))
                {
                    if (HasDuplicateNamesUnescaped(element))
                    {
                        return true;
                    }

                    unescaped = true;
                }
                else if (AddRawName(element, raw, hashes, ref count))
                {
                    return true;
                }
            }

            var value = property.Value;
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && HasDuplicateMembers(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records the raw (unescaped-free) UTF-8 name of the next member of an object; <see langword="true"/> when an
    /// earlier member has the same name. The caller sends escaped names, and objects wider than
    /// <paramref name="hashes"/>, to <see cref="HasDuplicateMembers"/> instead.
    /// </summary>
    private static bool AddRawName(JsonElement obj, ReadOnlySpan<byte> raw, Span<int> hashes, ref int count)
    {
        var hash = Hash(raw);
        for (var i = 0; i < count; i++)
        {
            if (hashes[i] == hash && RawNameAt(obj, i).SequenceEqual(raw))
            {
                return true;
            }
        }

        hashes[count++] = hash;
        return false;
    }

    private static bool HasDuplicateNamesUnescaped(JsonElement obj)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> RawNameAt(JsonElement obj, int index)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (index-- == 0)
            {
                return JsonMarshal.GetRawUtf8PropertyName(property);
            }
        }

        return default;
    }

    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = default(HashCode);
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    private static SelfDataError? Check(ReadOnlySpan<byte> utf8, int maxDepth, string what)
    {
        var names = t_names ??= new List<Name>(32);
        names.Clear();
        Span<int> starts = stackalloc int[Math.Min(maxDepth + 2, 256)];
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth + 1 > maxDepth)
                        {
                            return new SelfDataError(JoseErrorCodes.JsonTooDeep, $"{what} is nested deeper than {maxDepth} levels.");
                        }

                        starts[reader.CurrentDepth] = names.Count;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (names.Count > starts[reader.CurrentDepth])
                        {
                            names.RemoveRange(starts[reader.CurrentDepth], names.Count - starts[reader.CurrentDepth]);
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.ValueIsEscaped
                            ? new Name(-1, 0, reader.GetString())
                            : new Name((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
                        var from = starts[reader.CurrentDepth - 1];
                        for (var i = from; i < names.Count; i++)
                        {
                            if (Same(utf8, names[i], name))
                            {
                                return new SelfDataError(JoseErrorCodes.DuplicateJsonMember, $"{what} names the member '{UntrustedText.Escape(Text(utf8, name))}' twice.");
                            }
                        }

                        names.Add(name);
                        break;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJson, what + " is not well-formed JSON.");
        }
        finally
        {
            names.Clear();
        }
    }

    private static bool Same(ReadOnlySpan<byte> utf8, Name a, Name b)
    {
        if (a.Escaped is null && b.Escaped is null)
        {
            return a.Length == b.Length && utf8.Slice(a.Start, a.Length).SequenceEqual(utf8.Slice(b.Start, b.Length));
        }

        return string.Equals(Text(utf8, a), Text(utf8, b), StringComparison.Ordinal);
    }

    private static string Text(ReadOnlySpan<byte> utf8, Name name) =>
        name.Escaped ?? System.Text.Encoding.UTF8.GetString(utf8.Slice(name.Start, name.Length));

    private readonly record struct Name(int Start, int Length, string? Escaped);
}
