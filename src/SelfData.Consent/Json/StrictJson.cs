using System.Text.Json;
using SelfData.Core;

namespace SelfData.Consent;

/// <summary>
/// Parses JSON the way every consent input must be parsed: well-formed UTF-8, no member named twice in an object
/// (RFC 7515 §4 and RFC 8725 §3.7), no nesting deeper than a limit.
/// </summary>
internal static class StrictJson
{
    [ThreadStatic]
    private static List<Name>? t_names;

    public static SelfDataError? TryParse(ReadOnlyMemory<byte> utf8, int maxDepth, string what, out JsonDocument? document)
    {
        document = null;

        // RFC 8725 §3.7: UTF-8 only. The reader does not validate every string, so check the whole text first.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return new SelfDataError(ConsentErrorCodes.MalformedJson, what + " is not valid UTF-8.");
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
            return new SelfDataError(ConsentErrorCodes.MalformedJson, what + " is not well-formed JSON.");
        }
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
                            return new SelfDataError(ConsentErrorCodes.JsonTooDeep, $"{what} is nested deeper than {maxDepth} levels.");
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
                                return new SelfDataError(ConsentErrorCodes.DuplicateJsonMember, $"{what} names the member '{Text(utf8, name)}' twice.");
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
            return new SelfDataError(ConsentErrorCodes.MalformedJson, what + " is not well-formed JSON.");
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
