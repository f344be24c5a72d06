using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>
/// Represents an amount of a physical quantity: an exact decimal value and its <see cref="Core.Unit"/>.
/// </summary>
/// <remarks>
/// <para>Conversions use the exact factors of <see cref="Units.FactorToBase(Core.Unit)"/>. Because every factor of a
/// dimension divides the larger ones, a conversion to a smaller unit is one exact multiplication and a conversion to a
/// larger unit is one division, rounded only where decimal's 28 significant digits end.</para>
/// <para>Converting across dimensions fails with <see cref="CoreErrorCodes.IncompatibleUnits"/> (<c>SD9010</c>).</para>
/// <para>Equality compares value and unit: <c>1000 Wh</c> and <c>1 kWh</c> are different quantities with equal
/// magnitude; use <see cref="CompareTo(Quantity)"/> or <see cref="IsSameMagnitude(Quantity)"/> to compare across units.</para>
/// </remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>, IFormattable
{
    /// <summary>Initializes a new instance of the <see cref="Quantity"/> struct.</summary>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unit"/> is not a defined value.</exception>
    public Quantity(decimal value, Unit unit)
    {
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit.");
        }

        Value = value;
        Unit = unit;
    }

    /// <summary>Gets the value.</summary>
    public decimal Value { get; }

    /// <summary>Gets the unit.</summary>
    public Unit Unit { get; }

    /// <summary>Gets the dimension of the quantity.</summary>
    public Dimension Dimension => Unit.GetDimension();

    /// <summary>Creates a quantity from a binary floating-point value, refusing NaN and infinities.</summary>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>The quantity, with the shortest decimal that round-trips <paramref name="value"/>.</returns>
    /// <exception cref="SelfDataValidationException">The value is NaN or infinite (<c>SD9012</c>), or beyond decimal's range (<c>SD9013</c>).</exception>
    public static Quantity FromDouble(double value, Unit unit)
    {
        if (!double.IsFinite(value))
        {
            throw new SelfDataValidationException(CoreErrorCodes.NotFiniteNumber, $"A {unit.Symbol()} value is {value.ToString(CultureInfo.InvariantCulture)}; only finite numbers are allowed.");
        }

        if (Math.Abs(value) >= 7.9e28)
        {
            throw new SelfDataValidationException(CoreErrorCodes.NumberOutOfRange, $"A {unit.Symbol()} value is beyond ±7.9e28.");
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        return decimal.TryParse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? new Quantity(exact, unit)
            : new Quantity((decimal)value, unit);
    }

    /// <summary>Converts the quantity to another unit of the same dimension.</summary>
    /// <param name="target">The target unit.</param>
    /// <returns>The same magnitude expressed in <paramref name="target"/>.</returns>
    /// <exception cref="SelfDataValidationException">The target unit has another dimension (<c>SD9010</c>), or the result overflows (<c>SD9013</c>).</exception>
    public Quantity ConvertTo(Unit target)
    {
        var result = TryConvertTo(target);
        return result.GetValueOrThrow();
    }

    /// <summary>Converts the quantity to another unit of the same dimension, reporting failure as a value.</summary>
    /// <param name="target">The target unit.</param>
    /// <returns>The converted quantity, or an <c>SD9010</c>/<c>SD9013</c> error.</returns>
    public ParseResult<Quantity> TryConvertTo(Unit target)
    {
        if (!Enum.IsDefined(target))
        {
            return ParseResult.ForError<Quantity>(CoreErrorCodes.UnknownUnit, $"Unit {(int)target} is not defined.");
        }

        if (target == Unit)
        {
            return ParseResult.ForValue(this);
        }

        if (target.GetDimension() != Dimension)
        {
            return ParseResult.ForError<Quantity>(
                CoreErrorCodes.IncompatibleUnits,
                $"Cannot convert {Unit.Symbol()} ({Dimension}) to {target.Symbol()} ({target.GetDimension()}).");
        }

        var from = Unit.FactorToBase();
        var to = target.FactorToBase();
        try
        {
            var converted = from > to ? Value * (from / to) : Value / (to / from);
            return ParseResult.ForValue(new Quantity(converted, target));
        }
        catch (OverflowException)
        {
            return ParseResult.ForError<Quantity>(
                CoreErrorCodes.NumberOutOfRange,
                $"{Value.ToString(CultureInfo.InvariantCulture)} {Unit.Symbol()} is too large to express in {target.Symbol()}.");
        }
    }

    /// <summary>Determines whether another quantity of the same dimension has exactly the same magnitude.</summary>
    /// <param name="other">The other quantity.</param>
    /// <returns><see langword="true"/> when both dimensions match and the magnitudes are equal.</returns>
    public bool IsSameMagnitude(Quantity other) => other.Dimension == Dimension && CompareTo(other) == 0;

    /// <summary>Compares magnitudes of two quantities of the same dimension.</summary>
    /// <param name="other">The other quantity.</param>
    /// <returns>A negative number, zero or a positive number as this quantity is smaller, equal or larger.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public int CompareTo(Quantity other)
    {
        if (other.Dimension != Dimension)
        {
            throw new SelfDataValidationException(
                CoreErrorCodes.IncompatibleUnits,
                $"Cannot compare {Unit.Symbol()} ({Dimension}) with {other.Unit.Symbol()} ({other.Dimension}).");
        }

        var common = Unit.FactorToBase() <= other.Unit.FactorToBase() ? Unit : other.Unit;
        return ConvertTo(common).Value.CompareTo(other.ConvertTo(common).Value);
    }

    /// <summary>Adds two quantities of the same dimension; the result takes the unit of the smaller factor.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static Quantity operator +(Quantity left, Quantity right) => Add(left, right);

    /// <summary>Adds two quantities of the same dimension; the result takes the unit of the smaller factor.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static Quantity Add(Quantity left, Quantity right)
    {
        if (left.Dimension != right.Dimension)
        {
            throw new SelfDataValidationException(
                CoreErrorCodes.IncompatibleUnits,
                $"Cannot add {right.Unit.Symbol()} ({right.Dimension}) to {left.Unit.Symbol()} ({left.Dimension}).");
        }

        var common = left.Unit.FactorToBase() <= right.Unit.FactorToBase() ? left.Unit : right.Unit;
        return new Quantity(left.ConvertTo(common).Value + right.ConvertTo(common).Value, common);
    }

    /// <inheritdoc />
    public bool Equals(Quantity other) => Value == other.Value && Unit == other.Unit;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Unit);

    /// <inheritdoc />
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Value.ToString(format, formatProvider ?? CultureInfo.InvariantCulture) + " " + Unit.Symbol();

    /// <summary>Compares two quantities for equality of value and unit.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when value and unit are equal.</returns>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    /// <summary>Compares two quantities for inequality of value or unit.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when value or unit differ.</returns>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    /// <summary>Compares magnitudes.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Compares magnitudes.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Compares magnitudes.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Compares magnitudes.</summary>
    /// <param name="left">The first quantity.</param>
    /// <param name="right">The second quantity.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger or equal.</returns>
    /// <exception cref="SelfDataValidationException">The dimensions differ (<c>SD9010</c>).</exception>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;
}

/// <summary>Reads and writes a <see cref="Quantity"/> as <c>{"value": 1.25, "unit": "kWh"}</c>, keeping the decimal exactly.</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The JSON is not a quantity object, or its unit is unknown.</exception>
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A quantity is a JSON object with 'value' and 'unit'.");
        }

        decimal? value = null;
        Unit? unit = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "value":
                    value = reader.GetDecimal();
                    break;
                case "unit":
                    var parsed = Units.Parse(reader.GetString());
                    unit = parsed.TryGetValue(out var u) ? u : throw new JsonException(parsed.Error!.Message, parsed.Error.ToException());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return value is null || unit is null
            ? throw new JsonException("A quantity needs both 'value' and 'unit'.")
            : new Quantity(value.Value, unit.Value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("value", value.Value);
        writer.WriteString("unit", value.Unit.Symbol());
        writer.WriteEndObject();
    }
}
