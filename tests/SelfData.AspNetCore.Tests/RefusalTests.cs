using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Consent;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.AspNetCore.Tests;

/// <summary>Bad requests, tokens, consents and callers, each refused with its status, challenge and code.</summary>
public sealed class RefusalTests : IAsyncLifetime
{
    private HolderServer _server = null!;

    public async Task InitializeAsync() => _server = await HolderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> Send(HttpRequestMessage request) => _server.Http.SendAsync(request);

    [Fact]
    public async Task A_malformed_kick_off_is_400_with_its_code_and_field_and_lenient_handling_ignores_unknown_members()
    {
        var token = _server.Tokens().Mint();
        var noPrefer = HolderServer.KickOffRequest(token);
        noPrefer.Headers.Remove("Prefer");
        var response = await Send(noPrefer);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AspNetCoreErrorCodes.RespondAsyncRequired, await ExportFlowTests.CodeAsync(response));

        var text = HolderServer.KickOffRequest(token);
        text.Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Send(text)).StatusCode);

        foreach (var (body, field) in new[]
        {
            ("""{"doctypes":["io.cozy.bills"],"format":"zip"}""", "format"),
            ("""{"doctypes":[]}""", "doctypes"),
            ("""{"doctypes":["IO.COZY.BILLS"]}""", "doctypes"),
            ("""{"doctypes":["io.cozy.bills","io.cozy.bills"]}""", "doctypes"),
            ("""{"doctypes":["io.cozy.bills"],"profile":"other"}""", "profile"),
            ("""{"doctypes":["io.cozy.bills"],"layout":"tar"}""", "layout"),
            ("""{"doctypes":["io.cozy.bills"],"since":"2024-01-01"}""", "since"),
            ("""{"doctypes":["io.cozy.bills"],"since":"2024-02-01T00:00:00Z","until":"2024-01-01T00:00:00Z"}""", "until"),
        })
        {
            var bad = await Send(HolderServer.KickOffRequest(token, body));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.Equal((AspNetCoreErrorCodes.InvalidRequest, field), (problem.RootElement.GetProperty("code").GetString(), problem.RootElement.GetProperty("field").GetString()));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HolderServer.KickOffRequest(token, "{not json"))).StatusCode);
        var unsupported = await Send(HolderServer.KickOffRequest(token, """{"doctypes":["io.cozy.bank.operations"]}"""));
        Assert.Equal(AspNetCoreErrorCodes.DoctypeNotSupported, await ExportFlowTests.CodeAsync(unsupported));

        var lenient = HolderServer.KickOffRequest(token, """{"doctypes":["io.cozy.bills"],"format":"zip"}""");
        lenient.Headers.Remove("Prefer");
        lenient.Headers.Add("Prefer", "respond-async, handling=lenient");
        Assert.Equal(HttpStatusCode.Accepted, (await Send(lenient)).StatusCode);
    }

    [Fact]
    public async Task Missing_bad_and_query_tokens_get_401_or_400_with_the_right_challenge()
    {
        var none = new HttpRequestMessage(HttpMethod.Get, "/selfdata/exports");
        var missing = await Send(none);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(AspNetCoreErrorCodes.TokenMissing, await ExportFlowTests.CodeAsync(missing));
        var challenges = missing.Headers.WwwAuthenticate.Select(c => c.Scheme).ToList();
        Assert.Equal(["Bearer", "DPoP"], challenges);
        Assert.DoesNotContain("error=", missing.Headers.WwwAuthenticate.First().ToString(), StringComparison.Ordinal);

        var query = HolderServer.Get("/selfdata/exports?access_token=abc", _server.Tokens().Mint());
        var inQuery = await Send(query);
        Assert.Equal(HttpStatusCode.BadRequest, inQuery.StatusCode);
        Assert.Equal(AspNetCoreErrorCodes.TokenInQuery, await ExportFlowTests.CodeAsync(inQuery));

        var forged = _server.Tokens();
        forged.Key = SigningKey.CreateRsa(HolderServer.IssuerKey.KeyId);
        var rejected = await Send(HolderServer.Get("/selfdata/exports", forged.Mint()));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.StartsWith("SD10", await ExportFlowTests.CodeAsync(rejected), StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", rejected.Headers.WwwAuthenticate.First(c => c.Scheme == "Bearer").ToString(), StringComparison.Ordinal);

        var otherAudience = _server.Tokens();
        otherAudience.Audience = "https://elsewhere.example/selfdata/exports";
        Assert.Equal(ConsentErrorCodes.AudienceMismatch, await ExportFlowTests.CodeAsync(await Send(HolderServer.Get("/selfdata/exports", otherAudience.Mint()))));
    }

    [Fact]
    public async Task Doctypes_the_consent_does_not_cover_get_403_listing_them_and_nothing_starts()
    {
        var token = _server.Tokens(doctypes: HolderServer.Bills).Mint();
        var response = await Send(HolderServer.KickOffRequest(token));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, problem.RootElement.GetProperty("code").GetString());
        Assert.Contains(problem.RootElement.GetProperty("notCovered").EnumerateArray(), e => e.GetString()!.Contains(HolderServer.Linky.Name, StringComparison.Ordinal));
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var list = JsonDocument.Parse(await (await Send(HolderServer.Get("/selfdata/exports", token))).Content.ReadAsStringAsync());
        Assert.Empty(list.RootElement.GetProperty("exports").EnumerateArray());
    }

    [Fact]
    public async Task Dpop_bound_tokens_need_their_proof_for_the_exact_method_and_url()
    {
        var client = new DPoPProofBuilder(TimeProvider.System) { Method = "POST", Url = _server.Exports };
        var tokens = _server.Tokens();
        tokens.DPoPKeyThumbprint = client.Thumbprint;
        var token = tokens.Mint();

        var asBearer = await Send(HolderServer.KickOffRequest(token));
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);

        var wrongUrl = HolderServer.KickOffRequest(token, scheme: "DPoP");
        wrongUrl.Headers.Add("DPoP", client.Mint(token, c => c["htu"] = _server.Exports + "/other"));
        var refused = await Send(wrongUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(ConsentErrorCodes.DPoPUrlMismatch, await ExportFlowTests.CodeAsync(refused));
        Assert.Contains("error=\"invalid_dpop_proof\"", refused.Headers.WwwAuthenticate.First(c => c.Scheme == "DPoP").ToString(), StringComparison.Ordinal);

        var kickOff = HolderServer.KickOffRequest(token, scheme: "DPoP");
        kickOff.Headers.Add("DPoP", client.Mint(token));
        var accepted = await Send(kickOff);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Content.Headers.ContentLocation!;

        var poll = HolderServer.Get(location.ToString(), token, "DPoP");
        client.Method = "GET";
        client.Url = location;
        poll.Headers.Add("DPoP", client.Mint(token));
        Assert.True((await Send(poll)).StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK);

        var otherKey = new DPoPProofBuilder(TimeProvider.System) { Method = "GET", Url = location };
        var stolen = HolderServer.Get(location.ToString(), token, "DPoP");
        stolen.Headers.Add("DPoP", otherKey.Mint(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(stolen)).StatusCode);
    }

    [Fact]
    public async Task Another_clients_or_persons_export_is_404_and_owners_get_one_unfinished_export_at_a_time()
    {
        _server.Source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = _server.Tokens().Mint();
        var location = await _server.StartExportAsync(token);
        foreach (var stranger in new[] { _server.Tokens(subject: "someone-else").Mint(), _server.Tokens(client: "platform-2").Mint(), _server.Tokens(consentId: "consent-2").Mint() })
        {
            var response = await Send(HolderServer.Get(location, stranger));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(AspNetCoreErrorCodes.ExportNotFound, await ExportFlowTests.CodeAsync(response));
            Assert.Equal(HttpStatusCode.NotFound, (await Send(new HttpRequestMessage(HttpMethod.Delete, location) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", stranger) } })).StatusCode);
        }

        var second = await Send(HolderServer.KickOffRequest(token, """{"doctypes":["io.cozy.bills"]}"""));
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(AspNetCoreErrorCodes.TooManyExports, await ExportFlowTests.CodeAsync(second));
        Assert.Equal(HttpStatusCode.Accepted, (await Send(HolderServer.KickOffRequest(_server.Tokens(subject: "someone-else").Mint()))).StatusCode);
        _server.Source.Gate.SetResult();
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_export_and_another_body_under_it_is_refused()
    {
        var token = _server.Tokens().Mint();
        HttpRequestMessage Keyed(string? body = null)
        {
            var request = body is null ? HolderServer.KickOffRequest(token) : HolderServer.KickOffRequest(token, body);
            request.Headers.Add("Idempotency-Key", "retry-7");
            return request;
        }

        var first = await Send(Keyed());
        var again = await Send(Keyed());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.Content.Headers.ContentLocation, again.Content.Headers.ContentLocation);
        var other = await Send(Keyed("""{"doctypes":["io.cozy.bills"]}"""));
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
    }

    [Fact]
    public async Task Listing_pages_the_callers_own_exports_with_a_link_to_the_next_page()
    {
        await using var server = await HolderServer.StartAsync(o => { o.PageSize = 2; o.MaxUnfinishedExportsPerOwner = 10; });
        var token = server.Tokens().Mint();
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add(await server.StartExportAsync(token));
        }

        await server.StartExportAsync(server.Tokens(subject: "someone-else").Mint());
        var seen = new List<string>();
        var url = "/selfdata/exports";
        while (url is not null)
        {
            var page = await server.Http.SendAsync(HolderServer.Get(url, token));
            using var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
            seen.AddRange(body.RootElement.GetProperty("exports").EnumerateArray().Select(e => e.GetProperty("url").GetString()!));
            url = page.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.Equal(mine, seen);
    }

    [Fact]
    public async Task Start_up_fails_when_a_needed_service_or_option_is_missing()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => HolderServer.StartAsync(o => o.RetryAfter = TimeSpan.Zero));
        Assert.Contains(error.Failures, f => f.StartsWith(AspNetCoreErrorCodes.InvalidOptions, StringComparison.Ordinal) && f.Contains("RetryAfter", StringComparison.Ordinal));
        var replay = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => HolderServer.StartAsync(consent: o => o.RejectReplayedTokens = true));
        Assert.Contains(replay.Failures, f => f.Contains("RejectReplayedTokens", StringComparison.Ordinal));
    }
}

public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_job_store_that_cannot_be_used_gives_503_with_its_code()
    {
        await using var server = await HolderServer.StartAsync();
        var token = server.Tokens().Mint();
        var location = await server.StartExportAsync(token);
        await server.PollAsync(location, token);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = Path.Combine(server.Directory, "jobs.sqlite");
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        File.Delete(database);
        Directory.CreateDirectory(database);
        var response = await server.Http.SendAsync(HolderServer.Get(location, token));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(AspNetCoreErrorCodes.ServiceUnavailable, await ExportFlowTests.CodeAsync(response));
        Assert.NotNull(response.Headers.RetryAfter);
        Directory.Delete(database);
    }
}
