using System.Security.Cryptography;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>The parameters of a key, public and optionally private, read from a JWK or taken from a .NET key.</summary>
internal sealed class KeyMaterial
{
    public required string KeyId { get; init; }

    public required JwsKeyType KeyType { get; init; }

    public string? Curve { get; init; }

    public int KeySize { get; init; }

    public string? Algorithm { get; init; }

    public ECParameters Ec { get; init; }

    public RSAParameters Rsa { get; init; }

    public byte[]? Secret { get; init; }

    public bool HasPrivate { get; init; }

    public static KeyMaterial FromECDsa(string keyId, ECParameters parameters, string? algorithm)
    {
        var curve = CurveName(parameters.Curve) ?? throw new SelfDataArgumentException(JoseErrorCodes.InvalidKey, "Only P-256, P-384 and P-521 are supported.", nameof(parameters));
        return new KeyMaterial
        {
            KeyId = keyId,
            KeyType = JwsKeyType.EllipticCurve,
            Curve = curve,
            KeySize = curve switch { "P-256" => 256, "P-384" => 384, _ => 521 },
            Algorithm = algorithm ?? DefaultEcAlgorithm(curve),
            Ec = parameters,
            HasPrivate = parameters.D is not null,
        };
    }

    public static KeyMaterial FromRsa(string keyId, RSAParameters parameters, string? algorithm)
    {
        var bits = parameters.Modulus!.Length * 8;
        if (bits < 2048)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.WeakKey, "RSA keys need at least 2048 bits.", nameof(parameters));
        }

        return new KeyMaterial { KeyId = keyId, KeyType = JwsKeyType.Rsa, KeySize = bits, Algorithm = algorithm, Rsa = parameters, HasPrivate = parameters.D is not null };
    }

    public static KeyMaterial FromSecret(string keyId, byte[] secret, string? algorithm) =>
        new() { KeyId = keyId, KeyType = JwsKeyType.Symmetric, KeySize = secret.Length * 8, Algorithm = algorithm, Secret = secret, HasPrivate = true };

    public IReadOnlyList<string> DefaultAlgorithms()
    {
        if (Algorithm is not null)
        {
            return [Algorithm];
        }

        return KeyType switch
        {
            JwsKeyType.EllipticCurve => [DefaultEcAlgorithm(Curve!)],
            JwsKeyType.Rsa => [JwsAlgorithms.RS256, JwsAlgorithms.RS384, JwsAlgorithms.RS512, JwsAlgorithms.PS256, JwsAlgorithms.PS384, JwsAlgorithms.PS512],
            _ => new[] { JwsAlgorithms.HS256, JwsAlgorithms.HS384, JwsAlgorithms.HS512 }.Where(a => Secret!.Length >= JwsAlgorithms.Info(a).Size).ToArray(),
        };
    }

    public VerificationKey ToVerificationKey(IReadOnlyList<string>? algorithms = null) => VerificationKey.Create(this, algorithms ?? DefaultAlgorithms());

    public ECDsa? PublicECDsa()
    {
        if (KeyType != JwsKeyType.EllipticCurve)
        {
            return null;
        }

        var p = new ECParameters { Curve = Ec.Curve, Q = Ec.Q };
        return ECDsa.Create(p);
    }

    public RSA? PublicRsa()
    {
        if (KeyType != JwsKeyType.Rsa)
        {
            return null;
        }

        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = Rsa.Modulus, Exponent = Rsa.Exponent });
        return rsa;
    }

    public string PublicJwk()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            switch (KeyType)
            {
                case JwsKeyType.EllipticCurve:
                    writer.WriteString("kty", "EC");
                    writer.WriteString("crv", Curve);
                    writer.WriteString("x", Base64Url.Encode(Ec.Q.X));
                    writer.WriteString("y", Base64Url.Encode(Ec.Q.Y));
                    break;
                case JwsKeyType.Rsa:
                    writer.WriteString("kty", "RSA");
                    writer.WriteString("n", Base64Url.Encode(Rsa.Modulus));
                    writer.WriteString("e", Base64Url.Encode(Rsa.Exponent));
                    break;
                default:
                    writer.WriteString("kty", "oct");
                    writer.WriteString("k", Base64Url.Encode(Secret));
                    break;
            }

            writer.WriteString("kid", KeyId);
            writer.WriteString("use", "sig");
            if (Algorithm is not null)
            {
                writer.WriteString("alg", Algorithm);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The RFC 7638 §3.2 input: the required public members, in lexicographic order, without white space.</summary>
    public string ThumbprintInput() => KeyType switch
    {
        JwsKeyType.EllipticCurve => $"{{\"crv\":\"{Curve}\",\"kty\":\"EC\",\"x\":\"{Base64Url.Encode(Ec.Q.X)}\",\"y\":\"{Base64Url.Encode(Ec.Q.Y)}\"}}",
        JwsKeyType.Rsa => $"{{\"e\":\"{Base64Url.Encode(Rsa.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.Encode(Rsa.Modulus)}\"}}",
        _ => $"{{\"k\":\"{Base64Url.Encode(Secret)}\",\"kty\":\"oct\"}}",
    };

    internal static string DefaultEcAlgorithm(string curve) => curve switch
    {
        "P-256" => JwsAlgorithms.ES256,
        "P-384" => JwsAlgorithms.ES384,
        _ => JwsAlgorithms.ES512,
    };

    internal static string? CurveName(ECCurve curve)
    {
        var oid = curve.Oid?.Value;
        var name = curve.Oid?.FriendlyName;
        return oid switch
        {
            "1.2.840.10045.3.1.7" => "P-256",
            "1.3.132.0.34" => "P-384",
            "1.3.132.0.35" => "P-521",
            _ => name switch
            {
                "nistP256" or "ECDSA_P256" or "secp256r1" => "P-256",
                "nistP384" or "ECDSA_P384" or "secp384r1" => "P-384",
                "nistP521" or "ECDSA_P521" or "secp521r1" => "P-521",
                _ => null,
            },
        };
    }
}

/// <summary>Reads JSON Web Keys (RFC 7517, RFC 7518 §6).</summary>
internal static class Jwk
{
    public static SelfDataError? Read(JsonElement jwk, string? keyId, bool withPrivate, out KeyMaterial? material)
    {
        material = null;
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            return Invalid("a JWK is a JSON object.");
        }

        var kid = String(jwk, "kid") ?? keyId;
        if (kid is null)
        {
            return Invalid("the JWK has no kid; every trusted key needs one.");
        }

        if (!VerificationKey.IsValidKeyId(kid))
        {
            return new SelfDataError(JoseErrorCodes.KeyIdInvalid, "the JWK's kid is empty, too long or has control characters.");
        }

        var use = String(jwk, "use");
        if (use is not null && use != "sig")
        {
            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' is for '{UntrustedText.Escape(use)}', not for signatures.");
        }

        var alg = String(jwk, "alg");
        if (alg is not null && !JwsAlgorithms.IsSupported(alg))
        {
            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' names the unsupported algorithm '{UntrustedText.Escape(alg)}'.");
        }

        try
        {
            switch (String(jwk, "kty"))
            {
                case "EC":
                    {
                        var crv = String(jwk, "crv");
                        var (curve, size) = crv switch
                        {
                            "P-256" => (ECCurve.NamedCurves.nistP256, 32),
                            "P-384" => (ECCurve.NamedCurves.nistP384, 48),
                            "P-521" => (ECCurve.NamedCurves.nistP521, 66),
                            _ => (default(ECCurve), 0),
                        };
                        if (size == 0)
                        {
                            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' has the unsupported curve '{UntrustedText.Escape(crv)}'.");
                        }

                        if (alg is not null && JwsAlgorithms.Info(alg).Curve != crv)
                        {
                            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' is on {UntrustedText.Escape(crv)} but names {UntrustedText.Escape(alg)}.");
                        }

                        var x = Bytes(jwk, "x");
                        var y = Bytes(jwk, "y");
                        if (x is null || y is null || x.Length != size || y.Length != size)
                        {
                            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' needs x and y of {size} bytes.");
                        }

                        var d = withPrivate ? Bytes(jwk, "d") : null;
                        var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y }, D = d };
                        // The point is checked to be on the curve when the key is created (RFC 8725 §3.4).

                        material = new KeyMaterial { KeyId = kid, KeyType = JwsKeyType.EllipticCurve, Curve = crv, KeySize = size == 66 ? 521 : size * 8, Algorithm = alg, Ec = parameters, HasPrivate = d is not null };
                        return null;
                    }

                case "RSA":
                    {
                        if (alg is not null && JwsAlgorithms.Info(alg).Family != JwsKeyType.Rsa)
                        {
                            return Invalid($"the RSA JWK '{UntrustedText.Escape(kid)}' names {UntrustedText.Escape(alg)}.");
                        }

                        var n = Bytes(jwk, "n");
                        var e = Bytes(jwk, "e");
                        if (n is null || e is null || n.Length == 0 || e.Length == 0)
                        {
                            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' needs n and e.");
                        }

                        var bits = (n.Length * 8) - LeadingZeroBits(n[0]);
                        if (bits < 2048)
                        {
                            return new SelfDataError(JoseErrorCodes.WeakKey, $"the RSA JWK '{UntrustedText.Escape(kid)}' has {bits} bits; at least 2048 are required.");
                        }

                        var parameters = new RSAParameters { Modulus = n, Exponent = e };
                        if (withPrivate && jwk.TryGetProperty("d", out _))
                        {
                            parameters.D = Bytes(jwk, "d");
                            parameters.P = Bytes(jwk, "p");
                            parameters.Q = Bytes(jwk, "q");
                            parameters.DP = Bytes(jwk, "dp");
                            parameters.DQ = Bytes(jwk, "dq");
                            parameters.InverseQ = Bytes(jwk, "qi");
                        }

                        material = new KeyMaterial { KeyId = kid, KeyType = JwsKeyType.Rsa, KeySize = bits, Algorithm = alg, Rsa = parameters, HasPrivate = parameters.D is not null };
                        return null;
                    }

                case "oct":
                    {
                        if (alg is not null && JwsAlgorithms.Info(alg).Family != JwsKeyType.Symmetric)
                        {
                            return Invalid($"the symmetric JWK '{UntrustedText.Escape(kid)}' names {UntrustedText.Escape(alg)}.");
                        }

                        var k = Bytes(jwk, "k");
                        if (k is null)
                        {
                            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' needs k.");
                        }

                        var needed = alg is null ? 32 : JwsAlgorithms.Info(alg).Size;
                        if (k.Length < needed)
                        {
                            return new SelfDataError(JoseErrorCodes.WeakKey, $"the HMAC JWK '{UntrustedText.Escape(kid)}' has {k.Length * 8} bits; at least {needed * 8} are required.");
                        }

                        material = KeyMaterial.FromSecret(kid, k, alg);
                        return null;
                    }

                default:
                    return Invalid($"the JWK '{UntrustedText.Escape(kid)}' has an unsupported kty.");
            }
        }
        catch (CryptographicException)
        {
            return Invalid($"the JWK '{UntrustedText.Escape(kid)}' is not a valid key (for example a point not on its curve).");
        }
    }

    private static int LeadingZeroBits(byte b)
    {
        var count = 0;
        for (var mask = 0x80; mask != 0 && (b & mask) == 0; mask >>= 1)
        {
            count++;
        }

        return count;
    }

    private static SelfDataError Invalid(string message) => new(JoseErrorCodes.InvalidKey, "Invalid key: " + message);

    private static string? String(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name)
    {
        var text = String(jwk, name);
        return text is not null && Base64Url.TryDecode(text, out var bytes) ? bytes : null;
    }
}
