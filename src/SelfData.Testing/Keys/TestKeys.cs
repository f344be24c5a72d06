using System.Collections.Concurrent;
using SelfData.Consent;
using SelfData.Jose;

namespace SelfData.Testing;

/// <summary>
/// Provides signing keys for tests. Keys are generated on first use and cached by key id and algorithm for the life of
/// the process (RSA generation is slow), so the same id always gives the same key. Cached keys must not be disposed.
/// </summary>
public static class TestKeys
{
    private static readonly ConcurrentDictionary<(string KeyId, string Algorithm), Lazy<SigningKey>> Cache = new();

    /// <summary>Gets the cached ECDSA key with this id, creating it on first use.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="algorithm">ES256, ES384 or ES512.</param>
    /// <returns>The key; do not dispose it.</returns>
    /// <exception cref="ArgumentException">The key id is invalid or the algorithm is not ECDSA.</exception>
    public static SigningKey Ecdsa(string keyId, string algorithm = JwsAlgorithms.ES256) =>
        Cache.GetOrAdd((keyId, algorithm), k => new Lazy<SigningKey>(() => SigningKey.CreateEcdsa(k.KeyId, k.Algorithm))).Value;

    /// <summary>Gets the cached RSA key (2048 bits) with this id, creating it on first use.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="algorithm">An RSA algorithm: RS256, RS384, RS512, PS256, PS384 or PS512.</param>
    /// <returns>The key; do not dispose it.</returns>
    /// <exception cref="ArgumentException">The key id is invalid or the algorithm is not RSA.</exception>
    public static SigningKey Rsa(string keyId, string algorithm = JwsAlgorithms.RS256) =>
        Cache.GetOrAdd((keyId, algorithm), k => new Lazy<SigningKey>(() => SigningKey.CreateRsa(k.KeyId, k.Algorithm))).Value;
}
