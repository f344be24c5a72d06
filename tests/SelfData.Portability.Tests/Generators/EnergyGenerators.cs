using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Energy;

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

/// <summary>Deliberately broken energy inputs, each with the record index, code and field it must be refused with.</summary>
internal static class BrokenEnergyGenerators
{
    public static Gen<(List<LoadCurveReading> Readings, int Index, string Code, string Field)> LoadCurve =>
        from readings in EnergyGenerators.LoadCurve.Where(r => r.Count >= 3)
        from variant in Gen.Choose(0, 7)
        from at in Gen.Choose(1, 1000)
        select Break(readings, variant, 1 + (at % (readings.Count - 1)));

    public static Gen<(ConsumptionStatement Record, string Code, string Field)> Statement =>
        from statement in EnergyGenerators.Statement
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (statement with { End = statement.Start.AddTicks(-1) }, PortabilityErrorCodes.InvalidPeriod, "end"),
            1 => (statement with { Value = new Quantity(1m, Unit.CubicMetre) }, PortabilityErrorCodes.WrongUnit, "value"),
            2 => (statement with { Value = new Quantity(-1m, Unit.KilowattHour) }, PortabilityErrorCodes.ValueOutOfRange, "value"),
            3 => (statement with { ContractNumber = " " }, PortabilityErrorCodes.RequiredFieldMissing, "contractNumber"),
            _ => (statement with { Volume = new Quantity(3m, Unit.KilowattHour) }, PortabilityErrorCodes.WrongUnit, "volume"),
        };

    private static (List<LoadCurveReading>, int, string, string) Break(List<LoadCurveReading> readings, int variant, int i)
    {
        var broken = readings.ToList();
        var r = broken[i];
        switch (variant)
        {
            case 0:
                broken[i] = r with { Start = broken[i - 1].Start.AddMinutes(-30) };
                return (broken, i, PortabilityErrorCodes.ReadingOutOfOrder, "start");
            case 1:
                broken[i] = broken[i - 1];
                return (broken, i, PortabilityErrorCodes.DuplicateReading, "start");
            case 2:
                broken[i] = r with { Length = TimeSpan.FromMinutes(15) };
                return (broken, i, PortabilityErrorCodes.IntervalMismatch, "interval");
            case 3:
                broken[i] = r with { Start = r.Start.AddMinutes(10) };
                return (broken, i, PortabilityErrorCodes.IntervalMismatch, "start");
            case 4:
                broken[i] = r with { UsagePointId = r.UsagePointId[..13] };
                return (broken, i, PortabilityErrorCodes.InvalidUsagePointId, "contractNumber");
            case 5:
                broken[i] = r with { AveragePower = new Quantity(r.AveragePower.Value, Unit.WattHour) };
                return (broken, i, PortabilityErrorCodes.WrongUnit, "value");
            case 6:
                broken[i] = r with { AveragePower = new Quantity(-5m, Unit.Watt) };
                return (broken, i, PortabilityErrorCodes.ValueOutOfRange, "value");
            default:
                broken[i] = r with { UsagePointId = "1234567890123X" };
                return (broken, i, PortabilityErrorCodes.InvalidUsagePointId, "contractNumber");
        }
    }
}
