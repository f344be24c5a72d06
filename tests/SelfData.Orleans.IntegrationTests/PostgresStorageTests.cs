using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SelfData.Core;
using SelfData.Orleans.Exports;
using SelfData.Orleans.Storage;
using SelfData.Orleans.Tests;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;
using Xunit.Abstractions;

namespace SelfData.Orleans.IntegrationTests;

public sealed class PostgresStorageTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private sealed class JsonForTests : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }

    private sealed class Slot<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    [Fact]
    public async Task A_write_names_the_ETag_it_read_and_a_stale_writer_is_refused()
    {
        await PostgresSchema.ApplyAsync(server.DataSource);
        var storage = new PostgresGrainStorage(server.DataSource, new JsonForTests());
        var grain = GrainId.Create("test", Guid.NewGuid().ToString("N"));
        var first = new Slot<List<int>>();
        await storage.ReadStateAsync("s", grain, first);
        Assert.False(first.RecordExists);
        first.State = [1, 2];
        await storage.WriteStateAsync("s", grain, first);

        var twin = new Slot<List<int>>();
        await storage.ReadStateAsync("s", grain, twin);
        Assert.Equal([1, 2], twin.State);
        Assert.Equal(first.ETag, twin.ETag);

        first.State.Add(3);
        await storage.WriteStateAsync("s", grain, first);
        twin.State.Add(99);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, twin));
        var fresh = new Slot<List<int>> { ETag = null };
        fresh.State = [7];
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, fresh));

        var reread = new Slot<List<int>>();
        await storage.ReadStateAsync("s", grain, reread);
        Assert.Equal([1, 2, 3], reread.State);
        await storage.ClearStateAsync("s", grain, reread);
        var gone = new Slot<List<int>>();
        await storage.ReadStateAsync("s", grain, gone);
        Assert.False(gone.RecordExists);
    }

    [Fact]
    public async Task A_full_cluster_restart_mid_batch_resumes_from_PostgreSQL_and_every_export_is_recorded_once()
    {
        await PostgresSchema.ApplyAsync(server.DataSource);
        var ledger = new PostgresExportLedger(server.DataSource);
        var before = await ledger.CountAsync();
        var root = Directory.CreateTempSubdirectory("selfdata-pg-restart-").FullName;
        var options = Holders.Options(root, new HolderId("grdf", "fr.grdf", "GRDF"), TestKeys.Rsa("pg-restart", "RS256"));
        var data = new HolderData();
        void Services(IServiceCollection services)
        {
            services.AddSingleton(options);
            services.AddSingleton<IExportDataSource>(data);
            services.AddSingleton<IExportLedger>(ledger);
            services.AddSingleton<IPopulationSource>(new Customers(25));
            services.AddSelfDataPostgresGrainStorage(server.DataSource);
        }

        var batchId = "grdf-" + Guid.NewGuid().ToString("N");
        var batch = new ExportBatch(
            [ElectricityDoctypes.EcolyoDay.Doctype.Name, WaterDoctypes.EcolyoDay.Doctype.Name], ExportProfile.Cozy, ArchiveLayout.Ndjson,
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero),
            PartitionSize: 10, Concurrency: 2);
        try
        {
            // First cluster: let some exports through, then stop the whole cluster while the others wait.
            var first = await Clusters.StartAsync(new Population(0), configure: Services, memoryStorage: false);
            data.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var partly = first.Client.GetGrain<IExportBatchGrain>(batchId).RunAsync(batch);
            await data.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var gate = data.Gate;
            data.Gate = null;
            gate.SetResult();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await ledger.CountAsync() - before < 8 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var recordedBeforeRestart = await ledger.CountAsync() - before;
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
            _ = partly.ContinueWith(t => t.Exception, TaskScheduler.Default);
            var readsBeforeRestart = data.Reads;
            var stored = server.DataSource.CreateCommand("SELECT count(*) FROM selfdata_grain_state WHERE state_name IN ('partition', 'batch', 'export') AND grain_id LIKE '%' || $1 || '%'");
            stored.Parameters.AddWithValue(batchId);
            var rows = (long)(await stored.ExecuteScalarAsync())!;
            await stored.DisposeAsync();
            Assert.True(rows >= 2, $"only {rows} batch or partition states in PostgreSQL");

            // A new cluster on the same PostgreSQL: the batch resumes from the partitions' cursors.
            var second = await Clusters.StartAsync(new Population(0), configure: Services, memoryStorage: false);
            try
            {
                var result = await second.Client.GetGrain<IExportBatchGrain>(batchId).RunAsync(batch);
                Assert.Equal(25, result.Exports);
                Assert.Equal(before + 25, await ledger.CountAsync());
                var exports = Holders.Exports(options.Root, result);
                Assert.Equal(25, exports.Count);
                foreach (var (id, _, sha) in exports)
                {
                    var archive = await File.ReadAllBytesAsync(options.ArchivePath(id));
                    Assert.Equal(sha, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(archive)).ToLowerInvariant());
                }

                // Exports recorded before the restart were not read again.
                output.WriteLine($"recorded before the restart: {recordedBeforeRestart}; batch and partition states stored: {rows}; reads before {readsBeforeRestart}, after {data.Reads}");
                Assert.True(recordedBeforeRestart >= 1);
                Assert.True(data.Reads <= 25 + (readsBeforeRestart - recordedBeforeRestart));
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
