using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using SelfData.AspNetCore.Tests;
using SelfData.Core;
using SelfData.Orleans.Jobs;
using SelfData.Orleans.Storage;
using SelfData.Portability.Jobs;
using SelfData.Portability.Tests.Jobs;

namespace SelfData.Orleans.IntegrationTests;

/// <summary>The job store contract every store meets, on PostgreSQL; each store a test creates has a database of its own, and "the same store" is a second instance on it, as another node would hold.</summary>
public sealed class PostgresExportJobStoreTests(PostgresServer server) : ExportJobStoreContract, IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _databases = [];

    protected override IExportJobStore CreateStore()
    {
        var database = server.CreateDatabaseAsync().GetAwaiter().GetResult();
        PostgresSchema.ApplyAsync(database).GetAwaiter().GetResult();
        _databases.Add(database);
        return new PostgresExportJobStore(database);
    }

    protected override IExportJobStore OpenSameStore() => new PostgresExportJobStore(_databases[^1]);

    [Fact]
    public async Task Forty_workers_leasing_at_once_lease_each_queued_job_exactly_once()
    {
        var store = CreateStore();
        var created = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            created.Add((await store.CreateAsync(NewJob(subject: "s" + i, minute: i))).Job!.Id);
        }

        var nodes = Enumerable.Range(0, 4).Select(_ => OpenSameStore()).ToList();
        var leased = await Task.WhenAll(Enumerable.Range(0, 40).Select(w => Task.Run(async () => await nodes[w % 4].TryLeaseAsync("worker-" + w, Now, Lease))));
        var ids = leased.Where(j => j is not null).Select(j => j!.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(created.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_fails_with_the_store_code()
    {
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=2");
        var ex = await Assert.ThrowsAsync<SelfDataException>(async () => await new PostgresExportJobStore(nowhere).GetAsync("x"));
        Assert.Equal(CoreErrorCodes.StoreUnavailable, ex.Code);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>Two Kestrel nodes of one holder on 127.0.0.1 sharing the job store in PostgreSQL and the artifact folder: the endpoints scale out by configuration only.</summary>
public sealed class ScaledOutEndpointsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task An_export_started_on_one_node_is_polled_and_downloaded_on_the_other()
    {
        await using var database = await server.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        var shared = Directory.CreateTempSubdirectory("selfdata-farm-").FullName;
        var a = await HolderServer.StartAsync(directory: shared, jobs: new PostgresExportJobStore(database));
        var b = await HolderServer.StartAsync(directory: shared, jobs: new PostgresExportJobStore(database));
        b.KeepDirectory = true;
        try
        {
            var status = await a.StartExportAsync(a.Tokens().Mint());
            var path = new Uri(status).PathAndQuery;
            var tokenB = b.Tokens().Mint();
            var done = await b.PollAsync(path, tokenB);
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            using var manifest = JsonDocument.Parse(await done.Content.ReadAsStringAsync());
            var outputs = manifest.RootElement.GetProperty("output").EnumerateArray().ToList();
            Assert.Equal(2, outputs.Count);
            foreach (var output in outputs)
            {
                // Downloaded from the node that took the request, whichever node's worker ran the job.
                var file = await a.Http.SendAsync(HolderServer.Get(new Uri(output.GetProperty("url").GetString()!).PathAndQuery, a.Tokens().Mint()));
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                var bytes = await file.Content.ReadAsByteArrayAsync();
                Assert.Equal(output.GetProperty("sha256").GetString(), Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
            }

            var id = path.TrimEnd('/').Split('/')[^1];
            var job = await new PostgresExportJobStore(database).GetAsync(id);
            Assert.Equal(ExportJobState.Completed, job!.State);
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}
