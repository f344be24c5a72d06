using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Banking;
using SelfData.Portability.Bills;
using SelfData.Portability.Customers;
using SelfData.Portability.Energy;
using SelfData.Portability.Insurance;
using SelfData.Portability.Mapping;
using SelfData.Portability.Mobility;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Conformance.Tests;

/// <summary>One catalogue mapping with a generator of its records, turned into documents by the real export builder.</summary>
/// <param name="Name">The catalogue property, such as <c>BillingDoctypes.Bills</c>.</param>
/// <param name="Doctype">The doctype the mapping writes.</param>
/// <param name="Documents">Generates the documents of one export in the given options.</param>
internal sealed record BuilderCase(string Name, string Doctype, Func<PortabilityOptions, Gen<List<string>>> Documents)
{
    public override string ToString() => Name;
}

/// <summary>Every mapping of the Portability catalogue classes, each with a generator of realistic records.</summary>
internal static class BuilderCatalogue
{
    public static readonly (ExportProfile Profile, bool PilotStrings)[] StrictProfiles =
    [
        (ExportProfile.Cozy, false),
        (ExportProfile.MesInfos, false),
    ];

    public static IReadOnlyList<BuilderCase> All { get; } =
    [
        Of("ElectricityDoctypes.LinkyStatements", ElectricityDoctypes.LinkyStatements, EnergyGenerators.LoadCurve),
        Of("ElectricityDoctypes.Statements", ElectricityDoctypes.Statements, One(EnergyGenerators.Statement)),
        Of("ElectricityDoctypes.LoadCurve", ElectricityDoctypes.LoadCurve, EnergyGenerators.LoadCurve.Select(r => Collect(EnedisMeterReading.GroupByDayAsync(ToAsync(r))))),
        Of("ElectricityDoctypes.DailyEnergy", ElectricityDoctypes.DailyEnergy, Days(Unit.KilowattHour).Select(d => Collect(EnedisMeterReading.GroupByMonthAsync(ToAsync(d), Unit.WattHour)))),
        Of("ElectricityDoctypes.MaxPower", ElectricityDoctypes.MaxPower, Days(Unit.Kilowatt).Select(d => Collect(EnedisMeterReading.GroupByMonthAsync(ToAsync(d), Unit.Watt)))),
        Of("ElectricityDoctypes.EcolyoHalfHour", ElectricityDoctypes.EcolyoHalfHour, One(EnergyGenerators.Ecolyo(EcolyoStep.HalfHour, Unit.KilowattHour))),
        Of("ElectricityDoctypes.EcolyoDay", ElectricityDoctypes.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.KilowattHour))),
        Of("ElectricityDoctypes.EcolyoMonth", ElectricityDoctypes.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.KilowattHour))),
        Of("ElectricityDoctypes.EcolyoYear", ElectricityDoctypes.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.KilowattHour))),
        Of("GasDoctypes.GazparDailyStatements", GasDoctypes.GazparDailyStatements, EnergyGenerators.GasDays),
        Of("GasDoctypes.Statements", GasDoctypes.Statements, One(EnergyGenerators.Statement)),
        Of("GasDoctypes.EcolyoDay", GasDoctypes.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.KilowattHour))),
        Of("GasDoctypes.EcolyoMonth", GasDoctypes.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.KilowattHour))),
        Of("GasDoctypes.EcolyoYear", GasDoctypes.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.KilowattHour))),
        Of("WaterDoctypes.EcolyoDay", WaterDoctypes.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.Litre))),
        Of("WaterDoctypes.EcolyoMonth", WaterDoctypes.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.Litre))),
        Of("WaterDoctypes.EcolyoYear", WaterDoctypes.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.Litre))),
        Of("CustomerDoctypes.Clients", CustomerDoctypes.Clients, One(CustomerGenerators.Customer)),
        Of("CustomerDoctypes.Contracts", CustomerDoctypes.Contracts, One(CustomerGenerators.Contract)),
        Of("CustomerDoctypes.PaymentTerms", CustomerDoctypes.PaymentTerms, One(CustomerGenerators.PaymentTerms)),
        Of("CustomerDoctypes.Homes", CustomerDoctypes.Homes, One(CustomerGenerators.Home)),
        Of("CustomerDoctypes.Identities", CustomerDoctypes.Identities, One(CustomerGenerators.Identity)),
        Of("CustomerDoctypes.EnedisIdentities", CustomerDoctypes.EnedisIdentities, One(CustomerGenerators.EnedisIdentity)),
        Of("CustomerDoctypes.EnedisUsagePoints", CustomerDoctypes.EnedisUsagePoints, One(CustomerGenerators.EnedisUsagePoint)),
        Of("CustomerDoctypes.EnedisUsagePointAddresses", CustomerDoctypes.EnedisUsagePointAddresses, One(CustomerGenerators.EnedisAddress)),
        Of("BillingDoctypes.Bills", BillingDoctypes.Bills, One(BillsGenerators.Bill)),
        Of("BillingDoctypes.Files", BillingDoctypes.Files, One(BillsGenerators.File)),
        Of("BankingDoctypes.Accounts", BankingDoctypes.Accounts, One(BankingGenerators.Account)),
        Of("BankingDoctypes.Operations", BankingDoctypes.Operations, One(BankingGenerators.Operation)),
        Of("TelecomDoctypes.GeoPoints", TelecomDoctypes.GeoPoints, One(TelecomGenerators.GeoPoint)),
        Of("TelecomDoctypes.CommunicationLogs", TelecomDoctypes.CommunicationLogs, One(TelecomGenerators.CommunicationLog)),
        Of("TelecomDoctypes.VideoStreams", TelecomDoctypes.VideoStreams, One(TelecomGenerators.VideoStream)),
        Of("InsuranceDoctypes.Contracts", InsuranceDoctypes.Contracts, One(InsuranceGenerators.Contracts)),
        Of("InsuranceDoctypes.Policyholders", InsuranceDoctypes.Policyholders, One(InsuranceGenerators.Policyholder)),
        Of("InsuranceDoctypes.Households", InsuranceDoctypes.Households, One(InsuranceGenerators.Household)),
        Of("InsuranceDoctypes.Homes", InsuranceDoctypes.Homes, One(InsuranceGenerators.Homes)),
        Of("InsuranceDoctypes.PaymentTerms", InsuranceDoctypes.PaymentTerms, One(InsuranceGenerators.PaymentTerms)),
        Of("InsuranceDoctypes.Claims", InsuranceDoctypes.Claims, One(InsuranceGenerators.Claims)),
        Of("MobilityDoctypes.Trips", MobilityDoctypes.Trips, One(MobilityGenerators.Trip)),
    ];

    /// <summary>The names of every static mapping property of the catalogue classes, found by reflection.</summary>
    public static IEnumerable<string> CataloguePropertyNames() =>
        new[] { typeof(ElectricityDoctypes), typeof(GasDoctypes), typeof(WaterDoctypes), typeof(CustomerDoctypes), typeof(BillingDoctypes), typeof(BankingDoctypes), typeof(TelecomDoctypes), typeof(InsuranceDoctypes), typeof(MobilityDoctypes) }
            .SelectMany(t => t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).Select(p => t.Name + "." + p.Name));

    /// <summary>Generates, for every case, the documents of one export.</summary>
    public static Gen<List<(BuilderCase Case, List<string> Documents)>> Exports(PortabilityOptions options) =>
        Gen.CollectToList(All, c => c.Documents(options).Select(d => (c, d)));

    private static BuilderCase Of<T>(string name, IDoctypeMapping<T> mapping, Gen<List<T>> records) =>
        new(name, mapping.Doctype.Name, options => records.Select(r => ExportHarness.WriteAsync(mapping, r, options).GetAwaiter().GetResult()));

    private static Gen<List<T>> One<T>(Gen<T> record) => record.Select(r => new List<T> { r });

    private static Gen<List<DailyReading>> Days(Unit unit) =>
        from prm in Values.UsagePointId
        from first in Gen.Choose(0, 3 * 365)
        from count in Gen.Choose(1, 45)
        from values in Gen.Choose(0, 90_000).ArrayOf(count)
        select Enumerable.Range(0, count).Select(i => new DailyReading(prm, new DateOnly(2016, 1, 1).AddDays(first + i), new Quantity(values[i] / 1000m, unit))).ToList();

    private static List<T> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        var e = items.GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                list.Add(e.Current);
            }
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return list;
    }

#pragma warning disable CS1998
    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }
    }
#pragma warning restore CS1998
}
