using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Orleans.Exports;
using SelfData.Orleans.Storage;
using SelfData.Orleans.Tests;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Territory.Tables;
using SelfData.Testing;
using Xunit.Abstractions;

namespace SelfData.Orleans.IntegrationTests;

/// <summary>In-process silos whose grain state and export ledger are in PostgreSQL: kills, duplicate activations across clusters, a million contributions.</summary>
public sealed class ClusterOnPostgresTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static readonly ExportBatch March = new(
        [ElectricityDoctypes.EcolyoDay.Doctype.Name, WaterDoctypes.EcolyoDay.Doctype.Name], ExportProfile.Cozy, ArchiveLayout.Ndjson,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero),
        PartitionSize: 10, Concurrency: 3);

    private async Task<InProcessTestCluster> StartAsync(IContributionSource source, ClusterExportOptions? options = null, IExportDataSource? data = null, IPopulationSource? population = null, short silos = 3)
    {
        await PostgresSchema.ApplyAsync(server.DataSource);
        return await Clusters.StartAsync(source, silos, services =>
        {
            services.AddSelfDataPostgresGrainStorage(server.DataSource);
            services.AddSingleton<IExportLedger>(new PostgresExportLedger(server.DataSource));
            if (options is not null)
            {
                services.AddSingleton(options);
                services.AddSingleton(data ?? new HolderData());
            }

            if (population is not null)
            {
                services.AddSingleton(population);
            }
        }, memoryStorage: false);
    }

    private async Task<Dictionary<string, string>> LedgerAsync(IEnumerable<string> ids)
    {
        var select = server.DataSource.CreateCommand("SELECT export_id, sha256 FROM selfdata_export_ledger WHERE export_id = ANY($1)");
        select.Parameters.AddWithValue(ids.ToArray());
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), reader.GetString(1));
        }

        return rows;
    }

    [Fact]
    public async Task The_schema_is_applied_once_by_version_and_a_newer_one_is_refused()
    {
        await using var database = await server.CreateDatabaseAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresSchema.ApplyAsync(database)));
        await PostgresSchema.ApplyAsync(database);
        await using (var version = database.CreateCommand("SELECT version FROM selfdata_schema WHERE component = 'SelfData.Orleans'"))
        {
            Assert.Equal(PostgresSchema.Version, (int)(await version.ExecuteScalarAsync())!);
        }

        foreach (var table in new[] { "selfdata_cluster_version", "selfdata_cluster_member", "selfdata_reminder", "selfdata_grain_state", "selfdata_export_ledger", "selfdata_export_job" })
        {
            await using var exists = database.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
            exists.Parameters.AddWithValue(table);
            Assert.True((bool)(await exists.ExecuteScalarAsync())!, table);
        }

        await using (var newer = database.CreateCommand("UPDATE selfdata_schema SET version = version + 1"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<SelfDataException>(() => PostgresSchema.ApplyAsync(database));
        Assert.Equal(ClusterErrorCodes.SchemaTooNew, refused.Code);
    }

    [Fact]
    public async Task The_membership_table_moves_rows_and_the_version_together_and_refuses_stale_ETags()
    {
        await using var database = await server.CreateDatabaseAsync();
        var cluster = await StartAsync(new Population(0), silos: 1);
        try
        {
            var serializer = cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>();
            var options = Microsoft.Extensions.Options.Options.Create(new global::Orleans.Configuration.ClusterOptions { ClusterId = "c1", ServiceId = "s1" });
            var table = new PostgresMembershipTable(database, options, serializer);
            await table.InitializeMembershipTable(true);
            var empty = await table.ReadAll();
            Assert.Empty(empty.Members);
            Assert.Equal(0, empty.Version.Version);

            var silo = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 11111), 7);
            var entry = new MembershipEntry { SiloAddress = silo, Status = SiloStatus.Active, ProxyPort = 30000, HostName = "h", SiloName = "s", StartTime = DateTime.UtcNow, IAmAliveTime = DateTime.UtcNow };
            Assert.True(await table.InsertRow(entry, empty.Version.Next()));
            Assert.False(await table.InsertRow(entry, empty.Version.Next())); // the version's ETag moved
            var one = await table.ReadAll();
            Assert.Equal(1, one.Version.Version);
            var (read, etag) = one.Members.Single();
            Assert.Equal(silo, read.SiloAddress);
            Assert.Equal(SiloStatus.Active, read.Status);

            entry.Status = SiloStatus.Dead;
            Assert.False(await table.UpdateRow(entry, "999", one.Version.Next()));
            Assert.True(await table.UpdateRow(entry, etag, one.Version.Next()));
            Assert.False(await table.UpdateRow(entry, etag, one.Version.Next())); // both ETags are stale now
            var two = await table.ReadRow(silo);
            Assert.Equal(SiloStatus.Dead, two.Members.Single().Item1.Status);
            Assert.Equal(2, two.Version.Version);

            entry.IAmAliveTime = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            await table.UpdateIAmAlive(entry);
            var alive = await table.ReadAll();
            Assert.Equal(entry.IAmAliveTime, alive.Members.Single().Item1.IAmAliveTime.ToUniversalTime());
            Assert.Equal(2, alive.Version.Version);

            Assert.Empty(await new PostgresGatewayListProvider(database, options).GetGateways()); // the only silo is dead
            await table.CleanupDefunctSiloEntries(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Empty((await table.ReadAll()).Members);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_killed_at_40_percent_of_a_batch_leaves_one_ledger_row_per_export_with_the_single_machine_bytes_and_no_temporary_files()
    {
        var root = Directory.CreateTempSubdirectory("selfdata-pg-kill-").FullName;
        var options = Holders.Options(root, new HolderId("grdf", "fr.grdf", "GRDF"), TestKeys.Rsa("pg-kill", "RS256"));
        var customers = new Customers(60);
        var cluster = await StartAsync(new Population(0), options, population: customers);
        try
        {
            var batchId = "grdf-kill-" + Guid.NewGuid().ToString("N");
            var ids = (await customers.ReadAsync(batchId, 0, 60, default)).Select(s => March.For(s).IdFor("grdf")).ToList();
            var running = cluster.Client.GetGrain<IExportBatchGrain>(batchId).RunAsync(March);
            while ((await LedgerAsync(ids)).Count < 24)
            {
                Assert.False(running.IsCompleted, "the batch ended before 40 % was recorded");
                await Task.Delay(20);
            }

            output.WriteLine($"killing a silo with {(await LedgerAsync(ids)).Count} of 60 recorded");
            await cluster.KillSiloAsync(cluster.Silos[^1]);
            var result = await Clusters.AfterKillAsync(running, () => cluster.Client.GetGrain<IExportBatchGrain>(batchId).RunAsync(March), output.WriteLine, TimeSpan.FromMinutes(2));

            var ledger = await LedgerAsync(ids);
            Assert.Equal(60, result.Exports);
            Assert.Equal(60, ledger.Count);
            foreach (var subject in await customers.ReadAsync(batchId, 0, 60, default))
            {
                var export = March.For(subject);
                var bytes = await File.ReadAllBytesAsync(options.ArchivePath(export.IdFor("grdf")));
                Assert.Equal(await Holders.SingleMachineAsync(options, export), bytes);
                Assert.Equal(ledger[export.IdFor("grdf")], Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
            }

            Assert.Empty(Directory.Exists(options.AttemptsRoot) ? Directory.EnumerateFileSystemEntries(options.AttemptsRoot) : []);
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_same_export_started_on_two_clusters_at_once_has_one_ledger_row_and_one_archive_with_identical_bytes()
    {
        // Two clusters sharing one database and one folder: the worst duplicate activation (a split brain), twelve times over.
        var root = Directory.CreateTempSubdirectory("selfdata-pg-twins-").FullName;
        var options = Holders.Options(root, new HolderId("edf", "fr.edf", "EDF"), TestKeys.Rsa("pg-twins", "RS256"));
        var left = await StartAsync(new Population(0), options, silos: 1);
        var right = await StartAsync(new Population(0), options, silos: 1);
        try
        {
            var exports = Enumerable.Range(0, 12).Select(i => Holders.Export("twin-" + Guid.NewGuid().ToString("N")[..8] + "-" + i)).ToList();
            async Task<ExportOutcome> Run(InProcessTestCluster cluster, ClusterExport export)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        return await cluster.Client.GetGrain<IExportGrain>(export.IdFor("edf")).RunAsync(export);
                    }
                    catch (global::Orleans.Storage.InconsistentStateException) when (attempt < 5)
                    {
                        // The twin counted its attempt first: this activation is stale, and the next call reads the ledger.
                    }
                }
            }

            var outcomes = await Task.WhenAll(exports.SelectMany(e => new[] { Run(left, e), Run(right, e) }));
            var ledger = await LedgerAsync(exports.Select(e => e.IdFor("edf")));
            Assert.Equal(12, ledger.Count);
            foreach (var export in exports)
            {
                var id = export.IdFor("edf");
                var both = outcomes.Where(o => o.ExportId == id).ToList();
                Assert.Equal(2, both.Count);
                Assert.All(both, o => Assert.Equal(ledger[id], o.Sha256));
                Assert.Equal(await Holders.SingleMachineAsync(options, export), await File.ReadAllBytesAsync(options.ArchivePath(id)));
                Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(options.ArchivePath(id))!));
            }

            Assert.Empty(Directory.Exists(options.AttemptsRoot) ? Directory.EnumerateFileSystemEntries(options.AttemptsRoot) : []);
            output.WriteLine($"{outcomes.Count(o => o.AlreadyRecorded)} of 24 calls found the twin's row");
        }
        finally
        {
            await left.DisposeAsync();
            await right.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_million_contributions_over_64_shards_with_a_silo_killed_merge_to_the_one_pass_table()
    {
        var population = new Population(450_000);
        var contributions = population.People.Sum(p => p.Contributions.Count);
        Assert.True(contributions >= 1_000_000, contributions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (areas, periods) = (Hierarchy.IrisCommunes(Population.Iris).Value, Hierarchy.Months(Population.Months).Value);
        var expected = population.OnePass(areas, periods).ToBytes();
        var cluster = await StartAsync(population);
        try
        {
            var run = "million-" + Guid.NewGuid().ToString("N");
            population.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = cluster.Client.GetGrain<IAggregationRunGrain>(run).RunAsync(TableShape.Of(areas, periods), 64);
            await population.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await cluster.KillSiloAsync(cluster.Silos[^1]);
            population.Gate.SetResult();
            population.Gate = null;
            var result = await Clusters.AfterKillAsync(running, () => cluster.Client.GetGrain<IAggregationRunGrain>(run).RunAsync(TableShape.Of(areas, periods), 64), output.WriteLine, TimeSpan.FromMinutes(4));

            Assert.Equal(expected, result.Table);
            Assert.Equal(450_000, AggregateTable.FromBytes(result.Table, areas, periods).Value.Cell("total", "2025").Contributors);
            output.WriteLine($"{contributions:N0} contributions; shard reads {population.Reads}; re-aggregated during the merge {result.Reaggregated}");

            var again = await cluster.Client.GetGrain<IAggregationRunGrain>(run).RunAsync(TableShape.Of(areas, periods), 64);
            Assert.Equal(expected, again.Table);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
