using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Orleans.Aggregation;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Tables;
using Xunit.Abstractions;

namespace SelfData.Orleans.Tests;

public sealed class AggregationClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Population _population = new(3_000);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await Clusters.StartAsync(_population);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static (Hierarchy Areas, Hierarchy Periods) Hierarchies() =>
        (Hierarchy.IrisCommunes(Population.Iris).Value, Hierarchy.Months(Population.Months).Value);

    [Fact]
    public async Task Sixty_four_shards_on_three_silos_merge_to_the_bytes_of_one_pass_and_a_rerun_overwrites_never_adds()
    {
        var (areas, periods) = Hierarchies();
        var expected = _population.OnePass(areas, periods).ToBytes();
        var run = _cluster.Client.GetGrain<IAggregationRunGrain>("lyon-2025");

        var first = await run.RunAsync(TableShape.Of(areas, periods), 64);
        Assert.Equal(expected, first.Table);
        Assert.Equal(64, first.Shards);
        Assert.Equal(64, _population.Reads);

        var again = await run.RunAsync(TableShape.Of(areas, periods), 64);
        Assert.Equal(expected, again.Table);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(128, _population.Reads);
        var total = AggregateTable.FromBytes(again.Table, areas, periods).Value.Cell("total", "2025");
        Assert.Equal(_population.People.Count, total.Contributors);
    }

    [Fact]
    public async Task A_silo_killed_while_shards_aggregate_leaves_the_merged_table_equal_to_one_pass()
    {
        var (areas, periods) = Hierarchies();
        var expected = _population.OnePass(areas, periods).ToBytes();
        _population.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _cluster.Client.GetGrain<IAggregationRunGrain>("lyon-2025-kill").RunAsync(TableShape.Of(areas, periods), 64);
        await _population.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Kill a silo other than the first (the test cluster's membership lives there) while shards are mid-read.
        var victim = _cluster.Silos[^1];
        await _cluster.KillSiloAsync(victim);
        _population.Gate.SetResult();
        _population.Gate = null;

        var result = await Clusters.AfterKillAsync(running, () => _cluster.Client.GetGrain<IAggregationRunGrain>("lyon-2025-kill").RunAsync(TableShape.Of(areas, periods), 64), output.WriteLine, TimeSpan.FromMinutes(2));

        Assert.Equal(expected, result.Table);
        output.WriteLine($"shard reads: {_population.Reads} for 64 shards, re-aggregated during the merge: {result.Reaggregated}");
        Assert.True(_population.Reads >= 64);
    }
}

public sealed class TableShapeTests
{
    [Fact]
    public void A_shape_round_trips_to_the_same_hierarchies()
    {
        var (areas, periods) = (Hierarchy.IrisCommunes(Population.Iris).Value, Hierarchy.Months(Population.Months).Value);
        var (a, p) = TableShape.Of(areas, periods).Build().Value;
        Assert.True(a.SameAs(areas));
        Assert.True(p.SameAs(periods));
    }
}
