using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SelfData.Consent;

namespace SelfData.Sqlite.Tests;

public sealed class StoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("selfdata-consent-").FullName;

    public static TheoryData<string> StatusStores() => ["memory", "sqlite"];

    private IConsentStatusStore StatusStore(string kind) =>
        kind == "memory" ? new InMemoryConsentStatusStore() : new SqliteConsentStatusStore($"Data Source={Path.Combine(_directory, "status.db")}");

    private ITokenReplayStore ReplayStore(string kind, TimeProvider time) =>
        kind == "memory" ? new InMemoryTokenReplayStore(time) : new SqliteTokenReplayStore($"Data Source={Path.Combine(_directory, "replay.db")}", time);

    [Theory]
    [MemberData(nameof(StatusStores))]
    public async Task The_latest_change_wins_and_a_withdrawal_is_final(string kind)
    {
        var store = StatusStore(kind);
        Assert.Null(await store.GetAsync("cr-1"));
        await store.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Active, T0, "csr-1"));
        await store.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Disabled, T0.AddMinutes(2), "csr-2"));
        await store.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Active, T0.AddMinutes(1), "csr-stale"));
        var disabled = await store.GetAsync("cr-1");
        Assert.Equal(ConsentStatus.Disabled, disabled!.Status);
        Assert.Equal("csr-2", disabled.RecordId);
        Assert.Equal(T0.AddMinutes(2), disabled.ChangedAt);

        await store.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Withdrawn, T0.AddMinutes(1), "csr-w"));
        await store.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Active, T0.AddMinutes(10), "csr-late"));
        var withdrawn = await store.GetAsync("cr-1");
        Assert.Equal(ConsentStatus.Withdrawn, withdrawn!.Status);
        Assert.Equal("csr-w", withdrawn.RecordId);
        Assert.Null(await store.GetAsync("cr-2"));
    }

    [Fact]
    public async Task The_sqlite_status_store_creates_its_schema_and_persists_across_instances()
    {
        var connection = $"Data Source={Path.Combine(_directory, "persist.db")}";
        await new SqliteConsentStatusStore(connection).RecordAsync(new ConsentStatusChange("cr-9", ConsentStatus.Withdrawn, T0));
        var reopened = await new SqliteConsentStatusStore(connection).GetAsync("cr-9");
        Assert.Equal(ConsentStatus.Withdrawn, reopened!.Status);
        Assert.Equal(T0, reopened.ChangedAt);
    }

    [Theory]
    [MemberData(nameof(StatusStores))]
    public async Task A_token_id_is_accepted_once_until_it_expires(string kind)
    {
        var time = new FakeTimeProvider(T0);
        var store = ReplayStore(kind, time);
        Assert.True(await store.TryAddAsync("iss jti-1", T0.AddMinutes(5)));
        Assert.False(await store.TryAddAsync("iss jti-1", T0.AddMinutes(5)));
        Assert.True(await store.TryAddAsync("iss jti-2", T0.AddMinutes(5)));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await store.TryAddAsync("iss jti-1", T0.AddMinutes(20)));
        Assert.False(await store.TryAddAsync("iss jti-1", T0.AddMinutes(20)));
    }

    [Fact]
    public async Task Sqlite_failures_throw_the_store_exception_with_its_code()
    {
        var missing = $"Data Source={Path.Combine(_directory, "no-such-dir", "x.db")};Mode=ReadOnly";
        var status = await Assert.ThrowsAsync<ConsentStoreException>(() => new SqliteConsentStatusStore(missing).GetAsync("cr").AsTask());
        Assert.Equal(ConsentErrorCodes.StatusStoreUnavailable, status.Code);
        var replay = await Assert.ThrowsAsync<ConsentStoreException>(() => new SqliteTokenReplayStore(missing).TryAddAsync("x", T0).AsTask());
        Assert.Equal(ConsentErrorCodes.ReplayStoreUnavailable, replay.Code);
    }

    [Fact]
    public async Task Cancellation_is_let_through()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new InMemoryConsentStatusStore().GetAsync("cr", cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SqliteConsentStatusStore($"Data Source={Path.Combine(_directory, "c.db")}").GetAsync("cr", cancelled.Token).AsTask());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
