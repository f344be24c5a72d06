using SelfData.Core;
using SelfData.Portability.Jobs;
using Xunit;

namespace SelfData.Portability.Tests.Jobs;

/// <summary>What every <see cref="IExportJobStore"/> must do; each store's test class derives from it.</summary>
public abstract class ExportJobStoreContract
{
    protected static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Creates an empty store; called once per test, and again for a second handle on the same store.</summary>
    protected abstract IExportJobStore CreateStore();

    /// <summary>Opens another handle on the store the last <see cref="CreateStore"/> made (another process, for a shared store).</summary>
    protected abstract IExportJobStore OpenSameStore();

    protected static ExportJob NewJob(string subject = "subject-1", string client = "client-1", string? key = null, int minute = 0) => new()
    {
        Id = ExportJob.NewId(),
        Owner = new ExportJobOwner(client, subject, "consent-1", null),
        Request = new ExportJobRequest { Doctypes = [new Doctype("io.cozy.bills"), new Doctype("org.fing.mesinfos.consumptionstatement")], Since = Now.AddYears(-1), Until = Now },
        IdempotencyKey = key,
        CreatedAt = Now.AddMinutes(minute),
    };

    protected static ExportJobResult Result() => new()
    {
        TransactionTime = Now,
        Archive = new ExportArtifact("archive.zip", 1234, new string('a', 64), "application/zip"),
        Signature = new ExportArtifact("manifest.jws", 321, new string('b', 64), "application/jose"),
        Outputs = [new ExportJobOutput(new Doctype("io.cozy.bills"), 3, new ExportArtifact("io.cozy.bills.ndjson", 900, new string('c', 64), "application/x-ndjson"))],
        Errors = [new SelfDataError("SD2020", "none for x", "org.fing.mesinfos.consumptionstatement")],
    };

    [Fact]
    public async Task A_created_job_is_queued_and_the_same_idempotency_key_gives_the_same_job()
    {
        var store = CreateStore();
        var first = (await store.CreateAsync(NewJob(key: "k1"))).Job!;
        Assert.Equal(ExportJobState.Queued, first.State);
        Assert.Equal(first, await store.GetAsync(first.Id));
        Assert.Equal(first.Id, (await store.CreateAsync(NewJob(key: "k1"))).Job!.Id);
        Assert.NotEqual(first.Id, (await store.CreateAsync(NewJob(subject: "subject-2", key: "k1"))).Job!.Id);
        Assert.NotEqual(first.Id, (await store.CreateAsync(NewJob(client: "client-2", key: "k1"))).Job!.Id);
        Assert.NotEqual(first.Id, (await store.CreateAsync(NewJob())).Job!.Id);
        Assert.Null(await store.GetAsync(ExportJob.NewId()));
    }

    [Fact]
    public async Task An_owner_at_the_limit_gets_no_new_job_but_still_its_idempotent_one()
    {
        var store = CreateStore();
        var first = await store.CreateAsync(NewJob(key: "k"), maxUnfinished: 1);
        Assert.Equal(ExportJobCreationStatus.Created, first.Status);
        var again = await store.CreateAsync(NewJob(key: "k"), maxUnfinished: 1);
        Assert.Equal((ExportJobCreationStatus.Existing, first.Job!.Id), (again.Status, again.Job!.Id));
        Assert.Equal(new ExportJobCreation(ExportJobCreationStatus.LimitReached, null), await store.CreateAsync(NewJob(), maxUnfinished: 1));
        Assert.Equal(ExportJobCreationStatus.Created, (await store.CreateAsync(NewJob(subject: "subject-2"), maxUnfinished: 1)).Status);
        await store.CancelAsync(first.Job.Id, Now);
        Assert.Equal(ExportJobCreationStatus.Created, (await store.CreateAsync(NewJob(), maxUnfinished: 1)).Status);
    }

    [Fact]
    public async Task One_worker_leases_a_job_and_only_it_may_heartbeat_and_complete()
    {
        var store = CreateStore();
        var job = (await store.CreateAsync(NewJob())).Job!;
        var leased = await store.TryLeaseAsync("w1", Now, Lease);
        Assert.Equal((job.Id, ExportJobState.Running, 1, "w1"), (leased!.Id, leased.State, leased.Attempts, leased.LeaseOwner));
        Assert.Null(await store.TryLeaseAsync("w2", Now.AddSeconds(1), Lease));
        Assert.False(await store.HeartbeatAsync(job.Id, "w2", Now, Lease, "x"));
        Assert.True(await store.HeartbeatAsync(job.Id, "w1", Now.AddSeconds(20), Lease, "writing the archive"));
        Assert.Equal("writing the archive", (await store.GetAsync(job.Id))!.Progress);
        Assert.Null(await store.TryLeaseAsync("w2", Now.AddSeconds(40), Lease));
        Assert.False(await store.CompleteAsync(job.Id, "w2", Result(), Now, Now.AddDays(1)));
        Assert.True(await store.CompleteAsync(job.Id, "w1", Result(), Now.AddSeconds(45), Now.AddDays(1)));

        var done = (await store.GetAsync(job.Id))!;
        Assert.Equal(ExportJobState.Completed, done.State);
        Assert.Equal(Now.AddDays(1), done.ExpiresAt);
        Assert.Equal(Now.AddSeconds(45), done.FinishedAt);
        Assert.Null(done.LeaseOwner);
        Assert.Equal(Result().Outputs, done.Result!.Outputs);
        Assert.Equal(Result().Errors, done.Result.Errors);
        Assert.Equal(Result().Archive, done.Result.Archive);
    }

    [Fact]
    public async Task A_lapsed_lease_goes_to_another_worker_and_the_first_one_must_stop()
    {
        var store = CreateStore();
        var job = (await store.CreateAsync(NewJob())).Job!;
        await store.TryLeaseAsync("w1", Now, Lease);
        var again = await store.TryLeaseAsync("w2", Now + Lease, Lease);
        Assert.Equal((job.Id, 2, "w2"), (again!.Id, again.Attempts, again.LeaseOwner));
        Assert.False(await store.HeartbeatAsync(job.Id, "w1", Now + Lease, Lease, null));
        Assert.False(await store.CompleteAsync(job.Id, "w1", Result(), Now, Now.AddDays(1)));
        Assert.True(await store.CompleteAsync(job.Id, "w2", Result(), Now, Now.AddDays(1)));
    }

    [Fact]
    public async Task Jobs_are_leased_oldest_first()
    {
        var store = CreateStore();
        var a = (await store.CreateAsync(NewJob(minute: 0))).Job!;
        var b = (await store.CreateAsync(NewJob(minute: 1))).Job!;
        Assert.Equal(a.Id, (await store.TryLeaseAsync("w", Now, Lease))!.Id);
        Assert.Equal(b.Id, (await store.TryLeaseAsync("w", Now, Lease))!.Id);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_purges_a_completed_one_and_leaves_final_ones_alone()
    {
        var store = CreateStore();
        var queued = (await store.CreateAsync(NewJob())).Job!;
        Assert.Equal(ExportJobState.Queued, (await store.CancelAsync(queued.Id, Now))!.State);
        Assert.Equal(ExportJobState.Cancelled, (await store.GetAsync(queued.Id))!.State);
        Assert.Null(await store.CancelAsync(queued.Id, Now));

        var running = (await store.CreateAsync(NewJob())).Job!;
        await store.TryLeaseAsync("w1", Now, Lease);
        Assert.NotNull(await store.CancelAsync(running.Id, Now));
        Assert.False(await store.HeartbeatAsync(running.Id, "w1", Now, Lease, null));
        Assert.False(await store.CompleteAsync(running.Id, "w1", Result(), Now, Now.AddDays(1)));

        var completed = (await store.CreateAsync(NewJob())).Job!;
        await store.TryLeaseAsync("w1", Now, Lease);
        await store.CompleteAsync(completed.Id, "w1", Result(), Now, Now.AddDays(1));
        Assert.Equal(ExportJobState.Completed, (await store.CancelAsync(completed.Id, Now))!.State);
        var purged = (await store.GetAsync(completed.Id))!;
        Assert.Equal(ExportJobState.Cancelled, purged.State);
        Assert.Null(purged.Result);
    }

    [Fact]
    public async Task A_watchdog_fails_a_job_whoever_holds_it_and_a_failed_job_stays_failed()
    {
        var store = CreateStore();
        var job = (await store.CreateAsync(NewJob())).Job!;
        await store.TryLeaseAsync("w1", Now, Lease);
        Assert.False(await store.FailAsync(job.Id, "w2", new SelfDataError("SD2022", "stalled"), Now));
        Assert.True(await store.FailAsync(job.Id, null, new SelfDataError("SD2022", "stalled"), Now));
        var failed = (await store.GetAsync(job.Id))!;
        Assert.Equal((ExportJobState.Failed, "SD2022"), (failed.State, failed.Error!.Code));
        Assert.False(await store.FailAsync(job.Id, null, new SelfDataError("SD2022", "again"), Now));
        Assert.Null(await store.TryLeaseAsync("w3", Now.AddHours(1), Lease));
    }

    [Fact]
    public async Task Completed_jobs_expire_once_and_only_after_their_time()
    {
        var store = CreateStore();
        var job = (await store.CreateAsync(NewJob())).Job!;
        await store.TryLeaseAsync("w1", Now, Lease);
        await store.CompleteAsync(job.Id, "w1", Result(), Now, Now.AddHours(1));
        Assert.Empty(await store.ExpireAsync(Now.AddMinutes(59)));
        Assert.Equal([job.Id], (await store.ExpireAsync(Now.AddHours(1))).Select(j => j.Id));
        Assert.Empty(await store.ExpireAsync(Now.AddHours(2)));
        Assert.Equal(ExportJobState.Expired, (await store.GetAsync(job.Id))!.State);
    }

    [Fact]
    public async Task Listing_is_per_owner_paged_oldest_first_and_counts_unfinished_jobs()
    {
        var store = CreateStore();
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await store.CreateAsync(NewJob(minute: i))).Job!.Id);
            await store.CreateAsync(NewJob(subject: "other", minute: i));
        }

        var page1 = await store.ListAsync("client-1", "subject-1", null, 2);
        var page2 = await store.ListAsync("client-1", "subject-1", page1[^1].Id, 2);
        var page3 = await store.ListAsync("client-1", "subject-1", page2[^1].Id, 2);
        Assert.Equal(mine, page1.Concat(page2).Concat(page3).Select(j => j.Id));
        Assert.Single(page3);
        Assert.Equal(5, await store.CountUnfinishedAsync("client-1", "subject-1"));
        await store.CancelAsync(mine[0], Now);
        Assert.Equal(4, await store.CountUnfinishedAsync("client-1", "subject-1"));
        Assert.Equal(0, await store.CountUnfinishedAsync("client-2", "subject-1"));
    }

    [Fact]
    public async Task Concurrent_workers_on_several_handles_lease_every_job_exactly_once()
    {
        var store = CreateStore();
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await store.CreateAsync(NewJob(minute: i))).Job!.Id);
        }

        var handles = Enumerable.Range(0, 4).Select(i => i == 0 ? store : OpenSameStore()).ToList();
        var leased = await Task.WhenAll(handles.Select((h, w) => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await h.TryLeaseAsync("w" + w, Now, Lease) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })));
        var all = leased.SelectMany(l => l).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(ids, all.ToHashSet());
    }
}
