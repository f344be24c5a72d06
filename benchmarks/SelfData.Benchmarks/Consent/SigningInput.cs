using System.Text;
using System.Text.Json;

namespace SelfData.Benchmarks.Consent;

/// <summary>The exact signing inputs and signatures of compact and JSON-serialized JWS, for the raw-verify baselines.</summary>
internal static class SigningInput
{
    public static (byte[] Input, byte[] Signature) OfCompact(string token)
    {
        var last = token.LastIndexOf('.');
        return (Encoding.ASCII.GetBytes(token[..last]), Decode(token[(last + 1)..]));
    }

    public static List<(byte[] Input, byte[] Signature)> OfJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var payload = root.GetProperty("payload").GetString()!;
        var signatures = root.TryGetProperty("signatures", out var array) ? array.EnumerateArray().ToList() : [root];
        return signatures.Select(s => (Encoding.ASCII.GetBytes(s.GetProperty("protected").GetString() + "." + payload), Decode(s.GetProperty("signature").GetString()!))).ToList();
    }

    public static (byte[] Input, byte[] Signature) OfPop(string header) => OfCompact(header["PoP ".Length..]);

    private static byte[] Decode(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - (s.Length % 4)) % 4));
    }
}
