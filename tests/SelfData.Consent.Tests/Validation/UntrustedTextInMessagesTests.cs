using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Testing;

namespace SelfData.Consent.Tests;

/// <summary>Whatever text a hostile token carries in its header and claims, no message quotes a raw control, bidi or separator character.</summary>
public class UntrustedTextInMessagesTests : ConsentTestBase
{
    private static readonly string[] Places = ["alg", "kid", "typ", "crit", "iss", "consent_id", "jti", "purpose", "datatype"];

    private static Arbitrary<(string Place, string Text)> Hostile()
    {
        var nasty = Gen.Elements('\n', '\r', '\u001b', '\u0085', '\u200e', '\u202e', '\u2066', '\u2069', '\u061c', '\u2028', '\u2029', '\ufeff', '\ud800', 'x', '.', ' ');
        var text = Gen.Frequency((4, nasty), (1, Gen.Choose(0, 0xFFFF).Select(i => (char)i))).ArrayOf().Select(c => "v" + new string(c));
        return Gen.Elements(Places).SelectMany(place => text.Select(t => (place, t))).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property Messages_escape_what_tokens_carry() => Prop.ForAll(Hostile(), input =>
    {
        var (place, text) = input;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = OAuth.Key.KeyId, ["typ"] = "at+jwt" };
        var claims = OAuth.Claims();
        switch (place)
        {
            case "alg" or "kid" or "typ": header[place] = text; break;
            case "crit": header["crit"] = new JsonArray(text); header[text] = 1; break;
            case "purpose": claims["authorization_details"]![0]!["purpose"] = text; break;
            case "datatype": claims["authorization_details"]![0]!["datatypes"] = new JsonArray(text); break;
            default: claims[place] = text; break;
        }

        var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes(header.ToJsonString()), Encoding.UTF8.GetBytes(claims.ToJsonString()), OAuth.Key);
        var request = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve]) { Purpose = "energy-advice" };
        var result = Validator(OAuthOptions(), new InMemoryConsentStatusStore()).ValidateAccessTokenAsync(token, request).AsTask().GetAwaiter().GetResult();
        return Printable(result.Error?.Message ?? string.Empty).Label($"{place}: {result.Error}");
    });

    /// <summary>No control, format (bidi) or separator character, and no surrogate outside a valid pair.</summary>
    private static bool Printable(string message)
    {
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            if (char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return false;
            }
        }

        return true;
    }
}
