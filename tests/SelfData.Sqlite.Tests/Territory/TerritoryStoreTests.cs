using SelfData.Core;
using SelfData.Territory;
using SelfData.Territory.Privacy;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;

namespace SelfData.Sqlite.Tests;

public sealed class TerritoryStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("selfdata-territory-").FullName;

    public static TheoryData<string> Kinds() => ["memory", "sqlite"];

    private IReleaseLedger Ledger(string kind) =>
        kind == "memory" ? new InMemoryReleaseLedger() : new SqliteReleaseLedger($"Data Source={Path.Combine(_directory, "ledger.db")};Pooling=False");

    private IPrivacyBudget Budget(string kind) =>
        kind == "memory" ? new InMemoryPrivacyBudget() : new SqlitePrivacyBudget($"Data Source={Path.Combine(_directory, "budget.db")};Pooling=False");

    private static LedgerCell Cell(string area, string period, CellStatus status, long? count = null, Int128? value = null) =>
        new(area, period, [period], status, "f-" + area + period, count, value);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_ledger_keeps_every_released_cell_with_its_value_and_refuses_a_stale_or_duplicate_append(string kind)
    {
        var ledger = Ledger(kind);
        Assert.Equal(0, (await ledger.ReadAsync("lyon-energy")).Version);
        var big = Int128.Parse("170141183460469231731687303715884105727", System.Globalization.CultureInfo.InvariantCulture);
        await ledger.AppendAsync("lyon-energy", 0, [Cell("691230101", "2026-01", CellStatus.Published, 12, big), Cell("691230102", "2026-01", CellStatus.Frequency)]);
        await ledger.AppendAsync("lyon-energy", 1, [Cell("691230101", "2026-02", CellStatus.Secondary)]);
        await ledger.AppendAsync("other", 0, [Cell("691230101", "2026-01", CellStatus.Empty)]);

        var read = await ledger.ReadAsync("lyon-energy");
        Assert.Equal(2, read.Version);
        Assert.Equal(["691230101|2026-01", "691230102|2026-01", "691230101|2026-02"], read.Cells.Select(c => c.FormKey));
        Assert.Equal(big, read.Cells[0].Value);
        Assert.Equal(12, read.Cells[0].Contributors);
        Assert.Equal("f-6912301012026-01", read.Cells[0].Fingerprint);
        Assert.Equal(CellStatus.Frequency, read.Cells[1].Status);
        Assert.Null(read.Cells[1].Value);

        var stale = await Assert.ThrowsAsync<SelfDataException>(() => ledger.AppendAsync("lyon-energy", 1, [Cell("691230101", "2026-03", CellStatus.Published, 11, 5)]).AsTask());
        Assert.Equal(TerritoryErrorCodes.LedgerConflict, stale.Code);
        var duplicate = await Assert.ThrowsAsync<SelfDataException>(() => ledger.AppendAsync("lyon-energy", 2, [Cell("691230101", "2026-01", CellStatus.Published, 13, 5)]).AsTask());
        Assert.Equal(TerritoryErrorCodes.LedgerConflict, duplicate.Code);
        Assert.Equal(2, (await ledger.ReadAsync("lyon-energy")).Version);
        Assert.Equal(3, (await ledger.ReadAsync("lyon-energy")).Cells.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_budget_adds_exactly_and_refuses_a_spend_past_its_total(string kind)
    {
        var budget = Budget(kind);
        Assert.Equal(0.7m, await budget.SpendAsync("s", 0.3m, 1m));
        Assert.Equal(0.6m, await budget.SpendAsync("s", 0.1m, 1m));
        var refused = await Assert.ThrowsAsync<SelfDataException>(() => budget.SpendAsync("s", 0.61m, 1m).AsTask());
        Assert.Equal(TerritoryErrorCodes.BudgetExhausted, refused.Code);
        Assert.Equal(0.4m, await budget.SpentAsync("s"));
        Assert.Equal(0m, await budget.SpendAsync("s", 0.6m, 1m));
        Assert.Equal(1m, await budget.SpentAsync("s"));
        Assert.Equal(TerritoryErrorCodes.InvalidNoise, (await Assert.ThrowsAsync<SelfDataException>(() => budget.SpendAsync("t", 0.1m, 0m).AsTask())).Code);
    }

    [Fact]
    public async Task Two_processes_sharing_a_budget_file_cannot_overspend()
    {
        var path = $"Data Source={Path.Combine(_directory, "shared.db")};Pooling=False";
        var stores = Enumerable.Range(0, 4).Select(_ => new SqlitePrivacyBudget(path)).ToArray();
        var attempts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                await stores[i % 4].SpendAsync("s", 0.1m, 1m);
                return 1;
            }
            catch (SelfDataException e) when (e.Code == TerritoryErrorCodes.BudgetExhausted)
            {
                return 0;
            }
        }));
        var spent = (await Task.WhenAll(attempts)).Sum();
        Assert.Equal(10, spent);
        Assert.Equal(1m, await stores[0].SpentAsync("s"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_store_error_with_its_code()
    {
        var file = Path.Combine(_directory, "garbage.db");
        await File.WriteAllTextAsync(file, new string('x', 4096));
        var ledger = new SqliteReleaseLedger($"Data Source={file};Pooling=False");
        var error = await Assert.ThrowsAsync<SelfDataException>(() => ledger.ReadAsync("s").AsTask());
        Assert.Equal(TerritoryErrorCodes.StoreUnavailable, error.Code);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on Windows; the temp folder is cleaned by the system.
        }
    }
}
