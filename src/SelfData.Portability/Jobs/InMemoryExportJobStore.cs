using SelfData.Core;

namespace SelfData.Portability.Jobs;

/// <summary>An <see cref="IExportJobStore"/> in this process's memory: for tests and single-process hosts whose jobs may be lost on restart.</summary>
public sealed class InMemoryExportJobStore : IExportJobStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ExportJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <inheritdoc />
    public ValueTask<ExportJobCreation> CreateAsync(ExportJob job, int maxUnfinished = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (job.IdempotencyKey is not null)
            {
                foreach (var id in _order)
                {
                    var existing = _jobs[id];
                    if (existing.IdempotencyKey == job.IdempotencyKey && existing.Owner.ClientId == job.Owner.ClientId && existing.Owner.Subject == job.Owner.Subject)
                    {
                        return new(new ExportJobCreation(ExportJobCreationStatus.Existing, existing));
                    }
                }
            }

            if (_jobs.Values.Count(j => !j.IsFinished && j.Owner.ClientId == job.Owner.ClientId && j.Owner.Subject == job.Owner.Subject) >= maxUnfinished)
            {
                return new(new ExportJobCreation(ExportJobCreationStatus.LimitReached, null));
            }

            if (!_jobs.TryAdd(job.Id, job with { State = ExportJobState.Queued }))
            {
                throw new ArgumentException("A job with this id exists.", nameof(job));
            }

            _order.Add(job.Id);
            return new(new ExportJobCreation(ExportJobCreationStatus.Created, _jobs[job.Id]));
        }
    }

    /// <inheritdoc />
    public ValueTask<ExportJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return new(_jobs.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExportJob>> ListAsync(string clientId, string subject, string? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var start = after is null ? 0 : _order.IndexOf(after) + 1;
            IReadOnlyList<ExportJob> page = _order.Skip(start).Select(id => _jobs[id])
                .Where(j => j.Owner.ClientId == clientId && j.Owner.Subject == subject)
                .Take(limit).ToList();
            return new(page);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CountUnfinishedAsync(string clientId, string subject, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_jobs.Values.Count(j => !j.IsFinished && j.Owner.ClientId == clientId && j.Owner.Subject == subject));
        }
    }

    /// <inheritdoc />
    public ValueTask<ExportJob?> TryLeaseAsync(string worker, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        lock (_gate)
        {
            foreach (var id in _order)
            {
                var job = _jobs[id];
                if (job.State == ExportJobState.Queued || (job.State == ExportJobState.Running && job.LeaseExpiresAt <= now))
                {
                    var leased = job with { State = ExportJobState.Running, LeaseOwner = worker, LeaseExpiresAt = now + lease, Attempts = job.Attempts + 1 };
                    _jobs[id] = leased;
                    return new(leased);
                }
            }

            return new((ExportJob?)null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> HeartbeatAsync(string id, string worker, DateTimeOffset now, TimeSpan lease, string? progress, CancellationToken cancellationToken = default) =>
        new(Update(id, j => j.State == ExportJobState.Running && j.LeaseOwner == worker, j => j with { LeaseExpiresAt = now + lease, Progress = progress ?? j.Progress }) is not null);

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(string id, string worker, ExportJobResult result, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(Update(id, j => j.State == ExportJobState.Running && j.LeaseOwner == worker, j => j with
        {
            State = ExportJobState.Completed, Result = result, FinishedAt = now, ExpiresAt = expiresAt, LeaseOwner = null, LeaseExpiresAt = null, Progress = null,
        }) is not null);
    }

    /// <inheritdoc />
    public ValueTask<bool> FailAsync(string id, string? worker, SelfDataError failure, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(Update(id, j => !j.IsFinished && (worker is null || j.LeaseOwner == worker), j => j with
        {
            State = ExportJobState.Failed, Error = failure, FinishedAt = now, LeaseOwner = null, LeaseExpiresAt = null, Progress = null,
        }) is not null);
    }

    /// <inheritdoc />
    public ValueTask<ExportJob?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        new(Update(id, j => !j.IsFinished || j.State == ExportJobState.Completed, j => j with
        {
            State = ExportJobState.Cancelled, FinishedAt = now, LeaseOwner = null, LeaseExpiresAt = null, Progress = null, Result = null,
        }));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExportJob>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var expired = new List<ExportJob>();
            foreach (var id in _order)
            {
                var job = _jobs[id];
                if (job.State == ExportJobState.Completed && job.ExpiresAt <= now)
                {
                    expired.Add(job);
                    _jobs[id] = job with { State = ExportJobState.Expired, Result = null };
                }
            }

            return new(expired);
        }
    }

    /// <summary>Applies a change when the condition holds; returns the job as it was before, or <see langword="null"/>.</summary>
    private ExportJob? Update(string id, Func<ExportJob, bool> condition, Func<ExportJob, ExportJob> change)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out var job) || !condition(job))
            {
                return null;
            }

            _jobs[id] = change(job);
            return job;
        }
    }
}
