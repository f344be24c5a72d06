using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;
using SelfData.Sqlite;
using SelfData.Testing;

namespace SelfData.Cli.Tests;

[Collection("demo")]
public class ServeCommandTests(DemoFixture demo)
{
    [Fact]
    public async Task Serve_exports_a_resident_of_the_demo_honours_a_withdrawal_and_stops_cleanly_on_sigterm()
    {
        Assert.True(demo.Result.ExitCode == 0, demo.Result.Error);
        using var issuerKey = SigningKey.CreateRsa("as-cli");
        var jwks = Path.Combine(demo.Folder.Path, "issuer-jwks.json");
        await File.WriteAllTextAsync(jwks, issuerKey.ToPublicJwks());
        var port = FreePort();
        using var server = ServeProcess.Start(demo.Folder.Path, "eau-du-grand-lyon", port, jwks);
        try
        {
            await server.Ready.WaitAsync(TimeSpan.FromSeconds(60));
            var exports = new Uri($"http://127.0.0.1:{port}/selfdata/exports");
            var subject = Subject(demo.Folder.Path, 2);

            var tokens = new AccessTokenBuilder(TimeProvider.System, issuerKey) { Audience = exports.ToString(), Subject = subject, ClientId = "platform", ConsentId = "consent-water" };
            tokens.Doctypes.Clear();
            tokens.Doctypes.Add("com.grandlyon.egl.day");
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Mint());
            using var kickOff = new HttpRequestMessage(HttpMethod.Post, exports) { Content = new StringContent("""{"doctypes":["com.grandlyon.egl.day"]}""", Encoding.UTF8, "application/json") };
            kickOff.Headers.Add("Prefer", "respond-async");
            var accepted = await http.SendAsync(kickOff);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var status = accepted.Content.Headers.ContentLocation!;

            HttpResponseMessage poll;
            while ((poll = await http.GetAsync(status)).StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(poll.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
            }

            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            using var manifest = JsonDocument.Parse(await poll.Content.ReadAsStringAsync());
            var output0 = Assert.Single(manifest.RootElement.GetProperty("output").EnumerateArray());
            Assert.Equal("com.grandlyon.egl.day", output0.GetProperty("type").GetString());
            Assert.True(output0.GetProperty("count").GetInt64() >= 365);
            var archive = await http.GetByteArrayAsync(manifest.RootElement.GetProperty("extension").GetProperty("archive").GetString());
            var demoKeys = VerificationKeySet.Parse(await File.ReadAllTextAsync(Path.Combine(demo.Folder.Path, "eau-du-grand-lyon", "jwks.json"))).Value;
            Assert.True((await PortabilityArchive.VerifyAsync(new MemoryStream(archive), demoKeys)).IsValid);

            var withdrawn = await CliProcess.RunAsync("consent", "withdraw", "--db", Path.Combine(demo.Folder.Path, "eau-du-grand-lyon", "server", "consent-status.sqlite"), "--consent-id", "consent-water");
            Assert.True(withdrawn.ExitCode == 0, withdrawn.Error);
            Assert.Contains("withdrawn: consent-water", withdrawn.Out, StringComparison.Ordinal);
            var refused = await http.GetAsync(status);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("SD1079", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("\"event\":\"denied\"", await File.ReadAllTextAsync(Path.Combine(demo.Folder.Path, "eau-du-grand-lyon", "server", "audit.jsonl")), StringComparison.Ordinal);
        }
        finally
        {
            await server.TerminateAsync();
        }

        Assert.True(server.Process.ExitCode == 0, await server.Errors);
        Assert.Contains("stopped", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_killed_mid_export_completes_the_job_after_a_restart_on_the_same_stores_with_the_bytes_of_an_uninterrupted_run()
    {
        // Ten years of half-hourly load curve per resident (175,200 readings): each export takes a few hundred milliseconds.
        using var folder = new TempFolder();
        var demoRun = await CliProcess.RunAsync("demo", "--out", folder.Path, "--residents", "4", "--years", "10", "--seed", "5", "--now", "2024-03-01T12:00:00Z");
        Assert.True(demoRun.ExitCode == 0, demoRun.Error);
        using var issuerKey = SigningKey.CreateRsa("as-crash");
        var jwks = folder.File("issuer-jwks.json");
        await File.WriteAllTextAsync(jwks, issuerKey.ToPublicJwks());
        var serverDir = Path.Combine(folder.Path, "enedis", "server");
        var jobsDb = new SqliteConnectionStringBuilder { DataSource = Path.Combine(serverDir, "jobs.sqlite"), Pooling = false }.ToString();
        var port = FreePort();
        var exports = new Uri($"http://127.0.0.1:{port}/selfdata/exports");
        using var http = new HttpClient();
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        var jobIds = new List<string>();

        using (var first = ServeProcess.Start(folder.Path, "enedis", port, jwks))
        {
            await first.Ready.WaitAsync(TimeSpan.FromSeconds(60));
            using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/.well-known/selfdata")));
            var doctypes = discovery.RootElement.GetProperty("doctypes_supported").EnumerateArray().Select(d => d.GetString()!).ToArray();
            Assert.Contains("fr.enedis.api.meteringdata.loadcurve", doctypes);
            for (var resident = 1; resident <= 4; resident++)
            {
                var builder = new AccessTokenBuilder(TimeProvider.System, issuerKey) { Audience = exports.ToString(), Subject = Subject(folder.Path, resident), ClientId = "platform", ConsentId = "consent-energy-" + resident };
                builder.Doctypes.Clear();
                foreach (var doctype in doctypes)
                {
                    builder.Doctypes.Add(doctype);
                }

                var token = builder.Mint();
                using var kickOff = new HttpRequestMessage(HttpMethod.Post, exports) { Content = new StringContent(JsonSerializer.Serialize(new { doctypes }), Encoding.UTF8, "application/json") };
                kickOff.Headers.Add("Prefer", "respond-async");
                kickOff.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var accepted = await http.SendAsync(kickOff);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
                var id = accepted.Content.Headers.ContentLocation!.Segments[^1];
                jobIds.Add(id);
                tokens[id] = token;
            }

            // Kill the process (SIGKILL: no shutdown code runs) as soon as the store shows an export being written.
            var store = new SqliteExportJobStore(jobsDb);
            using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!await AnyAsync(store, jobIds, ExportJobState.Running))
            {
                await Task.Delay(5, watch.Token);
            }

            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
        }

        var storeAfterKill = new SqliteExportJobStore(jobsDb);
        var interrupted = new List<ExportJob>();
        foreach (var id in jobIds)
        {
            var job = (await storeAfterKill.GetAsync(id))!;
            if (job.State == ExportJobState.Running)
            {
                interrupted.Add(job);
            }
        }

        Assert.NotEmpty(interrupted);
        var victim = interrupted[0];
        Assert.Equal(1, victim.Attempts);
        Assert.Null(victim.Result);

        // The reference: the same request, owner and creation time (the export's transaction time) as a new job, run
        // without interruption by the restarted server.
        var reference = new ExportJob { Id = ExportJob.NewId(), Owner = victim.Owner, Request = victim.Request, CreatedAt = victim.CreatedAt };
        Assert.Equal(ExportJobCreationStatus.Created, (await storeAfterKill.CreateAsync(reference)).Status);
        tokens[reference.Id] = tokens[victim.Id];
        jobIds.Add(reference.Id);

        using (var second = ServeProcess.Start(folder.Path, "enedis", port, jwks))
        {
            await second.Ready.WaitAsync(TimeSpan.FromSeconds(60));
            var archives = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var id in new[] { victim.Id, reference.Id })
            {
                // The killed worker's lease (30 s) lapses, then the restarted worker takes the job up again.
                HttpResponseMessage poll;
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while ((poll = await http.SendAsync(Get(new Uri(exports + "/" + id), tokens[id]))).StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the export did not complete after the restart");
                    await Task.Delay(poll.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
                }

                Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
                using var manifest = JsonDocument.Parse(await poll.Content.ReadAsStringAsync());
                var archive = await http.SendAsync(Get(new Uri(manifest.RootElement.GetProperty("extension").GetProperty("archive").GetString()!), tokens[id]));
                archives[id] = await archive.Content.ReadAsByteArrayAsync();
            }

            Assert.Equal(2, (await storeAfterKill.GetAsync(victim.Id))!.Attempts);
            var keys = VerificationKeySet.Parse(await File.ReadAllTextAsync(Path.Combine(folder.Path, "enedis", "jwks.json"))).Value;
            Assert.True((await PortabilityArchive.VerifyAsync(new MemoryStream(archives[victim.Id]), keys)).IsValid);

            // The demo key is ES256, whose signatures are randomised: every other entry is byte for byte the same.
            var resumed = Entries(archives[victim.Id]);
            var uninterrupted = Entries(archives[reference.Id]);
            Assert.Equal(uninterrupted.Keys.Order(StringComparer.Ordinal), resumed.Keys.Order(StringComparer.Ordinal));
            Assert.Contains(ArchiveEntryNames.Manifest, resumed.Keys);
            Assert.True(resumed.Count > 3);
            foreach (var (name, bytes) in uninterrupted)
            {
                if (name != ArchiveEntryNames.Signature)
                {
                    Assert.True(bytes.AsSpan().SequenceEqual(resumed[name]), name + " differs between the resumed and the uninterrupted export");
                }
            }

            foreach (var id in jobIds)
            {
                // Every export queued or running at the kill completes too.
                HttpResponseMessage poll;
                while ((poll = await http.SendAsync(Get(new Uri(exports + "/" + id), tokens[id]))).StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(poll.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
                }

                Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            }

            Assert.Empty(Directory.EnumerateFiles(Path.Combine(serverDir, "artifacts"), "*.partial", SearchOption.AllDirectories));
            await second.TerminateAsync();
            Assert.True(second.Process.ExitCode == 0, await second.Errors);
        }
    }

    private static HttpRequestMessage Get(Uri uri, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<bool> AnyAsync(SqliteExportJobStore store, IEnumerable<string> ids, ExportJobState state)
    {
        foreach (var id in ids)
        {
            if ((await store.GetAsync(id))?.State == state)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, byte[]> Entries(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            entries.Add(entry.FullName, copy.ToArray());
        }

        return entries;
    }

    private static string Subject(string demoFolder, int resident)
    {
        using var territory = new SqliteConnection($"Data Source={Path.Combine(demoFolder, "territory.sqlite")};Mode=ReadOnly;Pooling=False");
        territory.Open();
        using var command = territory.CreateCommand();
        command.CommandText = "SELECT subject FROM resident WHERE id = $id";
        command.Parameters.AddWithValue("$id", resident);
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Serve_refuses_a_folder_without_a_territory_and_an_unknown_holder()
    {
        using var empty = new TempFolder();
        var missing = await CliProcess.RunAsync("serve", "--demo", empty.Path, "--holder", "enedis", "--issuer", "https://as.example.org", "--issuer-keys", empty.File("none.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("territory.sqlite", missing.Error, StringComparison.Ordinal);
        var unknown = await CliProcess.RunAsync("serve", "--demo", demo.Folder.Path, "--holder", "nobody", "--issuer", "https://as.example.org", "--issuer-keys", empty.File("none.json"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--holder", unknown.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running <c>selfdata serve</c> process.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        Process = process;
        Process.OutputDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("stop with Ctrl+C", StringComparison.Ordinal) == true)
            {
                _ready.TrySetResult();
            }
        };
        Process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException("selfdata serve exited before it was ready: " + Output));
        Process.EnableRaisingEvents = true;
        Process.BeginOutputReadLine();
        Errors = Process.StandardError.ReadToEndAsync();
    }

    public Process Process { get; }

    /// <summary>Gets a task that completes when the server says it listens.</summary>
    public Task Ready => _ready.Task;

    public Task<string> Errors { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServeProcess Start(string demoFolder, string holder, int port, string issuerJwks)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliProcess.Dll, "serve", "--demo", demoFolder, "--holder", holder, "--urls", $"http://127.0.0.1:{port}", "--issuer", "https://as.example.org", "--issuer-keys", issuerJwks })
        {
            start.ArgumentList.Add(arg);
        }

        return new ServeProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task TerminateAsync()
    {
        if (!Process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
