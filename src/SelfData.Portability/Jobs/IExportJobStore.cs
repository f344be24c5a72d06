using SelfData.Core;

namespace SelfData.Portability.Jobs;

/// <summary>
/// Where export jobs live between the request that creates them, the worker that runs them and the requests that poll,
/// download and cancel them. Every transition is conditional on the state it starts from, so two workers, or a worker
/// and a cancel, never both win. <see cref="InMemoryExportJobStore"/> serves one process; the SQLite store
/// (SelfData.Sqlite) several processes sharing a file; the Orleans one a cluster.
/// </summary>
public interface IExportJobStore
{
    /// <summary>
    /// Stores a new queued job, in one step with two checks: when the same owner (client and subject) already created a
    /// job with the same <see cref="ExportJob.IdempotencyKey"/>, that job is returned instead; when the owner already
    /// has <paramref name="maxUnfinished"/> queued or running jobs, nothing is stored.
    /// </summary>
    /// <param name="job">The job, <see cref="ExportJobState.Queued"/>.</param>
    /// <param name="maxUnfinished">How many unfinished jobs one owner may have; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What happened, and the job stored or found.</returns>
    ValueTask<ExportJobCreation> CreateAsync(ExportJob job, int maxUnfinished = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Gets a job by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The job, or <see langword="null"/> when there is none.</returns>
    ValueTask<ExportJob?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists one owner's jobs, oldest first, after a given job id.</summary>
    /// <param name="clientId">The client.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="after">The id of the last job of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The page size, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>At most <paramref name="limit"/> jobs.</returns>
    ValueTask<IReadOnlyList<ExportJob>> ListAsync(string clientId, string subject, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Counts one owner's jobs that are queued or running.</summary>
    /// <param name="clientId">The client.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The number of unfinished jobs.</returns>
    ValueTask<int> CountUnfinishedAsync(string clientId, string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases the oldest job a worker can take — queued, or running with a lapsed lease (its worker died) — marks it
    /// running, counts the attempt and sets the lease.
    /// </summary>
    /// <param name="worker">The worker's id.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="lease">How long the lease lasts unless renewed.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The leased job, or <see langword="null"/> when none is waiting.</returns>
    ValueTask<ExportJob?> TryLeaseAsync(string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease and records progress.</summary>
    /// <param name="id">The job.</param>
    /// <param name="worker">The worker holding the lease.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="lease">How long the renewed lease lasts.</param>
    /// <param name="progress">A short progress text, or <see langword="null"/> to keep the last one.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="false"/> when the worker no longer holds a running job (cancelled, or leased by another): it must stop.</returns>
    ValueTask<bool> HeartbeatAsync(string id, string worker, DateTimeOffset now, TimeSpan lease, string? progress, CancellationToken cancellationToken = default);

    /// <summary>Completes a running job the worker holds.</summary>
    /// <param name="id">The job.</param>
    /// <param name="worker">The worker holding the lease.</param>
    /// <param name="result">What it produced.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="expiresAt">When its files stop being served.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="false"/> when the worker no longer holds it; its files must then be deleted.</returns>
    ValueTask<bool> CompleteAsync(string id, string worker, ExportJobResult result, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Fails an unfinished job.</summary>
    /// <param name="id">The job.</param>
    /// <param name="worker">The worker holding the lease, or <see langword="null"/> for a watchdog failing it whoever holds it.</param>
    /// <param name="failure">Why.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the job was failed.</returns>
    ValueTask<bool> FailAsync(string id, string? worker, SelfDataError failure, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Cancels a queued or running job, or purges a completed one: either way it becomes <see cref="ExportJobState.Cancelled"/>.</summary>
    /// <param name="id">The job.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The job as it was before, or <see langword="null"/> when it was already final (other than completed) or unknown.</returns>
    ValueTask<ExportJob?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks completed jobs past their expiry as expired.</summary>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The jobs that expired now, whose files are to be deleted.</returns>
    ValueTask<IReadOnlyList<ExportJob>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IExportJobStore.CreateAsync"/> did.</summary>
public enum ExportJobCreationStatus
{
    /// <summary>The job was stored.</summary>
    Created = 0,

    /// <summary>A job with the same owner and idempotency key exists: it is returned, nothing new was stored.</summary>
    Existing = 1,

    /// <summary>The owner has as many unfinished jobs as allowed: nothing was stored.</summary>
    LimitReached = 2,
}

/// <summary>The outcome of <see cref="IExportJobStore.CreateAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Job">The job stored or found; <see langword="null"/> when the limit was reached.</param>
public sealed record ExportJobCreation(ExportJobCreationStatus Status, ExportJob? Job);
