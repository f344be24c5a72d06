namespace SelfData.Portability.Energy;

/// <summary>The electricity doctypes: Enedis Data Connect metering, MesInfos consumption statements (Linky, EDF) and Ecolyo series.</summary>
public static class ElectricityDoctypes
{
    /// <summary>Gets the mapping of Linky 30-minute load-curve readings to <c>org.fing.mesinfos.consumptionstatement</c> (category <c>linky</c>).</summary>
    public static LinkyStatementMapping LinkyStatements { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>Gets the mapping of EDF meter-reading statements and Edelia estimates to <c>org.fing.mesinfos.consumptionstatement</c>.</summary>
    public static ConsumptionStatementMapping Statements { get; } = new();

    /// <summary>Gets the mapping to <c>fr.enedis.api.meteringdata.loadcurve</c> (30-minute average power, W).</summary>
    public static EnedisMeteringMapping LoadCurve { get; } = new(EnedisMeasurement.LoadCurve);

    /// <summary>Gets the mapping to <c>fr.enedis.api.meteringdata.energy</c> (daily energy, Wh).</summary>
    public static EnedisMeteringMapping DailyEnergy { get; } = new(EnedisMeasurement.DailyEnergy);

    /// <summary>Gets the mapping to <c>fr.enedis.api.meteringdata.maxpower</c> (daily maximum power, W).</summary>
    public static EnedisMeteringMapping MaxPower { get; } = new(EnedisMeasurement.MaxPower);

    /// <summary>Gets the mapping to <c>com.grandlyon.enedis.minute</c> (30-minute values, kWh).</summary>
    public static EcolyoMapping EcolyoHalfHour { get; } = new(EcolyoFluid.Electricity, EcolyoStep.HalfHour);

    /// <summary>Gets the mapping to <c>com.grandlyon.enedis.day</c> (kWh).</summary>
    public static EcolyoMapping EcolyoDay { get; } = new(EcolyoFluid.Electricity, EcolyoStep.Day);

    /// <summary>Gets the mapping to <c>com.grandlyon.enedis.month</c> (kWh).</summary>
    public static EcolyoMapping EcolyoMonth { get; } = new(EcolyoFluid.Electricity, EcolyoStep.Month);

    /// <summary>Gets the mapping to <c>com.grandlyon.enedis.year</c> (kWh).</summary>
    public static EcolyoMapping EcolyoYear { get; } = new(EcolyoFluid.Electricity, EcolyoStep.Year);
}

/// <summary>The gas doctypes: GRDF Gazpar consumption statements and Ecolyo series.</summary>
public static class GasDoctypes
{
    /// <summary>Gets the mapping of Gazpar daily readings to <c>org.fing.mesinfos.consumptionstatement</c> (category <c>gazpar</c>), gas days in <c>Europe/Paris</c>.</summary>
    public static GazparStatementMapping GazparDailyStatements { get; } = new(FrenchTime.Zone);

    /// <summary>Gets the mapping of Gazpar monthly statements (<c>GazparMonthlyGazConsumption</c>) and other gas statements to <c>org.fing.mesinfos.consumptionstatement</c>.</summary>
    public static ConsumptionStatementMapping Statements => ElectricityDoctypes.Statements;

    /// <summary>Gets the mapping to <c>com.grandlyon.grdf.day</c> (kWh).</summary>
    public static EcolyoMapping EcolyoDay { get; } = new(EcolyoFluid.Gas, EcolyoStep.Day);

    /// <summary>Gets the mapping to <c>com.grandlyon.grdf.month</c> (kWh).</summary>
    public static EcolyoMapping EcolyoMonth { get; } = new(EcolyoFluid.Gas, EcolyoStep.Month);

    /// <summary>Gets the mapping to <c>com.grandlyon.grdf.year</c> (kWh).</summary>
    public static EcolyoMapping EcolyoYear { get; } = new(EcolyoFluid.Gas, EcolyoStep.Year);
}

/// <summary>The water doctypes: Eau du Grand Lyon consumption as Ecolyo series, in litres.</summary>
public static class WaterDoctypes
{
    /// <summary>Gets the mapping to <c>com.grandlyon.egl.day</c> (litres per day).</summary>
    public static EcolyoMapping EcolyoDay { get; } = new(EcolyoFluid.Water, EcolyoStep.Day);

    /// <summary>Gets the mapping to <c>com.grandlyon.egl.month</c> (litres).</summary>
    public static EcolyoMapping EcolyoMonth { get; } = new(EcolyoFluid.Water, EcolyoStep.Month);

    /// <summary>Gets the mapping to <c>com.grandlyon.egl.year</c> (litres).</summary>
    public static EcolyoMapping EcolyoYear { get; } = new(EcolyoFluid.Water, EcolyoStep.Year);
}

/// <summary>The time zone of French metering data.</summary>
internal static class FrenchTime
{
    internal static TimeZoneInfo Zone { get; } = Find();

    private static TimeZoneInfo Find()
    {
        foreach (var id in new[] { "Europe/Paris", "Romance Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        // No time zone database: central European time with the EU daylight-saving rule.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date,
            DateTime.MaxValue.Date,
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Paris", TimeSpan.FromHours(1), "Europe/Paris", "CET", "CEST", [rule]);
    }
}
