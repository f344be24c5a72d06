using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Jobs;

namespace SelfData.AspNetCore;

/// <summary>
/// The hosted worker: leases queued jobs (or jobs whose worker died), runs the Portability runner with a heartbeat,
/// stops a job that was cancelled or whose consent was withdrawn, fails a job whose lease lapsed too often, and deletes
/// expired exports. On shutdown a running job keeps its state and is taken up again once its lease lapses.
/// </summary>
internal sealed partial class ExportWorker(
    IOptions<PortabilityEndpointOptions> options,
    IExportJobStore jobs,
    IExportArtifactStore artifacts,
    ExportJobRunner runner,
    IPortabilityAuditSink audit,
    TimeProvider time,
    ILogger<ExportWorker> logger,
    WorkerSignal signal,
    IConsentStatusStore? statusStore = null) : BackgroundService
{
    private readonly PortabilityEndpointOptions _options = options.Value;
    private readonly string _id = Environment.MachineName + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _options.RunWorker ? Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(i => Task.Run(() => LoopAsync(i, stoppingToken), CancellationToken.None))) : Task.CompletedTask;

    private async Task LoopAsync(int index, CancellationToken stoppingToken)
    {
        var worker = _id + "-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await jobs.TryLeaseAsync(worker, time.GetUtcNow(), _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
                if (job is null)
                {
                    if (index == 0)
                    {
                        await SweepAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Idle: look again after PollInterval, or at once when this process accepts a kick-off.
                    await signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RunAsync(job, worker, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SelfDataException or IOException)
            {
                LogStoreFailure(logger, e);
                await Task.Delay(_options.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(ExportJob job, string worker, CancellationToken stoppingToken)
    {
        if (job.Attempts > _options.MaxAttempts)
        {
            var stalled = new SelfDataError(PortabilityErrorCodes.JobStalled, $"The export was started {job.Attempts - 1} times without finishing; it is failed so that it does not stay pending.");
            if (await jobs.FailAsync(job.Id, null, stalled, time.GetUtcNow(), stoppingToken).ConfigureAwait(false))
            {
                await artifacts.DeleteAsync(job.Id, stoppingToken).ConfigureAwait(false);
                await FinishedAsync(job, PortabilityAuditEvent.Failed, stalled.Code, stoppingToken).ConfigureAwait(false);
            }

            return;
        }

        if (job.Attempts > 1)
        {
            // A previous attempt died (its lease lapsed): drop what it left, published files and temporaries alike.
            await artifacts.DeleteAsync(job.Id, stoppingToken).ConfigureAwait(false);
        }

        using var activity = PortabilityTelemetry.Source.StartActivity("selfdata.export.run");
        activity?.SetTag("selfdata.export.attempt", job.Attempts);
        var started = Stopwatch.GetTimestamp();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new LatestProgress();
        SelfDataError? stop = null;
        var heartbeat = Task.Run(async () =>
        {
            var interval = _options.LeaseDuration / 3;
            while (!run.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, time, run.Token).ConfigureAwait(false);
                    if (job.Owner.ConsentId is { } consentId && statusStore is not null
                        && await statusStore.GetAsync(consentId, run.Token).ConfigureAwait(false) is { Status: ConsentStatus.Withdrawn or ConsentStatus.Disabled } change)
                    {
                        stop = new SelfDataError(change.Status == ConsentStatus.Withdrawn ? ConsentErrorCodes.ConsentWithdrawn : ConsentErrorCodes.ConsentDisabled, "The consent was withdrawn while the export was being written; it was stopped and nothing is served.");
                        await run.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    if (!await jobs.HeartbeatAsync(job.Id, worker, time.GetUtcNow(), _options.LeaseDuration, progress.Value, run.Token).ConfigureAwait(false))
                    {
                        await run.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SelfDataException e)
                {
                    LogStoreFailure(logger, e);
                }
            }
        }, CancellationToken.None);

        try
        {
            var result = await runner.RunAsync(job, progress, run.Token).ConfigureAwait(false);
            await run.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (await jobs.CompleteAsync(job.Id, worker, result, now, now + _options.ExportLifetime, stoppingToken).ConfigureAwait(false))
            {
                PortabilityTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                await FinishedAsync(job, PortabilityAuditEvent.Completed, null, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                // Cancelled, or taken over by another worker after a lapse: this attempt's files are not served.
                await DeleteUnlessTakenOverAsync(job.Id, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the job stays leased; once the lease lapses, this or another process takes it up again.
            await heartbeat.ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            await heartbeat.ConfigureAwait(false);
            if (stop is not null && await jobs.FailAsync(job.Id, worker, stop, time.GetUtcNow(), stoppingToken).ConfigureAwait(false))
            {
                await FinishedAsync(job, PortabilityAuditEvent.Failed, stop.Code, stoppingToken).ConfigureAwait(false);
            }

            await DeleteUnlessTakenOverAsync(job.Id, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await run.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            var error = e switch
            {
                SelfDataException s => new SelfDataError(s.Code, s.Message),
                SelfDataArgumentException a => new SelfDataError(a.Code, a.Message),
                _ => new SelfDataError(AspNetCoreErrorCodes.ExportFailed, "The export failed unexpectedly (" + e.GetType().Name + "); the holder's logs have the details."),
            };
            LogRunFailure(logger, error.Code, e);
            activity?.SetStatus(ActivityStatusCode.Error, error.Code);
            if (await jobs.FailAsync(job.Id, worker, error, time.GetUtcNow(), stoppingToken).ConfigureAwait(false))
            {
                await FinishedAsync(job, PortabilityAuditEvent.Failed, error.Code, stoppingToken).ConfigureAwait(false);
            }

            await DeleteUnlessTakenOverAsync(job.Id, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes a job's files after this worker's attempt ended without completing it — unless another worker leased
    /// the job after this one's lease lapsed (or completed it): those files are the new attempt's, not this one's.
    /// </summary>
    private async Task DeleteUnlessTakenOverAsync(string jobId, CancellationToken cancellationToken)
    {
        var now = await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (now is null or { State: ExportJobState.Cancelled or ExportJobState.Failed or ExportJobState.Expired })
        {
            await artifacts.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var job in await jobs.ExpireAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            await artifacts.DeleteAsync(job.Id, cancellationToken).ConfigureAwait(false);
            await FinishedAsync(job, PortabilityAuditEvent.Expired, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishedAsync(ExportJob job, PortabilityAuditEvent kind, string? code, CancellationToken cancellationToken)
    {
        PortabilityTelemetry.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", kind.ToString().ToLowerInvariant()));
        await audit.WriteAsync(new PortabilityAuditRecord
        {
            Time = time.GetUtcNow(),
            Event = kind,
            JobId = job.Id,
            ClientId = job.Owner.ClientId,
            ConsentId = job.Owner.ConsentId,
            Doctypes = job.Request.Doctypes.Select(d => d.Name).ToList(),
            Code = code,
            TraceId = Activity.Current?.TraceId.ToString(),
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "An export job store or artifact store failed; retrying.")]
    private static partial void LogStoreFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "An export job failed with {Code}.")]
    private static partial void LogRunFailure(ILogger logger, string code, Exception exception);

    private sealed class LatestProgress : IProgress<string>
    {
        private volatile string? _value;

        public string? Value => _value;

        public void Report(string value) => _value = value;
    }
}

/// <summary>Wakes an idle worker of this process when a kick-off is accepted, so a job does not wait for the next poll of the store.</summary>
internal sealed class WorkerSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
