using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace SelfData.Portability;

/// <summary>Signs and verifies the detached compact JWS (RFC 7515 appendix F) over an archive manifest's bytes.</summary>
internal static class DetachedJws
{
    internal const string MediaType = "application/vnd.selfdata.manifest+json";

    public static string Sign(ArchiveSigningKey key, ReadOnlySpan<byte> payload)
    {
        var header = "{\"alg\":\"" + key.Algorithm + "\",\"kid\":" + JsonSerializer.Serialize(key.KeyId) + ",\"typ\":\"JOSE\",\"cty\":\"" + MediaType + "\"}";
        var encodedHeader = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header));
        var encodedPayload = Base64UrlEncoder.Encode(payload.ToArray());
        var signature = key.Sign(Encoding.ASCII.GetBytes(encodedHeader + "." + encodedPayload));
        return encodedHeader + ".." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>Verifies; returns null on success, else the failure's code and message.</summary>
    public static (string Code, string Message)? Verify(string jws, ReadOnlySpan<byte> payload, IReadOnlyList<JsonWebKey> trustedKeys, IReadOnlySet<string> allowedAlgorithms, out string? keyId)
    {
        keyId = null;
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3 || parts[1].Length != 0 || parts[0].Length == 0 || parts[2].Length == 0 || jws.Any(c => c > 127))
        {
            return (ArchiveErrorCodes.SignatureMissing, "manifest.jws is not a detached compact JWS (header..signature).");
        }

        string? alg;
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0]), new JsonDocumentOptions { MaxDepth = 4 });
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (ArchiveErrorCodes.SignatureMissing, "The JWS header is not a JSON object.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    return (ArchiveErrorCodes.SignatureInvalid, $"The JWS header repeats '{property.Name}'.");
                }
            }

            alg = root.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            keyId = root.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (root.TryGetProperty("crit", out _))
            {
                return (ArchiveErrorCodes.SignatureInvalid, "The JWS header lists critical extensions this verifier does not understand.");
            }

            if (root.TryGetProperty("b64", out _))
            {
                return (ArchiveErrorCodes.SignatureInvalid, "Unencoded payloads (b64) are not used for manifests.");
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (ArchiveErrorCodes.SignatureMissing, "The JWS header is not base64url JSON.");
        }

        if (alg is null || !allowedAlgorithms.Contains(alg))
        {
            return (ArchiveErrorCodes.AlgorithmNotAllowed, $"Algorithm '{alg}' is not allowed; allowed: {string.Join(", ", allowedAlgorithms)}.");
        }

        if (string.IsNullOrEmpty(keyId))
        {
            return (ArchiveErrorCodes.UnknownSigningKey, "The signature has no 'kid'.");
        }

        var kid = keyId;
        var key = trustedKeys.FirstOrDefault(j => string.Equals(j.Kid, kid, StringComparison.Ordinal));
        if (key is null)
        {
            return (ArchiveErrorCodes.UnknownSigningKey, $"No trusted key has kid '{keyId}'.");
        }

        if (key.Alg is { Length: > 0 } bound && !string.Equals(bound, alg, StringComparison.Ordinal))
        {
            return (ArchiveErrorCodes.AlgorithmNotAllowed, $"Key '{keyId}' is bound to {bound}, not {alg}.");
        }

        byte[] signature;
        try
        {
            signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        }
        catch (FormatException)
        {
            return (ArchiveErrorCodes.SignatureInvalid, "The signature is not base64url.");
        }

        // Only the canonical encoding is accepted: other spellings of the same bytes (unused trailing bits) are refused.
        if (!string.Equals(Base64UrlEncoder.Encode(signature), parts[2], StringComparison.Ordinal))
        {
            return (ArchiveErrorCodes.SignatureInvalid, "The signature is not in canonical base64url.");
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + Base64UrlEncoder.Encode(payload.ToArray()));
        try
        {
            var ok = alg switch
            {
                "ES256" when key.Kty == "EC" && key.Crv == "P-256" => VerifyEcdsa(key, signingInput, signature),
                "PS256" or "RS256" when key.Kty == "RSA" => VerifyRsa(key, signingInput, signature, alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
                _ => (bool?)null,
            };
            return ok switch
            {
                null => (ArchiveErrorCodes.AlgorithmNotAllowed, $"Algorithm {alg} does not fit key '{keyId}' ({key.Kty} {key.Crv})."),
                false => (ArchiveErrorCodes.SignatureInvalid, $"The signature does not verify with key '{keyId}'."),
                true => null,
            };
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return (ArchiveErrorCodes.SignatureInvalid, $"Key '{keyId}' cannot verify: {ex.GetType().Name}.");
        }
    }

    private static bool VerifyEcdsa(JsonWebKey key, byte[] input, byte[] signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(key.X), Y = Base64UrlEncoder.DecodeBytes(key.Y) },
        });
        return ecdsa.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static bool VerifyRsa(JsonWebKey key, byte[] input, byte[] signature, RSASignaturePadding padding)
    {
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(key.N), Exponent = Base64UrlEncoder.DecodeBytes(key.E) });
        return rsa.KeySize >= 2048 && rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, padding);
    }
}
