using Npgsql;

namespace SelfData.Orleans.Exports;

/// <summary>
/// The export ledger in PostgreSQL (Npgsql): the table <c>selfdata_export_ledger</c>, one row per export, inserted with
/// <c>INSERT … ON CONFLICT DO NOTHING</c> so that whatever the races between silos, an export is recorded exactly once
/// and every caller sees the same hash.
/// </summary>
public sealed class PostgresExportLedger : IExportLedger
{
    /// <summary>The SQL that creates the ledger's table, idempotent; part of <see cref="Storage.PostgresSchema"/>, which applies it.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_export_ledger (
            export_id text PRIMARY KEY,
            sha256 char(64) NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgresExportLedger"/> class.</summary>
    /// <param name="dataSource">The database (an <see cref="NpgsqlDataSource"/> the application owns and disposes), with <see cref="Storage.PostgresSchema"/> applied.</param>
    public PostgresExportLedger(NpgsqlDataSource dataSource) => _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <inheritdoc />
    public async ValueTask<ExportLedgerEntry> RecordAsync(string exportId, string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(exportId);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var insert = _dataSource.CreateCommand("INSERT INTO selfdata_export_ledger (export_id, sha256) VALUES ($1, $2) ON CONFLICT (export_id) DO NOTHING RETURNING sha256");
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.AddWithValue(exportId);
            insert.Parameters.AddWithValue(sha256);
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string inserted)
            {
                return new ExportLedgerEntry(exportId, inserted, Inserted: true);
            }
        }

        return await GetAsync(exportId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The ledger refused export {exportId} yet holds no row for it.");
    }

    /// <inheritdoc />
    public async ValueTask<ExportLedgerEntry?> GetAsync(string exportId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(exportId);
        var select = _dataSource.CreateCommand("SELECT sha256 FROM selfdata_export_ledger WHERE export_id = $1");
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue(exportId);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string sha ? new ExportLedgerEntry(exportId, sha, Inserted: false) : null;
        }
    }

    /// <summary>Counts the rows (for checks and reports).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The number of exports recorded.</returns>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var count = _dataSource.CreateCommand("SELECT count(*) FROM selfdata_export_ledger");
        await using (count.ConfigureAwait(false))
        {
            return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
