using System.Collections.Concurrent;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// The MyData records one validator has already read, by their exact text, with the parsed JWS they came in. A Sink
/// presents the same service link record, consent record and status records with every data request, and reading
/// them again (strict JSON, base64url, the record's members) costs about a tenth of verifying their signatures.
/// </summary>
/// <remarks>
/// Only reading is kept, never a verdict: every call verifies each signature again with the keys it resolves then,
/// and checks versions, times, links, roles and the status chain again. A record enters only after every signature
/// it carries verified and every key it holds is owned by the validator's <see cref="TrustedKeyCache"/> (so nothing a
/// kept record references is ever disposed). When full, nothing more is added and nothing is evicted, so
/// unauthenticated input can neither fill the cache nor push out what is in it; texts longer than
/// <see cref="MaxTextLength"/> are never kept.
/// </remarks>
/// <typeparam name="T">The record read from the payload.</typeparam>
internal sealed class ParsedRecordCache<T>
    where T : class
{
    /// <summary>The longest record text kept (records are usually well under 2,000 characters).</summary>
    public const int MaxTextLength = 8192;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ParsedRecordCache(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _entries.Count;

    public bool TryGet(string text, out JwsMessage? message, out T? record)
    {
        if (text.Length <= MaxTextLength && _entries.TryGetValue(text, out var entry))
        {
            (message, record) = (entry.Message, entry.Record);
            return true;
        }

        (message, record) = (null, null);
        return false;
    }

    public void Remember(string text, JwsMessage message, T record)
    {
        if (text.Length <= MaxTextLength && _entries.Count < Capacity)
        {
            _entries.TryAdd(text, new Entry(message, record));
        }
    }

    private sealed record Entry(JwsMessage Message, T Record);
}
