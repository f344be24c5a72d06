using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;

namespace SelfData.AspNetCore.Tests;

/// <summary>
/// A holder's server on a real Kestrel listening on 127.0.0.1 (a free port), with a SQLite job store, a file-system
/// artifact store, an in-memory consent status store and a JSON-lines audit file in a temporary directory.
/// </summary>
internal sealed class HolderServer : IAsyncDisposable
{
    public static readonly Doctype Linky = ElectricityDoctypes.LinkyStatements.Doctype;
    public static readonly Doctype Bills = BillingDoctypes.Bills.Doctype;
    public static readonly SigningKey ArchiveKey = TestKeys.Rsa("holder-2024", JwsAlgorithms.RS256);
    public static readonly SigningKey IssuerKey = TestKeys.Rsa("as-2024", JwsAlgorithms.RS256);

    private readonly WebApplication _app;

    private HolderServer(WebApplication app, string directory, TestDataSource source)
    {
        _app = app;
        Directory = directory;
        Source = source;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public Uri Exports => new(BaseAddress, "/selfdata/exports");

    public HttpClient Http { get; }

    public string Directory { get; }

    public TestDataSource Source { get; }

    public IServiceProvider Services => _app.Services;

    public string AuditFile => Path.Combine(Directory, "audit.jsonl");

    public static async Task<HolderServer> StartAsync(Action<PortabilityEndpointOptions>? configure = null, string? directory = null, TestDataSource? source = null, Action<ConsentTokenValidatorOptions>? consent = null, bool openApi = false, IExportJobStore? jobs = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("selfdata-holder-").FullName;
        source ??= new TestDataSource();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (jobs is not null)
        {
            // Registered first, the given store wins over the SQLite one below (a farm's shared store).
            builder.Services.AddSingleton(jobs);
        }

        builder.Services.AddSelfData(selfData => selfData
            .AddPortability(o => o.Holder = new HolderId("enedis", "fr.enedis", "Enedis"))
            .AddPortabilityArchives(o => o.SigningKey = ArchiveKey)
            .AddConsentValidation(o =>
            {
                o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(IssuerKey.VerificationKey)));
                o.DatasetDoctypes["linky"] = Linky;
                consent?.Invoke(o);
            })
            .AddInMemoryConsentStores()
            .AddSqliteExportJobStore($"Data Source={Path.Combine(directory, "jobs.sqlite")};Pooling=False")
            .AddFileSystemExportArtifacts(Path.Combine(directory, "artifacts"))
            .AddExportDataSource(source)
            .AddJsonLinesPortabilityAudit(Path.Combine(directory, "audit.jsonl"))
            .AddPortabilityEndpoints(o =>
            {
                o.RetryAfter = TimeSpan.FromSeconds(1);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.LeaseDuration = TimeSpan.FromSeconds(3);
                configure?.Invoke(o);
            }));
#if NET10_0_OR_GREATER
        if (openApi)
        {
            builder.Services.AddOpenApi();
        }
#endif
        var app = builder.Build();
        app.MapSelfDataPortability("/selfdata");
#if NET10_0_OR_GREATER
        if (openApi)
        {
            app.MapOpenApi();
        }
#endif
        await app.StartAsync();
        return new HolderServer(app, directory, source);
    }

    /// <summary>A token builder for this server's exports endpoint: subject, client and consent as given.</summary>
    public AccessTokenBuilder Tokens(string subject = TestDataSource.Resident, string client = "platform-1", string? consentId = "consent-1", params Doctype[] doctypes)
    {
        var builder = new AccessTokenBuilder(TimeProvider.System, IssuerKey) { Audience = Exports.ToString(), Subject = subject, ClientId = client, ConsentId = consentId };
        builder.Doctypes.Clear();
        foreach (var d in doctypes.Length == 0 ? [Linky, Bills] : doctypes)
        {
            builder.Doctypes.Add(d.Name);
        }

        return builder;
    }

    public static HttpRequestMessage KickOffRequest(string token, string body = """{"doctypes":["org.fing.mesinfos.consumptionstatement","io.cozy.bills"]}""", string scheme = "Bearer")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/selfdata/exports") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    public static HttpRequestMessage Get(string url, string token, string scheme = "Bearer")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        return request;
    }

    /// <summary>Polls a status URL as a well-behaved client does — waiting each Retry-After, also after a 429 — until it is neither 202 nor 429.</summary>
    public async Task<HttpResponseMessage> PollAsync(string url, string token, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await Http.SendAsync(Get(url, token));
            if (response.StatusCode is not (System.Net.HttpStatusCode.Accepted or System.Net.HttpStatusCode.TooManyRequests) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    public async Task<string> StartExportAsync(string token, string? body = null)
    {
        var response = await Http.SendAsync(body is null ? KickOffRequest(token) : KickOffRequest(token, body));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return response.Content.Headers.ContentLocation?.ToString() ?? response.Headers.GetValues("Content-Location").Single();
    }

    public async Task StopAsync() => await _app.StopAsync();

    /// <summary>Gets or sets a value indicating whether disposing leaves the directory (for a server restarted on the same stores).</summary>
    public bool KeepDirectory { get; set; }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepDirectory && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>One resident's data: a month of Linky half-hours and three bills; optionally held until released, to catch a job while it runs.</summary>
internal sealed class TestDataSource : IExportDataSource
{
    public const string Resident = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

    public TaskCompletionSource Gate { get; set; } = CompletedGate();

    public int Days { get; set; } = 31;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<Doctype> Doctypes => [HolderServer.Linky, HolderServer.Bills];

    public ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
    {
        if (context.IsRequested(HolderServer.Linky))
        {
            context.Builder.Add(ElectricityDoctypes.LinkyStatements, Readings(cancellationToken));
        }

        if (context.IsRequested(HolderServer.Bills))
        {
            context.Builder.Add(BillingDoctypes.Bills, Enumerable.Range(1, 3).Select(m => new Bill { Vendor = "EDF", Date = Start.AddMonths(m), Amount = new Money(40 + m, "EUR"), VendorRef = "INV-" + m }));
        }

        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<LoadCurveReading> Readings([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < Days * 48; i++)
        {
            if (i == 48)
            {
                Entered.TrySetResult();
                await Gate.Task.WaitAsync(cancellationToken);
            }

            yield return new LoadCurveReading("12345678901234", Start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(300 + (i % 48 * 25), Unit.Watt));
        }
    }

    public static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
