using Microsoft.Data.Sqlite;
using SelfData.Consent;

namespace SelfData.Sqlite;

/// <summary>
/// Represents a token replay store in a SQLite database (Microsoft.Data.Sqlite). The table <c>selfdata_token_replay</c>
/// is created on first use; expired entries are deleted as new ones arrive.
/// </summary>
public sealed class SqliteTokenReplayStore : ITokenReplayStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_token_replay (
            token_id TEXT NOT NULL PRIMARY KEY,
            expires_at_ms INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS selfdata_token_replay_expiry ON selfdata_token_replay (expires_at_ms);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private volatile bool _created;

    /// <summary>Initializes a new instance of the <see cref="SqliteTokenReplayStore"/> class.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string.</param>
    /// <param name="timeProvider">The clock used to forget expired entries, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    public SqliteTokenReplayStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="tokenId"/> is <see langword="null"/>.</exception>
    public async ValueTask<bool> TryAddAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_created)
            {
                using var create = connection.CreateCommand();
                create.CommandText = Schema;
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }

            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM selfdata_token_replay WHERE expires_at_ms < $now;
                INSERT OR IGNORE INTO selfdata_token_replay (token_id, expires_at_ms) VALUES ($id, $expires);
                """;
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", tokenId);
            command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            using var check = connection.CreateCommand();
            check.CommandText = "SELECT changes()";
            return Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException e)
        {
            throw new ConsentStoreException(ConsentErrorCodes.ReplayStoreUnavailable, "The SQLite token replay store could not be used.", e);
        }
    }
}
