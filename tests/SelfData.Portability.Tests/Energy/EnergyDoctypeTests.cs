using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Energy;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class EnergyDoctypeTests
{
    [Property(MaxTest = 20)]
    public Property Gazpar_days_round_trip() =>
        Prop.ForAll(EnergyGenerators.GasDays.ToArbitrary(), days => MappingLaws.RoundTrips(GasDoctypes.GazparDailyStatements, days, (a, b) =>
            a.Pce == b.Pce && a.Date == b.Date && a.Energy.IsSameMagnitude(b.Energy) && a.Volume.IsSameMagnitude(b.Volume)
            && a.Index == b.Index && a.VolumeToEnergyCoefficient == b.VolumeToEnergyCoefficient));

    [Property(MaxTest = 10)]
    public Property Gazpar_days_are_deterministic() =>
        Prop.ForAll(EnergyGenerators.GasDays.ToArbitrary(), days => MappingLaws.IsDeterministic(GasDoctypes.GazparDailyStatements, days));

    [Fact]
    public async Task Gazpar_days_run_from_six_to_six_in_french_time()
    {
        var day = new GasDailyReading("12345678901234", new DateOnly(2024, 7, 1), new Quantity(22.4m, Unit.KilowattHour), new Quantity(2m, Unit.CubicMetre), 1234m, 11.2m);
        MappingLaws.HasFields(GasDoctypes.GazparDailyStatements, day, "contractNumber", "statementCategory", "statementReason", "start", "end", "value", "volume", "index", "volumeToEnergyCoefficient", "period");
        var doc = (await ExportHarness.WriteAsync(GasDoctypes.GazparDailyStatements, [day])).Single();
        Assert.Contains("\"start\":\"2024-07-01T06:00:00+02:00\",\"end\":\"2024-07-02T06:00:00+02:00\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"period\":\"2024-07-01\"", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Gas_volume_in_energy_units_is_refused()
    {
        var day = new GasDailyReading("12345678901234", new DateOnly(2024, 7, 1), new Quantity(22.4m, Unit.KilowattHour), new Quantity(2m, Unit.KilowattHour));
        MappingLaws.Rejects(GasDoctypes.GazparDailyStatements, [day], 0, PortabilityErrorCodes.WrongUnit, "volume");
    }

    [Property(MaxTest = 30)]
    public Property Consumption_statements_round_trip() =>
        Prop.ForAll(EnergyGenerators.Statement.ToArbitrary(), s => MappingLaws.RoundTrips(ElectricityDoctypes.Statements, [s], (a, b) =>
            a with { Value = b.Value, Volume = b.Volume } == b && a.Value.IsSameMagnitude(b.Value)));

    [Fact]
    public void Statements_ending_before_they_start_are_refused()
    {
        var s = EnergyGenerators.Statement.Sample(10, 1).First();
        MappingLaws.Rejects(ElectricityDoctypes.Statements, [s with { End = s.Start.AddDays(-1) }], 0, PortabilityErrorCodes.InvalidPeriod, "end");
    }

    [Theory]
    [InlineData(EcolyoStep.HalfHour)]
    [InlineData(EcolyoStep.Hour)]
    [InlineData(EcolyoStep.Day)]
    [InlineData(EcolyoStep.Month)]
    [InlineData(EcolyoStep.Year)]
    public void Ecolyo_series_round_trip_in_each_step(EcolyoStep step)
    {
        var mapping = new[] { ElectricityDoctypes.EcolyoHalfHour, ElectricityDoctypes.EcolyoDay, ElectricityDoctypes.EcolyoMonth, ElectricityDoctypes.EcolyoYear, GasDoctypes.EcolyoDay, WaterDoctypes.EcolyoDay, WaterDoctypes.EcolyoYear }
            .FirstOrDefault(m => m.Step == step) ?? new EcolyoMapping(EcolyoFluid.Gas, step);
        var unit = mapping.Fluid == EcolyoFluid.Water ? Unit.Litre : Unit.KilowattHour;
        var value = EnergyGenerators.Ecolyo(step, unit).Sample(10, 1).First();
        Assert.True(MappingLaws.RoundTrips(mapping, [value], (a, b) => a.LocalStart == b.LocalStart && a.Load.IsSameMagnitude(b.Load)));
        MappingLaws.HasFields(mapping, value, "load", "year", "month", "day", "hour", "minute");
    }

    [Fact]
    public async Task A_holder_reuses_the_Ecolyo_shape_under_its_own_namespace_but_not_under_Ecolyos()
    {
        var own = new EcolyoMapping(new Doctype("fr.eauxdusud.water.day"), EcolyoFluid.Water, EcolyoStep.Day);
        Assert.Equal("fr.eauxdusud.water.day", own.Doctype.Name);
        var value = new EcolyoLoad(new DateTime(2024, 3, 5), new Quantity(312m, Unit.Litre));
        using var mineDocument = System.Text.Json.JsonDocument.Parse((await ExportHarness.WriteAsync(own, [value])).Single());
        using var ecolyoDocument = System.Text.Json.JsonDocument.Parse((await ExportHarness.WriteAsync(WaterDoctypes.EcolyoDay, [value])).Single());
        var mine = mineDocument.RootElement;
        var ecolyo = ecolyoDocument.RootElement;
        Assert.Equal(ecolyo.GetProperty("load").GetDecimal(), mine.GetProperty("load").GetDecimal());
        Assert.Equal(
            ecolyo.EnumerateObject().Select(p => p.Name).Where(n => n is not ("_id" or "cozyMetadata")).Order(StringComparer.Ordinal),
            mine.EnumerateObject().Select(p => p.Name).Where(n => n is not ("_id" or "cozyMetadata")).Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => new EcolyoMapping(new Doctype("com.grandlyon.egl.day"), EcolyoFluid.Water, EcolyoStep.Day));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EcolyoMapping(new Doctype("fr.eauxdusud.water.day"), (EcolyoFluid)9, EcolyoStep.Day));
    }

    [Fact]
    public void Ecolyo_values_off_their_step_are_refused() =>
        MappingLaws.Rejects(ElectricityDoctypes.EcolyoDay, [new EcolyoLoad(new DateTime(2024, 1, 1, 0, 0, 0), new Quantity(1m, Unit.KilowattHour)), new EcolyoLoad(new DateTime(2024, 1, 2, 12, 0, 0), new Quantity(1m, Unit.KilowattHour))], 1, PortabilityErrorCodes.IntervalMismatch);

    [Fact]
    public void Ecolyo_water_needs_a_volume() =>
        MappingLaws.Rejects(WaterDoctypes.EcolyoDay, [new EcolyoLoad(new DateTime(2024, 1, 1), new Quantity(1m, Unit.KilowattHour))], 0, PortabilityErrorCodes.WrongUnit, "load");

    [Fact]
    public async Task Enedis_load_curve_documents_group_a_day_of_readings()
    {
        var readings = EnergyGenerators.LoadCurve.Where(r => r.Count > 60).Sample(10, 1).First();
        var days = await ToListAsync(EnedisMeterReading.GroupByDayAsync(ToAsync(readings)));
        Assert.Equal(readings.Count, days.Sum(d => d.IntervalBlock.Count));
        Assert.All(days, d => Assert.Equal(d.Start.AddDays(1), d.End));
        Assert.True(MappingLaws.RoundTrips(ElectricityDoctypes.LoadCurve, days, (a, b) =>
            a with { IntervalBlock = b.IntervalBlock } == b && a.IntervalBlock.SequenceEqual(b.IntervalBlock)));
        MappingLaws.HasFields(ElectricityDoctypes.LoadCurve, days[0], "usage_point.0.usage_point_id", "usage_point.0.meter_reading.reading_type.measurement_kind", "usage_point.0.meter_reading.reading_type.start_measurement_period", "usage_point.0.meter_reading.reading_type.end_measurement_period", "usage_point.0.meter_reading.reading_type.unit", "usage_point.0.meter_reading.interval_block.0.value", "usage_point.0.meter_reading.interval_block.0.reading_number");
        var doc = (await ExportHarness.WriteAsync(ElectricityDoctypes.LoadCurve, [days[0]])).Single();
        Assert.Contains("\"reading_type\":{\"measurement_kind\":\"CDC\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"time_attribute\":\"30mn\",\"unit\":\"W\",\"flow_direction\":\"forward\"},\"interval_block\":[{\"value\":", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enedis_daily_energy_groups_a_month_of_days()
    {
        var days = Enumerable.Range(0, 45).Select(i => new DailyReading("12345678901234", new DateOnly(2024, 1, 1).AddDays(i), new Quantity(9.5m + i, Unit.KilowattHour))).ToList();
        var months = await ToListAsync(EnedisMeterReading.GroupByMonthAsync(ToAsync(days), Unit.WattHour));
        Assert.Equal(2, months.Count);
        Assert.Equal(9500m, months[0].IntervalBlock[0].Value);
        Assert.True(MappingLaws.RoundTrips(ElectricityDoctypes.DailyEnergy, months, (a, b) => a.IntervalBlock.SequenceEqual(b.IntervalBlock) && a.Start == b.Start && a.End == b.End));
        var bad = months[0] with { IntervalBlock = [new EnedisIntervalValue(2, 1m), new EnedisIntervalValue(1, 1m)] };
        MappingLaws.Rejects(ElectricityDoctypes.DailyEnergy, [months[1], bad], 1, PortabilityErrorCodes.ReadingOutOfOrder, "interval_block[1].reading_number");
        var beyond = months[0] with { IntervalBlock = [new EnedisIntervalValue(32, 1m)] };
        MappingLaws.Rejects(ElectricityDoctypes.MaxPower, [beyond], 0, PortabilityErrorCodes.IntervalMismatch, "interval_block[0].reading_number");
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

public class BrokenEnergyTests
{
    [Property(MaxTest = 40)]
    public Property Every_broken_load_curve_is_refused_at_the_right_record() =>
        Prop.ForAll(BrokenEnergyGenerators.LoadCurve.ToArbitrary(), t =>
        {
            MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, t.Readings, t.Index, t.Code, t.Field);
            return true;
        });

    [Property(MaxTest = 30)]
    public Property Every_broken_statement_is_refused_with_its_code() =>
        Prop.ForAll(Gen.Zip(EnergyGenerators.Statement, BrokenEnergyGenerators.Statement).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(ElectricityDoctypes.Statements, [good, broken], 1, code, field);
            return true;
        });
}
