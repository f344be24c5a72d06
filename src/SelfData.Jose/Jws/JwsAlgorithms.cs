using System.Security.Cryptography;

namespace SelfData.Jose;

/// <summary>The JWS signature algorithms (RFC 7518 §3) the SDK implements, and the default allow-list.</summary>
public static class JwsAlgorithms
{
    /// <summary>ECDSA using P-256 and SHA-256.</summary>
    public const string ES256 = "ES256";

    /// <summary>ECDSA using P-384 and SHA-384.</summary>
    public const string ES384 = "ES384";

    /// <summary>ECDSA using P-521 and SHA-512.</summary>
    public const string ES512 = "ES512";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-256.</summary>
    public const string RS256 = "RS256";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-384.</summary>
    public const string RS384 = "RS384";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-512.</summary>
    public const string RS512 = "RS512";

    /// <summary>RSASSA-PSS using SHA-256 and MGF1 with SHA-256.</summary>
    public const string PS256 = "PS256";

    /// <summary>RSASSA-PSS using SHA-384 and MGF1 with SHA-384.</summary>
    public const string PS384 = "PS384";

    /// <summary>RSASSA-PSS using SHA-512 and MGF1 with SHA-512.</summary>
    public const string PS512 = "PS512";

    /// <summary>HMAC using SHA-256.</summary>
    public const string HS256 = "HS256";

    /// <summary>HMAC using SHA-384.</summary>
    public const string HS384 = "HS384";

    /// <summary>HMAC using SHA-512.</summary>
    public const string HS512 = "HS512";

    /// <summary>Gets the algorithms allowed unless configured otherwise: ES256, ES384, PS256 and RS256.</summary>
    public static IReadOnlyList<string> DefaultAllowed { get; } = [ES256, ES384, PS256, RS256];

    /// <summary>Gets every algorithm the SDK implements. <c>none</c> is never among them.</summary>
    public static IReadOnlyList<string> Supported { get; } = [ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, HS256, HS384, HS512];

    /// <summary>Determines whether the SDK implements an algorithm.</summary>
    /// <param name="algorithm">The <c>alg</c> value.</param>
    /// <returns><see langword="true"/> for the algorithms in <see cref="Supported"/>.</returns>
    public static bool IsSupported(string? algorithm) => algorithm is not null && Info(algorithm).Family != JwsKeyType.Unknown;

    internal static AlgorithmInfo Info(string algorithm) => algorithm switch
    {
        ES256 => new(JwsKeyType.EllipticCurve, HashAlgorithmName.SHA256, "P-256", 32),
        ES384 => new(JwsKeyType.EllipticCurve, HashAlgorithmName.SHA384, "P-384", 48),
        ES512 => new(JwsKeyType.EllipticCurve, HashAlgorithmName.SHA512, "P-521", 66),
        RS256 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA256, null, 0),
        RS384 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA384, null, 0),
        RS512 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA512, null, 0),
        PS256 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA256, null, 0, Pss: true),
        PS384 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA384, null, 0, Pss: true),
        PS512 => new(JwsKeyType.Rsa, HashAlgorithmName.SHA512, null, 0, Pss: true),
        HS256 => new(JwsKeyType.Symmetric, HashAlgorithmName.SHA256, null, 32),
        HS384 => new(JwsKeyType.Symmetric, HashAlgorithmName.SHA384, null, 48),
        HS512 => new(JwsKeyType.Symmetric, HashAlgorithmName.SHA512, null, 64),
        _ => new(JwsKeyType.Unknown, default, null, 0),
    };

    internal readonly record struct AlgorithmInfo(JwsKeyType Family, HashAlgorithmName Hash, string? Curve, int Size, bool Pss = false);
}

/// <summary>Represents the kind of a JSON Web Key (its <c>kty</c>).</summary>
public enum JwsKeyType
{
    /// <summary>Not a supported key type.</summary>
    Unknown = 0,

    /// <summary>An elliptic-curve key (<c>EC</c>) for ECDSA.</summary>
    EllipticCurve = 1,

    /// <summary>An RSA key (<c>RSA</c>).</summary>
    Rsa = 2,

    /// <summary>A symmetric key (<c>oct</c>) for HMAC.</summary>
    Symmetric = 3,
}
