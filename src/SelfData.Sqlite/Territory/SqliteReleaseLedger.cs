using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SelfData.Core;
using SelfData.Territory;
using SelfData.Territory.Privacy;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;

namespace SelfData.Sqlite;

/// <summary>
/// A study's release ledger in a SQLite database: the tables <c>selfdata_release</c> (one row per release, its
/// version) and <c>selfdata_release_cell</c> (every released cell, unique per study and quantity), created on first use.
/// An append is one transaction that checks the version it was computed on.
/// </summary>
public sealed class SqliteReleaseLedger : IReleaseLedger
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_release (
            study TEXT NOT NULL,
            version INTEGER NOT NULL,
            released_at_ms INTEGER NOT NULL,
            PRIMARY KEY (study, version)
        );
        CREATE TABLE IF NOT EXISTS selfdata_release_cell (
            study TEXT NOT NULL,
            form_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            area TEXT NOT NULL,
            period TEXT NOT NULL,
            months TEXT NOT NULL,
            status INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            contributors INTEGER NULL,
            value TEXT NULL,
            PRIMARY KEY (study, form_key)
        );
        """;

    private static readonly string[] ParameterNames = ["$study", "$key", "$version", "$area", "$period", "$months", "$status", "$fingerprint", "$contributors", "$value"];

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="SqliteReleaseLedger"/> class.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=ledger.db</c>.</param>
    /// <param name="time">The clock for release times; the system clock by default.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    public SqliteReleaseLedger(string connectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<LedgerSnapshot> ReadAsync(string study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        return await SqliteStores.GuardAsync(() => ReadCoreAsync(study, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<LedgerSnapshot> ReadCoreAsync(string study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        using var connection = await SqliteStores.OpenAsync(_connectionString, Schema, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        var version = await VersionAsync(connection, transaction, study, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT area, period, months, status, fingerprint, contributors, value FROM selfdata_release_cell WHERE study = $study ORDER BY version, rowid";
        command.Parameters.AddWithValue("$study", study);
        var cells = new List<LedgerCell>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cells.Add(new LedgerCell(
                    reader.GetString(0),
                    reader.GetString(1),
                    [.. reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries)],
                    (CellStatus)reader.GetInt32(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : Int128.Parse(reader.GetString(6), CultureInfo.InvariantCulture)));
            }
        }

        transaction.Commit();
        return new LedgerSnapshot(cells, version);
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(string study, long expectedVersion, IReadOnlyList<LedgerCell> cells, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        await SqliteStores.GuardAsync(async () =>
        {
            await AppendCoreAsync(study, expectedVersion, cells, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    private async Task AppendCoreAsync(string study, long expectedVersion, IReadOnlyList<LedgerCell> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(cells);
        using var connection = await SqliteStores.OpenAsync(_connectionString, Schema, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = await VersionAsync(connection, transaction, study, cancellationToken).ConfigureAwait(false);
        if (version != expectedVersion)
        {
            throw new SelfDataException(TerritoryErrorCodes.LedgerConflict, $"Another release of '{UntrustedText.Escape(study)}' landed first (version {version}, expected {expectedVersion}): compute the release again.");
        }

        using (var release = connection.CreateCommand())
        {
            release.Transaction = transaction;
            release.CommandText = "INSERT INTO selfdata_release (study, version, released_at_ms) VALUES ($study, $version, $at)";
            release.Parameters.AddWithValue("$study", study);
            release.Parameters.AddWithValue("$version", version + 1);
            release.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO selfdata_release_cell (study, form_key, version, area, period, months, status, fingerprint, contributors, value)
            VALUES ($study, $key, $version, $area, $period, $months, $status, $fingerprint, $contributors, $value)
            """;
        var parameters = ParameterNames.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
        foreach (var cell in cells)
        {
            object?[] values = [study, cell.FormKey, version + 1, cell.Area, cell.Period, string.Join(",", cell.Months), (int)cell.Status, cell.Fingerprint, cell.Contributors, cell.Value?.ToString(CultureInfo.InvariantCulture)];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new SelfDataException(TerritoryErrorCodes.LedgerConflict, $"The cell ({UntrustedText.Escape(cell.Area)}, {UntrustedText.Escape(cell.Period)}) is already in the ledger.");
            }
        }

        transaction.Commit();
    }

    private static async Task<long> VersionAsync(SqliteConnection connection, SqliteTransaction transaction, string study, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM selfdata_release WHERE study = $study";
        command.Parameters.AddWithValue("$study", study);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}

/// <summary>
/// A study's privacy budget in a SQLite database: the table <c>selfdata_privacy_budget</c> (total and spent, as exact
/// decimal text), created on first use; a spend is one immediate transaction, so two processes cannot overspend.
/// </summary>
public sealed class SqlitePrivacyBudget : IPrivacyBudget
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_privacy_budget (
            study TEXT NOT NULL PRIMARY KEY,
            total TEXT NOT NULL,
            spent TEXT NOT NULL
        );
        """;

    private readonly string _connectionString;

    /// <summary>Initializes a new instance of the <see cref="SqlitePrivacyBudget"/> class.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=budget.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    public SqlitePrivacyBudget(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public async ValueTask<decimal> SpendAsync(string study, decimal epsilon, decimal total, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        return await SqliteStores.GuardAsync(() => SpendCoreAsync(study, epsilon, total, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<decimal> SpendCoreAsync(string study, decimal epsilon, decimal total, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        using var connection = await SqliteStores.OpenAsync(_connectionString, Schema, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var (recordedTotal, spent) = await ReadAsync(connection, transaction, study, cancellationToken).ConfigureAwait(false) ?? (total, 0m);
        var remaining = PrivacyBudgets.Check(study, epsilon, total, recordedTotal, spent);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO selfdata_privacy_budget (study, total, spent) VALUES ($study, $total, $spent)
            ON CONFLICT (study) DO UPDATE SET spent = excluded.spent
            """;
        command.Parameters.AddWithValue("$study", study);
        command.Parameters.AddWithValue("$total", recordedTotal.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$spent", (spent + epsilon).ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return remaining;
    }

    /// <inheritdoc />
    public async ValueTask<decimal> SpentAsync(string study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        return await SqliteStores.GuardAsync(() => SpentCoreAsync(study, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<decimal> SpentCoreAsync(string study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        using var connection = await SqliteStores.OpenAsync(_connectionString, Schema, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: true);
        return (await ReadAsync(connection, transaction, study, cancellationToken).ConfigureAwait(false))?.Spent ?? 0m;
    }

    private static async Task<(decimal Total, decimal Spent)?> ReadAsync(SqliteConnection connection, SqliteTransaction transaction, string study, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT total, spent FROM selfdata_privacy_budget WHERE study = $study";
        command.Parameters.AddWithValue("$study", study);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (decimal.Parse(reader.GetString(0), CultureInfo.InvariantCulture), decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture))
            : null;
    }
}

/// <summary>Opens a connection and creates a store's tables if missing (cheap: these stores are written once per release).</summary>
internal static class SqliteStores
{
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var create = connection.CreateCommand();
            create.CommandText = schema;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Unavailable(e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a store operation, turning a SQLite failure other than a constraint into <see cref="TerritoryErrorCodes.StoreUnavailable"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw Unavailable(e);
        }
    }

    public static SelfDataException Unavailable(SqliteException e) =>
        new(TerritoryErrorCodes.StoreUnavailable, "The SQLite ledger or budget store could not be used: " + e.Message, e);
}
