using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Tests;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Conformance.Tests;

/// <summary>One catalogue mapping with a generator of its records, turned into documents by the real export builder.</summary>
/// <param name="Name">The catalogue property, such as <c>Billing.Bills</c>.</param>
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
        Of("Electricity.LinkyStatements", Electricity.LinkyStatements, EnergyGenerators.LoadCurve),
        Of("Electricity.Statements", Electricity.Statements, One(EnergyGenerators.Statement)),
        Of("Electricity.LoadCurve", Electricity.LoadCurve, EnergyGenerators.LoadCurve.Select(r => Collect(EnedisMeterReading.GroupByDayAsync(ToAsync(r))))),
        Of("Electricity.DailyEnergy", Electricity.DailyEnergy, Days(Unit.KilowattHour).Select(d => Collect(EnedisMeterReading.GroupByMonthAsync(ToAsync(d), Unit.WattHour)))),
        Of("Electricity.MaxPower", Electricity.MaxPower, Days(Unit.Kilowatt).Select(d => Collect(EnedisMeterReading.GroupByMonthAsync(ToAsync(d), Unit.Watt)))),
        Of("Electricity.EcolyoHalfHour", Electricity.EcolyoHalfHour, One(EnergyGenerators.Ecolyo(EcolyoStep.HalfHour, Unit.KilowattHour))),
        Of("Electricity.EcolyoDay", Electricity.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.KilowattHour))),
        Of("Electricity.EcolyoMonth", Electricity.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.KilowattHour))),
        Of("Electricity.EcolyoYear", Electricity.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.KilowattHour))),
        Of("Gas.GazparDailyStatements", Gas.GazparDailyStatements, EnergyGenerators.GasDays),
        Of("Gas.Statements", Gas.Statements, One(EnergyGenerators.Statement)),
        Of("Gas.EcolyoDay", Gas.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.KilowattHour))),
        Of("Gas.EcolyoMonth", Gas.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.KilowattHour))),
        Of("Gas.EcolyoYear", Gas.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.KilowattHour))),
        Of("Water.EcolyoDay", Water.EcolyoDay, One(EnergyGenerators.Ecolyo(EcolyoStep.Day, Unit.Litre))),
        Of("Water.EcolyoMonth", Water.EcolyoMonth, One(EnergyGenerators.Ecolyo(EcolyoStep.Month, Unit.Litre))),
        Of("Water.EcolyoYear", Water.EcolyoYear, One(EnergyGenerators.Ecolyo(EcolyoStep.Year, Unit.Litre))),
        Of("Customers.Clients", Customers.Clients, One(CustomerGenerators.Customer)),
        Of("Customers.Contracts", Customers.Contracts, One(CustomerGenerators.Contract)),
        Of("Customers.PaymentTerms", Customers.PaymentTerms, One(CustomerGenerators.PaymentTerms)),
        Of("Customers.Homes", Customers.Homes, One(CustomerGenerators.Home)),
        Of("Customers.Identities", Customers.Identities, One(CustomerGenerators.Identity)),
        Of("Customers.EnedisIdentities", Customers.EnedisIdentities, One(CustomerGenerators.EnedisIdentity)),
        Of("Customers.EnedisUsagePoints", Customers.EnedisUsagePoints, One(CustomerGenerators.EnedisUsagePoint)),
        Of("Customers.EnedisUsagePointAddresses", Customers.EnedisUsagePointAddresses, One(CustomerGenerators.EnedisAddress)),
        Of("Billing.Bills", Billing.Bills, One(BillsGenerators.Bill)),
        Of("Billing.Files", Billing.Files, One(BillsGenerators.File)),
        Of("Banking.Accounts", Banking.Accounts, One(BankingGenerators.Account)),
        Of("Banking.Operations", Banking.Operations, One(BankingGenerators.Operation)),
        Of("Telecom.GeoPoints", Telecom.GeoPoints, One(TelecomGenerators.GeoPoint)),
        Of("Telecom.CommunicationLogs", Telecom.CommunicationLogs, One(TelecomGenerators.CommunicationLog)),
        Of("Telecom.VideoStreams", Telecom.VideoStreams, One(TelecomGenerators.VideoStream)),
        Of("Insurance.Contracts", Insurance.Contracts, One(InsuranceGenerators.Contracts)),
        Of("Insurance.Policyholders", Insurance.Policyholders, One(InsuranceGenerators.Policyholder)),
        Of("Insurance.Households", Insurance.Households, One(InsuranceGenerators.Household)),
        Of("Insurance.Homes", Insurance.Homes, One(InsuranceGenerators.Homes)),
        Of("Insurance.PaymentTerms", Insurance.PaymentTerms, One(InsuranceGenerators.PaymentTerms)),
        Of("Insurance.Claims", Insurance.Claims, One(InsuranceGenerators.Claims)),
        Of("Mobility.Trips", Mobility.Trips, One(MobilityGenerators.Trip)),
    ];

    /// <summary>The names of every static mapping property of the catalogue classes, found by reflection.</summary>
    public static IEnumerable<string> CataloguePropertyNames() =>
        new[] { typeof(Electricity), typeof(Gas), typeof(Water), typeof(Customers), typeof(Billing), typeof(Banking), typeof(Telecom), typeof(Insurance), typeof(Mobility) }
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
