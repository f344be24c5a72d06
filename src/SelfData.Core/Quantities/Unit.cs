namespace SelfData.Core;

/// <summary>Specifies a unit of measure supported by <see cref="Quantity"/>.</summary>
public enum Unit
{
    /// <summary>Watt-hour (<c>Wh</c>), energy.</summary>
    WattHour,

    /// <summary>Kilowatt-hour (<c>kWh</c>), energy: 1,000 Wh.</summary>
    KilowattHour,

    /// <summary>Megawatt-hour (<c>MWh</c>), energy: 1,000,000 Wh.</summary>
    MegawattHour,

    /// <summary>Watt (<c>W</c>), power.</summary>
    Watt,

    /// <summary>Kilowatt (<c>kW</c>), power: 1,000 W.</summary>
    Kilowatt,

    /// <summary>Kilovolt-ampere (<c>kVA</c>), apparent power (contracted or subscribed power).</summary>
    KilovoltAmpere,

    /// <summary>Litre (<c>L</c>), volume.</summary>
    Litre,

    /// <summary>Cubic metre (<c>m3</c>), volume: 1,000 L.</summary>
    CubicMetre,

    /// <summary>Kilogram (<c>kg</c>), mass.</summary>
    Kilogram,

    /// <summary>Gram of CO2 equivalent (<c>gCO2e</c>), greenhouse-gas emissions.</summary>
    GramCo2Equivalent,

    /// <summary>Second (<c>s</c>), time.</summary>
    Second,

    /// <summary>Minute (<c>min</c>), time: 60 s.</summary>
    Minute,

    /// <summary>Hour (<c>h</c>), time: 3,600 s.</summary>
    Hour,

    /// <summary>Metre (<c>m</c>), length.</summary>
    Metre,

    /// <summary>Kilometre (<c>km</c>), length: 1,000 m.</summary>
    Kilometre,

    /// <summary>Litre per hour (<c>L/h</c>), volume flow: a water meter's flow rate.</summary>
    LitrePerHour,

    /// <summary>Cubic metre per hour (<c>m3/h</c>), volume flow: 1,000 L/h (a gas or water meter's rated flow).</summary>
    CubicMetrePerHour,
}

/// <summary>Specifies the physical dimension of a <see cref="Unit"/>. Conversions exist only inside one dimension.</summary>
public enum Dimension
{
    /// <summary>Energy: Wh, kWh, MWh.</summary>
    Energy,

    /// <summary>Active power: W, kW.</summary>
    Power,

    /// <summary>Apparent power: kVA.</summary>
    ApparentPower,

    /// <summary>Volume: L, m3.</summary>
    Volume,

    /// <summary>Mass: kg.</summary>
    Mass,

    /// <summary>Greenhouse-gas emissions: gCO2e.</summary>
    Emissions,

    /// <summary>Time: s, min, h.</summary>
    Time,

    /// <summary>Length: m, km.</summary>
    Length,

    /// <summary>Volume flow: L/h, m3/h.</summary>
    VolumeFlow,
}

/// <summary>Provides the symbol, dimension and exact conversion factor of each <see cref="Unit"/>.</summary>
public static class Units
{
    private static readonly UnitInfo[] Table =
    [
        new("Wh", Dimension.Energy, 1m),
        new("kWh", Dimension.Energy, 1_000m),
        new("MWh", Dimension.Energy, 1_000_000m),
        new("W", Dimension.Power, 1m),
        new("kW", Dimension.Power, 1_000m),
        new("kVA", Dimension.ApparentPower, 1m),
        new("L", Dimension.Volume, 1m),
        new("m3", Dimension.Volume, 1_000m),
        new("kg", Dimension.Mass, 1m),
        new("gCO2e", Dimension.Emissions, 1m),
        new("s", Dimension.Time, 1m),
        new("min", Dimension.Time, 60m),
        new("h", Dimension.Time, 3_600m),
        new("m", Dimension.Length, 1m),
        new("km", Dimension.Length, 1_000m),
        new("L/h", Dimension.VolumeFlow, 1m),
        new("m3/h", Dimension.VolumeFlow, 1_000m),
    ];

    /// <summary>Gets every supported unit.</summary>
    public static IReadOnlyList<Unit> All { get; } = Enum.GetValues<Unit>();

    /// <summary>Gets the symbol of a unit as written in documents, such as <c>kWh</c> or <c>m3</c>.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns>The symbol.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined value.</exception>
    public static string Symbol(this Unit unit) => Info(unit).Symbol;

    /// <summary>Gets the dimension of a unit.</summary>
    /// <param name="unit">The unit.</param>
    /// <returns>The dimension.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined value.</exception>
    public static Dimension GetDimension(this Unit unit) => Info(unit).Dimension;

    /// <summary>Gets how many base units of its dimension one unit holds (for example 3,600 for <see cref="Unit.Hour"/>).</summary>
    /// <param name="unit">The unit.</param>
    /// <returns>The exact factor to the dimension's base unit (Wh, W, kVA, L, kg, gCO2e, s, m, L/h).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined value.</exception>
    public static decimal FactorToBase(this Unit unit) => Info(unit).Factor;

    /// <summary>Parses a unit symbol. Symbols are case-sensitive (<c>MWh</c> is not <c>mWh</c>); <c>m³</c>, <c>l</c>, <c>m³/h</c> and <c>l/h</c> are accepted.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The result, holding the unit or an <c>SD9011</c> error.</returns>
    public static ParseResult<Unit> Parse(string? symbol)
    {
        if (symbol is not null)
        {
            for (var i = 0; i < Table.Length; i++)
            {
                if (string.Equals(Table[i].Symbol, symbol, StringComparison.Ordinal))
                {
                    return ParseResult.ForValue((Unit)i);
                }
            }

            switch (symbol)
            {
                case "m³":
                    return ParseResult.ForValue(Unit.CubicMetre);
                case "l":
                    return ParseResult.ForValue(Unit.Litre);
                case "m³/h":
                    return ParseResult.ForValue(Unit.CubicMetrePerHour);
                case "l/h":
                    return ParseResult.ForValue(Unit.LitrePerHour);
            }
        }

        var known = string.Join(", ", Table.Select(static t => t.Symbol));
        return ParseResult.ForError<Unit>(
            CoreErrorCodes.UnknownUnit,
            $"Unit '{Doctype.Printable(symbol ?? string.Empty)}' is not supported; use one of {known}.");
    }

    private static UnitInfo Info(Unit unit)
    {
        var index = (int)unit;
        return (uint)index < (uint)Table.Length
            ? Table[index]
            : throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit.");
    }

    private readonly record struct UnitInfo(string Symbol, Dimension Dimension, decimal Factor);
}
