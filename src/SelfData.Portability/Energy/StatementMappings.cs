using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Energy;

/// <summary>
/// Maps Linky load-curve readings to MesInfos consumption statements (<c>statementCategory: "linky"</c>,
/// <c>statementReason: "LinkyHalfHourElecConsumption"</c>, <c>statementType: "mesure"</c>), one document per reading.
/// </summary>
/// <remarks>
/// <c>contractNumber</c> holds the delivery point; <c>value</c> is the energy over the interval in kWh (average power ×
/// length), with <c>unit: "kWh"</c>. The readings form a series with a 30-minute step: out-of-order, repeated and
/// off-step readings are refused (<c>SD2005</c>, <c>SD2006</c>, <c>SD2007</c>).
/// </remarks>
public sealed class LinkyStatementMapping : ISeriesMapping<LoadCurveReading>, IConsumptionMapping<LoadCurveReading>
{
    private static readonly JsonEncodedText Mesure = JsonEncodedText.Encode("mesure");
    private static readonly JsonEncodedText Linky = JsonEncodedText.Encode("linky");
    private static readonly JsonEncodedText HalfHour = JsonEncodedText.Encode("LinkyHalfHourElecConsumption");

    internal LinkyStatementMapping(TimeSpan step)
    {
        StepTicks = step.Ticks;
    }

    /// <inheritdoc />
    public Doctype Doctype => ConsumptionStatementMapping.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => ConsumptionStatementMapping.Keys;

    /// <inheritdoc />
    public long StepTicks { get; }

    /// <inheritdoc />
    public string GetSeriesKey(LoadCurveReading record) => record.UsagePointId;

    /// <inheritdoc />
    public (long Start, long Length) GetPosition(LoadCurveReading record) => (record.Start.UtcTicks, record.Length.Ticks);

    /// <inheritdoc />
    public bool IsSameReading(LoadCurveReading first, LoadCurveReading second) => first.AveragePower.IsSameMagnitude(second.AveragePower);

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(LoadCurveReading record) => record.Start;

    /// <inheritdoc />
    public void Validate(LoadCurveReading record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequireUsagePointId(record.UsagePointId, "contractNumber");
        context.RequireDimension(record.AveragePower, Dimension.Power, "value");
        context.RequireNonNegative(record.AveragePower.Value, "value");
    }

    /// <inheritdoc />
    public void WriteIdentity(LoadCurveReading record, ref IdentityKeyWriter keys)
    {
        keys.Add(record.UsagePointId);
        keys.Add(record.Start);
        keys.AddUtf8("linky"u8);
        keys.AddUtf8("LinkyHalfHourElecConsumption"u8);
        keys.AddUtf8("mesure"u8);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, LoadCurveReading record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        writer.WriteString(ConsumptionStatementMapping.ContractNumber, record.UsagePointId);
        writer.WriteString(ConsumptionStatementMapping.StatementType, Mesure);
        writer.WriteString(ConsumptionStatementMapping.StatementCategory, Linky);
        writer.WriteString(ConsumptionStatementMapping.StatementReason, HalfHour);
        DocumentWriteContext.WriteInstant(writer, ConsumptionStatementMapping.Start, record.Start);
        DocumentWriteContext.WriteInstant(writer, ConsumptionStatementMapping.End, record.Start + record.Length);
        context.WritePilotNumber(writer, ConsumptionStatementMapping.Value, record.EnergyKilowattHours());
        writer.WriteString(ConsumptionStatementMapping.UnitName, ConsumptionStatementMapping.KilowattHour);
    }

    /// <inheritdoc />
    public void ReportConsumption(LoadCurveReading record, ConsumptionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Add("linky (kWh)", DateOnly.FromDateTime(record.Start.DateTime), record.EnergyKilowattHours());
    }

    /// <inheritdoc />
    public LoadCurveReading Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = context.GetInstant(document, "start");
        var end = context.GetInstant(document, "end");
        var energy = ConsumptionStatementMapping.ReadQuantity(document, context, "value", Unit.KilowattHour).ConvertTo(Unit.WattHour);
        var length = end - start;
        if (length <= TimeSpan.Zero)
        {
            throw context.Fail("end", "The statement ends before it starts.");
        }

        var watts = energy.Value * TimeSpan.TicksPerHour / length.Ticks;
        return new LoadCurveReading(context.GetString(document, "contractNumber"), start, length, new Quantity(watts, Unit.Watt));
    }
}

/// <summary>
/// Maps GRDF Gazpar daily readings to MesInfos consumption statements (<c>statementCategory: "gazpar"</c>,
/// <c>statementReason: "GazparDailyGazConsumption"</c>), one document per gas day (06:00 to 06:00 in the mapping's time zone).
/// </summary>
/// <remarks>
/// <c>contractNumber</c> holds the PCE; <c>value</c> is in kWh, <c>volume</c> in m3; <c>period</c> is the day
/// (<c>2017-03-01</c>). The days form a series with a one-day step.
/// </remarks>
public sealed class GazparStatementMapping : ISeriesMapping<GasDailyReading>, IConsumptionMapping<GasDailyReading>
{
    private static readonly JsonEncodedText Mesure = JsonEncodedText.Encode("mesure");
    private static readonly JsonEncodedText Gazpar = JsonEncodedText.Encode("gazpar");
    private static readonly JsonEncodedText Daily = JsonEncodedText.Encode("GazparDailyGazConsumption");
    private readonly TimeZoneInfo _zone;

    /// <summary>Initializes a new instance of the <see cref="GazparStatementMapping"/> class.</summary>
    /// <param name="zone">The time zone of the gas day; French gas days follow <c>Europe/Paris</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is <see langword="null"/>.</exception>
    public GazparStatementMapping(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        _zone = zone;
    }

    /// <inheritdoc />
    public Doctype Doctype => ConsumptionStatementMapping.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => ConsumptionStatementMapping.Keys;

    /// <inheritdoc />
    public long StepTicks => TimeSpan.TicksPerDay;

    /// <inheritdoc />
    public string GetSeriesKey(GasDailyReading record) => record.Pce;

    /// <inheritdoc />
    public (long Start, long Length) GetPosition(GasDailyReading record) => (record.Date.DayNumber * TimeSpan.TicksPerDay, TimeSpan.TicksPerDay);

    /// <inheritdoc />
    public bool IsSameReading(GasDailyReading first, GasDailyReading second) =>
        first.Energy.IsSameMagnitude(second.Energy) && first.Volume.IsSameMagnitude(second.Volume)
        && first.Index == second.Index && first.VolumeToEnergyCoefficient == second.VolumeToEnergyCoefficient;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(GasDailyReading record) => DayStart(record.Date);

    /// <inheritdoc />
    public void Validate(GasDailyReading record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequireUsagePointId(record.Pce, "contractNumber");
        context.RequireDimension(record.Energy, Dimension.Energy, "value");
        context.RequireNonNegative(record.Energy.Value, "value");
        context.RequireDimension(record.Volume, Dimension.Volume, "volume");
        context.RequireNonNegative(record.Volume.Value, "volume");
        if (record.VolumeToEnergyCoefficient is { } coefficient)
        {
            context.RequireNonNegative(coefficient, "volumeToEnergyCoefficient");
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(GasDailyReading record, ref IdentityKeyWriter keys)
    {
        keys.Add(record.Pce);
        keys.Add(DayStart(record.Date));
        keys.AddUtf8("gazpar"u8);
        keys.AddUtf8("GazparDailyGazConsumption"u8);
        keys.AddUtf8("mesure"u8);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, GasDailyReading record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        writer.WriteString(ConsumptionStatementMapping.ContractNumber, record.Pce);
        writer.WriteString(ConsumptionStatementMapping.StatementType, Mesure);
        writer.WriteString(ConsumptionStatementMapping.StatementCategory, Gazpar);
        writer.WriteString(ConsumptionStatementMapping.StatementReason, Daily);
        DocumentWriteContext.WriteInstant(writer, ConsumptionStatementMapping.Start, DayStart(record.Date));
        DocumentWriteContext.WriteInstant(writer, ConsumptionStatementMapping.End, DayStart(record.Date.AddDays(1)));
        context.WritePilotNumber(writer, ConsumptionStatementMapping.Value, record.Energy.ConvertTo(Unit.KilowattHour).Value);
        writer.WriteString(ConsumptionStatementMapping.UnitName, ConsumptionStatementMapping.KilowattHour);
        context.WritePilotNumber(writer, ConsumptionStatementMapping.Volume, record.Volume.ConvertTo(Unit.CubicMetre).Value);
        if (record.Index is { } index)
        {
            context.WritePilotNumber(writer, ConsumptionStatementMapping.Index, index);
        }

        if (record.VolumeToEnergyCoefficient is { } coefficient)
        {
            writer.WriteNumber(ConsumptionStatementMapping.Coefficient, coefficient);
        }

        DocumentWriteContext.WriteDate(writer, ConsumptionStatementMapping.Period, record.Date);
    }

    /// <inheritdoc />
    public void ReportConsumption(GasDailyReading record, ConsumptionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Add("gazpar (kWh)", record.Date, record.Energy.ConvertTo(Unit.KilowattHour).Value);
    }

    /// <inheritdoc />
    public GasDailyReading Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new GasDailyReading(
            context.GetString(document, "contractNumber"),
            context.GetDate(document, "period"),
            ConsumptionStatementMapping.ReadQuantity(document, context, "value", Unit.KilowattHour),
            new Quantity(context.GetDecimal(document, "volume"), Unit.CubicMetre),
            context.GetOptionalDecimal(document, "index"),
            context.GetOptionalDecimal(document, "volumeToEnergyCoefficient"));
    }

    private DateTimeOffset DayStart(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(6, 0));
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
