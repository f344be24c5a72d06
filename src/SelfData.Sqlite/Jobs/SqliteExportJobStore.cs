using Microsoft.Data.Sqlite;
using SelfData.Core;
using SelfData.Portability.Jobs;

namespace SelfData.Sqlite;

/// <summary>
/// An <see cref="IExportJobStore"/> in one SQLite file, shared by every process that opens it: each transition runs in
/// an immediate (write-locking) transaction that checks the state it starts from, so two workers never lease the same
/// job and a cancel never races a completion. Jobs survive restarts: a job whose worker died is leased again once its
/// lease lapses.
/// </summary>
public sealed class SqliteExportJobStore : IExportJobStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_export_jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            idempotency_key TEXT NULL,
            state INTEGER NOT NULL,
            lease_until_ms INTEGER NULL,
            expires_at_ms INTEGER NULL,
            job TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS selfdata_export_jobs_idempotency ON selfdata_export_jobs (client_id, subject, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS selfdata_export_jobs_owner ON selfdata_export_jobs (client_id, subject, seq);
        CREATE INDEX IF NOT EXISTS selfdata_export_jobs_state ON selfdata_export_jobs (state, seq);
        """;

    private readonly string _connectionString;
    private volatile bool _created;

    /// <summary>Initializes a new instance of the <see cref="SqliteExportJobStore"/> class.</summary>
    /// <param name="connectionString">The SQLite connection string (<c>Data Source=jobs.sqlite</c>); the table is created on first use.</param>
    public SqliteExportJobStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public async ValueTask<ExportJobCreation> CreateAsync(ExportJob job, int maxUnfinished = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await RunAsync(async (connection, transaction) =>
        {
            if (job.IdempotencyKey is not null)
            {
                var existing = await ReadOneAsync(connection, transaction, "SELECT job FROM selfdata_export_jobs WHERE client_id = $client AND subject = $subject AND idempotency_key = $key",
                    cancellationToken, ("$client", job.Owner.ClientId), ("$subject", job.Owner.Subject), ("$key", job.IdempotencyKey)).ConfigureAwait(false);
                if (existing is not null)
                {
                    return new ExportJobCreation(ExportJobCreationStatus.Existing, existing);
                }
            }

            if (await CountUnfinishedAsync(connection, transaction, job.Owner.ClientId, job.Owner.Subject, cancellationToken).ConfigureAwait(false) >= maxUnfinished)
            {
                return new ExportJobCreation(ExportJobCreationStatus.LimitReached, null);
            }

            var queued = job with { State = ExportJobState.Queued };
            using var insert = Command(connection, transaction, """
                INSERT INTO selfdata_export_jobs (id, client_id, subject, idempotency_key, state, lease_until_ms, expires_at_ms, job)
                VALUES ($id, $client, $subject, $key, $state, NULL, NULL, $job)
                """, ("$id", queued.Id), ("$client", queued.Owner.ClientId), ("$subject", queued.Owner.Subject), ("$key", (object?)queued.IdempotencyKey ?? DBNull.Value), ("$state", (int)queued.State), ("$job", Json(queued)));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new ExportJobCreation(ExportJobCreationStatus.Created, queued);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ExportJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await RunAsync((connection, transaction) => ReadOneAsync(connection, transaction, "SELECT job FROM selfdata_export_jobs WHERE id = $id", cancellationToken, ("$id", id)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ExportJob>> ListAsync(string clientId, string subject, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await RunAsync(async (connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                SELECT job FROM selfdata_export_jobs
                WHERE client_id = $client AND subject = $subject AND seq > COALESCE((SELECT seq FROM selfdata_export_jobs WHERE id = $after), 0)
                ORDER BY seq LIMIT $limit
                """, ("$client", clientId), ("$subject", subject), ("$after", (object?)after ?? DBNull.Value), ("$limit", limit));
            return (IReadOnlyList<ExportJob>)await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountUnfinishedAsync(string clientId, string subject, CancellationToken cancellationToken = default) =>
        await RunAsync((connection, transaction) => CountUnfinishedAsync(connection, transaction, clientId, subject, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ExportJob?> TryLeaseAsync(string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return await RunAsync(async (connection, transaction) =>
        {
            var job = await ReadOneAsync(connection, transaction, "SELECT job FROM selfdata_export_jobs WHERE state = 0 OR (state = 1 AND lease_until_ms <= $now) ORDER BY seq LIMIT 1",
                cancellationToken, ("$now", now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            if (job is null)
            {
                return null;
            }

            var leased = ExportJobTransitions.Lease(job, worker, now, lease)!;
            await WriteAsync(connection, transaction, leased, cancellationToken).ConfigureAwait(false);
            return leased;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> HeartbeatAsync(string id, string worker, DateTimeOffset now, TimeSpan lease, string? progress, CancellationToken cancellationToken = default) =>
        await UpdateAsync(id, j => ExportJobTransitions.Heartbeat(j, worker, now, lease, progress), cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc />
    public async ValueTask<bool> CompleteAsync(string id, string worker, ExportJobResult result, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return await UpdateAsync(id, j => ExportJobTransitions.Complete(j, worker, result, now, expiresAt), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> FailAsync(string id, string? worker, SelfDataError failure, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return await UpdateAsync(id, j => ExportJobTransitions.Fail(j, worker, failure, now), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public ValueTask<ExportJob?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, j => ExportJobTransitions.Cancel(j, now), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ExportJob>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await RunAsync(async (connection, transaction) =>
        {
            using var select = Command(connection, transaction, "SELECT job FROM selfdata_export_jobs WHERE state = 2 AND expires_at_ms <= $now ORDER BY seq", ("$now", now.ToUnixTimeMilliseconds()));
            var expired = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
            foreach (var job in expired)
            {
                await WriteAsync(connection, transaction, ExportJobTransitions.Expire(job, now)!, cancellationToken).ConfigureAwait(false);
            }

            return (IReadOnlyList<ExportJob>)expired;
        }, cancellationToken).ConfigureAwait(false);

    private ValueTask<ExportJob?> UpdateAsync(string id, Func<ExportJob, ExportJob?> transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async (connection, transaction) =>
        {
            var job = await ReadOneAsync(connection, transaction, "SELECT job FROM selfdata_export_jobs WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
            if (job is null || transition(job) is not { } changed)
            {
                return null;
            }

            await WriteAsync(connection, transaction, changed, cancellationToken).ConfigureAwait(false);
            return job;
        }, cancellationToken);
    }

    private async ValueTask<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            var connection = new SqliteConnection(_connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (!_created)
                {
                    using var create = connection.CreateCommand();
                    create.CommandText = "PRAGMA journal_mode = WAL;" + Schema;
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _created = true;
                }

                // Immediate: the write lock is taken at BEGIN, so the state read is the state changed.
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await body(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (SqliteException e)
        {
            throw new SelfDataException(CoreErrorCodes.StoreUnavailable, "The SQLite export job store could not be used.", e);
        }
    }

    private static async Task<int> CountUnfinishedAsync(SqliteConnection connection, SqliteTransaction transaction, string clientId, string subject, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, "SELECT COUNT(*) FROM selfdata_export_jobs WHERE client_id = $client AND subject = $subject AND state IN (0, 1)", ("$client", clientId), ("$subject", subject));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, ExportJob job, CancellationToken cancellationToken)
    {
        using var update = Command(connection, transaction, """
            UPDATE selfdata_export_jobs SET state = $state, lease_until_ms = $lease, expires_at_ms = $expires, job = $job WHERE id = $id
            """, ("$id", job.Id), ("$state", (int)job.State), ("$lease", (object?)job.LeaseExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value),
            ("$expires", (object?)job.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value), ("$job", Json(job)));
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ExportJob?> ReadOneAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var jobs = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    private static async Task<List<ExportJob>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<ExportJob>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(ExportJobJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(reader.GetString(0))));
            }
        }

        return jobs;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static string Json(ExportJob job) => System.Text.Encoding.UTF8.GetString(ExportJobJson.Serialize(job));
}
