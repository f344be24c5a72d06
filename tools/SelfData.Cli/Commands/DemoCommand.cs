using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using SelfData.Cli.Demo;
using SelfData.Conformance;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using Spectre.Console;

namespace SelfData.Cli;

/// <summary>
/// <c>selfdata demo</c>: the SDK's main job on a synthetic territory — every holder exports one resident's data in both
/// profiles and both layouts, as signed archives, verified with the holder's published keys.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder.", DefaultValueFactory = _ => new DirectoryInfo("selfdata-demo") };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic territory: the same seed gives the same documents.", DefaultValueFactory = _ => 42 };
        var years = new Option<int>("--years") { Description = "Years of data per resident (1 to 10).", DefaultValueFactory = _ => 1 };
        var residents = new Option<int>("--residents") { Description = "Number of residents in the territory.", DefaultValueFactory = _ => 300 };
        var resident = new Option<int>("--resident") { Description = "The resident whose data is exported.", DefaultValueFactory = _ => 1 };
        var now = new Option<string?>("--now") { Description = "Fix the clock (RFC 3339, e.g. 2024-03-01T12:00:00Z) for reproducible output." };
        var lang = new Option<string>("--lang") { Description = "The language of each archive's index.html: en or fr.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "fr");
        var output = CommonOptions.Output();
        var command = new Command("demo", "Build a synthetic territory in SQLite; for one resident, each of eight holders validates the MyData consent, exports as signed archives in both profiles and layouts, verifies them and checks them against the published schemas, and issues a consent receipt.")
        {
            outDir, seed, years, residents, resident, now, lang, output,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, console => RunAsync(
            console,
            parse.GetValue(outDir)!,
            parse.GetValue(seed),
            parse.GetValue(years),
            parse.GetValue(residents),
            parse.GetValue(resident),
            parse.GetValue(now),
            parse.GetValue(lang) == "fr" ? IndexPageLanguage.French : IndexPageLanguage.English,
            cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput console, DirectoryInfo outDir, int seed, int years, int residentCount, int residentId, string? now, IndexPageLanguage language, CancellationToken cancellationToken)
    {
        if (years is < 1 or > 10)
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, "--years must be between 1 and 10.");
        }

        if (residentCount is < 1 or > 5000)
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, "--residents must be between 1 and 5000.");
        }

        TimeProvider clock = TimeProvider.System;
        if (now is not null)
        {
            var parsed = Rfc3339.Parse(now);
            clock = parsed.Success ? new FixedClock(parsed.Value) : throw new CliException(CliErrorCodes.InvalidOptionValue, "--now: " + parsed.Error!.Message);
        }

        Directory.CreateDirectory(outDir.FullName);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var territory = DemoTerritory.CreateOrReuse(Path.Combine(outDir.FullName, "territory.sqlite"), seed, years, residentCount, new Progress<string>(step => console.Line("  generated " + step)));
        console.Line(territory.Reused
            ? $"Reusing the territory in {territory.Path} ({residentCount} residents, {years} year(s), seed {seed})."
            : $"Created the territory in {territory.Path} ({residentCount} residents, {years} year(s), seed {seed}) in {started.Elapsed.TotalSeconds:0.0} s.");
        var person = TerritoryHolders.LoadResident(territory, residentId);
        console.Line($"Exporting resident {person.Id} ({person.Subject}) from {TerritoryHolders.All.Count} holders…");

        var rows = new List<HolderSummary>();
        if (console.Console is { } terminal)
        {
            // On a terminal, a progress bar; redirected, one plain line per holder.
            await terminal.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("holders", maxValue: TerritoryHolders.All.Count);
                foreach (var holder in TerritoryHolders.All)
                {
                    task.Description = Markup.Escape(holder.Id.DisplayName);
                    rows.Add(await ExportHolderAsync(holder, territory, person, outDir, clock, language, cancellationToken).ConfigureAwait(false));
                    task.Increment(1);
                }
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var holder in TerritoryHolders.All)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Add(await ExportHolderAsync(holder, territory, person, outDir, clock, language, cancellationToken).ConfigureAwait(false));
                console.Line($"  {holder.Id.DisplayName}: consent {rows[^1].Consent}, {rows[^1].Documents} documents, {rows[^1].Archives} archives, {(rows[^1].Verified ? "signed, verified and conforming" : "NOT VERIFIED OR NOT CONFORMING")}, receipt issued");
            }
        }

        var valid = rows.All(r => r.Verified);
        var study = await DemoStudy.RunAsync(territory, outDir, clock, cancellationToken).ConfigureAwait(false);
        if (!console.Json)
        {
            console.Line($"Territorial study: {study.Contributors} of {study.Residents} residents consented and contributed {study.Contributions:N0} monthly values (electricity, water) by IRIS; the city released {study.Published} cells and withheld {study.Suppressed} under secrecy (k = 10), audited; map of {study.GridCells} grid cells and the catalogue in {Path.GetRelativePath(Environment.CurrentDirectory, study.Folder)}.");
        }

        if (console.Json)
        {
            console.WriteJson(new
            {
                valid,
                territory = territory.Path,
                resident = person.Subject,
                holders = rows.Select(r => new { id = r.Holder, sector = r.Sector, consent = r.Consent, datasets = r.Datasets, documents = r.Documents, archives = r.Archives, verified = r.Verified, folder = r.Folder }),
                study = new { residents = study.Residents, contributors = study.Contributors, contributions = study.Contributions, published = study.Published, suppressed = study.Suppressed, gridCells = study.GridCells, folder = study.Folder },
            });
        }
        else
        {
            console.Table(
                $"Resident {person.Id}: {rows.Sum(r => r.Documents):N0} documents in {rows.Sum(r => r.Archives)} signed archives ({started.Elapsed.TotalSeconds:0.0} s)",
                ["holder", "sector", "consent", "datasets", "documents", "archives", "verified and conforming", "folder"],
                rows.Select(r => (IReadOnlyList<string>)[r.Holder, r.Sector, r.Consent, r.Datasets.ToString(CultureInfo.InvariantCulture), r.Documents.ToString("N0", CultureInfo.InvariantCulture), r.Archives.ToString(CultureInfo.InvariantCulture), r.Verified ? "yes" : "NO", r.Folder]));
            var shown = Path.GetRelativePath(Environment.CurrentDirectory, outDir.FullName);
            var archive = Path.Combine(shown, "enedis", ArchiveName("enedis", ExportProfile.Cozy, ArchiveLayout.Ndjson));
            console.Line($"Open {archive} and read its index.html. Check it with the holder's published keys:");
            console.Line($"  dotnet run --project tools/SelfData.Cli -- verify {archive} --keys {Path.Combine(shown, "enedis", "jwks.json")}");
            console.Line($"  (or, with the tool installed: selfdata verify {archive} --keys {Path.Combine(shown, "enedis", "jwks.json")})");
        }

        return valid ? ExitCodes.Success : ExitCodes.Invalid;
    }

    /// <summary>Names a demo archive: <c>enedis-cozy.ndjson.zip</c>, <c>enedis-mesinfos.cozy-move.zip</c>.</summary>
    internal static string ArchiveName(string holder, ExportProfile profile, ArchiveLayout layout) =>
        $"{holder}-{(profile == ExportProfile.Cozy ? "cozy" : "mesinfos")}.{(layout == ArchiveLayout.Ndjson ? "ndjson" : "cozy-move")}.zip";

    private static async Task<HolderSummary> ExportHolderAsync(TerritoryHolder holder, DemoTerritory territory, Resident person, DirectoryInfo outDir, TimeProvider clock, IndexPageLanguage language, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(outDir.FullName, holder.Id.Id));
        using var key = LoadOrCreateKey(outDir, holder.Id.Id);
        var holderKey = key;
        var trusted = new VerificationKeySet([key.VerificationKey]);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "jwks.json"), trusted.ToJson(), cancellationToken).ConfigureAwait(false);

        // Before releasing anything, the holder validates the person's consent for exactly these doctypes.
        var doctypes = holder.AddData(territory, person, new HolderSink(new PortabilityExportBuilder(new PortabilityOptions { Holder = holder.Id }, clock).ForSubject(new SubjectId(person.Subject)))).Builder.Build().Datasets.Select(d => d.Doctype).ToList();
        var consent = await DemoConsent.RunAsync(holder, person, doctypes, holderKey, clock, folder.FullName, cancellationToken).ConfigureAwait(false);
        if (!consent.Valid)
        {
            return new HolderSummary(holder.Id.Id, holder.Sector, 0, 0, 0, false, folder.FullName, consent.ErrorCode ?? "rejected");
        }

        long documents = 0;
        long conforming = 0;
        long checkedDocuments = 0;
        var datasets = 0;
        var archives = 0;
        var verified = true;
        foreach (var profile in new[] { ExportProfile.Cozy, ExportProfile.MesInfos })
        {
            foreach (var layout in new[] { ArchiveLayout.Ndjson, ArchiveLayout.CozyMove })
            {
                var options = new PortabilityOptions { Holder = holder.Id, Profile = profile, CreatedByApp = holder.Id.Id + "-selfdata", CreatedByAppVersion = "1.0.0", SourceAccountIdentifier = person.Email };
                var builder = new PortabilityExportBuilder(options, clock).ForSubject(new SubjectId(person.Subject));
                var export = holder.AddData(territory, person, new HolderSink(builder)).Builder.Build();
                var name = ArchiveName(holder.Id.Id, profile, layout);
                var path = Path.Combine(folder.FullName, name);
                var writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = key, Layout = layout, IndexLanguage = language });
                var result = await writer.WriteAsync(export, path, cancellationToken).ConfigureAwait(false);
                var stream = File.OpenRead(path);
                await using (stream.ConfigureAwait(false))
                {
                    // Signature, checksums and counts, then every document against its published schema at the strict level.
                    var check = await StrictValidator(profile).ValidateArchiveAsync(stream, trusted, cancellationToken: cancellationToken).ConfigureAwait(false);
                    verified &= check.IsValid && check.ArchiveVerification is { IsValid: true };
                    conforming += check.ValidDocuments;
                    checkedDocuments += check.Documents;
                }

                archives++;
                datasets = result.Datasets.Count;
                documents = result.Datasets.Sum(d => d.Documents);
            }
        }

        // The receipt conforms to the published Kantara receipt schema.
        var receipt = StrictValidator(ExportProfile.Cozy).ValidateSelfData(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "consent-receipt.json"), cancellationToken).ConfigureAwait(false), SelfDataSchema.ConsentReceipt);
        verified &= receipt.IsValid && conforming == checkedDocuments;
        return new HolderSummary(holder.Id.Id, holder.Sector, datasets, documents, archives, verified, folder.FullName, consent.ConsentId);
    }

    private static SchemaConformanceValidator StrictValidator(ExportProfile profile) =>
        profile == ExportProfile.Cozy ? CozyValidator.Value : MesInfosValidator.Value;

    private static readonly Lazy<SchemaConformanceValidator> CozyValidator = new(() => new(new SchemaConformanceValidatorOptions { Profile = ExportProfile.Cozy, Level = ConformanceLevel.Strict }));

    private static readonly Lazy<SchemaConformanceValidator> MesInfosValidator = new(() => new(new SchemaConformanceValidatorOptions { Profile = ExportProfile.MesInfos, Level = ConformanceLevel.Strict }));

    /// <summary>The holder's one demo key, kept in the output folder so reruns publish the same JWKS: it signs archives and consent receipts.</summary>
    internal static SigningKey LoadOrCreateKey(DirectoryInfo outDir, string holder)
    {
        var keys = Directory.CreateDirectory(Path.Combine(outDir.FullName, ".keys"));
        var file = Path.Combine(keys.FullName, holder + ".pem");
        if (!File.Exists(file))
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(file, created.ExportPkcs8PrivateKeyPem());
        }

        var pem = File.ReadAllText(file);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return SigningKey.FromECDsa(holder + "-demo-" + Thumbprint(ecdsa), ecdsa);
    }

    private static string Thumbprint(ECDsa key) =>
        Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..8].ToLowerInvariant();

    private sealed record HolderSummary(string Holder, string Sector, int Datasets, long Documents, int Archives, bool Verified, string Folder, string Consent);
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
