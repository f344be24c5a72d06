using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>Represents a set of trusted keys indexed by key id, read from a JWK Set (RFC 7517 §5) or built from keys.</summary>
/// <remarks>Key ids are unique in a set and matched exactly. Parsing failures carry <see cref="JoseErrorCodes.InvalidKey"/>, <see cref="JoseErrorCodes.WeakKey"/> or <see cref="JoseErrorCodes.KeyIdInvalid"/>.</remarks>
public sealed class VerificationKeySet
{
    private readonly Dictionary<string, VerificationKey> _keys;

    /// <summary>Initializes a new instance of the <see cref="VerificationKeySet"/> class.</summary>
    /// <param name="keys">The keys; their key ids must be distinct.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two keys have the same key id.</exception>
    public VerificationKeySet(IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (!_keys.TryAdd(key.KeyId, key))
            {
                throw new SelfDataArgumentException(JoseErrorCodes.InvalidKey, $"The key id '{UntrustedText.Escape(key.KeyId)}' appears twice.", nameof(keys));
            }
        }
    }

    /// <summary>Gets the keys.</summary>
    public IReadOnlyCollection<VerificationKey> Keys => _keys.Values;

    /// <summary>Finds the key with exactly this key id.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public VerificationKey? Find(string keyId) => keyId is not null && _keys.TryGetValue(keyId, out var key) ? key : null;

    /// <summary>Parses a JWK Set. Keys whose <c>use</c> is not <c>sig</c> are refused; every key needs a distinct <c>kid</c>.</summary>
    /// <param name="json">The JWK Set as JSON text.</param>
    /// <returns>The set, or the first error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static ParseResult<VerificationKeySet> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var error = StrictJson.TryParse(Encoding.UTF8.GetBytes(json), 8, "The JWK Set", out var document);
        if (error is not null)
        {
            return ParseResult.ForError<VerificationKeySet>(new SelfDataError(JoseErrorCodes.InvalidKey, error.Message));
        }

        using (document)
        {
            return Parse(document!.RootElement);
        }
    }

    /// <summary>Parses a JWK Set held in a JSON element (such as the <c>cr_keys</c> of a service link record).</summary>
    /// <param name="jwks">The JWK Set object, with a <c>keys</c> array.</param>
    /// <returns>The set, or the first error.</returns>
    public static ParseResult<VerificationKeySet> Parse(JsonElement jwks)
    {
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return ParseResult.ForError<VerificationKeySet>(JoseErrorCodes.InvalidKey, "A JWK Set is an object with a keys array.");
        }

        var keys = new List<VerificationKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            var key = VerificationKey.FromJwk(item);
            if (!key.Success)
            {
                return ParseResult.ForError<VerificationKeySet>(key.Error!);
            }

            if (!seen.Add(key.Value.KeyId))
            {
                return ParseResult.ForError<VerificationKeySet>(JoseErrorCodes.InvalidKey, $"The key id '{UntrustedText.Escape(key.Value.KeyId)}' appears twice in the JWK Set.");
            }

            keys.Add(key.Value);
        }

        return ParseResult.ForValue(new VerificationKeySet(keys));
    }

    /// <summary>Writes the set as a JWK Set.</summary>
    /// <returns>The JWK Set as JSON text.</returns>
    public string ToJson() => "{\"keys\":[" + string.Join(",", _keys.Values.Select(k => k.ToJwk())) + "]}";
}
