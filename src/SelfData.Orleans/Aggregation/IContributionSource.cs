using System.Buffers.Binary;
using SelfData.Territory.Aggregation;

namespace SelfData.Orleans.Aggregation;

/// <summary>One contributor's contributions to a run, by leaf codes.</summary>
/// <param name="Contributor">The contributor's pseudonym in the study.</param>
/// <param name="Contributions">All of their contributions: (area leaf, month, value).</param>
public sealed record ContributorContributions(ContributorKey Contributor, IReadOnlyList<(string Area, string Period, long Value)> Contributions);

/// <summary>
/// Where a silo reads a run's contributions (the holder's contribution store): each shard reads only its contributors,
/// and reading a shard twice gives the same contributors, so a shard can be re-aggregated after a crash.
/// </summary>
public interface IContributionSource
{
    /// <summary>Reads the contributors of one shard of a run (those whose <see cref="Shards.Of"/> is the shard).</summary>
    /// <param name="run">The run.</param>
    /// <param name="shard">The shard, from 0.</param>
    /// <param name="shardCount">The number of shards.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The shard's contributors, each once.</returns>
    IAsyncEnumerable<ContributorContributions> ReadShardAsync(string run, int shard, int shardCount, CancellationToken cancellationToken);
}

/// <summary>How contributors are split into shards: by the first four bytes of their key, so every node agrees.</summary>
public static class Shards
{
    /// <summary>Gets a contributor's shard.</summary>
    /// <param name="contributor">The contributor.</param>
    /// <param name="shardCount">The number of shards, positive.</param>
    /// <returns>The shard, from 0.</returns>
    public static int Of(ContributorKey contributor, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(contributor.Bytes) % (uint)shardCount);
    }
}
