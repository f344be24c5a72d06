// A water utility's portability service in one file: a minimal-API host of the SelfData.AspNetCore endpoints with its
// own data source. Run without arguments, it also plays the authorization server and a resident's platform: it mints
// a token, requests an export, polls, downloads and verifies the signed archive, then stops (CI runs it so).
// Run with --serve to keep it listening. docs/endpoints.md quotes its regions.
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SelfData.AspNetCore;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Testing;

var serve = args.Contains("--serve");
var data = Directory.CreateTempSubdirectory("selfdata-holder-sample-").FullName;
using var authorizationServerKey = SigningKey.CreateRsa("as-2024");
using var archiveKey = SigningKey.CreateEcdsa("eau-2024");

// #region host
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.SetMinimumLevel(serve ? LogLevel.Information : LogLevel.Warning);
builder.Services.AddSelfData(selfData => selfData
    .AddPortability(o => o.Holder = new HolderId("eau-du-grand-lyon", "fr.eaudugrandlyon", "Eau du Grand Lyon"))
    .AddPortabilityArchives(o => o.SigningKey = archiveKey)
    .AddConsentValidation(o => o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(authorizationServerKey.VerificationKey))))
    .AddSqliteConsentStores($"Data Source={Path.Combine(data, "consent-status.sqlite")}")
    .AddSqliteExportJobStore($"Data Source={Path.Combine(data, "jobs.sqlite")}")
    .AddFileSystemExportArtifacts(Path.Combine(data, "artifacts"))
    .AddExportDataSource<WaterMeterSource>()
    .AddJsonLinesPortabilityAudit(Path.Combine(data, "audit.jsonl"))
    .AddPortabilityEndpoints(o => o.RetryAfter = TimeSpan.FromSeconds(1)));
builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("selfdata", w => { w.PermitLimit = 600; w.Window = TimeSpan.FromMinutes(1); }));

var app = builder.Build();
app.UseRateLimiter();
app.MapSelfDataPortability("/selfdata").RequireRateLimiting("selfdata");
await app.StartAsync();
// #endregion

var baseAddress = new Uri(app.Urls.Single());
Console.WriteLine($"Listening on {baseAddress} (discovery: {new Uri(baseAddress, "/.well-known/selfdata")})");
if (serve)
{
    await app.WaitForShutdownAsync();
    return 0;
}

// #region client
// The resident's platform, holding a token the authorization server issued for this holder's exports endpoint.
var exports = new Uri(baseAddress, "/selfdata/exports");
var tokens = new AccessTokenBuilder(TimeProvider.System, authorizationServerKey) { Audience = exports.ToString(), Subject = WaterMeterSource.Resident, ClientId = "cozy-platform" };
tokens.Doctypes.Clear();
tokens.Doctypes.Add(WaterDoctypes.EcolyoDay.Doctype.Name);
var token = tokens.Mint();

using var http = new HttpClient { BaseAddress = baseAddress };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
using var kickOff = new HttpRequestMessage(HttpMethod.Post, exports)
{
    Content = new StringContent("""{"doctypes":["com.grandlyon.egl.day"],"layout":"ndjson"}""", System.Text.Encoding.UTF8, "application/json"),
};
kickOff.Headers.Add("Prefer", "respond-async");
var accepted = await http.SendAsync(kickOff);
var status = accepted.Content.Headers.ContentLocation ?? throw new InvalidOperationException($"Kick-off refused: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");

HttpResponseMessage poll;
while ((poll = await http.GetAsync(status)).StatusCode == System.Net.HttpStatusCode.Accepted)
{
    Console.WriteLine("progress: " + string.Join(" ", poll.Headers.GetValues("X-Progress")));
    await Task.Delay(poll.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
}

using var manifest = JsonDocument.Parse(await poll.Content.ReadAsStringAsync());
foreach (var output in manifest.RootElement.GetProperty("output").EnumerateArray())
{
    Console.WriteLine($"{output.GetProperty("type").GetString()}: {output.GetProperty("count").GetInt64()} documents, {output.GetProperty("url").GetString()}");
}

var extension = manifest.RootElement.GetProperty("extension");
var archive = await http.GetByteArrayAsync(extension.GetProperty("archive").GetString());
var keys = VerificationKeySet.Parse(await http.GetStringAsync(extension.GetProperty("jwks").GetString())).GetValueOrThrow();
var verification = await PortabilityArchive.VerifyAsync(new MemoryStream(archive), keys);
Console.WriteLine($"archive: {archive.Length} bytes, signature {(verification.IsValid ? "valid" : "INVALID")}");
// #endregion

await app.StopAsync();
await app.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(data, recursive: true);
return verification.IsValid ? 0 : 1;

// #region source
/// <summary>The utility's own data: one daily index per meter, read from its database (here, computed).</summary>
internal sealed class WaterMeterSource : IExportDataSource
{
    public const string Resident = "0f8fad5b-d9cb-469f-a165-70867728950e";

    public IReadOnlyCollection<Doctype> Doctypes => [WaterDoctypes.EcolyoDay.Doctype];

    public ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
    {
        if (context.IsRequested(WaterDoctypes.EcolyoDay.Doctype))
        {
            // Stream the person's rows; an empty sequence when they have none.
            var days = context.Subject.Value == Resident ? 365 : 0;
            context.Builder.Add(WaterDoctypes.EcolyoDay, Enumerable.Range(0, days)
                .Select(d => new EcolyoLoad(new DateTime(2024, 1, 1).AddDays(d), new Quantity(120 + (d % 7 * 15), Unit.Litre))));
        }

        return ValueTask.CompletedTask;
    }
}
// #endregion
