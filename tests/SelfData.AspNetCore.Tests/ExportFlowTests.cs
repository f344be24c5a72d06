using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Jose;
using SelfData.Portability.Archives;

namespace SelfData.AspNetCore.Tests;

/// <summary>The whole flow against a real Kestrel: discovery, kick-off, polling, manifest, downloads.</summary>
public sealed class ExportFlowTests : IAsyncLifetime
{
    private HolderServer _server = null!;

    public async Task InitializeAsync() => _server = await HolderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_names_the_endpoints_and_the_jwks_it_points_to_serves_the_archive_key()
    {
        using var discovery = JsonDocument.Parse(await _server.Http.GetStringAsync("/.well-known/selfdata"));
        var root = discovery.RootElement;
        Assert.Equal(_server.Exports.ToString(), root.GetProperty("exports_endpoint").GetString());
        Assert.Equal(["io.cozy.bills", "org.fing.mesinfos.consumptionstatement"], root.GetProperty("doctypes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Bearer", "DPoP"], root.GetProperty("token_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["cozy", "mesinfos"], root.GetProperty("profiles_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEmpty(root.GetProperty("authorization_details_types_supported").EnumerateArray());
        var jwks = VerificationKeySet.Parse(await _server.Http.GetStringAsync(root.GetProperty("jwks_uri").GetString()));
        Assert.True(jwks.Success);
        Assert.Equal(HolderServer.ArchiveKey.KeyId, Assert.Single(jwks.Value.Keys).KeyId);
    }

    [Fact]
    public async Task Kick_off_poll_and_download_give_a_manifest_whose_every_url_sha256_and_count_holds()
    {
        var token = _server.Tokens().Mint();
        var response = await _server.Http.SendAsync(HolderServer.KickOffRequest(token));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Content.Headers.ContentLocation!;
        Assert.True(location.IsAbsoluteUri);
        Assert.StartsWith(_server.Exports + "/", location.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);

        var done = await _server.PollAsync(location.ToString(), token);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True(done.Content.Headers.Expires > DateTimeOffset.UtcNow);
        Assert.True(done.Headers.CacheControl!.NoStore);
        using var manifest = JsonDocument.Parse(await done.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal(_server.Exports.ToString(), root.GetProperty("request").GetString());
        Assert.True(root.GetProperty("requiresAccessToken").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("transactionTime").GetString(), out _));
        Assert.Empty(root.GetProperty("error").EnumerateArray());
        var outputs = root.GetProperty("output").EnumerateArray().ToList();
        Assert.Equal(["org.fing.mesinfos.consumptionstatement", "io.cozy.bills"], outputs.Select(o => o.GetProperty("type").GetString()));
        foreach (var output in outputs)
        {
            var file = await _server.Http.SendAsync(HolderServer.Get(output.GetProperty("url").GetString()!, token));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/x-ndjson", file.Content.Headers.ContentType!.MediaType);
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.Equal(output.GetProperty("bytes").GetInt64(), bytes.LongLength);
            Assert.Equal(output.GetProperty("sha256").GetString(), Hex(SHA256.HashData(bytes)));
            Assert.Equal("\"" + output.GetProperty("sha256").GetString() + "\"", file.Headers.ETag!.ToString());
            var text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            Assert.Equal(output.GetProperty("count").GetInt64(), text.Count(c => c == '\n'));
        }

        Assert.Equal(31 * 48, outputs[0].GetProperty("count").GetInt64());
        var extension = root.GetProperty("extension");
        var archive = await (await _server.Http.SendAsync(HolderServer.Get(extension.GetProperty("archive").GetString()!, token))).Content.ReadAsByteArrayAsync();
        Assert.Equal(extension.GetProperty("archiveSha256").GetString(), Hex(SHA256.HashData(archive)));
        var keys = VerificationKeySet.Parse(await _server.Http.GetStringAsync(extension.GetProperty("jwks").GetString())).Value;
        var verified = await PortabilityArchive.VerifyAsync(new MemoryStream(archive), keys);
        Assert.True(verified.IsValid, string.Join("; ", verified.Failures.Select(f => f.Code)));
        var signature = await (await _server.Http.SendAsync(HolderServer.Get(extension.GetProperty("signature").GetString()!, token))).Content.ReadAsStringAsync();
        using var zip = new ZipArchive(new MemoryStream(archive));
        using var inside = new StreamReader(zip.GetEntry(ArchiveEntryNames.Signature)!.Open());
        Assert.Equal(await inside.ReadToEndAsync(), signature);
    }

    [Fact]
    public async Task Downloads_honour_range_if_range_if_none_match_and_gzip()
    {
        var token = _server.Tokens().Mint();
        var location = await _server.StartExportAsync(token);
        using var manifest = JsonDocument.Parse(await (await _server.PollAsync(location, token)).Content.ReadAsStringAsync());
        var output = manifest.RootElement.GetProperty("output")[0];
        var url = output.GetProperty("url").GetString()!;
        var full = await (await _server.Http.SendAsync(HolderServer.Get(url, token))).Content.ReadAsByteArrayAsync();
        var etag = "\"" + output.GetProperty("sha256").GetString() + "\"";

        var range = HolderServer.Get(url, token);
        range.Headers.Range = new RangeHeaderValue(10, 109);
        var partial = await _server.Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(full[10..110], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(full.LongLength, partial.Content.Headers.ContentRange!.Length);

        var beyond = HolderServer.Get(url, token);
        beyond.Headers.Range = new RangeHeaderValue(full.Length + 10, full.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await _server.Http.SendAsync(beyond)).StatusCode);

        var stale = HolderServer.Get(url, token);
        stale.Headers.Range = new RangeHeaderValue(10, 109);
        stale.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"0000\""));
        var whole = await _server.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(full, await whole.Content.ReadAsByteArrayAsync());

        var cached = HolderServer.Get(url, token);
        cached.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await _server.Http.SendAsync(cached)).StatusCode);

        var gzip = HolderServer.Get(url, token);
        gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var compressed = await _server.Http.SendAsync(gzip);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        using var unzip = new GZipStream(new MemoryStream(await compressed.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress);
        using var back = new MemoryStream();
        await unzip.CopyToAsync(back);
        Assert.Equal(full, back.ToArray());
        Assert.Equal("attachment", compressed.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task Polling_shows_progress_and_polling_faster_than_retry_after_gets_429()
    {
        // A Retry-After long enough that two requests in a row are too fast even on a loaded machine.
        await using var server = await HolderServer.StartAsync(o => o.RetryAfter = TimeSpan.FromSeconds(4));
        server.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = server.Tokens().Mint();
        var location = await server.StartExportAsync(token);
        await server.Source.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var first = await server.Http.SendAsync(HolderServer.Get(location, token));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var progress = Assert.Single(first.Headers.GetValues("X-Progress"));
        Assert.InRange(progress.Length, 1, 99);
        Assert.Equal(TimeSpan.FromSeconds(4), first.Headers.RetryAfter!.Delta);
        var tooFast = await server.Http.SendAsync(HolderServer.Get(location, token));
        Assert.Equal((HttpStatusCode)429, tooFast.StatusCode);
        Assert.InRange(tooFast.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        Assert.Equal(AspNetCoreErrorCodes.PollingTooFast, await CodeAsync(tooFast));
        server.Source.Gate.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await server.PollAsync(location, token)).StatusCode);
    }

    [Fact]
    public async Task A_poll_that_prefers_to_wait_returns_as_soon_as_the_export_is_done()
    {
        _server.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = _server.Tokens().Mint();
        var location = await _server.StartExportAsync(token);
        await _server.Source.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var poll = HolderServer.Get(location, token);
        poll.Headers.Add("Prefer", "wait=20");
        var waiting = _server.Http.SendAsync(poll);
        await Task.Delay(1500);
        Assert.False(waiting.IsCompleted);
        _server.Source.Gate.SetResult();
        var done = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("wait=20", Assert.Single(done.Headers.GetValues("Preference-Applied")));
    }

    internal static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("https://selfdata.example.org/sdk/errors#", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        return problem.RootElement.GetProperty("code").GetString();
    }

    private static string Hex(byte[] hash) => Convert.ToHexString(hash).ToLowerInvariant();
}

#if NET10_0_OR_GREATER
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_with_its_answers()
    {
        await using var server = await HolderServer.StartAsync(openApi: true);
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/.well-known/selfdata", "/selfdata/jwks.json", "/selfdata/exports", "/selfdata/exports/{id}", "/selfdata/exports/{id}/files/{name}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path + " is missing from the OpenAPI document.");
        }

        var kickOff = paths.GetProperty("/selfdata/exports").GetProperty("post");
        Assert.True(kickOff.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(kickOff.GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(kickOff.TryGetProperty("requestBody", out _));
        Assert.True(paths.GetProperty("/selfdata/exports/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("202", out _));
    }
}
#endif
