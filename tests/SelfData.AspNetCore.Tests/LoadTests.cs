using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.AspNetCore.Tests;

/// <summary>A bounded load: 200 concurrent pollers and 20 concurrent downloads of a 10-year load-curve export for 30 s.</summary>
public sealed class LoadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_pollers_and_twenty_downloads_for_thirty_seconds_see_no_error_flat_memory_and_the_sdks_bytes()
    {
        var source = new TestDataSource { Days = 3650 };
        await using var server = await HolderServer.StartAsync(source: source);
        var token = server.Tokens(doctypes: HolderServer.Linky).Mint();
        var location = await server.StartExportAsync(token, """{"doctypes":["org.fing.mesinfos.consumptionstatement"]}""");
        var done = await server.PollAsync(location, token, TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var manifest = JsonDocument.Parse(await done.Content.ReadAsStringAsync());
        Assert.Equal(3650L * 48, manifest.RootElement.GetProperty("output")[0].GetProperty("count").GetInt64());
        var archiveUrl = manifest.RootElement.GetProperty("extension").GetProperty("archive").GetString()!;
        var archiveSha = manifest.RootElement.GetProperty("extension").GetProperty("archiveSha256").GetString()!;

        // The same export written directly by the SDK: the same bytes (RS256 signatures are deterministic).
        var job = (await server.Services.GetRequiredService<IExportJobStore>().GetAsync(location.Split('/')[^1]))!;
        var direct = await new ExportJobRunner(new PortabilityOptions { Holder = new HolderId("enedis", "fr.enedis", "Enedis") }, new PortabilityArchiveWriterOptions { SigningKey = HolderServer.ArchiveKey },
            new TestDataSource { Days = 3650 }, new FileSystemExportArtifactStore(Path.Combine(server.Directory, "direct"))).RunAsync(job);
        Assert.Equal(archiveSha, direct.Archive.Sha256);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long polls = 0, downloads = 0, failures = 0;
        long heapAtStart = 0;
        var warm = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => heapAtStart = GC.GetTotalMemory(forceFullCollection: true), TaskScheduler.Default);

        async Task PollerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.SendAsync(HolderServer.Get(location, token), CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref polls);
                await Task.Delay(100, CancellationToken.None);
            }
        }

        async Task DownloaderAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.SendAsync(HolderServer.Get(archiveUrl, token), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
                await using var body = await response.Content.ReadAsStreamAsync(CancellationToken.None);
                var sha = Convert.ToHexString(await SHA256.HashDataAsync(body, CancellationToken.None)).ToLowerInvariant();
                if (response.StatusCode != HttpStatusCode.OK || sha != archiveSha)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref downloads);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(PollerAsync)).Concat(Enumerable.Range(0, 20).Select(_ => Task.Run(DownloaderAsync))));
        await warm;
        var heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);

        output.WriteLine($"{polls} polls, {downloads} archive downloads of {direct.Archive.Bytes:N0} bytes, {failures} failures; managed heap {heapAtStart:N0} -> {heapAtEnd:N0} bytes");
        Assert.Equal(0, failures);
        Assert.True(polls > 1_000, $"only {polls} polls");
        Assert.True(downloads > 20, $"only {downloads} downloads");
        Assert.True(heapAtEnd - heapAtStart < 64L * 1024 * 1024, $"the managed heap grew from {heapAtStart:N0} to {heapAtEnd:N0} bytes");
    }
}
