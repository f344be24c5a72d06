using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SelfData.AspNetCore;
using SelfData.Cli.Demo;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Portability;
using SelfData.Portability.Jobs;

namespace SelfData.Cli;

/// <summary><c>selfdata serve</c>: one holder of a demo folder as a running portability service.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var demo = new Option<DirectoryInfo>("--demo") { Description = "A folder written by 'selfdata demo' (its territory.sqlite is the holder's data).", Required = true };
        var holder = new Option<string>("--holder") { Description = "The holder to serve: " + string.Join(", ", TerritoryHolders.All.Select(h => h.Id.Id)) + ".", Required = true };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var issuer = new Option<string>("--issuer") { Description = "The authorization server whose access tokens are trusted (iss).", Required = true };
        var issuerKeys = new Option<FileInfo>("--issuer-keys") { Description = "The authorization server's public keys (JWKS file).", Required = true };
        var audience = new Option<string?>("--audience") { Description = "The audience tokens must carry; default: this server's exports URL." };
        var command = new Command("serve", "Serve one holder of a demo folder over HTTP: discovery, export kick-off under an access token (Bearer or DPoP), status, signed archives and NDJSON downloads. Stores live in DIR/<holder>/server/. Stop with Ctrl+C.")
        {
            demo, holder, urls, issuer, issuerKeys, audience,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, null, async console =>
        {
            var folder = parse.GetValue(demo)!;
            var territoryPath = Path.Combine(folder.FullName, "territory.sqlite");
            if (!File.Exists(territoryPath))
            {
                throw new CliException(CliErrorCodes.FileUnreadable, $"{territoryPath} does not exist: run 'selfdata demo --out {folder.FullName}' first.");
            }

            var served = TerritoryHolders.All.SingleOrDefault(h => h.Id.Id == parse.GetValue(holder))
                ?? throw new CliException(CliErrorCodes.InvalidOptionValue, $"--holder: one of {string.Join(", ", TerritoryHolders.All.Select(h => h.Id.Id))}.");
            var listen = parse.GetValue(urls)!;
            if (!Uri.TryCreate(listen.Split(';')[0], UriKind.Absolute, out _))
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--urls is an absolute URL such as http://127.0.0.1:5080.");
            }

            var audienceValue = parse.GetValue(audience);
            if (audienceValue is not null && !Uri.TryCreate(audienceValue, UriKind.Absolute, out _))
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--audience is an absolute URL.");
            }

            var trusted = Keys.Load(parse.GetValue(issuerKeys)!);
            var territory = DemoTerritory.OpenExisting(territoryPath);
            var server = Directory.CreateDirectory(Path.Combine(folder.FullName, served.Id.Id, "server"));
            using var signingKey = DemoCommand.LoadOrCreateKey(folder, served.Id.Id);
            var source = new DemoDataSource(territory, served);

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(listen);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSelfData(selfData => selfData
                .AddPortability(o => { o.Holder = served.Id; o.CreatedByApp = served.Id.Id + "-selfdata"; o.CreatedByAppVersion = "1.0.0"; })
                .AddPortabilityArchives(o => o.SigningKey = signingKey)
                .AddConsentValidation(o =>
                {
                    o.AccessTokenIssuers.Add(new TrustedIssuer(parse.GetValue(issuer)!, KeySource.FromKeySet(trusted)));
                    if (audienceValue is not null)
                    {
                        o.Audiences.Add(audienceValue);
                    }
                })
                .AddSqliteConsentStores(Sqlite(Path.Combine(server.FullName, "consent-status.sqlite")))
                .AddSqliteExportJobStore(Sqlite(Path.Combine(server.FullName, "jobs.sqlite")))
                .AddFileSystemExportArtifacts(Path.Combine(server.FullName, "artifacts"))
                .AddExportDataSource(source)
                .AddJsonLinesPortabilityAudit(Path.Combine(server.FullName, "audit.jsonl"))
                .AddPortabilityEndpoints());
            var app = builder.Build();
            await using var disposeApp = app.ConfigureAwait(false);
            app.MapSelfDataPortability("/selfdata");
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (var address in app.Urls)
            {
                console.Line($"{served.Id.DisplayName} serves its exports at {address.TrimEnd('/')}/selfdata/exports (discovery: {address.TrimEnd('/')}/.well-known/selfdata)");
            }

            console.Line($"doctypes: {string.Join(", ", source.Doctypes.Select(d => d.Name))}");
            console.Line($"stores: {server.FullName}; stop with Ctrl+C");
            try
            {
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly below.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            console.Line("stopped");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Sqlite(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();
}
