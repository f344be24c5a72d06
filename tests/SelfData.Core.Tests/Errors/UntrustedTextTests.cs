using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;

namespace SelfData.Core.Tests;

public class UntrustedTextTests
{
    /// <summary>Any UTF-16 text, weighted towards the characters that break logs: controls, bidi overrides, separators, lone surrogates.</summary>
    private static Arbitrary<string> Hostile()
    {
        var nasty = Gen.Elements('\n', '\r', '\t', '\0', '\u001b', '\u0085', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c', '\u2028', '\u2029', '\u00a0', '\ufeff', '\ud800', '\udfff', '\\', 'é', 'a', ' ');
        var any = Gen.Choose(0, 0xFFFF).Select(i => (char)i);
        var character = Gen.Frequency((3, nasty), (2, any));
        return character.ArrayOf().Select(chars => new string(chars)).ToArbitrary();
    }

    [Property(MaxTest = 500)]
    public Property No_control_bidi_or_separator_character_survives() => Prop.ForAll(Hostile(), text =>
    {
        var escaped = UntrustedText.Escape(text, 1000);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (char.IsHighSurrogate(c) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]))
            {
                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (char.IsSurrogate(c) || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }
        }

        return true;
    });

    [Property(MaxTest = 300)]
    public Property Escaping_is_reversible_for_text_within_the_limit() => Prop.ForAll(Hostile(), text =>
        Unescape(UntrustedText.Escape(text, text.Length + 1)) == text);

    [Fact]
    public void Safe_text_is_returned_as_it_is_and_long_text_is_cut()
    {
        Assert.Equal("https://as.example.org", UntrustedText.Escape("https://as.example.org"));
        Assert.Equal("evil\\u202Etxt.exe\\u000Aforged log line", UntrustedText.Escape("evil\u202etxt.exe\nforged log line"));
        Assert.Equal(new string('a', 64) + "…", UntrustedText.Escape(new string('a', 100)));
        Assert.Equal("(null)", UntrustedText.Escape(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => UntrustedText.Escape("x", 0));
    }

    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && escaped[i + 1] == '\\')
            {
                builder.Append('\\');
                i++;
            }
            else if (escaped[i] == '\\' && escaped[i + 1] == 'u')
            {
                builder.Append((char)int.Parse(escaped.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                builder.Append(escaped[i]);
            }
        }

        return builder.ToString();
    }
}
