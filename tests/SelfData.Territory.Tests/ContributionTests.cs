using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;
using SelfData.Portability.Mapping;
using SelfData.Portability.Mobility;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Contributions;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Territory.Tests;

public class ContributionTests
{
    private const string Purpose = "urn:selfdata:study:lyon-energy-water-2023";
    private static readonly SigningKey CityKey = TestKeys.Ecdsa("city-receipts");

    internal static Study LyonStudy() => new()
    {
        Id = "lyon-energy-water-2023",
        Purpose = Purpose,
        Title = "Énergie et eau à Lyon, 2023",
        From = new DateOnly(2023, 1, 1),
        To = new DateOnly(2024, 1, 1),
        Measures =
        [
            StudyMeasure.FromConsumption("electricity", ElectricityDoctypes.EcolyoDay, "load (kWh)", "Wh", 1000m),
            StudyMeasure.FromConsumption("water", WaterDoctypes.EcolyoDay, "load (L)", "L"),
        ],
        Secret = [.. Enumerable.Range(100, 32).Select(i => (byte)i)],
        Controller = new PiiController { Name = "Métropole de Lyon", Contact = "DPO", Address = new PostalAddress { AddressLocality = "Lyon", AddressCountry = "FR" }, Email = "dpo@lyon.example", Phone = "+33 4 00 00 00 00" },
        PolicyUrl = "https://lyon.example/etudes/energie-eau",
    };

    private static async Task<ValidatedConsent> ConsentAsync(string purpose, params string[] doctypes)
    {
        var builder = new AccessTokenBuilder(TimeProvider.System, TestKeys.Rsa("as-1")) { Subject = "germaine.dupond", Purpose = purpose };
        builder.Doctypes.Clear();
        foreach (var doctype in doctypes)
        {
            builder.Doctypes.Add(doctype);
        }

        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
        var validator = new ConsentTokenValidator(options);
        var request = new ExportRequest(new Uri(builder.Audience), doctypes.Select(d => new Doctype(d))) { Purpose = purpose };
        var result = await validator.ValidateAccessTokenAsync(builder.Mint(), request);
        return result.GetConsentOrThrow();
    }

    /// <summary>The resident's own export: daily electricity (kWh) and water (L) for 2022-12-30 to 2023-02-02, and their bills.</summary>
    private static async Task<List<(Doctype, JsonElement)>> ExportAsync()
    {
        var days = Enumerable.Range(0, 35).Select(i => new DateTime(2022, 12, 30).AddDays(i)).ToList();
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("metropole", "fr.lyon", "Métropole"), Profile = ExportProfile.Cozy }, new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)))
            .ForSubject(new SubjectId("germaine.dupond"))
            .Add(ElectricityDoctypes.EcolyoDay, days.Select(d => new EcolyoLoad(d, new Quantity(7.5m + (d.Day % 3 * 0.25m), Unit.KilowattHour))))
            .Add(WaterDoctypes.EcolyoDay, days.Select(d => new EcolyoLoad(d, new Quantity(140 + d.Day, Unit.Litre))))
            .Add(ElectricityDoctypes.Statements, [new ConsumptionStatement { ContractNumber = "c1", StatementType = "estimated", StatementCategory = "edelia", StatementReason = "EdeliaMonthlyStatement", Start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2023, 2, 1, 0, 0, 0, TimeSpan.Zero), Value = new Quantity(240, Unit.KilowattHour) }])
            .Build();
        var sink = new Collecting();
        await export.WriteAsync(sink);
        return sink.Documents;
    }

    private sealed class Collecting : IDocumentSink
    {
        public List<(Doctype, JsonElement)> Documents { get; } = [];

        public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            Documents.Add((document.Doctype, JsonDocument.Parse(document.Json).RootElement.Clone()));
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_resident_under_a_consent_for_the_study_contributes_monthly_sums_under_a_pseudonym_and_keeps_a_signed_receipt()
    {
        var consent = await ConsentAsync(Purpose, "com.grandlyon.enedis.day", "com.grandlyon.egl.day");
        var documents = await ExportAsync();
        var result = StudyContributions.Derive(LyonStudy(), consent, "691230101", documents, new ConsentReceiptIssuer(CityKey), new FakeTimeProvider(new DateTimeOffset(2024, 3, 2, 9, 0, 0, TimeSpan.Zero))).Value;

        // January and February 2023 only (the study's months); December 2022 is outside the study.
        var january = Enumerable.Range(1, 31).Select(d => new DateTime(2023, 1, d)).ToList();
        Assert.Equal(
            [("electricity", "2023-01", january.Sum(d => 7_500L + (d.Day % 3 * 250L))), ("electricity", "2023-02", 2 * 7_500L + 250 + 500), ("water", "2023-01", january.Sum(d => 140L + d.Day)), ("water", "2023-02", 141L + 142)],
            result.Contributions.Select(c => (c.Sector, c.Period, c.Value)));
        var expectedKey = ContributorKey.Derive(LyonStudy().Secret.AsSpan(), new SubjectId("germaine.dupond"));
        Assert.All(result.Contributions, c => Assert.Equal(expectedKey, c.Contributor));
        Assert.All(result.Contributions, c => Assert.Equal("691230101", c.Area));
        Assert.DoesNotContain("germaine", expectedKey.ToString(), StringComparison.Ordinal);
        Assert.Equal(70, result.DocumentsUsed);
        Assert.Equal(1, result.DocumentsNotMeasured);

        var receipt = ConsentReceiptIssuer.ReadJws(result.ReceiptJws, CityKey.VerificationKey).Value;
        Assert.Equal(Purpose, receipt.Services[0].Purposes[0].Purpose);
        Assert.Equal("germaine.dupond", receipt.PiiPrincipalId);
        Assert.Contains(receipt.Services[0].Purposes[0].PiiCategories, c => c.StartsWith("water (L per month", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_consent_for_another_purpose_or_without_a_measured_doctype_contributes_nothing()
    {
        var documents = await ExportAsync();
        var issuer = new ConsentReceiptIssuer(CityKey);
        var other = StudyContributions.Derive(LyonStudy(), await ConsentAsync("urn:selfdata:study:other", "com.grandlyon.enedis.day", "com.grandlyon.egl.day"), "691230101", documents, issuer);
        Assert.Equal(TerritoryErrorCodes.ConsentNotForStudy, other.Error?.Code);
        Assert.Contains("purpose", other.Error!.Message, StringComparison.Ordinal);

        var noWater = StudyContributions.Derive(LyonStudy(), await ConsentAsync(Purpose, "com.grandlyon.enedis.day"), "691230101", documents, issuer);
        Assert.Equal(TerritoryErrorCodes.ConsentNotForStudy, noWater.Error?.Code);
        Assert.Contains("com.grandlyon.egl.day", noWater.Error!.Message, StringComparison.Ordinal);

        var badArea = StudyContributions.Derive(LyonStudy(), await ConsentAsync(Purpose, "com.grandlyon.enedis.day", "com.grandlyon.egl.day"), "6912", documents, issuer);
        Assert.Equal(TerritoryErrorCodes.InvalidCommuneCode, badArea.Error?.Code);
    }

    [Fact]
    public async Task A_document_its_mapping_cannot_read_is_refused_with_its_position()
    {
        var documents = await ExportAsync();
        var broken = JsonDocument.Parse("{\"year\": 2023, \"month\": 1, \"day\": 5}").RootElement;
        documents.Insert(3, (new Doctype("com.grandlyon.egl.day"), broken));
        var result = StudyContributions.Derive(LyonStudy(), await ConsentAsync(Purpose, "com.grandlyon.enedis.day", "com.grandlyon.egl.day"), "691230101", documents, new ConsentReceiptIssuer(CityKey));
        Assert.Equal(TerritoryErrorCodes.UnreadableDocument, result.Error?.Code);
        Assert.Contains("Document 4 (com.grandlyon.egl.day)", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trips_contribute_the_distance_travelled_per_month_in_metres()
    {
        var study = LyonStudy() with { Measures = [StudyMeasure.TripDistance()] };
        Trip Trip(DateTimeOffset start, decimal km) => new()
        {
            StartDate = start,
            EndDate = start.AddMinutes(20),
            Source = "openpath.cozycloud.cc",
            Distance = new Quantity(km, Unit.Kilometre),
            StartPlace = new TripPlace { Location = new GeoCoordinate(45.76, 4.83) },
            EndPlace = new TripPlace { Location = new GeoCoordinate(45.75, 4.85) },
        };
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("tcl", "fr.tcl", "TCL"), Profile = ExportProfile.Cozy }, new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)))
            .ForSubject(new SubjectId("germaine.dupond"))
            .Add(MobilityDoctypes.Trips, [Trip(new(2023, 3, 4, 8, 0, 0, TimeSpan.FromHours(1)), 3.2m), Trip(new(2023, 3, 4, 18, 0, 0, TimeSpan.FromHours(1)), 3.25m), Trip(new(2023, 4, 1, 0, 30, 0, TimeSpan.FromHours(2)), 1.5m)])
            .Build();
        var sink = new Collecting();
        await export.WriteAsync(sink);

        var consent = await ConsentAsync(Purpose, MobilityDoctypes.Trips.Doctype.Name);
        var result = StudyContributions.Derive(study, consent, CellId(), sink.Documents, new ConsentReceiptIssuer(CityKey)).Value;

        // The trip of 1 April at 00:30 in Paris started on 31 March in UTC.
        Assert.Equal([("mobility", "2023-03", 7_950L)], result.Contributions.Select(c => (c.Sector, c.Period, c.Value)));
        Assert.Equal(CellId(), result.Contributions[0].Area);
    }

    private static string CellId() => SelfData.Territory.Geography.GridCell.FromCoordinates(45.76, 4.835, 200).Value.Id;
}
