using System.Globalization;
using System.Text;

namespace SelfData.Core;

/// <summary>
/// Makes text that came from outside (a token's issuer, a header name, a consent id, a file name in an archive) safe
/// to quote in an error message or a log line: every control, bidirectional-formatting, other format, separator,
/// private-use, unassigned or unpaired-surrogate character is written as an escape, then the result is truncated.
/// </summary>
/// <remarks>
/// Every message in SelfData.Sdk that quotes input goes through <see cref="Escape(string?, int)"/>: a hostile value can
/// then neither break a log line in two, reorder what a reader sees (bidi overrides such as U+202E), nor flood a log.
/// </remarks>
public static class UntrustedText
{
    /// <summary>The default number of characters of input kept before truncation.</summary>
    public const int DefaultMaxLength = 64;

    /// <summary>Escapes and truncates untrusted text for a message.</summary>
    /// <param name="value">The text, or <see langword="null"/>.</param>
    /// <param name="maxLength">The number of input characters kept; longer text ends with <c>…</c>.</param>
    /// <returns>
    /// The text with each unsafe character written as <c>\uXXXX</c> (and a backslash as <c>\\</c>), cut after
    /// <paramref name="maxLength"/> input characters; <c>(null)</c> for <see langword="null"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is less than 1.</exception>
    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value is null)
        {
            return "(null)";
        }

        var truncated = value.Length > maxLength;
        var span = value.AsSpan(0, truncated ? maxLength : value.Length);
        if (!truncated && IsSafe(span))
        {
            return value;
        }

        var builder = new StringBuilder(span.Length + 8);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                var rune = new Rune(c, span[i + 1]);
                if (IsSafe(Rune.GetUnicodeCategory(rune)))
                {
                    builder.Append(c).Append(span[i + 1]);
                }
                else
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}\\u{(int)span[i + 1]:X4}");
                }

                i++;
                continue;
            }

            if (c == '\\')
            {
                builder.Append("\\\\");
            }
            else if (!IsSafe(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (truncated)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>Determines whether a character may appear unescaped in a message.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for letters, marks, numbers, punctuation, symbols and the plain space.</returns>
    public static bool IsSafe(char c) => c == ' ' || (c != '\\' && !char.IsSurrogate(c) && IsSafe(char.GetUnicodeCategory(c)));

    private static bool IsSafe(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsSafe(c))
            {
                return false;
            }
        }

        return true;
    }

    // Bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C) are Format characters; line and paragraph
    // separators, and every space but U+0020, are escaped too so that a quoted value keeps one visible shape.
    private static bool IsSafe(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => false,
        UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
