using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Energy;

/// <summary>
/// Represents one value of a Grand Lyon "Ecolyo" consumption series (<c>com.grandlyon.{enedis,grdf,egl}.{minute,hour,day,month,year}</c>):
/// the load of one time step, stamped with the local wall-clock parts of its start.
/// </summary>
/// <param name="LocalStart">The start of the step in local wall-clock time; its <see cref="DateTime.Kind"/> is ignored.</param>
/// <param name="Load">The load: energy (written in kWh) for electricity and gas, volume (written in litres) for water.</param>
public readonly record struct EcolyoLoad(DateTime LocalStart, Quantity Load);

/// <summary>Specifies the fluid of an Ecolyo series.</summary>
public enum EcolyoFluid
{
    /// <summary>Electricity (<c>com.grandlyon.enedis.*</c>), load in kWh.</summary>
    Electricity,

    /// <summary>Gas (<c>com.grandlyon.grdf.*</c>), load in kWh.</summary>
    Gas,

    /// <summary>Water (<c>com.grandlyon.egl.*</c>), load in litres.</summary>
    Water,
}

/// <summary>Specifies the time step of an Ecolyo series.</summary>
public enum EcolyoStep
{
    /// <summary>30-minute values (<c>.minute</c>).</summary>
    HalfHour,

    /// <summary>Hourly values (<c>.hour</c>).</summary>
    Hour,

    /// <summary>Daily values (<c>.day</c>).</summary>
    Day,

    /// <summary>Monthly values (<c>.month</c>).</summary>
    Month,

    /// <summary>Yearly values (<c>.year</c>).</summary>
    Year,
}

/// <summary>Maps <see cref="EcolyoLoad"/> values to one Ecolyo doctype: <c>load</c> plus the numbers <c>year</c>, <c>month</c>, <c>day</c>, <c>hour</c>, <c>minute</c>.</summary>
/// <remarks>
/// The parts below the step are fixed: <c>minute</c> is 0 except in 30-minute series, <c>hour</c> is 0 except in
/// 30-minute and hourly series, <c>day</c> is 1 in month and year series, <c>month</c> is 1 in year series; a value off
/// its step is refused (<c>SD2007</c>). Identity keys: <c>day</c>, <c>hour</c>, <c>minute</c>, <c>month</c>, <c>year</c>.
/// The Ecolyo field names come from Grand Lyon's technical documentation.
/// </remarks>
public sealed class EcolyoMapping : IConsumptionMapping<EcolyoLoad>
{
    private static readonly string[] Keys = ["day", "hour", "minute", "month", "year"];
    private static readonly JsonEncodedText LoadName = JsonEncodedText.Encode("load");
    private static readonly JsonEncodedText YearName = JsonEncodedText.Encode("year");
    private static readonly JsonEncodedText MonthName = JsonEncodedText.Encode("month");
    private static readonly JsonEncodedText DayName = JsonEncodedText.Encode("day");
    private static readonly JsonEncodedText HourName = JsonEncodedText.Encode("hour");
    private static readonly JsonEncodedText MinuteName = JsonEncodedText.Encode("minute");
    private readonly Unit _unit;

    internal EcolyoMapping(EcolyoFluid fluid, EcolyoStep step)
    {
        Fluid = fluid;
        Step = step;
        var prefix = fluid switch
        {
            EcolyoFluid.Electricity => "com.grandlyon.enedis.",
            EcolyoFluid.Gas => "com.grandlyon.grdf.",
            _ => "com.grandlyon.egl.",
        };
        var suffix = step switch
        {
            EcolyoStep.HalfHour => "minute",
            EcolyoStep.Hour => "hour",
            EcolyoStep.Day => "day",
            EcolyoStep.Month => "month",
            _ => "year",
        };
        Doctype = new Doctype(prefix + suffix);
        _unit = fluid == EcolyoFluid.Water ? Unit.Litre : Unit.KilowattHour;
    }

    /// <summary>
    /// Initializes a mapping that writes the Ecolyo shape (<c>load</c> and the date parts) under a holder's own doctype,
    /// for a utility other than Grand Lyon's: <c>com.grandlyon.*</c> stays Ecolyo's, so write your own namespace,
    /// such as <c>fr.eauxdusud.water.day</c>. Check its documents against the Ecolyo schema with
    /// <c>SchemaConformanceValidatorOptions.DoctypeAliases</c>.
    /// </summary>
    /// <param name="doctype">The holder's doctype.</param>
    /// <param name="fluid">The fluid: litres for water, kWh otherwise.</param>
    /// <param name="step">The time step.</param>
    /// <exception cref="ArgumentException"><paramref name="doctype"/> is the default value, or is in Ecolyo's <c>com.grandlyon.</c> namespace; use the built-in mappings (<see cref="ElectricityDoctypes.EcolyoDay"/>…) there.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fluid"/> or <paramref name="step"/> is not a defined value.</exception>
    public EcolyoMapping(Doctype doctype, EcolyoFluid fluid, EcolyoStep step)
        : this(Defined(fluid), Defined(step))
    {
        if (doctype.Name is null)
        {
            throw new ArgumentException("The doctype is the default, empty value.", nameof(doctype));
        }

        if (doctype.Name.StartsWith("com.grandlyon.", StringComparison.Ordinal))
        {
            throw new ArgumentException("com.grandlyon.* is Ecolyo's namespace: use the built-in Ecolyo mappings there, and your own namespace for your doctypes.", nameof(doctype));
        }

        Doctype = doctype;
    }

    /// <summary>Gets the fluid.</summary>
    public EcolyoFluid Fluid { get; }

    /// <summary>Gets the time step.</summary>
    public EcolyoStep Step { get; }

    /// <inheritdoc />
    public Doctype Doctype { get; }

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a defined value.");

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(EcolyoLoad record) => new DateTimeOffset(DateTime.SpecifyKind(record.LocalStart, DateTimeKind.Unspecified), TimeSpan.Zero);

    /// <inheritdoc />
    public void Validate(EcolyoLoad record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequireDimension(record.Load, _unit.GetDimension(), "load");
        context.RequireNonNegative(record.Load.Value, "load");
        var t = record.LocalStart;
        var aligned = Step switch
        {
            EcolyoStep.HalfHour => t.Minute % 30 == 0 && t.Second == 0 && t.Millisecond == 0 && t.Ticks % TimeSpan.TicksPerSecond == 0,
            EcolyoStep.Hour => t.TimeOfDay == TimeSpan.FromHours(t.Hour),
            EcolyoStep.Day => t.TimeOfDay == TimeSpan.Zero,
            EcolyoStep.Month => t.TimeOfDay == TimeSpan.Zero && t.Day == 1,
            _ => t.TimeOfDay == TimeSpan.Zero && t.Day == 1 && t.Month == 1,
        };
        if (!aligned)
        {
            context.Fail(PortabilityErrorCodes.IntervalMismatch, "minute", $"{t:yyyy-MM-ddTHH:mm:ss} is not the start of a {Step} step in {Doctype}.");
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(EcolyoLoad record, ref IdentityKeyWriter keys)
    {
        var t = record.LocalStart;
        keys.Add(t.Day);
        keys.Add(t.Hour);
        keys.Add(t.Minute);
        keys.Add(t.Month);
        keys.Add(t.Year);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, EcolyoLoad record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var t = record.LocalStart;
        writer.WriteNumber(LoadName, record.Load.Unit == _unit ? record.Load.Value : record.Load.ConvertTo(_unit).Value);
        writer.WriteNumber(YearName, t.Year);
        writer.WriteNumber(MonthName, t.Month);
        writer.WriteNumber(DayName, t.Day);
        writer.WriteNumber(HourName, t.Hour);
        writer.WriteNumber(MinuteName, t.Minute);
    }

    /// <inheritdoc />
    public void ReportConsumption(EcolyoLoad record, ConsumptionRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        recorder.Add(_unit == Unit.Litre ? "load (L)" : "load (kWh)", DateOnly.FromDateTime(record.LocalStart), record.Load.ConvertTo(_unit).Value);
    }

    /// <inheritdoc />
    public EcolyoLoad Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int year = context.GetInt32(document, "year"), month = context.GetInt32(document, "month"), day = context.GetInt32(document, "day");
        int hour = context.GetInt32(document, "hour"), minute = context.GetInt32(document, "minute");
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59)
        {
            throw context.Fail("year", "The date parts do not form a real date and time.");
        }

        return new EcolyoLoad(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), new Quantity(context.GetDecimal(document, "load"), _unit));
    }
}
