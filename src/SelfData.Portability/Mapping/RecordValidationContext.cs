using System.Globalization;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// Checks the fields of the record being exported and reports a failure as a <see cref="SelfDataValidationException"/>
/// that names the code, the doctype, the zero-based record index and the field.
/// </summary>
public sealed class RecordValidationContext
{
    internal RecordValidationContext(Doctype doctype)
    {
        Doctype = doctype;
    }

    /// <summary>Gets the doctype being exported.</summary>
    public Doctype Doctype { get; }

    /// <summary>Gets the zero-based index of the record in its input sequence.</summary>
    public long RecordIndex { get; internal set; }

    /// <summary>Reports a failure.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="fieldPath">The field, in the wire name of the doctype (for example <c>amount</c>).</param>
    /// <param name="message">The reason, without the code.</param>
    /// <returns>Never returns; declared so that callers can write <c>throw context.Fail(…)</c>.</returns>
    /// <exception cref="SelfDataValidationException">Always.</exception>
    public SelfDataValidationException Fail(string code, string fieldPath, string message) =>
        throw new SelfDataValidationException(code, message, Doctype.Name, RecordIndex, fieldPath);

    /// <summary>Requires a non-blank text of at most <paramref name="maxLength"/> characters.</summary>
    /// <param name="value">The value.</param>
    /// <param name="fieldPath">The field.</param>
    /// <param name="maxLength">The longest text accepted.</param>
    /// <exception cref="SelfDataValidationException">The text is blank (<c>SD2001</c>) or too long (<c>SD2014</c>).</exception>
    public void RequireText(string? value, string fieldPath, int maxLength = 4096)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(PortabilityErrorCodes.RequiredFieldMissing, fieldPath, $"'{fieldPath}' is required and must not be blank.");
        }

        CheckLength(value, fieldPath, maxLength);
    }

    /// <summary>Checks an optional text: when present it must be at most <paramref name="maxLength"/> characters.</summary>
    /// <param name="value">The value.</param>
    /// <param name="fieldPath">The field.</param>
    /// <param name="maxLength">The longest text accepted.</param>
    /// <exception cref="SelfDataValidationException">The text is too long (<c>SD2014</c>).</exception>
    public void CheckLength(string? value, string fieldPath, int maxLength = 4096)
    {
        if (value is not null && value.Length > maxLength)
        {
            Fail(PortabilityErrorCodes.TextTooLong, fieldPath, $"'{fieldPath}' is longer than {maxLength} characters.");
        }
    }

    /// <summary>Requires a finite number.</summary>
    /// <param name="value">The value.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The value is NaN or infinite (<c>SD2003</c>).</exception>
    public void RequireFinite(double value, string fieldPath)
    {
        if (!double.IsFinite(value))
        {
            Fail(PortabilityErrorCodes.NotFiniteNumber, fieldPath, $"'{fieldPath}' is {value.ToString(CultureInfo.InvariantCulture)}; only finite numbers are allowed.");
        }
    }

    /// <summary>Requires a WGS 84 latitude and longitude in range.</summary>
    /// <param name="latitude">The latitude in degrees.</param>
    /// <param name="longitude">The longitude in degrees.</param>
    /// <param name="fieldPath">The field holding the position, or the prefix of its latitude/longitude fields.</param>
    /// <exception cref="SelfDataValidationException">A coordinate is not finite (<c>SD2003</c>) or out of range (<c>SD2004</c>).</exception>
    public void RequireCoordinates(double latitude, double longitude, string fieldPath)
    {
        RequireFinite(latitude, fieldPath);
        RequireFinite(longitude, fieldPath);
        if (latitude is < -90 or > 90)
        {
            Fail(PortabilityErrorCodes.CoordinateOutOfRange, fieldPath, $"Latitude {latitude.ToString(CultureInfo.InvariantCulture)} is outside [-90, 90]; GeoJSON writes [longitude, latitude] — check the order.");
        }

        if (longitude is < -180 or > 180)
        {
            Fail(PortabilityErrorCodes.CoordinateOutOfRange, fieldPath, $"Longitude {longitude.ToString(CultureInfo.InvariantCulture)} is outside [-180, 180].");
        }
    }

    /// <summary>Requires a value that is not negative.</summary>
    /// <param name="value">The value.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The value is negative (<c>SD2011</c>).</exception>
    public void RequireNonNegative(decimal value, string fieldPath)
    {
        if (value < 0)
        {
            Fail(PortabilityErrorCodes.ValueOutOfRange, fieldPath, $"'{fieldPath}' is {value.ToString(CultureInfo.InvariantCulture)}; it must not be negative.");
        }
    }

    /// <summary>Requires a value within an inclusive range.</summary>
    /// <param name="value">The value.</param>
    /// <param name="min">The smallest value accepted.</param>
    /// <param name="max">The largest value accepted.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The value is out of range (<c>SD2011</c>).</exception>
    public void RequireRange(decimal value, decimal min, decimal max, string fieldPath)
    {
        if (value < min || value > max)
        {
            Fail(PortabilityErrorCodes.ValueOutOfRange, fieldPath, $"'{fieldPath}' is {value.ToString(CultureInfo.InvariantCulture)}; it must lie in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}].");
        }
    }

    /// <summary>Requires a quantity of the given dimension.</summary>
    /// <param name="value">The quantity.</param>
    /// <param name="dimension">The dimension the field holds.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The unit is of another dimension (<c>SD2010</c>).</exception>
    public void RequireDimension(Quantity value, Dimension dimension, string fieldPath)
    {
        if (value.Dimension != dimension)
        {
            Fail(PortabilityErrorCodes.WrongUnit, fieldPath, $"'{fieldPath}' holds {dimension}; {value.Unit.Symbol()} is {value.Dimension}.");
        }
    }

    /// <summary>Requires a delivery point identifier (PRM/PDL/PCE): exactly 14 digits.</summary>
    /// <param name="value">The identifier.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The identifier is not 14 digits (<c>SD2008</c>).</exception>
    public void RequireUsagePointId(string? value, string fieldPath)
    {
        if (!UsagePoint.IsValidId(value))
        {
            Fail(PortabilityErrorCodes.InvalidUsagePointId, fieldPath, $"'{Doctype.Name}' delivery point '{value}' is not 14 digits.");
        }
    }

    /// <summary>Requires a phone number in international form without <c>+</c>: 8 to 15 digits, not starting with 0.</summary>
    /// <param name="value">The number, such as <c>33612345678</c>.</param>
    /// <param name="fieldPath">The field.</param>
    /// <exception cref="SelfDataValidationException">The number is malformed (<c>SD2009</c>).</exception>
    public void RequireMsisdn(string? value, string fieldPath)
    {
        if (!Msisdn.IsValid(value))
        {
            Fail(PortabilityErrorCodes.InvalidMsisdn, fieldPath, $"'{value}' is not an MSISDN in international form (8 to 15 digits with the country code, no '+', no leading 0), such as 33612345678.");
        }
    }

    /// <summary>Requires that a period does not end before it starts.</summary>
    /// <param name="start">The start.</param>
    /// <param name="end">The end.</param>
    /// <param name="fieldPath">The field holding the end.</param>
    /// <exception cref="SelfDataValidationException">The end is before the start (<c>SD2016</c>).</exception>
    public void RequirePeriod(DateTimeOffset start, DateTimeOffset end, string fieldPath)
    {
        if (end < start)
        {
            Fail(PortabilityErrorCodes.InvalidPeriod, fieldPath, $"The period ends ({Rfc3339.Format(end)}) before it starts ({Rfc3339.Format(start)}).");
        }
    }
}

/// <summary>Checks delivery point identifiers (PRM/PDL for electricity, PCE for gas).</summary>
public static class UsagePoint
{
    /// <summary>Determines whether a delivery point identifier is exactly 14 ASCII digits.</summary>
    /// <param name="value">The identifier.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidId(string? value)
    {
        if (value is null || value.Length != 14)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Checks phone numbers written as MSISDN, the international form without <c>+</c> used by Orange's data.</summary>
public static class Msisdn
{
    /// <summary>Determines whether a number is 8 to 15 ASCII digits not starting with 0.</summary>
    /// <param name="value">The number.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 8 or > 15 || value[0] == '0')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
