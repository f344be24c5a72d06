using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Consent;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.AspNetCore.Tests;

/// <summary>Cancel, purge, expiry, withdrawal, restart and the audit trail.</summary>
public sealed class LifecycleTests
{
    private static HttpRequestMessage Delete(string url, string token) =>
        new(HttpMethod.Delete, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    private static async Task<string> ArchiveUrlAsync(HolderServer server, string location, string token)
    {
        using var manifest = JsonDocument.Parse(await (await server.PollAsync(location, token)).Content.ReadAsStringAsync());
        return manifest.RootElement.GetProperty("extension").GetProperty("archive").GetString()!;
    }

    [Fact]
    public async Task Delete_purges_a_finished_export_and_stops_a_running_one_leaving_nothing_to_download()
    {
        await using var server = await HolderServer.StartAsync();
        var token = server.Tokens().Mint();
        var done = await server.StartExportAsync(token);
        var archive = await ArchiveUrlAsync(server, done, token);
        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.SendAsync(Delete(done, token))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(HolderServer.Get(done, token))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(HolderServer.Get(archive, token))).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.Directory, "artifacts", done.Split('/')[^1])));

        server.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = await server.StartExportAsync(token);
        await server.Source.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Accepted, (await server.Http.SendAsync(Delete(running, token))).StatusCode);
        var id = running.Split('/')[^1];
        var store = server.Services.GetRequiredService<IExportJobStore>();
        await Eventually(async () => (await store.GetAsync(id))!.State == ExportJobState.Cancelled && !Directory.Exists(Path.Combine(server.Directory, "artifacts", id)));
        server.Source.Gate.SetResult();

        // The cancelled worker, let go, may write a file before it sees the cancellation; it then removes what it wrote
        // (on a loaded machine after a while, so wait for it rather than a fixed delay). The job stays cancelled.
        await Eventually(async () => !Directory.Exists(Path.Combine(server.Directory, "artifacts", id)));
        await Task.Delay(300);
        Assert.Equal(ExportJobState.Cancelled, (await store.GetAsync(id))!.State);
        Assert.False(Directory.Exists(Path.Combine(server.Directory, "artifacts", id)));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(HolderServer.Get(running, token))).StatusCode);
    }

    [Fact]
    public async Task An_expired_export_is_410_and_its_files_are_deleted()
    {
        await using var server = await HolderServer.StartAsync(o => o.ExportLifetime = TimeSpan.FromSeconds(2));
        var token = server.Tokens().Mint();
        var location = await server.StartExportAsync(token);
        var id = location.Split('/')[^1];
        var store = server.Services.GetRequiredService<IExportJobStore>();
        await Eventually(async () => (await store.GetAsync(id))!.State == ExportJobState.Completed || (await store.GetAsync(id))!.State == ExportJobState.Expired);
        var archive = location + "/files/" + ExportJobRunner.ArchiveName;
        await Eventually(() => Task.FromResult(!Directory.Exists(Path.Combine(server.Directory, "artifacts", id))));
        var gone = await server.Http.SendAsync(HolderServer.Get(location, token));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(AspNetCoreErrorCodes.ExportExpired, await ExportFlowTests.CodeAsync(gone));
        Assert.Equal(HttpStatusCode.Gone, (await server.Http.SendAsync(HolderServer.Get(archive, token))).StatusCode);
    }

    [Fact]
    public async Task A_withdrawal_recorded_while_an_export_runs_stops_it_and_later_requests_get_403()
    {
        await using var server = await HolderServer.StartAsync();
        server.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = server.Tokens().Mint();
        var location = await server.StartExportAsync(token);
        await server.Source.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await server.Services.GetRequiredService<IConsentStatusStore>().RecordAsync(new ConsentStatusChange("consent-1", ConsentStatus.Withdrawn, DateTimeOffset.UtcNow));

        var id = location.Split('/')[^1];
        var store = server.Services.GetRequiredService<IExportJobStore>();
        await Eventually(async () => (await store.GetAsync(id))!.State == ExportJobState.Failed);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, (await store.GetAsync(id))!.Error!.Code);
        await Eventually(() => Task.FromResult(!Directory.Exists(Path.Combine(server.Directory, "artifacts", id))));
        var refused = await server.Http.SendAsync(HolderServer.Get(location, token));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, await ExportFlowTests.CodeAsync(refused));
    }

    [Fact]
    public async Task A_server_stopped_mid_export_resumes_the_job_from_its_stores_and_writes_the_same_bytes()
    {
        var first = await HolderServer.StartAsync();
        first.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = first.Tokens().Mint();
        var location = await first.StartExportAsync(token);
        await first.Source.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var directory = first.Directory;
        first.KeepDirectory = true;
        await first.StopAsync();
        await first.DisposeAsync();

        await using var second = await HolderServer.StartAsync(directory: directory);
        var id = location.Split('/')[^1];
        var store = second.Services.GetRequiredService<IExportJobStore>();
        await Eventually(async () => (await store.GetAsync(id))!.State == ExportJobState.Completed, TimeSpan.FromSeconds(30));
        var job = (await store.GetAsync(id))!;
        Assert.Equal(2, job.Attempts);

        // The same job run directly by the SDK: same documents, same deterministic (RS256) signature, same bytes.
        var runner = new ExportJobRunner(new PortabilityOptions { Holder = new SelfData.Core.HolderId("enedis", "fr.enedis", "Enedis") }, new PortabilityArchiveWriterOptions { SigningKey = HolderServer.ArchiveKey }, new TestDataSource(), new FileSystemExportArtifactStore(Path.Combine(directory, "direct")));
        var direct = await runner.RunAsync(job with { State = ExportJobState.Running });
        Assert.Equal(direct.Archive, job.Result!.Archive);
        Assert.Equal(direct.Outputs, job.Result.Outputs);
        Assert.Empty(Directory.GetFiles(Path.Combine(directory, "artifacts", id), "*.partial"));
    }

    [Fact]
    public async Task The_audit_file_has_one_record_per_kick_off_download_cancel_and_denial_and_no_personal_identifier()
    {
        await using var server = await HolderServer.StartAsync();
        var token = server.Tokens().Mint();
        var location = await server.StartExportAsync(token);
        var archive = await ArchiveUrlAsync(server, location, token);
        await server.Http.SendAsync(HolderServer.Get(archive, token));
        await server.Http.SendAsync(Delete(location, token));
        await server.Http.SendAsync(HolderServer.KickOffRequest(server.Tokens(doctypes: HolderServer.Bills).Mint()));

        var lines = await File.ReadAllLinesAsync(server.AuditFile);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Event(JsonElement e) => e.GetProperty("event").GetString()!;
        Assert.Equal(1, records.Count(r => Event(r) == "kick-off"));
        Assert.Equal(1, records.Count(r => Event(r) == "completed"));
        Assert.Equal(1, records.Count(r => Event(r) == "download" && r.GetProperty("artifact").GetString() == ExportJobRunner.ArchiveName && r.GetProperty("bytes").GetInt64() > 0));
        Assert.Equal(1, records.Count(r => Event(r) == "cancelled"));
        var denied = Assert.Single(records, r => Event(r) == "denied");
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, denied.GetProperty("code").GetString());
        Assert.All(records.Where(r => Event(r) != "denied"), r => Assert.Equal("platform-1", r.GetProperty("clientId").GetString()));
        var text = string.Join("\n", lines);
        Assert.DoesNotContain(TestDataSource.Resident, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..40], text, StringComparison.Ordinal);
        Assert.DoesNotContain("subject", text, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
