using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Orleans.Exports;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;
using Xunit.Abstractions;

namespace SelfData.Orleans.Tests;

public sealed class ExportBatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("selfdata-cluster-batch-").FullName;
    private readonly HolderData _data = new();
    private readonly InMemoryExportLedger _ledger = new();
    private InProcessTestCluster _cluster = null!;

    private ClusterExportOptions Options() => Holders.Options(_root);

    private static readonly ExportBatch March = new(
        [ElectricityDoctypes.EcolyoDay.Doctype.Name, WaterDoctypes.EcolyoDay.Doctype.Name], ExportProfile.Cozy, ArchiveLayout.Ndjson,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero),
        PartitionSize: 10, Concurrency: 3);

    public async Task InitializeAsync() => _cluster = await Clusters.StartAsync(new Population(0), configure: services =>
    {
        services.AddSingleton(Options());
        services.AddSingleton<IExportDataSource>(_data);
        services.AddSingleton<IExportLedger>(_ledger);
        services.AddSingleton<IPopulationSource>(new Customers(25));
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private void AssertManifest(BatchResult result)
    {
        Assert.Equal(25, result.Exports);
        Assert.Equal(3, result.Partitions);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(result.Manifest)).ToLowerInvariant(), result.Sha256);
        var exports = Holders.Exports(_root, result);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"resident-{i:D4}"), exports.Select(e => e.Subject));
        foreach (var (id, subject, sha) in exports)
        {
            Assert.Equal(March.For(subject).IdFor("eau-du-grand-lyon"), id);
            var archive = File.ReadAllBytes(Options().ArchivePath(id));
            Assert.Equal(sha, Convert.ToHexString(SHA256.HashData(archive)).ToLowerInvariant());
        }

        Assert.Equal(25, _ledger.Count);
    }

    [Fact]
    public async Task A_batch_exports_every_subject_once_in_partitions_and_writes_a_deterministic_manifest_a_rerun_reproduces()
    {
        var batch = _cluster.Client.GetGrain<IExportBatchGrain>("lyon-water-2025-03");
        var first = await batch.RunAsync(March);
        AssertManifest(first);
        Assert.Equal(25, _data.Reads);

        var again = await batch.RunAsync(March);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(first.Manifest, again.Manifest);
        Assert.Equal(25, _data.Reads);
    }

    [Fact]
    public async Task A_silo_killed_mid_batch_is_resumed_from_the_partitions_cursors_and_every_export_is_recorded_once()
    {
        _data.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _cluster.Client.GetGrain<IExportBatchGrain>("lyon-water-2025-03-kill").RunAsync(March);
        await _data.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        await _cluster.KillSiloAsync(_cluster.Silos[^1]);
        _data.Gate.SetResult();
        _data.Gate = null;

        var result = await Clusters.AfterKillAsync(running, () => _cluster.Client.GetGrain<IExportBatchGrain>("lyon-water-2025-03-kill").RunAsync(March), output.WriteLine, TimeSpan.FromMinutes(2));

        AssertManifest(result);
        output.WriteLine($"reads: {_data.Reads} for 25 exports");
    }

    [Fact]
    public async Task A_batch_runs_at_most_its_partitions_at_once_times_their_concurrency()
    {
        _data.ReadTime = TimeSpan.FromMilliseconds(40);
        var bounded = March with { PartitionSize = 5, Concurrency = 2, PartitionsAtOnce = 2 };
        var result = await _cluster.Client.GetGrain<IExportBatchGrain>("lyon-water-2025-03-bounded").RunAsync(bounded);
        Assert.Equal(5, result.Partitions);
        Assert.Equal(25, result.Exports);
        output.WriteLine($"at most {_data.MostAtOnce} exports at once");
        Assert.InRange(_data.MostAtOnce, 2, 4);

        await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IExportBatchGrain>("lyon-water-2025-03-none").RunAsync(March with { PartitionsAtOnce = 0 }));
    }
}
