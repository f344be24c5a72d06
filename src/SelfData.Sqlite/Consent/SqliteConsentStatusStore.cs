using Microsoft.Data.Sqlite;
using SelfData.Consent;

namespace SelfData.Sqlite;

/// <summary>
/// Represents a consent status store in a SQLite database (Microsoft.Data.Sqlite). The table
/// <c>selfdata_consent_status</c> is created on first use.
/// </summary>
public sealed class SqliteConsentStatusStore : IConsentStatusStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_consent_status (
            consent_id TEXT NOT NULL PRIMARY KEY,
            status INTEGER NOT NULL,
            changed_at_ms INTEGER NOT NULL,
            record_id TEXT NULL
        );
        """;

    private readonly string _connectionString;
    private volatile bool _created;

    /// <summary>Initializes a new instance of the <see cref="SqliteConsentStatusStore"/> class.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=consent.db</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    public SqliteConsentStatusStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="consentId"/> is <see langword="null"/>.</exception>
    public async ValueTask<ConsentStatusChange?> GetAsync(string consentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consentId);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT status, changed_at_ms, record_id FROM selfdata_consent_status WHERE consent_id = $id";
            command.Parameters.AddWithValue("$id", consentId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new ConsentStatusChange(
                consentId,
                (ConsentStatus)reader.GetInt32(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        catch (SqliteException e)
        {
            throw new ConsentStoreException(ConsentErrorCodes.StatusStoreUnavailable, "The SQLite consent status store could not be read.", e);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is <see langword="null"/>.</exception>
    public async ValueTask RecordAsync(ConsentStatusChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();

            // A withdrawal is final; otherwise the later change wins (ConsentStatusChange.Merge).
            command.CommandText = """
                INSERT INTO selfdata_consent_status (consent_id, status, changed_at_ms, record_id) VALUES ($id, $status, $at, $record)
                ON CONFLICT (consent_id) DO UPDATE SET status = excluded.status, changed_at_ms = excluded.changed_at_ms, record_id = excluded.record_id
                WHERE selfdata_consent_status.status <> 2 AND (excluded.status = 2 OR excluded.changed_at_ms >= selfdata_consent_status.changed_at_ms)
                """;
            command.Parameters.AddWithValue("$id", change.ConsentId);
            command.Parameters.AddWithValue("$status", (int)change.Status);
            command.Parameters.AddWithValue("$at", change.ChangedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$record", (object?)change.RecordId ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new ConsentStoreException(ConsentErrorCodes.StatusStoreUnavailable, "The SQLite consent status store could not be written.", e);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_created)
            {
                using var create = connection.CreateCommand();
                create.CommandText = Schema;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
