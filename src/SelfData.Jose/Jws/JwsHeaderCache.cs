using System.Collections.Concurrent;

namespace SelfData.Jose;

/// <summary>
/// Represents a bounded cache of parsed protected headers, owned by one validator. An issuer signs every token under
/// the same few protected headers; parsing each distinct header once saves work on every later token.
/// </summary>
/// <remarks>
/// A header enters the cache only after a signature made under it verified with a trusted key
/// (<see cref="JwsMessage.TryVerify(JwsSignature, VerificationKey, out SelfData.Core.SelfDataError?, JwsVerifyOptions?)"/>
/// records it), so unauthenticated input can neither fill the cache nor evict what is in it. When the cache is full,
/// nothing more is added and nothing is evicted. Only parsing is cached: signatures, payloads and claims are checked on
/// every call. The cache is safe to use from several threads.
/// </remarks>
public sealed class JwsHeaderCache
{
    private const int MaxHeaderLength = 1024;
    private readonly ConcurrentDictionary<string, (int MaxDepth, JwsHeader Header)> _headers = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="JwsHeaderCache"/> class.</summary>
    /// <param name="capacity">The most headers kept.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public JwsHeaderCache(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Gets the most headers kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of headers kept.</summary>
    public int Count => _headers.Count;

    internal bool TryGet(ReadOnlySpan<char> encoded, int maxDepth, out JwsHeader? header)
    {
        (int MaxDepth, JwsHeader Header) cached = default;
#if NET9_0_OR_GREATER
        var found = _headers.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(encoded, out cached);
#else
        var found = encoded.Length <= MaxHeaderLength && _headers.TryGetValue(encoded.ToString(), out cached);
#endif
        if (found && cached.MaxDepth == maxDepth)
        {
            header = cached.Header;
            return true;
        }

        header = null;
        return false;
    }

    internal void Remember(JwsSignature signature, int maxDepth)
    {
        var encoded = signature.ProtectedHeaderText;
        // Looked up first: counting a concurrent dictionary takes all its locks, and almost every call finds its header.
        if (signature.ProtectedHeader is null || encoded.Length > MaxHeaderLength || TryGet(encoded, maxDepth, out _) || _headers.Count >= Capacity)
        {
            return;
        }

        _headers.TryAdd(encoded.ToString(), (maxDepth, signature.ProtectedHeader));
    }
}
