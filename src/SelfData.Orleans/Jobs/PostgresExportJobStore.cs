using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SelfData.Core;
using SelfData.Orleans.Storage;
using SelfData.Portability.Jobs;

namespace SelfData.Orleans.Jobs;

/// <summary>
/// The HTTP endpoints' <see cref="IExportJobStore"/> on the cluster's PostgreSQL (table <c>selfdata_export_job</c>,
/// part of <see cref="PostgresSchema"/>): every node of a holder's service shares the jobs, so a job created through
/// one node is served, leased, cancelled and downloaded through any other — the endpoints scale out by registering
/// this store instead of the single-machine one. Transitions lock the job's row (<c>FOR UPDATE</c>) and check the state
/// they start from; leasing skips rows another worker holds (<c>FOR UPDATE SKIP LOCKED</c>), so two workers never
/// lease the same job and a worker that died loses its job once its lease lapses.
/// </summary>
public sealed class PostgresExportJobStore : IExportJobStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Initializes a new instance of the <see cref="PostgresExportJobStore"/> class.</summary>
    /// <param name="dataSource">The cluster's database; apply <see cref="PostgresSchema"/> first (a silo does as it starts).</param>
    public PostgresExportJobStore(NpgsqlDataSource dataSource) => _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <inheritdoc />
    public async ValueTask<ExportJobCreation> CreateAsync(ExportJob job, int maxUnfinished = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await RunAsync(async connection =>
        {
            // One creation at a time per owner: the idempotency check and the unfinished count see every earlier creation.
            await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))", cancellationToken, job.Owner.ClientId, job.Owner.Subject).ConfigureAwait(false);
            if (job.IdempotencyKey is not null
                && await ReadOneAsync(connection, "SELECT job FROM selfdata_export_job WHERE client_id = $1 AND subject = $2 AND idempotency_key = $3", cancellationToken, job.Owner.ClientId, job.Owner.Subject, job.IdempotencyKey).ConfigureAwait(false) is { } existing)
            {
                return new ExportJobCreation(ExportJobCreationStatus.Existing, existing);
            }

            if (await CountUnfinishedAsync(connection, job.Owner.ClientId, job.Owner.Subject, cancellationToken).ConfigureAwait(false) >= maxUnfinished)
            {
                return new ExportJobCreation(ExportJobCreationStatus.LimitReached, null);
            }

            var queued = job with { State = ExportJobState.Queued };
            await ExecuteAsync(
                connection,
                "INSERT INTO selfdata_export_job (id, client_id, subject, idempotency_key, state, lease_until, expires_at, job) VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6)",
                cancellationToken,
                queued.Id, queued.Owner.ClientId, queued.Owner.Subject, Text(queued.IdempotencyKey), (int)queued.State, Json(queued)).ConfigureAwait(false);
            return new ExportJobCreation(ExportJobCreationStatus.Created, queued);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ExportJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await RunAsync(connection => ReadOneAsync(connection, "SELECT job FROM selfdata_export_job WHERE id = $1", cancellationToken, id), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ExportJob>> ListAsync(string clientId, string subject, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await RunAsync<IReadOnlyList<ExportJob>>(
            connection => ReadAllAsync(
                connection,
                """
                SELECT job FROM selfdata_export_job
                WHERE client_id = $1 AND subject = $2 AND seq > COALESCE((SELECT seq FROM selfdata_export_job WHERE id = $3), 0)
                ORDER BY seq LIMIT $4
                """,
                cancellationToken,
                clientId, subject, Text(after), limit),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountUnfinishedAsync(string clientId, string subject, CancellationToken cancellationToken = default) =>
        await RunAsync(connection => CountUnfinishedAsync(connection, clientId, subject, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ExportJob?> TryLeaseAsync(string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return await RunAsync(async connection =>
        {
            var job = await ReadOneAsync(
                connection,
                "SELECT job FROM selfdata_export_job WHERE state = 0 OR (state = 1 AND lease_until <= $1) ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED",
                cancellationToken,
                now.ToUniversalTime()).ConfigureAwait(false);
            if (job is null)
            {
                return null;
            }

            var leased = ExportJobTransitions.Lease(job, worker, now, lease)!;
            await WriteAsync(connection, leased, cancellationToken).ConfigureAwait(false);
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
        await RunAsync<IReadOnlyList<ExportJob>>(async connection =>
        {
            var expired = await ReadAllAsync(connection, "SELECT job FROM selfdata_export_job WHERE state = 2 AND expires_at <= $1 ORDER BY seq FOR UPDATE SKIP LOCKED", cancellationToken, now.ToUniversalTime()).ConfigureAwait(false);
            foreach (var job in expired)
            {
                await WriteAsync(connection, ExportJobTransitions.Expire(job, now)!, cancellationToken).ConfigureAwait(false);
            }

            return expired;
        }, cancellationToken).ConfigureAwait(false);

    private ValueTask<ExportJob?> UpdateAsync(string id, Func<ExportJob, ExportJob?> transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async connection =>
        {
            var job = await ReadOneAsync(connection, "SELECT job FROM selfdata_export_job WHERE id = $1 FOR UPDATE", cancellationToken, id).ConfigureAwait(false);
            if (job is null || transition(job) is not { } changed)
            {
                return null;
            }

            await WriteAsync(connection, changed, cancellationToken).ConfigureAwait(false);
            return job;
        }, cancellationToken);
    }

    private async ValueTask<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await body(connection).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw new SelfDataException(CoreErrorCodes.StoreUnavailable, "The PostgreSQL export job store could not be used.", e);
        }
    }

    private static async Task<int> CountUnfinishedAsync(NpgsqlConnection connection, string clientId, string subject, CancellationToken cancellationToken)
    {
        var command = Command(connection, "SELECT count(*) FROM selfdata_export_job WHERE client_id = $1 AND subject = $2 AND state IN (0, 1)", clientId, subject);
        await using (command.ConfigureAwait(false))
        {
            return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }
    }

    private static Task WriteAsync(NpgsqlConnection connection, ExportJob job, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            "UPDATE selfdata_export_job SET state = $2, lease_until = $3, expires_at = $4, job = $5 WHERE id = $1",
            cancellationToken,
            job.Id, (int)job.State, Time(job.LeaseExpiresAt), Time(job.ExpiresAt), Json(job));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = Command(connection, sql, values);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ExportJob?> ReadOneAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var jobs = await ReadAllAsync(connection, sql, cancellationToken, values).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    private static async Task<IReadOnlyList<ExportJob>> ReadAllAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = Command(connection, sql, values);
        await using (command.ConfigureAwait(false))
        {
            var jobs = new List<ExportJob>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    jobs.Add(ExportJobJson.Deserialize(Encoding.UTF8.GetBytes(reader.GetString(0))));
                }
            }

            return jobs;
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz };

    private static string Json(ExportJob job) => Encoding.UTF8.GetString(ExportJobJson.Serialize(job));
}

/// <summary>Registers <see cref="PostgresExportJobStore"/> for the HTTP endpoints.</summary>
public static class PostgresExportJobStoreExtensions
{
    /// <summary>
    /// Makes every node of a holder's HTTP service share its export jobs in PostgreSQL: register this before
    /// <c>AddSelfData(…)</c>, and the endpoints and their worker use it in place of a single-machine store.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="dataSource">The cluster's database, with <see cref="PostgresSchema"/> applied.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSelfDataPostgresExportJobStore(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataSource);
        return services.AddSingleton<IExportJobStore>(new PostgresExportJobStore(dataSource));
    }
}
