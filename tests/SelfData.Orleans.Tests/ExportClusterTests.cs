using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Orleans.Exports;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Jose;
using SelfData.Testing;
using Xunit.Abstractions;

namespace SelfData.Orleans.Tests;

public sealed class ExportClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset BatchInstant = Holders.Export("x").CreatedAt;
    private readonly string _root = Directory.CreateTempSubdirectory("selfdata-cluster-exports-").FullName;
    private readonly HolderData _data = new();
    private readonly InMemoryExportLedger _ledger = new();
    private InProcessTestCluster _cluster = null!;

    private ClusterExportOptions Options() => Holders.Options(_root);

    public async Task InitializeAsync() => _cluster = await Clusters.StartAsync(new Population(0), configure: services =>
    {
        services.AddSingleton(Options());
        services.AddSingleton<IExportDataSource>(_data);
        services.AddSingleton<IExportLedger>(_ledger);
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static ClusterExport Export(int resident) => Holders.Export("resident-" + resident);

    private Task<byte[]> SingleMachineAsync(ClusterExport export) => Holders.SingleMachineAsync(Options(), export);

    private IExportGrain Grain(ClusterExport export) => _cluster.Client.GetGrain<IExportGrain>(export.IdFor("eau-du-grand-lyon"));

    [Fact]
    public async Task Exports_on_three_silos_write_one_archive_each_byte_identical_to_the_single_machine_SDK_and_one_ledger_row()
    {
        var exports = Enumerable.Range(1, 12).Select(Export).ToList();
        var outcomes = await Task.WhenAll(exports.Select(e => Grain(e).RunAsync(e)));
        Assert.All(outcomes, o => Assert.False(o.AlreadyRecorded));
        Assert.Equal(12, _ledger.Count);
        foreach (var (export, outcome) in exports.Zip(outcomes))
        {
            var archive = await File.ReadAllBytesAsync(Options().ArchivePath(outcome.ExportId));
            Assert.Equal(await SingleMachineAsync(export), archive);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(archive)).ToLowerInvariant(), outcome.Sha256);
        }

        // Asked again, concurrently: nothing is written again, the ledger keeps its one row each.
        var again = await Task.WhenAll(exports.SelectMany(e => new[] { Grain(e).RunAsync(e), Grain(e).RunAsync(e) }));
        Assert.All(again, o => Assert.True(o.AlreadyRecorded));
        Assert.Equal(12, _ledger.Count);
        Assert.Equal(12, _data.Reads);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Options().AttemptsRoot));
    }

    [Fact]
    public async Task A_silo_killed_mid_export_leaves_every_export_complete_exactly_once_with_the_same_bytes()
    {
        var exports = Enumerable.Range(1, 9).Select(Export).ToList();
        _data.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = exports.Select(e => Grain(e).RunAsync(e)).ToList();
        await _data.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        await _cluster.KillSiloAsync(_cluster.Silos[^1]);
        _data.Gate.SetResult();
        _data.Gate = null;

        var outcomes = new List<ExportOutcome>();
        var redriven = 0;
        for (var i = 0; i < exports.Count; i++)
        {
            // A grain that was on the killed silo is called again, as a batch re-drives it; it re-activates elsewhere.
            var export = exports[i];
            var number = i;
            outcomes.Add(await Clusters.AfterKillAsync(running[i], () => Grain(export).RunAsync(export), what =>
            {
                output.WriteLine($"export {number} {what}");
                redriven++;
            }, TimeSpan.FromMinutes(1)));
        }

        Assert.Equal(exports.Count, _ledger.Count);
        foreach (var (export, outcome) in exports.Zip(outcomes))
        {
            Assert.Equal(await SingleMachineAsync(export), await File.ReadAllBytesAsync(Options().ArchivePath(outcome.ExportId)));
        }

        // An attempt cut off with its silo leaves no folder once the export is done.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.EnumerateFileSystemEntries(Options().AttemptsRoot).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Options().AttemptsRoot));
        output.WriteLine($"reads: {_data.Reads} for {exports.Count} exports, {redriven} re-driven; attempts: {string.Join(", ", outcomes.Select(o => o.Attempts))}");
        Assert.True(_data.Reads >= exports.Count);
    }

    [Fact]
    public void An_export_id_is_deterministic_and_names_the_holder_the_subject_the_window_profile_and_layout()
    {
        var export = Export(1);
        Assert.Equal(export.IdFor("enedis"), (export with { Doctypes = [.. export.Doctypes.Reverse()] }).IdFor("enedis"));
        Assert.Equal(export.IdFor("enedis"), (export with { CreatedAt = BatchInstant.AddDays(1) }).IdFor("enedis"));
        Assert.NotEqual(export.IdFor("enedis"), export.IdFor("grdf"));
        Assert.NotEqual(export.IdFor("enedis"), (export with { Layout = ArchiveLayout.CozyMove }).IdFor("enedis"));
        Assert.NotEqual(export.IdFor("enedis"), (export with { Until = export.Until!.Value.AddDays(1) }).IdFor("enedis"));
        Assert.Matches("^x[0-9a-f]{32}$", export.IdFor("enedis"));
    }
}
