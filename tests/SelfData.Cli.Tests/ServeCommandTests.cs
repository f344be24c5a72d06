using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SelfData.Jose;
using SelfData.Portability.Archives;
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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliProcess.Dll, "serve", "--demo", demo.Folder.Path, "--holder", "eau-du-grand-lyon", "--urls", $"http://127.0.0.1:{port}", "--issuer", "https://as.example.org", "--issuer-keys", jwks })
        {
            start.ArgumentList.Add(arg);
        }

        using var server = Process.Start(start)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("stop with Ctrl+C", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        server.BeginOutputReadLine();
        var errors = server.StandardError.ReadToEndAsync();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var exports = new Uri($"http://127.0.0.1:{port}/selfdata/exports");
            string subject;
            using (var territory = new SqliteConnection($"Data Source={Path.Combine(demo.Folder.Path, "territory.sqlite")};Mode=ReadOnly;Pooling=False"))
            {
                territory.Open();
                using var command = territory.CreateCommand();
                command.CommandText = "SELECT subject FROM resident WHERE id = 2";
                subject = (string)command.ExecuteScalar()!;
            }

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
            using (var term = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(timeout.Token);
        }

        Assert.True(server.ExitCode == 0, await errors);
        lock (output)
        {
            Assert.Contains("stopped", output.ToString(), StringComparison.Ordinal);
        }
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
