using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Orleans.Exports;
using SelfData.Orleans.Storage;
using SelfData.Orleans.Tests;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;

namespace SelfData.Orleans.IntegrationTests;

public sealed class PostgresLedgerTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Forty_racers_recording_one_export_insert_exactly_one_row_and_all_see_its_hash()
    {
        var ledger = new PostgresExportLedger(server.DataSource);
        await PostgresSchema.ApplyAsync(server.DataSource);
        await PostgresSchema.ApplyAsync(server.DataSource);
        var id = "x" + Guid.NewGuid().ToString("N");
        var entries = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () => await ledger.RecordAsync(id, new string((char)('a' + (i % 6)), 64)))));
        Assert.Single(entries, e => e.Inserted);
        var winner = entries.Single(e => e.Inserted).Sha256;
        Assert.All(entries, e => Assert.Equal(winner, e.Sha256));
        Assert.Equal(winner, (await ledger.GetAsync(id))!.Sha256);
        Assert.Null(await ledger.GetAsync("x-none"));
    }

    [Fact]
    public async Task Exports_on_three_silos_record_one_PostgreSQL_row_each_with_the_single_machine_bytes_whatever_the_retries()
    {
        var ledger = new PostgresExportLedger(server.DataSource);
        await PostgresSchema.ApplyAsync(server.DataSource);
        var before = await ledger.CountAsync();
        var root = Directory.CreateTempSubdirectory("selfdata-pg-exports-").FullName;
        var options = Holders.Options(root, new HolderId("enedis", "fr.enedis", "Enedis"), TestKeys.Rsa("pg-archive", "RS256"));
        var data = new HolderData();
        var cluster = await Clusters.StartAsync(new Population(0), configure: services =>
        {
            services.AddSingleton(options);
            services.AddSingleton<IExportDataSource>(data);
            services.AddSingleton<IExportLedger>(ledger);
        });
        try
        {
            var exports = Enumerable.Range(1, 10).Select(i => Holders.Export("pg-resident-" + i)).ToList();
            IExportGrain Grain(ClusterExport e) => cluster.Client.GetGrain<IExportGrain>(e.IdFor("enedis"));
            var outcomes = await Task.WhenAll(exports.Select(e => Grain(e).RunAsync(e)));
            var again = await Task.WhenAll(exports.SelectMany(e => new[] { Grain(e).RunAsync(e), Grain(e).RunAsync(e) }));
            Assert.Equal(before + 10, await ledger.CountAsync());
            Assert.All(again, o => Assert.True(o.AlreadyRecorded));

            foreach (var (export, outcome) in exports.Zip(outcomes))
            {
                Assert.Equal(await Holders.SingleMachineAsync(options, export), await File.ReadAllBytesAsync(options.ArchivePath(outcome.ExportId)));
                Assert.Equal(outcome.Sha256, (await ledger.GetAsync(outcome.ExportId))!.Sha256);
            }
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
