using System.Collections.Concurrent;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// The keys carried by MyData records (a link's <c>cr_keys</c> and <c>operator_key</c>, a consent's <c>pop_key</c> and
/// <c>token_issuer_key</c>), imported once and kept by one validator. Records carry the same keys on every request,
/// and importing a key costs far more than reading its JSON.
/// </summary>
/// <remarks>
/// A key enters the cache only once the record carrying it verified (<see cref="Lease.TrustPending"/>), so hostile
/// records can neither fill the cache nor evict what is in it: when full, nothing more is added and nothing is
/// evicted. Keys a call imported but did not admit are disposed when its lease ends.
/// </remarks>
internal sealed class TrustedKeyCache
{
    private readonly ConcurrentDictionary<string, VerificationKey> _keys = new(StringComparer.Ordinal);

    public TrustedKeyCache(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _keys.Count;

    public Lease Open() => new(this);

    /// <summary>The keys one validation call imported; dispose it at the end of the call.</summary>
    internal sealed class Lease(TrustedKeyCache? cache) : IDisposable
    {
        private readonly List<(string Text, VerificationKey Key)> _pending = [];
        private readonly List<VerificationKey> _rejected = [];

        public ParseResult<VerificationKey> FromJwk(JsonElement jwk, string? keyId = null)
        {
            var text = jwk.ValueKind == JsonValueKind.Object ? (keyId ?? string.Empty) + "\n" + jwk.GetRawText() : null;
            if (cache is not null && text is not null && cache._keys.TryGetValue(text, out var cached))
            {
                return ParseResult.ForValue(cached);
            }

            var parsed = VerificationKey.FromJwk(jwk, keyId);
            if (parsed.Success)
            {
                if (text is not null)
                {
                    _pending.Add((text, parsed.Value));
                }
                else
                {
                    _rejected.Add(parsed.Value);
                }
            }

            return parsed;
        }

        /// <summary>Admits the keys read since the last call: the record that carried them has just verified.</summary>
        /// <returns>
        /// <see langword="true"/> when every key read since the last call is now owned by the cache (the record holding
        /// them may be kept); <see langword="false"/> when some will be disposed with this lease.
        /// </returns>
        public bool TrustPending()
        {
            var all = true;
            foreach (var (text, key) in _pending)
            {
                if (cache is null || cache._keys.Count >= cache.Capacity || !cache._keys.TryAdd(text, key))
                {
                    _rejected.Add(key);
                    all = false;
                }
            }

            _pending.Clear();
            return all;
        }

        public void Dispose()
        {
            foreach (var (_, key) in _pending)
            {
                key.Dispose();
            }

            foreach (var key in _rejected)
            {
                key.Dispose();
            }

            _pending.Clear();
            _rejected.Clear();
        }
    }
}
