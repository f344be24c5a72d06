using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;

namespace SelfData.Portability.Tests.Generators;

internal static class EnergyGenerators
{
    private static readonly DateTimeOffset Origin = new(2016, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

    /// <summary>A realistic half-hourly load curve: daily and seasonal shape, in W or kW, starting at a half hour.</summary>
    public static Gen<List<LoadCurveReading>> LoadCurve =>
        from prm in Values.UsagePointId
        from startSlot in Gen.Choose(0, 3 * 365 * 48)
        from count in Gen.Choose(1, 96)
        from inKilowatts in Gen.Elements(false, true)
        from noise in Gen.Choose(0, 400).ArrayOf(count)
        select Enumerable.Range(0, count).Select(i =>
        {
            var start = Origin.AddMinutes(30 * (startSlot + i));
            var watts = Shape(start) + noise[i];
            var power = inKilowatts ? new Quantity(watts / 1000m, Unit.Kilowatt) : new Quantity(watts, Unit.Watt);
            return new LoadCurveReading(prm, start, TimeSpan.FromMinutes(30), power);
        }).ToList();

    public static Gen<List<GasDailyReading>> GasDays =>
        from pce in Values.UsagePointId
        from day in Gen.Choose(0, 3 * 365)
        from count in Gen.Choose(1, 40)
        from volumes in Gen.Choose(0, 9000).ArrayOf(count)
        select Enumerable.Range(0, count).Select(i =>
        {
            var m3 = volumes[i] / 1000m;
            const decimal Coefficient = 11.2m;
            return new GasDailyReading(pce, new DateOnly(2016, 1, 1).AddDays(day + i), new Quantity(m3 * Coefficient, Unit.KilowattHour), new Quantity(m3, Unit.CubicMetre), 1000m + i, Coefficient);
        }).ToList();

    public static Gen<ConsumptionStatement> Statement =>
        from contract in Gen.Choose(100_000, 999_999)
        from start in Values.Instant
        from days in Gen.Choose(1, 200)
        from kwh in Gen.Choose(0, 9_000_000)
        from withCost in Gen.Elements(false, true)
        from cost in Values.Amount
        select new ConsumptionStatement
        {
            ContractNumber = contract.ToString(System.Globalization.CultureInfo.InvariantCulture),
            StatementType = "REEL",
            StatementCategory = "RELEVE_REEL_PAR_ERD_GRD",
            StatementReason = "RELEVE_PERIODIQUE",
            Start = start,
            End = start.AddDays(days),
            Value = new Quantity(kwh / 10m, Unit.KilowattHour),
            Index = kwh,
            BillNumber = "F" + contract,
            Cost = withCost ? new Money(cost, "EUR") : null,
            Period = start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        };

    public static Gen<EcolyoLoad> Ecolyo(EcolyoStep step, Unit unit) =>
        from day in Gen.Choose(0, 3 * 365)
        from slot in Gen.Choose(0, 47)
        from load in Gen.Choose(0, 100_000)
        select new EcolyoLoad(Align(new DateTime(2016, 1, 1).AddDays(day).AddMinutes(30 * slot), step), new Quantity(load / 100m, unit));

    private static DateTime Align(DateTime t, EcolyoStep step) => step switch
    {
        EcolyoStep.HalfHour => t,
        EcolyoStep.Hour => t.Date.AddHours(t.Hour),
        EcolyoStep.Day => t.Date,
        EcolyoStep.Month => new DateTime(t.Year, t.Month, 1),
        _ => new DateTime(t.Year, 1, 1),
    };

    /// <summary>Daily shape (morning and evening peaks) and seasonal shape (winter heating).</summary>
    internal static decimal Shape(DateTimeOffset at)
    {
        var hour = at.Hour + (at.Minute / 60.0);
        var daily = 300 + (700 * Math.Exp(-Math.Pow(hour - 8, 2) / 2)) + (1200 * Math.Exp(-Math.Pow(hour - 19.5, 2) / 3));
        var seasonal = 1 + (0.6 * Math.Cos(2 * Math.PI * (at.DayOfYear - 15) / 365.0));
        return Math.Round((decimal)(daily * seasonal), 0);
    }
}
