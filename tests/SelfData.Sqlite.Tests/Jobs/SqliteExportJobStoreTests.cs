using Microsoft.Data.Sqlite;
using SelfData.Portability.Jobs;
using SelfData.Portability.Tests.Jobs;

namespace SelfData.Sqlite.Tests;

/// <summary>The job store contract on a real SQLite file; every handle is a separate store instance on that file, as separate processes would be.</summary>
public sealed class SqliteExportJobStoreTests : ExportJobStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("selfdata-jobs-").FullName;
    private string? _connectionString;

    protected override IExportJobStore CreateStore()
    {
        _connectionString = $"Data Source={Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".sqlite")};Pooling=False";
        return new SqliteExportJobStore(_connectionString);
    }

    protected override IExportJobStore OpenSameStore() => new SqliteExportJobStore(_connectionString!);

    [Fact]
    public async Task Jobs_survive_a_new_store_on_the_same_file()
    {
        var store = CreateStore();
        var job = (await store.CreateAsync(NewJob(key: "k"))).Job!;
        var reopened = OpenSameStore();
        Assert.Equal(job, await reopened.GetAsync(job.Id));
        Assert.Equal(job.Id, (await reopened.TryLeaseAsync("w", Now, Lease))!.Id);
    }

    [Fact]
    public async Task An_unusable_file_fails_with_the_store_code()
    {
        var store = new SqliteExportJobStore($"Data Source={Path.Combine(_directory, "missing", "x.sqlite")};Mode=ReadOnly");
        var ex = await Assert.ThrowsAsync<SelfData.Core.SelfDataException>(async () => await store.GetAsync("x"));
        Assert.Equal(SelfData.Core.CoreErrorCodes.StoreUnavailable, ex.Code);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
