using SelfData.Core;

namespace SelfData.Portability.Jobs;

/// <summary>
/// The rules of an export job's life, in one place for every <see cref="IExportJobStore"/>: each method returns the job
/// after the transition, or <see langword="null"/> when the job's current state does not allow it. A store reads the
/// job, applies one of these and writes the result atomically (under a lock, in a transaction, in a grain).
/// </summary>
public static class ExportJobTransitions
{
    /// <summary>Leases a queued job, or a running one whose lease lapsed; counts the attempt.</summary>
    /// <param name="job">The job.</param>
    /// <param name="worker">The worker taking it.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="lease">How long the lease lasts.</param>
    /// <returns>The leased job, or <see langword="null"/>.</returns>
    public static ExportJob? Lease(ExportJob job, string worker, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State == ExportJobState.Queued || (job.State == ExportJobState.Running && job.LeaseExpiresAt <= now)
            ? job with { State = ExportJobState.Running, LeaseOwner = worker, LeaseExpiresAt = now + lease, Attempts = job.Attempts + 1 }
            : null;
    }

    /// <summary>Renews the lease of the worker that holds a running job and records its progress.</summary>
    /// <param name="job">The job.</param>
    /// <param name="worker">The worker.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="lease">How long the renewed lease lasts.</param>
    /// <param name="progress">The progress text, or <see langword="null"/> to keep the last one.</param>
    /// <returns>The job, or <see langword="null"/> when the worker no longer holds it.</returns>
    public static ExportJob? Heartbeat(ExportJob job, string worker, DateTimeOffset now, TimeSpan lease, string? progress)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Holds(job, worker) ? job with { LeaseExpiresAt = now + lease, Progress = progress ?? job.Progress } : null;
    }

    /// <summary>Completes a running job the worker holds.</summary>
    /// <param name="job">The job.</param>
    /// <param name="worker">The worker.</param>
    /// <param name="result">What it produced.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="expiresAt">When its files stop being served.</param>
    /// <returns>The completed job, or <see langword="null"/>.</returns>
    public static ExportJob? Complete(ExportJob job, string worker, ExportJobResult result, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Holds(job, worker)
            ? job with { State = ExportJobState.Completed, Result = result, FinishedAt = now, ExpiresAt = expiresAt, LeaseOwner = null, LeaseExpiresAt = null, Progress = null }
            : null;
    }

    /// <summary>Fails an unfinished job: the worker's own, or any for a watchdog (<paramref name="worker"/> <see langword="null"/>).</summary>
    /// <param name="job">The job.</param>
    /// <param name="worker">The worker, or <see langword="null"/>.</param>
    /// <param name="failure">Why.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The failed job, or <see langword="null"/>.</returns>
    public static ExportJob? Fail(ExportJob job, string? worker, SelfDataError failure, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        return !job.IsFinished && (worker is null || job.LeaseOwner == worker)
            ? job with { State = ExportJobState.Failed, Error = failure, FinishedAt = now, LeaseOwner = null, LeaseExpiresAt = null, Progress = null }
            : null;
    }

    /// <summary>Cancels an unfinished job or purges a completed one.</summary>
    /// <param name="job">The job.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The cancelled job, or <see langword="null"/> when it was already final otherwise.</returns>
    public static ExportJob? Cancel(ExportJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        return !job.IsFinished || job.State == ExportJobState.Completed
            ? job with { State = ExportJobState.Cancelled, FinishedAt = now, LeaseOwner = null, LeaseExpiresAt = null, Progress = null, Result = null }
            : null;
    }

    /// <summary>Expires a completed job past its expiry.</summary>
    /// <param name="job">The job.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>The expired job, or <see langword="null"/>.</returns>
    public static ExportJob? Expire(ExportJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State == ExportJobState.Completed && job.ExpiresAt <= now ? job with { State = ExportJobState.Expired, Result = null } : null;
    }

    private static bool Holds(ExportJob job, string worker) => job.State == ExportJobState.Running && job.LeaseOwner == worker;
}
