using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Energy;

/// <summary>
/// Represents a MesInfos consumption statement (<c>org.fing.mesinfos.consumptionstatement</c>), the pivot doctype the
/// pilot used for every energy source: EDF meter readings, Edelia estimates, Linky half-hours and GRDF Gazpar days
/// and months. The source is told apart by <see cref="StatementCategory"/> and <see cref="StatementReason"/>.
/// </summary>
public sealed record ConsumptionStatement
{
    /// <summary>Gets the contract (EDF) or delivery point (Linky, Gazpar) the statement is about.</summary>
    public required string ContractNumber { get; init; }

    /// <summary>Gets the statement type: <c>REEL</c>, <c>estime</c>, <c>mesure</c>…</summary>
    public required string StatementType { get; init; }

    /// <summary>Gets the category: <c>linky</c>, <c>gazpar</c>, <c>edelia</c>, <c>RELEVE_REEL_PAR_ERD_GRD</c>…</summary>
    public required string StatementCategory { get; init; }

    /// <summary>Gets the reason: <c>LinkyHalfHourElecConsumption</c>, <c>GazparDailyGazConsumption</c>, <c>RELEVE_PERIODIQUE</c>…</summary>
    public required string StatementReason { get; init; }

    /// <summary>Gets the start of the period.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets the end of the period.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the energy consumed over the period (written in kWh, with an explicit <c>unit</c>).</summary>
    public required Quantity Value { get; init; }

    /// <summary>Gets the gas volume over the period (written in m3), when known.</summary>
    public Quantity? Volume { get; init; }

    /// <summary>Gets the meter index at the end of the period, when known.</summary>
    public decimal? Index { get; init; }

    /// <summary>Gets the volume-to-energy coefficient (kWh per m3), when known.</summary>
    public decimal? VolumeToEnergyCoefficient { get; init; }

    /// <summary>Gets the period label used by the pilot (<c>2017-03</c> or <c>2017-03-01</c>), when any.</summary>
    public string? Period { get; init; }

    /// <summary>Gets the number of the bill the statement comes from (EDF meter readings), when any.</summary>
    public string? BillNumber { get; init; }

    /// <summary>Gets the estimated cost of the period (Edelia), when any.</summary>
    public Money? Cost { get; init; }
}

/// <summary>Maps <see cref="ConsumptionStatement"/> records to <c>org.fing.mesinfos.consumptionstatement</c>.</summary>
/// <remarks>
/// Identity keys (the EDF konnector's): <c>contractNumber</c>, <c>start</c>, <c>statementCategory</c>,
/// <c>statementReason</c>, <c>statementType</c>. <c>value</c> is written in kWh — what pilot consumers read — with an
/// explicit <c>unit</c>; <c>volume</c> in m3. <c>value</c>, <c>volume</c> and <c>index</c> are pilot string numbers.
/// </remarks>
public sealed class ConsumptionStatementMapping : IConsumptionMapping<ConsumptionStatement>
{
    internal static readonly Doctype Name = new("org.fing.mesinfos.consumptionstatement");
    internal static readonly string[] Keys = ["contractNumber", "start", "statementCategory", "statementReason", "statementType"];

    internal static readonly JsonEncodedText ContractNumber = JsonEncodedText.Encode("contractNumber");
    internal static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
    internal static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
    internal static readonly JsonEncodedText StatementType = JsonEncodedText.Encode("statementType");
    internal static readonly JsonEncodedText StatementCategory = JsonEncodedText.Encode("statementCategory");
    internal static readonly JsonEncodedText StatementReason = JsonEncodedText.Encode("statementReason");
    internal static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    internal static readonly JsonEncodedText UnitName = JsonEncodedText.Encode("unit");
    internal static readonly JsonEncodedText KilowattHour = JsonEncodedText.Encode("kWh");
    internal static readonly JsonEncodedText Volume = JsonEncodedText.Encode("volume");
    internal static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    internal static readonly JsonEncodedText Coefficient = JsonEncodedText.Encode("volumeToEnergyCoefficient");
    internal static readonly JsonEncodedText Period = JsonEncodedText.Encode("period");
    internal static readonly JsonEncodedText BillNumber = JsonEncodedText.Encode("billNumber");
    internal static readonly JsonEncodedText Cost = JsonEncodedText.Encode("cost");
    internal static readonly JsonEncodedText Currency = JsonEncodedText.Encode("currency");

    internal ConsumptionStatementMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype => Name;

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(ConsumptionStatement record) => record?.End;

    /// <inheritdoc />
    public void Validate(ConsumptionStatement record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.ContractNumber, "contractNumber", 64);
        context.RequireText(record.StatementType, "statementType", 64);
        context.RequireText(record.StatementCategory, "statementCategory", 64);
        context.RequireText(record.StatementReason, "statementReason", 128);
        context.RequirePeriod(record.Start, record.End, "end");
        context.RequireDimension(record.Value, Dimension.Energy, "value");
        context.RequireNonNegative(record.Value.Value, "value");
        if (record.Volume is { } volume)
        {
            context.RequireDimension(volume, Dimension.Volume, "volume");
            context.RequireNonNegative(volume.Value, "volume");
        }

        if (record.VolumeToEnergyCoefficient is { } coefficient)
        {
            context.RequireNonNegative(coefficient, "volumeToEnergyCoefficient");
        }

        context.CheckLength(record.Period, "period", 32);
        context.CheckLength(record.BillNumber, "billNumber", 64);
    }

    /// <inheritdoc />
    public void WriteIdentity(ConsumptionStatement record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.ContractNumber);
        keys.Add(record.Start);
        keys.Add(record.StatementCategory);
        keys.Add(record.StatementReason);
        keys.Add(record.StatementType);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, ConsumptionStatement record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        writer.WriteString(ContractNumber, record.ContractNumber);
        writer.WriteString(StatementType, record.StatementType);
        writer.WriteString(StatementCategory, record.StatementCategory);
        writer.WriteString(StatementReason, record.StatementReason);
        DocumentWriteContext.WriteInstant(writer, Start, record.Start);
        DocumentWriteContext.WriteInstant(writer, End, record.End);
        context.WritePilotNumber(writer, Value, record.Value.ConvertTo(Unit.KilowattHour).Value);
        writer.WriteString(UnitName, KilowattHour);
        if (record.Volume is { } volume)
        {
            context.WritePilotNumber(writer, Volume, volume.ConvertTo(Unit.CubicMetre).Value);
        }

        if (record.Index is { } index)
        {
            context.WritePilotNumber(writer, Index, index);
        }

        if (record.VolumeToEnergyCoefficient is { } coefficient)
        {
            writer.WriteNumber(Coefficient, coefficient);
        }

        if (record.Period is not null)
        {
            writer.WriteString(Period, record.Period);
        }

        if (record.BillNumber is not null)
        {
            writer.WriteString(BillNumber, record.BillNumber);
        }

        if (record.Cost is { } cost)
        {
            writer.WriteNumber(Cost, cost.Amount);
            writer.WriteString(Currency, cost.Currency.Code);
        }
    }

    /// <inheritdoc />
    public void ReportConsumption(ConsumptionStatement record, ConsumptionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Add(record.StatementCategory + " (kWh)", DateOnly.FromDateTime(record.Start.DateTime), record.Value.ConvertTo(Unit.KilowattHour).Value);
    }

    /// <inheritdoc />
    public ConsumptionStatement Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cost = context.GetOptionalDecimal(document, "cost");
        var currency = context.GetOptionalString(document, "currency");
        return new ConsumptionStatement
        {
            ContractNumber = context.GetString(document, "contractNumber"),
            StatementType = context.GetString(document, "statementType"),
            StatementCategory = context.GetString(document, "statementCategory"),
            StatementReason = context.GetString(document, "statementReason"),
            Start = context.GetInstant(document, "start"),
            End = context.GetInstant(document, "end"),
            Value = ReadQuantity(document, context, "value", Unit.KilowattHour),
            Volume = context.GetOptionalDecimal(document, "volume") is { } v ? new Quantity(v, Unit.CubicMetre) : null,
            Index = context.GetOptionalDecimal(document, "index"),
            VolumeToEnergyCoefficient = context.GetOptionalDecimal(document, "volumeToEnergyCoefficient"),
            Period = context.GetOptionalString(document, "period"),
            BillNumber = context.GetOptionalString(document, "billNumber"),
            Cost = cost is null ? null : new Money(cost.Value, ReadCurrency(context, currency)),
        };
    }

    internal static Quantity ReadQuantity(JsonElement document, DocumentReadContext context, string name, Unit defaultUnit)
    {
        var value = context.GetDecimal(document, name);
        var symbol = context.GetOptionalString(document, "unit");
        if (symbol is null)
        {
            return new Quantity(value, defaultUnit);
        }

        var unit = Units.Parse(symbol);
        return unit.TryGetValue(out var u) ? new Quantity(value, u) : throw context.Fail("unit", unit.Error!.Message);
    }

    internal static CurrencyCode ReadCurrency(DocumentReadContext context, string? currency)
    {
        var parsed = CurrencyCode.Parse(currency);
        return parsed.TryGetValue(out var code) ? code : throw context.Fail("currency", parsed.Error!.Message);
    }
}
