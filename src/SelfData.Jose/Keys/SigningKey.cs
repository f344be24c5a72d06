using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>
/// Represents a private key (or HMAC secret) bound to one algorithm, used to sign JWS: consent receipts issued by a
/// holder, and the records and tokens minted by SelfData.Testing.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly byte[]? _secret;
    private readonly KeyMaterial _material;

    private SigningKey(KeyMaterial material, string algorithm, ECDsa? ecdsa, RSA? rsa, byte[]? secret)
    {
        _material = material;
        Algorithm = algorithm;
        _ecdsa = ecdsa;
        _rsa = rsa;
        _secret = secret;
        VerificationKey = material.ToVerificationKey([algorithm]);
    }

    /// <summary>Gets the key id written in the <c>kid</c> header of every signature.</summary>
    public string KeyId => _material.KeyId;

    /// <summary>Gets the algorithm this key signs with.</summary>
    public string Algorithm { get; }

    /// <summary>Gets the key that verifies this key's signatures, bound to <see cref="Algorithm"/>.</summary>
    public VerificationKey VerificationKey { get; }

    /// <summary>Creates a new ECDSA key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="algorithm">ES256 (P-256), ES384 (P-384) or ES512 (P-521).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid or the algorithm is not ECDSA.</exception>
    public static SigningKey CreateEcdsa(string keyId, string algorithm = JwsAlgorithms.ES256)
    {
        VerificationKey.CheckKeyId(keyId);
        var info = Check(algorithm, JwsKeyType.EllipticCurve);
        var curve = info.Curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            _ => ECCurve.NamedCurves.nistP521,
        };
        var ecdsa = ECDsa.Create(curve);
        return FromECDsa(keyId, ecdsa, algorithm);
    }

    /// <summary>Creates a new RSA key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="algorithm">An RSA algorithm: RS256, RS384, RS512, PS256, PS384 or PS512.</param>
    /// <param name="keySize">The modulus size in bits, at least 2048.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, the algorithm is not RSA or the size is below 2048 bits.</exception>
    public static SigningKey CreateRsa(string keyId, string algorithm = JwsAlgorithms.RS256, int keySize = 2048)
    {
        VerificationKey.CheckKeyId(keyId);
        Check(algorithm, JwsKeyType.Rsa);
        if (keySize < 2048)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.WeakKey, "RSA keys need at least 2048 bits.", nameof(keySize));
        }

        return FromRsa(keyId, RSA.Create(keySize), algorithm);
    }

    /// <summary>Creates a signing key from an ECDSA private key. The key is owned by the result and disposed with it.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="key">The private key.</param>
    /// <param name="algorithm">The algorithm, matching the key's curve.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, or the algorithm does not match the curve.</exception>
    public static SigningKey FromECDsa(string keyId, ECDsa key, string algorithm = JwsAlgorithms.ES256)
    {
        ArgumentNullException.ThrowIfNull(key);
        VerificationKey.CheckKeyId(keyId);
        var info = Check(algorithm, JwsKeyType.EllipticCurve);
        var material = KeyMaterial.FromECDsa(keyId, key.ExportParameters(false), algorithm);
        if (material.Curve != info.Curve)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.AlgorithmKeyMismatch, $"{algorithm} needs a {info.Curve} key, not {material.Curve}.", nameof(algorithm));
        }

        return new SigningKey(material, algorithm, key, null, null);
    }

    /// <summary>Creates a signing key from an RSA private key. The key is owned by the result and disposed with it.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="key">The private key, at least 2048 bits.</param>
    /// <param name="algorithm">An RSA algorithm.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, the algorithm is not RSA, or the key is too short.</exception>
    public static SigningKey FromRsa(string keyId, RSA key, string algorithm = JwsAlgorithms.RS256)
    {
        ArgumentNullException.ThrowIfNull(key);
        VerificationKey.CheckKeyId(keyId);
        Check(algorithm, JwsKeyType.Rsa);
        var material = KeyMaterial.FromRsa(keyId, key.ExportParameters(false), algorithm);
        return new SigningKey(material, algorithm, null, key, null);
    }

    /// <summary>Creates an HMAC signing key. Use random secrets at least as long as the hash.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="secret">The secret; it is copied.</param>
    /// <param name="algorithm">HS256, HS384 or HS512.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, the algorithm is not HMAC or the secret is too short (<c>SD1038</c>).</exception>
    public static SigningKey FromSymmetricKey(string keyId, ReadOnlySpan<byte> secret, string algorithm = JwsAlgorithms.HS256)
    {
        VerificationKey.CheckKeyId(keyId);
        var info = Check(algorithm, JwsKeyType.Symmetric);
        if (secret.Length < info.Size)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.WeakKey, $"An {algorithm} key needs at least {info.Size * 8} bits.", nameof(secret));
        }

        var copy = secret.ToArray();
        return new SigningKey(KeyMaterial.FromSecret(keyId, copy, algorithm), algorithm, null, null, copy);
    }

    /// <summary>Reads a private JSON Web Key (with <c>d</c>, or <c>k</c> for HMAC).</summary>
    /// <param name="json">The JWK as JSON text.</param>
    /// <param name="algorithm">The algorithm, or <see langword="null"/> to take the JWK's <c>alg</c> or the key type's default.</param>
    /// <returns>The key, or an error with <see cref="JoseErrorCodes.InvalidKey"/> or <see cref="JoseErrorCodes.WeakKey"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static ParseResult<SigningKey> FromJwk(string json, string? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var error = StrictJson.TryParse(Encoding.UTF8.GetBytes(json), 8, "The JWK", out var document);
        if (error is not null)
        {
            return ParseResult.ForError<SigningKey>(new SelfDataError(JoseErrorCodes.InvalidKey, error.Message));
        }

        using (document)
        {
            error = Jwk.Read(document!.RootElement, null, withPrivate: true, out var material);
            if (error is not null)
            {
                return ParseResult.ForError<SigningKey>(error);
            }

            if (!material!.HasPrivate)
            {
                return ParseResult.ForError<SigningKey>(JoseErrorCodes.InvalidKey, $"the JWK '{UntrustedText.Escape(material.KeyId)}' has no private part.");
            }

            var alg = algorithm ?? material.DefaultAlgorithms()[0];
            if (JwsAlgorithms.Info(alg).Family != material.KeyType || (material.Curve is not null && JwsAlgorithms.Info(alg).Curve != material.Curve))
            {
                return ParseResult.ForError<SigningKey>(JoseErrorCodes.AlgorithmKeyMismatch, $"{alg} cannot be used with the key '{UntrustedText.Escape(material.KeyId)}'.");
            }

            try
            {
                return material.KeyType switch
                {
                    JwsKeyType.EllipticCurve => ParseResult.ForValue(new SigningKey(material, alg, ECDsa.Create(material.Ec), null, null)),
                    JwsKeyType.Rsa => ParseResult.ForValue(new SigningKey(material, alg, null, RsaFrom(material.Rsa), null)),
                    _ => ParseResult.ForValue(new SigningKey(material, alg, null, null, material.Secret)),
                };
            }
            catch (CryptographicException)
            {
                return ParseResult.ForError<SigningKey>(JoseErrorCodes.InvalidKey, $"the private JWK '{UntrustedText.Escape(material.KeyId)}' is not a valid key.");
            }
        }
    }

    /// <summary>Returns the public JSON Web Key of this key, with its <c>kid</c>, <c>use</c> and <c>alg</c>.</summary>
    /// <returns>The JWK as JSON text (for an HMAC key, the secret itself).</returns>
    public string ToPublicJwk() => VerificationKey.ToJwk();

    /// <summary>Returns the JWK Set a holder publishes so that others can verify this key's signatures.</summary>
    /// <returns>The JWK Set as JSON text, holding the one public key with its <c>kid</c>, <c>use</c> and <c>alg</c>.</returns>
    /// <exception cref="InvalidOperationException">The key is an HMAC secret, which is never published.</exception>
    public string ToPublicJwks() => _material.KeyType == JwsKeyType.Symmetric
        ? throw new InvalidOperationException("An HMAC key is a shared secret: it has no public part to publish.")
        : "{\"keys\":[" + ToPublicJwk() + "]}";

    /// <summary>Signs a JWS signing input with this key's algorithm.</summary>
    /// <param name="signingInput">The ASCII bytes of <c>BASE64URL(header) '.' BASE64URL(payload)</c>.</param>
    /// <returns>The signature; for ECDSA the raw <c>R‖S</c> form required by RFC 7518 §3.4.</returns>
    public byte[] Sign(ReadOnlySpan<byte> signingInput)
    {
        var info = JwsAlgorithms.Info(Algorithm);
        return _material.KeyType switch
        {
            JwsKeyType.EllipticCurve => _ecdsa!.SignData(signingInput, info.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            JwsKeyType.Rsa => _rsa!.SignData(signingInput.ToArray(), info.Hash, info.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            _ => info.Size switch
            {
                32 => HMACSHA256.HashData(_secret!, signingInput),
                48 => HMACSHA384.HashData(_secret!, signingInput),
                _ => HMACSHA512.HashData(_secret!, signingInput),
            },
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static RSA RsaFrom(RSAParameters parameters)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return rsa;
    }

    private static JwsAlgorithms.AlgorithmInfo Check(string algorithm, JwsKeyType family)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var info = JwsAlgorithms.Info(algorithm);
        if (info.Family != family)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.AlgorithmKeyMismatch, $"{algorithm} is not a {family} algorithm.", nameof(algorithm));
        }

        return info;
    }
}
