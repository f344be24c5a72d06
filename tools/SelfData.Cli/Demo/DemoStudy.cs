using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Energy;
using SelfData.Portability.Mapping;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Catalogue;
using SelfData.Territory.Contributions;
using SelfData.Territory.Geography;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;
using SelfData.Testing;

namespace SelfData.Cli.Demo;

/// <summary>What the demo's territorial study did.</summary>
internal sealed record StudySummary(int Residents, int Contributors, int Contributions, int IrisCells, int Published, int Suppressed, int GridCells, string Folder);

/// <summary>
/// The demo's territorial study: residents who consent (four in five, by the seed) contribute their monthly electricity
/// and water, derived from their own Ecolyo exports, by IRIS; the city releases the tables under the residential energy
/// secrecy rule (k = 10), audited, with a ledger, and a map of electricity by 2 km grid cell, and publishes its catalogue.
/// </summary>
/// <remarks>
/// The demo territory has no IRIS polygons: each home gets a synthetic IRIS of its arrondissement (the commune of its
/// postcode, 69381–69389, then 01 and one of two sub-areas by latitude). Everything else is the SDK as a city would use it.
/// </remarks>
internal static class DemoStudy
{
    public const string Purpose = "urn:selfdata:study:lyon-energy-water";
    public const string Folder = "territory";

    public static async Task<StudySummary> RunAsync(DemoTerritory territory, DirectoryInfo outDir, TimeProvider clock, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(outDir.FullName, Folder));
        var last = territory.End.AddYears(-1);
        var study = new Study
        {
            Id = "lyon-energy-water-" + last.Year.ToString(CultureInfo.InvariantCulture),
            Purpose = Purpose,
            Title = "Énergie et eau des Lyonnais, " + last.Year.ToString(CultureInfo.InvariantCulture),
            From = last,
            To = territory.End,
            Measures =
            [
                StudyMeasure.FromConsumption("electricity", ElectricityDoctypes.EcolyoDay, "load (kWh)", "Wh", 1000m),
                StudyMeasure.FromConsumption("water", WaterDoctypes.EcolyoDay, "load (L)", "L"),
            ],
            Secret = [.. System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("demo study secret " + territory.Seed.ToString(CultureInfo.InvariantCulture)))],
            Controller = new PiiController { Name = "Métropole de Lyon", Contact = "Délégué à la protection des données", Address = new PostalAddress { StreetAddress = "20 rue du Lac", PostalCode = "69003", AddressLocality = "Lyon", AddressCountry = "FR" }, Email = "dpo@grandlyon.example", Phone = "+33 4 00 00 00 00" },
            PolicyUrl = "https://grandlyon.example/etudes/energie-eau",
        };

        // The city's authorization server issues the residents' consents; the city validates them like any holder.
        var consentBuilder = new AccessTokenBuilder(clock, TestKeys.Ecdsa("demo-city-as")) { Issuer = "https://consent.grandlyon.example", Audience = "https://grandlyon.example/etudes", Purpose = Purpose, ConsentId = null };
        consentBuilder.Doctypes.Clear();
        consentBuilder.Doctypes.Add(ElectricityDoctypes.EcolyoDay.Doctype.Name);
        consentBuilder.Doctypes.Add(WaterDoctypes.EcolyoDay.Doctype.Name);
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(consentBuilder.ToTrustedIssuer());
        var validator = new ConsentTokenValidator(options, clock);
        var request = new ExportRequest(new Uri(consentBuilder.Audience), study.Measures.Select(m => m.Doctype)) { Purpose = Purpose };
        var receipts = new ConsentReceiptIssuer(TestKeys.Ecdsa("demo-city-receipts"));

        var residents = Enumerable.Range(1, territory.Residents).Select(id => TerritoryHolders.LoadResident(territory, id)).ToList();
        var homes = residents.ToDictionary(r => r.Id, r => (Iris: Iris(r), Grid: GridCell.FromCoordinates(r.Latitude, r.Longitude, 2000).GetValueOrThrow().Id));
        var months = Enumerable.Range(0, 12).Select(m => study.From.AddMonths(m).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var irisAreas = Hierarchy.IrisCommunes(homes.Values.Select(h => h.Iris)).GetValueOrThrow();
        var gridAreas = Hierarchy.Create(homes.Values.Select(h => h.Grid).Distinct().Order(StringComparer.Ordinal).Select(g => new KeyValuePair<string, string?>(g, "total"))).GetValueOrThrow();
        var periods = Hierarchy.Months(months).GetValueOrThrow();
        var byIris = new Dictionary<string, TableAggregator>(StringComparer.Ordinal) { ["electricity"] = new(irisAreas, periods), ["water"] = new(irisAreas, periods) };
        var byGrid = new TableAggregator(gridAreas, periods);
        var lines = new Dictionary<string, StringBuilder>(StringComparer.Ordinal) { ["electricity"] = new(), ["water"] = new() };
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["electricity"] = 0, ["water"] = 0 };
        var random = new Random(territory.Seed);
        var (contributors, contributions) = (0, 0);
        string? firstReceipt = null;
        foreach (var resident in residents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (random.Next(5) == 0)
            {
                continue; // One resident in five does not take part.
            }

            consentBuilder.Subject = resident.Subject;
            var consent = (await validator.ValidateAccessTokenAsync(consentBuilder.Mint(), request, cancellationToken).ConfigureAwait(false)).GetConsentOrThrow();
            var documents = await ExportAsync(territory, resident, clock, cancellationToken).ConfigureAwait(false);
            var result = StudyContributions.Derive(study, consent, homes[resident.Id].Iris, documents, receipts, clock).GetValueOrThrow();
            firstReceipt ??= result.ReceiptJws;
            contributors++;
            contributions += result.Contributions.Count;
            foreach (var sector in byIris.Keys)
            {
                var mine = result.Contributions.Where(c => c.Sector == sector).ToList();
                counts[sector] += mine.Count;
                byIris[sector].AddContributor(result.Contributions[0].Contributor, mine.Select(c => (c.Area, c.Period, c.Value)));
                foreach (var c in mine)
                {
                    lines[sector].Append(JsonSerializer.Serialize(new { contributor = c.Contributor.ToString(), area = c.Area, period = c.Period, value = c.Value })).Append('\n');
                }

                if (sector == "electricity")
                {
                    byGrid.AddContributor(result.Contributions[0].Contributor, mine.Select(c => (homes[resident.Id].Grid, c.Period, c.Value)));
                }
            }
        }

        var (published, suppressed) = (0, 0);
        var ledger = new InMemoryReleaseLedger();
        foreach (var (sector, aggregator) in byIris)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, sector + ".ndjson"), lines[sector].ToString(), cancellationToken).ConfigureAwait(false);
            var release = (await TableReleaser.ReleaseAsync(aggregator.ToTable(), new ReleaseOptions(SecrecyRules.EnergyResidential), study.Id + "-" + sector, ledger, cancellationToken: cancellationToken).ConfigureAwait(false)).GetValueOrThrow();
            published += release.Cells.Count(c => c.Status == CellStatus.Published);
            suppressed += release.Cells.Count(c => c.Status != CellStatus.Published);
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, sector + "-by-iris.json"), TerritoryCommand.Write(release, SecrecyRules.EnergyResidential, checked((int)aggregator.Contributors), counts[sector], null), cancellationToken).ConfigureAwait(false);
        }

        var grid = (await TableReleaser.ReleaseAsync(byGrid.ToTable(), new ReleaseOptions(SecrecyRules.EnergyResidential), study.Id + "-grid", ledger, cancellationToken: cancellationToken).ConfigureAwait(false)).GetValueOrThrow();
        await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "electricity-by-grid.json"), TerritoryCommand.Write(grid, SecrecyRules.EnergyResidential, checked((int)byGrid.Contributors), counts["electricity"], null), cancellationToken).ConfigureAwait(false);
        if (firstReceipt is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "receipt-example.jws"), firstReceipt, cancellationToken).ConfigureAwait(false);
        }

        await WriteCatalogueAsync(outDir, "fr", cancellationToken).ConfigureAwait(false);
        return new StudySummary(territory.Residents, contributors, contributions, irisAreas.Count * periods.Count, published, suppressed, gridAreas.Leaves.Length, dir.FullName);
    }

    /// <summary>Writes <c>catalogue.jsonld</c> and <c>catalogue.html</c>, with the map of the grid release when the study has run.</summary>
    public static async Task<(string JsonLd, string Html, int MapCells)> WriteCatalogueAsync(DirectoryInfo outDir, string language, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateDirectory(Path.Combine(outDir.FullName, Folder));
        var catalogue = DemoCatalogue.Lyon;
        CatalogueMap? map = null;
        var gridFile = Path.Combine(dir.FullName, "electricity-by-grid.json");
        if (File.Exists(gridFile))
        {
            var release = JsonNode(await File.ReadAllTextAsync(gridFile, cancellationToken).ConfigureAwait(false));
            var year = release.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("period").GetString()!).Where(p => p.Length == 4).Max(StringComparer.Ordinal);
            var cells = release.GetProperty("cells").EnumerateArray()
                .Where(c => c.GetProperty("period").GetString() == year && c.GetProperty("area").GetString()!.StartsWith("CRS", StringComparison.Ordinal))
                .Select(c => new MapCell(GridCell.Parse(c.GetProperty("area").GetString()).GetValueOrThrow(), c.GetProperty("status").GetString()!, c.TryGetProperty("value", out var v) ? (Int128)v.GetInt64() : null))
                .ToList();
            map = new CatalogueMap(language == "fr" ? $"Électricité consommée en {year}, par carreau de 2 km" : $"Electricity used in {year}, by 2 km grid cell", "MWh", 1_000_000, cells);
        }

        var jsonLd = Path.Combine(dir.FullName, "catalogue.jsonld");
        var html = Path.Combine(dir.FullName, "catalogue.html");
        await File.WriteAllBytesAsync(jsonLd, CatalogueWriter.ToJsonLd(catalogue), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(html, CatalogueWriter.ToHtml(catalogue, map, language), cancellationToken).ConfigureAwait(false);
        return (jsonLd, html, map?.Cells.Count ?? 0);
    }

    private static JsonElement JsonNode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A synthetic IRIS: the arrondissement of the postcode (69001 → 69381), then 01 and a sub-area by latitude.</summary>
    private static string Iris(Resident resident)
    {
        var arrondissement = resident.Postcode[^1];
        var band = (int)Math.Floor(resident.Latitude * 400) % 2;
        return "6938" + arrondissement + "01" + (band + 1).ToString("00", CultureInfo.InvariantCulture);
    }

    private static async Task<List<(Doctype, JsonElement)>> ExportAsync(DemoTerritory territory, Resident resident, TimeProvider clock, CancellationToken cancellationToken)
    {
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("eau-du-grand-lyon", "com.grandlyon", "Eau du Grand Lyon"), Profile = ExportProfile.Cozy }, clock)
            .ForSubject(new SubjectId(resident.Subject))
            .Add(ElectricityDoctypes.EcolyoDay, TerritoryHolders.ElectricityDays(territory, resident))
            .Add(WaterDoctypes.EcolyoDay, TerritoryHolders.WaterDays(territory, resident))
            .Build();
        var sink = new CollectingSink();
        await export.WriteAsync(sink, cancellationToken).ConfigureAwait(false);
        return sink.Documents;
    }

    private sealed class CollectingSink : IDocumentSink
    {
        public List<(Doctype, JsonElement)> Documents { get; } = [];

        public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            using var parsed = JsonDocument.Parse(document.Json);
            Documents.Add((document.Doctype, parsed.RootElement.Clone()));
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The demo city's datablitz: the eight holders of the demo territory, described as the MesInfos pilot catalogued them.</summary>
internal static class DemoCatalogue
{
    private static CatalogueEntry Entry(string id, string holder, string title, string description, string category, string typology, string resolution, string frequency, string history, int ease, ImmutableArray<string> doctypes, string legal, ImmutableArray<string> themes = default, int? metres = null) => new()
    {
        Id = id, Holder = holder, Title = title, Description = description, Category = category, Typology = typology, Coverage = "69123",
        TemporalResolution = resolution, UpdateFrequency = frequency, HistoryDepth = history, AccessChannels = ["portability-export", "api"], AccessEase = ease,
        Doctypes = doctypes, LegalBasis = legal, Contributable = !themes.IsDefaultOrEmpty, Themes = themes.IsDefault ? [] : themes,
        SecrecyProfile = themes.IsDefaultOrEmpty ? null : "EnergyResidential", SpatialResolutionInMeters = metres,
    };

    public static TerritoryCatalogue Lyon { get; } = new("69123", "Données personnelles sur le territoire de Lyon", "Métropole de Lyon",
    [
        Entry("enedis-electricity", "Enedis", "Consommation d'électricité (Linky)", "Courbe de charge à la demi-heure, énergie et puissance maximale par jour, du compteur Linky de votre logement.", "pd:ServiceConsumptionBehavior", "Domicile", "PT30M", "P1D", "P3Y", 3, ["fr.enedis.api.meteringdata.loadcurve", "fr.enedis.api.meteringdata.energy", "com.grandlyon.enedis.day"], "dpv:LegalObligation", ["energy"]),
        Entry("edf-contract-bills", "EDF", "Contrat, factures et relevés", "Votre contrat de fourniture, vos factures et vos relevés de consommation.", "pd:Financial", "Finance", "P1M", "P1M", "P5Y", 2, ["org.fing.mesinfos.contract", "io.cozy.bills", "org.fing.mesinfos.consumptionstatement"], "dpv:Contract"),
        Entry("grdf-gas", "GRDF", "Consommation de gaz (Gazpar)", "Votre consommation de gaz par jour et par mois, en kWh et en m³.", "pd:ServiceConsumptionBehavior", "Domicile", "P1D", "P1D", "P3Y", 3, ["org.fing.mesinfos.consumptionstatement", "com.grandlyon.grdf.day"], "dpv:LegalObligation", ["energy"]),
        Entry("egl-water", "Eau du Grand Lyon", "Consommation d'eau", "Les litres d'eau consommés par jour par votre logement.", "pd:ServiceConsumptionBehavior", "Domicile", "P1D", "P1D", "P3Y", 3, ["com.grandlyon.egl.day"], "dpv:Contract", ["water"]),
        Entry("orange-telecom", "Orange", "Appels, SMS et position", "Votre journal d'appels et de SMS, et la position de votre mobile.", "pd:CallLog", "Communication", "PT30M", "P1M", "P1Y", 2, ["fr.orange.phonecommunicationlog", "fr.orange.geopoint"], "dpv:Contract"),
        Entry("bank-operations", "Banque Lyonnaise", "Comptes et opérations", "Vos comptes et vos opérations bancaires.", "pd:Transaction", "Finance", "P1D", "P1D", "P5Y", 3, ["io.cozy.bank.accounts", "io.cozy.bank.operations"], "dpv:Contract"),
        Entry("maif-insurance", "MAIF", "Contrats et sinistres", "Votre foyer, vos contrats d'assurance, votre logement assuré et vos sinistres.", "pd:Insurance", "Finance", "P1Y", "P1Y", "P10Y", 2, ["fr.maif.maifuser.contrat", "fr.maif.maifuser.foyer", "fr.maif.maifuser.sinistre"], "dpv:Contract"),
        Entry("tcl-trips", "TCL", "Trajets", "Vos trajets sur le réseau, avec leur tracé.", "pd:TravelHistory", "Déplacement", "PT1M", "P1D", "P1Y", 1, ["io.cozy.timeseries.geojson"], "dpv:Contract", ["mobility"], 200),
    ]);
}
