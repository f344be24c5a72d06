using System.Collections.Concurrent;

namespace SelfData.Consent;

/// <summary>Represents a consent status store held in memory, for a single process and for tests.</summary>
public sealed class InMemoryConsentStatusStore : IConsentStatusStore
{
    private readonly ConcurrentDictionary<string, ConsentStatusChange> _changes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="consentId"/> is <see langword="null"/>.</exception>
    public ValueTask<ConsentStatusChange?> GetAsync(string consentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consentId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_changes.TryGetValue(consentId, out var change) ? change : null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is <see langword="null"/>.</exception>
    public ValueTask RecordAsync(ConsentStatusChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        _changes.AddOrUpdate(change.ConsentId, change, (_, recorded) => ConsentStatusChange.Merge(recorded, change));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Represents a token replay store held in memory, for a single process and for tests. Expired entries are purged as new ones arrive.</summary>
public sealed class InMemoryTokenReplayStore : ITokenReplayStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _additions;

    /// <summary>Initializes a new instance of the <see cref="InMemoryTokenReplayStore"/> class.</summary>
    /// <param name="timeProvider">The clock used to forget expired entries, or <see langword="null"/> for the system clock.</param>
    public InMemoryTokenReplayStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="tokenId"/> is <see langword="null"/>.</exception>
    public ValueTask<bool> TryAddAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _additions) % 1024 == 0)
        {
            foreach (var (id, expiry) in _seen)
            {
                if (expiry < now)
                {
                    _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, expiry));
                }
            }
        }

        while (true)
        {
            if (_seen.TryAdd(tokenId, expiresAt))
            {
                return ValueTask.FromResult(true);
            }

            if (_seen.TryGetValue(tokenId, out var recorded))
            {
                if (recorded >= now)
                {
                    return ValueTask.FromResult(false);
                }

                if (_seen.TryUpdate(tokenId, expiresAt, recorded))
                {
                    return ValueTask.FromResult(true);
                }
            }
        }
    }
}
