using System.Runtime.CompilerServices;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Energy;

/// <summary>
/// Represents one Enedis Data Connect metering document (<c>fr.enedis.api.meteringdata.*</c>): the values of one
/// delivery point over a period, as the API returns them (<c>usage_point[].meter_reading.interval_block[]</c>).
/// </summary>
/// <remarks>
/// Values are in the doctype's unit: W for the load curve and maximum power, Wh for daily energy. Use
/// <see cref="GroupByDayAsync"/> and <see cref="GroupByMonthAsync"/> to build these documents from streams of readings.
/// </remarks>
public sealed record EnedisMeterReading
{
    /// <summary>Gets the delivery point (PRM), 14 digits.</summary>
    public required string UsagePointId { get; init; }

    /// <summary>Gets the first day of the period.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>Gets the day after the last day of the period.</summary>
    public required DateOnly End { get; init; }

    /// <summary>Gets the values, each with its 1-based position in the period (<c>reading_number</c>).</summary>
    public required IReadOnlyList<EnedisIntervalValue> IntervalBlock { get; init; }

    /// <summary>Gets the subscribed power in kVA (<c>contract_power</c>), when known.</summary>
    public decimal? ContractPower { get; init; }

    /// <summary>Gets the tariff option (<c>fee_schedule</c>, such as <c>Base</c>), when known.</summary>
    public string? FeeSchedule { get; init; }

    /// <summary>Gets the INSEE code of the commune (<c>INSEE_code</c>), when known.</summary>
    public string? InseeCode { get; init; }

    /// <summary>Groups a load curve into one document per delivery point and local day (slot numbers count from local midnight).</summary>
    /// <param name="readings">The readings, in order.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The documents, one day at a time; at most one day is held in memory.</returns>
    public static async IAsyncEnumerable<EnedisMeterReading> GroupByDayAsync(
        IAsyncEnumerable<LoadCurveReading> readings,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        string? point = null;
        var day = default(DateOnly);
        var midnight = default(DateTimeOffset);
        var values = new List<EnedisIntervalValue>(50);
        await foreach (var reading in readings.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var readingDay = DateOnly.FromDateTime(reading.Start.DateTime);
            if (point is null || point != reading.UsagePointId || readingDay != day)
            {
                if (point is not null)
                {
                    yield return new EnedisMeterReading { UsagePointId = point, Start = day, End = day.AddDays(1), IntervalBlock = [.. values] };
                    values.Clear();
                }

                // Slots count elapsed time from local midnight, so days of 46 or 50 half-hours (clock changes) keep distinct numbers.
                midnight = reading.Start - reading.Start.TimeOfDay;
            }

            point = reading.UsagePointId;
            day = readingDay;
            var length = reading.Length.Ticks > 0 ? reading.Length.Ticks : TimeSpan.TicksPerMinute * 30;
            var slot = (int)((reading.Start.UtcTicks - midnight.UtcTicks) / length) + 1;
            values.Add(new EnedisIntervalValue(slot, reading.AveragePower.ConvertTo(Unit.Watt).Value));
        }

        if (point is not null)
        {
            yield return new EnedisMeterReading { UsagePointId = point, Start = day, End = day.AddDays(1), IntervalBlock = [.. values] };
        }
    }

    /// <summary>Groups daily values into one document per delivery point and calendar month (slot number = day of month).</summary>
    /// <param name="readings">The daily readings, in order.</param>
    /// <param name="unit">The doctype's unit: <see cref="Unit.WattHour"/> for daily energy, <see cref="Unit.Watt"/> for maximum power.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The documents, one month at a time.</returns>
    public static async IAsyncEnumerable<EnedisMeterReading> GroupByMonthAsync(
        IAsyncEnumerable<DailyReading> readings,
        Unit unit,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        string? point = null;
        var month = default(DateOnly);
        var values = new List<EnedisIntervalValue>(31);
        await foreach (var reading in readings.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var readingMonth = new DateOnly(reading.Date.Year, reading.Date.Month, 1);
            if (point is not null && (point != reading.UsagePointId || readingMonth != month))
            {
                yield return new EnedisMeterReading { UsagePointId = point, Start = month, End = month.AddMonths(1), IntervalBlock = [.. values] };
                values.Clear();
            }

            point = reading.UsagePointId;
            month = readingMonth;
            values.Add(new EnedisIntervalValue(reading.Date.Day, reading.Value.ConvertTo(unit).Value));
        }

        if (point is not null)
        {
            yield return new EnedisMeterReading { UsagePointId = point, Start = month, End = month.AddMonths(1), IntervalBlock = [.. values] };
        }
    }
}

/// <summary>Represents one value of an Enedis interval block.</summary>
/// <param name="ReadingNumber">The 1-based position of the value in the period.</param>
/// <param name="Value">The value, in the doctype's unit.</param>
public readonly record struct EnedisIntervalValue(int ReadingNumber, decimal Value);

/// <summary>Specifies the Enedis measurement a metering doctype holds.</summary>
public enum EnedisMeasurement
{
    /// <summary>The load curve (<c>CDC</c>): average power in W per 30 minutes, <c>fr.enedis.api.meteringdata.loadcurve</c>.</summary>
    LoadCurve,

    /// <summary>Daily energy (<c>ENERGIEGLO</c>) in Wh, <c>fr.enedis.api.meteringdata.energy</c>.</summary>
    DailyEnergy,

    /// <summary>Daily maximum power (<c>PMAX</c>) in W, <c>fr.enedis.api.meteringdata.maxpower</c>.</summary>
    MaxPower,
}

/// <summary>Maps <see cref="EnedisMeterReading"/> records to one of the <c>fr.enedis.api.meteringdata.*</c> doctypes, keeping Enedis's snake_case names.</summary>
/// <remarks>Identity keys: <c>end_measurement_period</c>, <c>start_measurement_period</c>, <c>usage_point_id</c>. Values, reading numbers and <c>contract_power</c> are pilot string numbers (the API sends strings).</remarks>
public sealed class EnedisMeteringMapping : IConsumptionMapping<EnedisMeterReading>
{
    private static readonly string[] Keys = ["end_measurement_period", "start_measurement_period", "usage_point_id"];
    private static readonly JsonEncodedText UsagePointName = JsonEncodedText.Encode("usage_point");
    private static readonly JsonEncodedText UsagePointIdName = JsonEncodedText.Encode("usage_point_id");
    private static readonly JsonEncodedText MeterReadingName = JsonEncodedText.Encode("meter_reading");
    private static readonly JsonEncodedText ReadingTypeName = JsonEncodedText.Encode("reading_type");
    private static readonly JsonEncodedText MeasurementKindName = JsonEncodedText.Encode("measurement_kind");
    private static readonly JsonEncodedText StartName = JsonEncodedText.Encode("start_measurement_period");
    private static readonly JsonEncodedText EndName = JsonEncodedText.Encode("end_measurement_period");
    private static readonly JsonEncodedText IntervalLengthName = JsonEncodedText.Encode("interval_length");
    private static readonly JsonEncodedText TimeAttributeName = JsonEncodedText.Encode("time_attribute");
    private static readonly JsonEncodedText UnitName = JsonEncodedText.Encode("unit");
    private static readonly JsonEncodedText FlowDirectionName = JsonEncodedText.Encode("flow_direction");
    private static readonly JsonEncodedText IntervalBlockName = JsonEncodedText.Encode("interval_block");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText ReadingNumberName = JsonEncodedText.Encode("reading_number");
    private readonly string _kind;
    private readonly string _interval;
    private readonly string _timeAttribute;
    private readonly string _unit;
    private readonly int _slotsPerDay;

    internal EnedisMeteringMapping(EnedisMeasurement measurement)
    {
        Measurement = measurement;
        (Doctype, _kind, _interval, _timeAttribute, _unit, _slotsPerDay) = measurement switch
        {
            EnedisMeasurement.LoadCurve => (new Doctype("fr.enedis.api.meteringdata.loadcurve"), "CDC", "PT30M", "30mn", "W", 50),
            EnedisMeasurement.DailyEnergy => (new Doctype("fr.enedis.api.meteringdata.energy"), "ENERGIEGLO", "P1D", "day", "Wh", 1),
            _ => (new Doctype("fr.enedis.api.meteringdata.maxpower"), "PMAX", "P1D", "day", "W", 1),
        };
    }

    /// <summary>Gets the measurement the doctype holds.</summary>
    public EnedisMeasurement Measurement { get; }

    /// <inheritdoc />
    public Doctype Doctype { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(EnedisMeterReading record) =>
        record is null ? null : new DateTimeOffset(record.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <inheritdoc />
    public void Validate(EnedisMeterReading record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireUsagePointId(record.UsagePointId, "usage_point_id");
        if (record.End <= record.Start)
        {
            context.Fail(PortabilityErrorCodes.InvalidPeriod, "end_measurement_period", "The period must end after it starts.");
        }

        if (record.IntervalBlock is null || record.IntervalBlock.Count == 0)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "interval_block", "A metering document holds at least one value.");
        }

        var slots = (record.End.DayNumber - record.Start.DayNumber) * _slotsPerDay;
        var previous = 0;
        for (var i = 0; i < record.IntervalBlock!.Count; i++)
        {
            var value = record.IntervalBlock[i];
            var field = $"interval_block[{i}]";
            if (value.ReadingNumber <= previous)
            {
                context.Fail(PortabilityErrorCodes.ReadingOutOfOrder, field + ".reading_number", "Reading numbers must increase strictly.");
            }

            if (value.ReadingNumber > slots)
            {
                context.Fail(PortabilityErrorCodes.IntervalMismatch, field + ".reading_number", $"Reading number {value.ReadingNumber} is beyond the {slots} slots of the period.");
            }

            context.RequireNonNegative(value.Value, field + ".value");
            previous = value.ReadingNumber;
        }

        if (record.ContractPower is { } power)
        {
            context.RequireNonNegative(power, "contract_power");
        }

        context.CheckLength(record.FeeSchedule, "fee_schedule", 64);
        context.CheckLength(record.InseeCode, "INSEE_code", 16);
    }

    /// <inheritdoc />
    public void WriteIdentity(EnedisMeterReading record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.End);
        keys.Add(record.Start);
        keys.Add(record.UsagePointId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, EnedisMeterReading record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        if (record.ContractPower is { } power)
        {
            context.WritePilotNumber(writer, "contract_power", power);
        }

        if (record.FeeSchedule is not null)
        {
            writer.WriteString("fee_schedule", record.FeeSchedule);
        }

        if (record.InseeCode is not null)
        {
            writer.WriteString("INSEE_code", record.InseeCode);
        }

        writer.WriteStartArray(UsagePointName);
        writer.WriteStartObject();
        writer.WriteString(UsagePointIdName, record.UsagePointId);
        writer.WriteStartObject(MeterReadingName);
        writer.WriteStartObject(ReadingTypeName);
        writer.WriteString(MeasurementKindName, _kind);
        DocumentWriteContext.WriteDate(writer, StartName, record.Start);
        DocumentWriteContext.WriteDate(writer, EndName, record.End);
        writer.WriteString(IntervalLengthName, _interval);
        writer.WriteString(TimeAttributeName, _timeAttribute);
        writer.WriteString(UnitName, _unit);
        writer.WriteString(FlowDirectionName, "forward");
        writer.WriteEndObject();
        writer.WriteStartArray(IntervalBlockName);
        foreach (var value in record.IntervalBlock)
        {
            writer.WriteStartObject();
            context.WritePilotNumber(writer, ValueName, value.Value);
            context.WritePilotNumber(writer, ReadingNumberName, value.ReadingNumber);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public void ReportConsumption(EnedisMeterReading record, ConsumptionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(recorder);
        foreach (var value in record.IntervalBlock)
        {
            switch (Measurement)
            {
                case EnedisMeasurement.LoadCurve:
                    recorder.Add("energy from the load curve (Wh)", record.Start, value.Value / 2);
                    break;
                case EnedisMeasurement.MaxPower:
                    recorder.Add("maximum power (W)", record.Start.AddDays(value.ReadingNumber - 1), value.Value, ConsumptionAggregation.Max);
                    break;
                default:
                    recorder.Add("energy (Wh)", record.Start.AddDays(value.ReadingNumber - 1), value.Value);
                    break;
            }
        }
    }

    /// <inheritdoc />
    public EnedisMeterReading Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!document.TryGetProperty("usage_point", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() != 1)
        {
            throw context.Fail("usage_point", "'usage_point' must be an array with one delivery point.");
        }

        var point = points[0];
        if (!point.TryGetProperty("meter_reading", out var reading) || reading.ValueKind != JsonValueKind.Object
            || !reading.TryGetProperty("reading_type", out var type) || type.ValueKind != JsonValueKind.Object
            || !reading.TryGetProperty("interval_block", out var block) || block.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail("usage_point[0].meter_reading", "'meter_reading' needs 'reading_type' and 'interval_block'.");
        }

        if (context.GetOptionalString(type, "measurement_kind") != _kind || context.GetOptionalString(type, "unit") != _unit)
        {
            throw context.Fail("usage_point[0].meter_reading.reading_type", $"{Doctype} holds '{_kind}' values in {_unit}.");
        }

        var values = new List<EnedisIntervalValue>(block.GetArrayLength());
        foreach (var item in block.EnumerateArray())
        {
            values.Add(new EnedisIntervalValue(context.GetInt32(item, "reading_number"), context.GetDecimal(item, "value")));
        }

        return new EnedisMeterReading
        {
            UsagePointId = context.GetString(point, "usage_point_id"),
            Start = context.GetDate(type, "start_measurement_period"),
            End = context.GetDate(type, "end_measurement_period"),
            IntervalBlock = values,
            ContractPower = context.GetOptionalDecimal(document, "contract_power"),
            FeeSchedule = context.GetOptionalString(document, "fee_schedule"),
            InseeCode = context.GetOptionalString(document, "INSEE_code"),
        };
    }
}
