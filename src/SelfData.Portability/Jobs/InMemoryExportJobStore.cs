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
                if (ExportJobTransitions.Lease(_jobs[id], worker, now, lease) is { } leased)
                {
                    _jobs[id] = leased;
                    return new(leased);
                }
            }

            return new((ExportJob?)null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> HeartbeatAsync(string id, string worker, DateTimeOffset now, TimeSpan lease, string? progress, CancellationToken cancellationToken = default) =>
        new(Update(id, j => ExportJobTransitions.Heartbeat(j, worker, now, lease, progress)) is not null);

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(string id, string worker, ExportJobResult result, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(Update(id, j => ExportJobTransitions.Complete(j, worker, result, now, expiresAt)) is not null);
    }

    /// <inheritdoc />
    public ValueTask<bool> FailAsync(string id, string? worker, SelfDataError failure, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(Update(id, j => ExportJobTransitions.Fail(j, worker, failure, now)) is not null);
    }

    /// <inheritdoc />
    public ValueTask<ExportJob?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        new(Update(id, j => ExportJobTransitions.Cancel(j, now)));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExportJob>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var expired = new List<ExportJob>();
            foreach (var id in _order)
            {
                if (ExportJobTransitions.Expire(_jobs[id], now) is { } done)
                {
                    expired.Add(_jobs[id]);
                    _jobs[id] = done;
                }
            }

            return new(expired);
        }
    }

    /// <summary>Applies a transition when the job's state allows it; returns the job as it was before, or <see langword="null"/>.</summary>
    private ExportJob? Update(string id, Func<ExportJob, ExportJob?> transition)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(id, out var job) || transition(job) is not { } changed)
            {
                return null;
            }

            _jobs[id] = changed;
            return job;
        }
    }
}
