using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Territory;
using SelfData.Territory.Tables;

namespace SelfData.Orleans.Aggregation;

/// <summary>What an aggregation run produced: the merged table's canonical bytes and their SHA-256.</summary>
/// <param name="Table">The merged table (<see cref="AggregateTable.ToBytes"/>).</param>
/// <param name="Sha256">The SHA-256 of <paramref name="Table"/>, lowercase hex.</param>
/// <param name="Shards">The number of shards merged.</param>
/// <param name="Reaggregated">The shards aggregated again during the merge because their partial was missing.</param>
[GenerateSerializer]
[Immutable]
public sealed record AggregationRunResult([property: Id(0)] byte[] Table, [property: Id(1)] string Sha256, [property: Id(2)] int Shards, [property: Id(3)] int Reaggregated);

/// <summary>One shard of a run (key <c>{run}/{shard}</c>): aggregates its contributors and keeps its partial.</summary>
public interface IShardAggregateGrain : IGrainWithStringKey
{
    /// <summary>Aggregates the shard's contributors from the silo's <see cref="IContributionSource"/> and upserts the partial.</summary>
    /// <param name="shape">The table's hierarchies.</param>
    /// <param name="shardCount">The number of shards of the run.</param>
    /// <returns>The SHA-256 of the partial, lowercase hex.</returns>
    Task<string> AggregateAsync(TableShape shape, int shardCount);

    /// <summary>Gets the stored partial, or <see langword="null"/> when the shard has not run (or its storage was lost).</summary>
    /// <returns>The partial's bytes.</returns>
    Task<byte[]?> GetPartialAsync();
}

/// <summary>A territorial aggregation run (key: the run id): every shard aggregated, then merged in shard order.</summary>
public interface IAggregationRunGrain : IGrainWithStringKey
{
    /// <summary>Runs (or re-runs: partials are overwritten, never added) every shard and merges them.</summary>
    /// <param name="shape">The table's hierarchies.</param>
    /// <param name="shardCount">The number of shards, 1 to 4,096.</param>
    /// <returns>The merged table.</returns>
    Task<AggregationRunResult> RunAsync(TableShape shape, int shardCount);
}

/// <summary>The stored partial of a shard.</summary>
[GenerateSerializer]
internal sealed class ShardState
{
    [Id(0)]
    public byte[]? Partial { get; set; }

    [Id(1)]
    public string? Sha256 { get; set; }

    [Id(2)]
    public int Runs { get; set; }
}

/// <summary>The grain storage name SelfData's grains persist to; a silo registers it (memory in tests, ADO.NET on PostgreSQL in production).</summary>
public static class SelfDataGrainStorage
{
    /// <summary>The storage provider name.</summary>
    public const string Name = "selfdata";
}

internal sealed class ShardAggregateGrain(
    [PersistentState("shard", SelfDataGrainStorage.Name)] IPersistentState<ShardState> state,
    IServiceProvider services) : Grain, IShardAggregateGrain
{
    public Task<string> AggregateAsync(TableShape shape, int shardCount) => ClusterException.CarryAsync(() => AggregateCoreAsync(shape, shardCount));

    private async Task<string> AggregateCoreAsync(TableShape shape, int shardCount)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture, out var shard) || shard < 0 || shard >= shardCount)
        {
            throw new ArgumentException($"A shard grain's key is '{{run}}/{{shard}}' with a shard below {shardCount}.");
        }

        var (areas, periods) = shape.Build().GetValueOrThrow();
        var source = services.GetRequiredService<IContributionSource>();
        var aggregator = new TableAggregator(areas, periods);
        await foreach (var contributor in source.ReadShardAsync(key[..slash], shard, shardCount, CancellationToken.None).ConfigureAwait(true))
        {
            if (Shards.Of(contributor.Contributor, shardCount) != shard)
            {
                throw new SelfDataException(TerritoryErrorCodes.AggregatesNotMergeable, $"The contribution source gave shard {shard} a contributor of shard {Shards.Of(contributor.Contributor, shardCount)}.");
            }

            aggregator.AddContributor(contributor.Contributor, contributor.Contributions);
        }

        var partial = aggregator.ToTable().ToBytes();
        state.State.Partial = partial;
        state.State.Sha256 = Convert.ToHexString(SHA256.HashData(partial)).ToLowerInvariant();
        state.State.Runs++;
        await state.WriteStateAsync().ConfigureAwait(true);
        return state.State.Sha256;
    }

    public Task<byte[]?> GetPartialAsync() => Task.FromResult(state.State.Partial);
}

internal sealed class AggregationRunGrain : Grain, IAggregationRunGrain
{
    private const int Parallel = 8;
    private const int Attempts = 5;

    public Task<AggregationRunResult> RunAsync(TableShape shape, int shardCount) => ClusterException.CarryAsync(() => RunCoreAsync(shape, shardCount));

    private async Task<AggregationRunResult> RunCoreAsync(TableShape shape, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shardCount is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "From 1 to 4,096 shards.");
        }

        var (areas, periods) = shape.Build().GetValueOrThrow();
        var run = this.GetPrimaryKeyString();
        var next = 0;
        async Task Worker()
        {
            for (var shard = Interlocked.Increment(ref next) - 1; shard < shardCount; shard = Interlocked.Increment(ref next) - 1)
            {
                await AggregateShardAsync(run, shard, shape, shardCount).ConfigureAwait(true);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Parallel, shardCount)).Select(_ => Worker())).ConfigureAwait(true);

        // Merge in shard order; a partial lost with a silo's storage is aggregated again from the source.
        var merged = new TableAggregator(areas, periods).ToTable();
        var reaggregated = 0;
        for (var shard = 0; shard < shardCount; shard++)
        {
            var partial = await Retry(() => GrainFactory.GetGrain<IShardAggregateGrain>(Key(run, shard)).GetPartialAsync()).ConfigureAwait(true);
            if (partial is null)
            {
                reaggregated++;
                await AggregateShardAsync(run, shard, shape, shardCount).ConfigureAwait(true);
                partial = await Retry(() => GrainFactory.GetGrain<IShardAggregateGrain>(Key(run, shard)).GetPartialAsync()).ConfigureAwait(true)
                    ?? throw new InvalidOperationException($"Shard {shard} of run '{run}' has no partial after aggregating it again.");
            }

            merged = merged.Merge(AggregateTable.FromBytes(partial, areas, periods).GetValueOrThrow());
        }

        var bytes = merged.ToBytes();
        return new AggregationRunResult(bytes, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), shardCount, reaggregated);
    }

    private Task<string> AggregateShardAsync(string run, int shard, TableShape shape, int shardCount) =>
        Retry(() => GrainFactory.GetGrain<IShardAggregateGrain>(Key(run, shard)).AggregateAsync(shape, shardCount));

    private static string Key(string run, int shard) => run + "/" + shard.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Retries a grain call that failed because a silo went away (the grain re-activates elsewhere).</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(true);
            }
            catch (Exception e) when (attempt < Attempts && e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or OrleansException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt)).ConfigureAwait(true);
            }
        }
    }
}
