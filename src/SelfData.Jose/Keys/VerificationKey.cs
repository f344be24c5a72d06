using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>
/// Represents a trusted public key (or an HMAC secret) that verifies JWS signatures: its key id, its type and the
/// algorithms it may verify. A key verifies only the algorithms it is bound to (RFC 8725 §3.1).
/// </summary>
/// <remarks>
/// Keys are created from configuration or from records the trust chain allows, never from token headers.
/// Parsing failures carry <see cref="JoseErrorCodes.InvalidKey"/> or <see cref="JoseErrorCodes.WeakKey"/>.
/// </remarks>
public sealed class VerificationKey : IDisposable
{
    /// <summary>The maximum length of a key id.</summary>
    public const int MaxKeyIdLength = 256;

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly byte[]? _secret;
    private readonly KeyMaterial _material;
    private string? _jwk;
    private string? _thumbprint;

    private VerificationKey(string keyId, JwsKeyType keyType, IReadOnlyList<string> algorithms, string? curve, int keySize, ECDsa? ecdsa, RSA? rsa, byte[]? secret, KeyMaterial material)
    {
        KeyId = keyId;
        KeyType = keyType;
        Algorithms = algorithms;
        Curve = curve;
        KeySize = keySize;
        _ecdsa = ecdsa;
        _rsa = rsa;
        _secret = secret;
        _material = material;
    }

    /// <summary>Gets the key id (<c>kid</c>) a JWS header must name exactly to be verified with this key.</summary>
    public string KeyId { get; }

    /// <summary>Gets the type of the key.</summary>
    public JwsKeyType KeyType { get; }

    /// <summary>Gets the algorithms this key may verify.</summary>
    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>Gets the curve of an elliptic-curve key (<c>P-256</c>, <c>P-384</c>, <c>P-521</c>), or <see langword="null"/>.</summary>
    public string? Curve { get; }

    /// <summary>Gets the size of the key in bits.</summary>
    public int KeySize { get; }

    /// <summary>Parses a JSON Web Key (RFC 7517). Private members are ignored; only the public key is kept.</summary>
    /// <param name="json">The JWK as JSON text.</param>
    /// <param name="keyId">The key id to use when the JWK has no <c>kid</c>, or <see langword="null"/>.</param>
    /// <returns>The key, or an error with <see cref="JoseErrorCodes.InvalidKey"/> or <see cref="JoseErrorCodes.WeakKey"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static ParseResult<VerificationKey> FromJwk(string json, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var error = StrictJson.TryParse(Encoding.UTF8.GetBytes(json), 8, "The JWK", out var document);
        if (error is not null)
        {
            return ParseResult.ForError<VerificationKey>(new SelfDataError(JoseErrorCodes.InvalidKey, error.Message));
        }

        using (document)
        {
            return FromJwk(document!.RootElement, keyId);
        }
    }

    /// <summary>Parses a JSON Web Key (RFC 7517) held in a JSON element. Private members are ignored.</summary>
    /// <param name="jwk">The JWK object.</param>
    /// <param name="keyId">The key id to use when the JWK has no <c>kid</c>, or <see langword="null"/>.</param>
    /// <returns>The key, or an error with <see cref="JoseErrorCodes.InvalidKey"/> or <see cref="JoseErrorCodes.WeakKey"/>.</returns>
    public static ParseResult<VerificationKey> FromJwk(JsonElement jwk, string? keyId = null)
    {
        var error = Jwk.Read(jwk, keyId, withPrivate: false, out var material);
        if (error is not null)
        {
            return ParseResult.ForError<VerificationKey>(error);
        }

        VerificationKey key;
        try
        {
            key = material!.ToVerificationKey();
        }
        catch (CryptographicException)
        {
            return ParseResult.ForError<VerificationKey>(JoseErrorCodes.InvalidKey, $"Invalid key: the JWK '{material!.KeyId}' is not a valid key (for example a point not on its curve).");
        }

        return ParseResult.ForValue(key);
    }

    /// <summary>Creates a verification key from an ECDSA public key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="key">The key; only its public part is kept.</param>
    /// <returns>The key, bound to the algorithm of its curve.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, or the curve is not P-256, P-384 or P-521.</exception>
    public static VerificationKey FromECDsa(string keyId, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckKeyId(keyId);
        var material = KeyMaterial.FromECDsa(keyId, key.ExportParameters(false), null);
        return material.ToVerificationKey();
    }

    /// <summary>Creates a verification key from an RSA public key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="key">The key; only its public part is kept.</param>
    /// <param name="algorithms">The algorithms the key may verify, or <see langword="null"/> for every RSA algorithm.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, the key is shorter than 2048 bits, or an algorithm is not an RSA algorithm.</exception>
    public static VerificationKey FromRsa(string keyId, RSA key, IEnumerable<string>? algorithms = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckKeyId(keyId);
        var material = KeyMaterial.FromRsa(keyId, key.ExportParameters(false), null);
        return material.ToVerificationKey(Restrict(algorithms, JwsKeyType.Rsa));
    }

    /// <summary>Creates an HMAC verification key. HMAC keys must be random and at least as long as the hash (256 bits for HS256).</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="secret">The secret; it is copied.</param>
    /// <param name="algorithm">The HMAC algorithm: HS256, HS384 or HS512.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The key id is invalid, the algorithm is not HMAC, or the secret is shorter than the hash (<c>SD1038</c>).</exception>
    public static VerificationKey FromSymmetricKey(string keyId, ReadOnlySpan<byte> secret, string algorithm = JwsAlgorithms.HS256)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        CheckKeyId(keyId);
        var info = JwsAlgorithms.Info(algorithm);
        if (info.Family != JwsKeyType.Symmetric)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.AlgorithmKeyMismatch, algorithm + " is not an HMAC algorithm.", nameof(algorithm));
        }

        if (secret.Length < info.Size)
        {
            throw new SelfDataArgumentException(JoseErrorCodes.WeakKey, $"An {algorithm} key needs at least {info.Size * 8} bits.", nameof(secret));
        }

        return KeyMaterial.FromSecret(keyId, secret.ToArray(), algorithm).ToVerificationKey();
    }

    /// <summary>Computes the RFC 7638 thumbprint of this key: the base64url SHA-256 of its required members in lexicographic order.</summary>
    /// <returns>The thumbprint, as used by DPoP's <c>cnf.jkt</c> (RFC 9449 §6.1).</returns>
    public string ComputeThumbprint() => _thumbprint ??= Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(_material.ThumbprintInput())));

    /// <summary>Releases the .NET key objects held by this key.</summary>
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    /// <summary>Returns the public JSON Web Key of this key (for an HMAC key, the secret itself).</summary>
    /// <returns>The JWK as JSON text.</returns>
    public string ToJwk() => _jwk ??= _material.PublicJwk();

    /// <inheritdoc />
    public override string ToString() => $"{KeyType} key '{KeyId}' ({string.Join(", ", Algorithms)})";

    internal static VerificationKey Create(KeyMaterial material, IReadOnlyList<string> algorithms) =>
        new(material.KeyId, material.KeyType, algorithms, material.Curve, material.KeySize, material.PublicECDsa(), material.PublicRsa(), material.Secret, material);

    internal static void CheckKeyId(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!IsValidKeyId(keyId))
        {
            throw new SelfDataArgumentException(JoseErrorCodes.KeyIdInvalid, "A key id is 1 to 256 characters without control characters.", nameof(keyId));
        }
    }

    /// <summary>Determines whether a text is an acceptable key id: 1 to 256 characters, none of them a control character.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns><see langword="true"/> when the key id is acceptable.</returns>
    public static bool IsValidKeyId(string? keyId)
    {
        if (keyId is null || keyId.Length is 0 or > MaxKeyIdLength)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    internal bool Verify(JwsAlgorithms.AlgorithmInfo info, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        if (KeyType == JwsKeyType.Symmetric)
        {
            return VerifyMac(info, input, signature);
        }

        // The input is hashed here and the hash verified: the span overloads of VerifyData copy the input into a
        // rented array before hashing it.
        Span<byte> hash = stackalloc byte[64];
        var length = Hash(info.Hash, input, hash);
        return KeyType switch
        {
            JwsKeyType.EllipticCurve => _ecdsa!.VerifyHash(hash[..length], signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            JwsKeyType.Rsa => _rsa!.VerifyHash(hash[..length], signature, info.Hash, info.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            _ => false,
        };
    }

    private static int Hash(HashAlgorithmName name, ReadOnlySpan<byte> input, Span<byte> destination) =>
        name == HashAlgorithmName.SHA256 ? SHA256.HashData(input, destination)
        : name == HashAlgorithmName.SHA384 ? SHA384.HashData(input, destination)
        : SHA512.HashData(input, destination);

    private bool VerifyMac(JwsAlgorithms.AlgorithmInfo info, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        Span<byte> mac = stackalloc byte[64];
        var length = info.Size switch
        {
            32 => HMACSHA256.HashData(_secret, input, mac),
            48 => HMACSHA384.HashData(_secret, input, mac),
            _ => HMACSHA512.HashData(_secret, input, mac),
        };
        return signature.Length == length && CryptographicOperations.FixedTimeEquals(mac[..length], signature);
    }

    private static List<string>? Restrict(IEnumerable<string>? algorithms, JwsKeyType type)
    {
        if (algorithms is null)
        {
            return null;
        }

        var list = algorithms.ToList();
        foreach (var algorithm in list)
        {
            if (JwsAlgorithms.Info(algorithm).Family != type)
            {
                throw new SelfDataArgumentException(JoseErrorCodes.AlgorithmKeyMismatch, $"{algorithm} cannot be used with an {type} key.", nameof(algorithms));
            }
        }

        return list.Count == 0 ? throw new SelfDataArgumentException(JoseErrorCodes.AlgorithmNotAllowed, "A key needs at least one algorithm.", nameof(algorithms)) : list;
    }
}
