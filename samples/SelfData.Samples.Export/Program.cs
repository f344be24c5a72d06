// Exports one resident's electricity, gas and bills as NDJSON files, in both profiles. CI builds and runs it;
// docs/portability.md quotes its regions.
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;

var output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "selfdata-sample-export");
Directory.CreateDirectory(output);

// #region options
var options = new PortabilityOptions
{
    Holder = new HolderId("enedis", "fr.enedis", "Enedis"),
    Profile = ExportProfile.Cozy,
    CreatedByApp = "enedis-selfdata",
    CreatedByAppVersion = "1.0.0",
};
// #endregion

foreach (var profile in new[] { ExportProfile.Cozy, ExportProfile.MesInfos })
{
    options.Profile = profile;

    // #region build
    var export = new PortabilityExportBuilder(options, TimeProvider.System)
        .ForSubject(new SubjectId("0f8fad5b-d9cb-469f-a165-70867728950e"))
        .Add(ElectricityDoctypes.LinkyStatements, LoadCurve("12345678901234", days: 7))
        .Add(GasDoctypes.GazparDailyStatements, GasDays("21234567890123", days: 7))
        .Add(BillingDoctypes.Bills, Bills())
        .Build();

    foreach (var dataset in export.Datasets)
    {
        var path = Path.Combine(output, $"{profile}-{dataset.Doctype}.ndjson".ToLowerInvariant());
        await using var file = File.Create(path);
        var summary = await dataset.WriteNdjsonAsync(file);
        Console.WriteLine($"{profile,-8} {dataset.Doctype,-40} {summary.Documents,6} documents");
    }
    // #endregion
}

return 0;

// #region records
// A holder maps its own rows to typed records; here, a synthetic half-hourly load curve.
static IEnumerable<LoadCurveReading> LoadCurve(string prm, int days)
{
    var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
    for (var i = 0; i < days * 48; i++)
    {
        var watts = 400 + (i % 48 is >= 36 and < 44 ? 1800 : 0);
        yield return new LoadCurveReading(prm, start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(watts, Unit.Watt));
    }
}
// #endregion

static IEnumerable<GasDailyReading> GasDays(string pce, int days)
{
    for (var i = 0; i < days; i++)
    {
        var m3 = 2.5m + (i % 3);
        yield return new GasDailyReading(pce, new DateOnly(2024, 1, 1).AddDays(i), new Quantity(m3 * 11.2m, Unit.KilowattHour), new Quantity(m3, Unit.CubicMetre), 1000m + i, 11.2m);
    }
}

// #region bills
static IEnumerable<Bill> Bills()
{
    yield return new Bill
    {
        Vendor = "EDF",
        Date = new DateTimeOffset(2024, 2, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        Amount = new Money(84.20m, "EUR"),
        VendorRef = "INV-2024-02-0042",
        ContractId = "C-001",
        Recurrence = "monthly",
    };
    yield return new Bill
    {
        Vendor = "EDF",
        Date = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.FromHours(1)),
        Amount = new Money(12.50m, "EUR"),
        IsRefund = true, // refunds are positive amounts with isRefund
        ContractId = "C-001",
    };
}
// #endregion
