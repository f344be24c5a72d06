using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Orleans.Exports;
using SelfData.Portability;
using SelfData.Testing;

namespace SelfData.Orleans.Tests;

/// <summary>Silos serving several holders: each export and batch names its holder, and each holder signs with its own key.</summary>
public sealed class ClusterHolderTests : IAsyncLifetime
{
    private static readonly HolderId Enedis = new("enedis", "fr.enedis", "Enedis");
    private static readonly HolderId Grdf = new("grdf", "fr.grdf", "GRDF");
    private readonly string _root = Directory.CreateTempSubdirectory("selfdata-cluster-holders-").FullName;
    private readonly InMemoryExportLedger _ledger = new();
    private InProcessTestCluster _cluster = null!;

    private ClusterExportOptions Options(HolderId holder) => Holders.Options(_root, holder, TestKeys.Rsa(holder.Id + "-archive", "RS256"));

    public async Task InitializeAsync() => _cluster = await Clusters.StartAsync(new Population(0), silos: 2, configure: services =>
    {
        services.AddSelfDataClusterHolder(Options(Enedis), new HolderData());
        services.AddSelfDataClusterHolder(Options(Grdf), new HolderData());
        services.AddSingleton<IExportLedger>(_ledger);
        services.AddSingleton<IPopulationSource>(new Customers(7));
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Each_holder_exports_with_its_own_options_and_the_single_machine_bytes()
    {
        foreach (var holder in new[] { Enedis, Grdf })
        {
            var export = Holders.Export("resident-0001") with { Holder = holder.Id };
            var outcome = await _cluster.Client.GetGrain<IExportGrain>(export.IdFor(holder.Id)).RunAsync(export);
            Assert.Equal(await Holders.SingleMachineAsync(Options(holder), export), await File.ReadAllBytesAsync(Options(holder).ArchivePath(outcome.ExportId)));
        }

        // The same person's export by two holders: two ids, two rows, two different archives (other keys, other holder).
        var ids = new[] { Enedis, Grdf }.Select(h => Holders.Export("resident-0001").IdFor(h.Id)).ToList();
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(2, _ledger.Count);
        Assert.NotEqual((await _ledger.GetAsync(ids[0]))!.Sha256, (await _ledger.GetAsync(ids[1]))!.Sha256);
    }

    [Fact]
    public async Task A_batch_names_its_holder_and_an_export_for_an_unregistered_holder_is_refused_with_its_code()
    {
        var batch = new ExportBatch(Holders.Export("x").Doctypes, ExportProfile.Cozy, SelfData.Portability.Archives.ArchiveLayout.Ndjson, null, null, Holders.Export("x").CreatedAt, PartitionSize: 3, Concurrency: 2, Holder: "grdf");
        var result = await _cluster.Client.GetGrain<IExportBatchGrain>("grdf-batch").RunAsync(batch);
        Assert.Equal(7, result.Exports);
        Assert.Equal(3, result.Partitions);
        Assert.All(Holders.Exports(_root, result), e => Assert.Equal(batch.For(e.Subject).IdFor("grdf"), e.Id));

        var stranger = Holders.Export("resident-0002") with { Holder = "orange" };
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _cluster.Client.GetGrain<IExportGrain>(stranger.IdFor("orange")).RunAsync(stranger));
        Assert.Equal(ClusterErrorCodes.UnknownHolder, Assert.IsType<ClusterException>(refused).Code);
        Assert.Contains("orange", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public async Task A_batch_id_that_is_not_a_safe_folder_name_is_refused(string id)
    {
        var batch = new ExportBatch(Holders.Export("x").Doctypes, ExportProfile.Cozy, SelfData.Portability.Archives.ArchiveLayout.Ndjson, null, null, Holders.Export("x").CreatedAt, Holder: "enedis");
        await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IExportBatchGrain>(id).RunAsync(batch));
        Assert.False(Directory.Exists(Path.Combine(_root, "batches")) && Directory.EnumerateFileSystemEntries(Path.Combine(_root, "batches")).Any(e => !Path.GetFileName(e).StartsWith("grdf", StringComparison.Ordinal)));
    }
}
