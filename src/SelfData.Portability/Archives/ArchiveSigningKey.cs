using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using SelfData.Core;

namespace SelfData.Portability;

/// <summary>
/// Represents the holder's key that signs archive manifests: an ECDSA P-256 key (ES256, the default) or an RSA key of
/// at least 2048 bits (PS256 or RS256), with its key id. The public part is published as a JWKS.
/// </summary>
public sealed class ArchiveSigningKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private ArchiveSigningKey(string keyId, string algorithm, ECDsa? ecdsa, RSA? rsa)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        _ecdsa = ecdsa;
        _rsa = rsa;
    }

    /// <summary>Gets the key id written as the JWS <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>Gets the JWS algorithm: <c>ES256</c>, <c>PS256</c> or <c>RS256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>Creates a new ES256 key (ECDSA P-256).</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>The key; dispose it when done.</returns>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is empty.</exception>
    public static ArchiveSigningKey CreateEcdsa(string keyId) => FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP256), keyId);

    /// <summary>Wraps an ECDSA P-256 private key for ES256.</summary>
    /// <param name="key">The key; the signing key takes ownership.</param>
    /// <param name="keyId">The key id.</param>
    /// <returns>The signing key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataException">The key is not a P-256 private key (<c>SD4019</c>).</exception>
    public static ArchiveSigningKey FromEcdsa(ECDsa key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (key.KeySize != 256)
        {
            throw new SelfDataException(ArchiveErrorCodes.InvalidSigningKey, "ES256 needs a P-256 key.");
        }

        try
        {
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException ex)
        {
            throw new SelfDataException(ArchiveErrorCodes.InvalidSigningKey, "The ECDSA key has no private part to sign with.", ex);
        }

        return new ArchiveSigningKey(keyId, "ES256", key, null);
    }

    /// <summary>Wraps an RSA private key of at least 2048 bits for PS256 (the default) or RS256.</summary>
    /// <param name="key">The key; the signing key takes ownership.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="algorithm"><c>PS256</c> or <c>RS256</c>.</param>
    /// <returns>The signing key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataException">The key is too small, has no private part, or the algorithm is not PS256/RS256 (<c>SD4019</c>).</exception>
    public static ArchiveSigningKey FromRsa(RSA key, string keyId, string algorithm = "PS256")
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        if (algorithm is not ("PS256" or "RS256"))
        {
            throw new SelfDataException(ArchiveErrorCodes.InvalidSigningKey, $"Algorithm '{algorithm}' is not allowed for RSA; use PS256 or RS256.");
        }

        if (key.KeySize < 2048)
        {
            throw new SelfDataException(ArchiveErrorCodes.InvalidSigningKey, "RSA signing keys must have at least 2048 bits.");
        }

        try
        {
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException ex)
        {
            throw new SelfDataException(ArchiveErrorCodes.InvalidSigningKey, "The RSA key has no private part to sign with.", ex);
        }

        return new ArchiveSigningKey(keyId, algorithm, null, key);
    }

    /// <summary>Gets the public key as a JSON Web Key (<c>use: "sig"</c>, with <c>kid</c> and <c>alg</c>).</summary>
    /// <returns>The public JWK.</returns>
    public JsonWebKey GetPublicJwk()
    {
        var jwk = new JsonWebKey { Kid = KeyId, Alg = Algorithm, Use = "sig" };
        if (_ecdsa is not null)
        {
            var p = _ecdsa.ExportParameters(includePrivateParameters: false);
            jwk.Kty = "EC";
            jwk.Crv = "P-256";
            jwk.X = Base64UrlEncoder.Encode(p.Q.X);
            jwk.Y = Base64UrlEncoder.Encode(p.Q.Y);
        }
        else
        {
            var p = _rsa!.ExportParameters(includePrivateParameters: false);
            jwk.Kty = "RSA";
            jwk.N = Base64UrlEncoder.Encode(p.Modulus);
            jwk.E = Base64UrlEncoder.Encode(p.Exponent);
        }

        return jwk;
    }

    /// <summary>Writes the public key as a JWKS document, <c>{"keys": [ … ]}</c>, to publish.</summary>
    /// <returns>The JWKS JSON.</returns>
    public string ToPublicJwks()
    {
        var jwk = GetPublicJwk();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", jwk.Kty);
            writer.WriteString("use", jwk.Use);
            writer.WriteString("kid", jwk.Kid);
            writer.WriteString("alg", jwk.Alg);
            if (jwk.Kty == "EC")
            {
                writer.WriteString("crv", jwk.Crv);
                writer.WriteString("x", jwk.X);
                writer.WriteString("y", jwk.Y);
            }
            else
            {
                writer.WriteString("n", jwk.N);
                writer.WriteString("e", jwk.E);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    internal byte[] Sign(ReadOnlySpan<byte> signingInput) =>
        _ecdsa is not null
            ? _ecdsa.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : _rsa!.SignData(signingInput.ToArray(), HashAlgorithmName.SHA256, Algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
}
