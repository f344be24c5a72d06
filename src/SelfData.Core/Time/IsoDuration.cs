using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>
/// Represents an ISO 8601 duration such as <c>P1D</c>, <c>PT30M</c>, <c>P6M</c> or <c>P1Y2M10DT2H30M</c>: used for
/// update frequencies, consent durations and series steps.
/// </summary>
/// <remarks>
/// <para>Calendar components (years, months, weeks, days) and clock components (hours, minutes, seconds) are kept apart,
/// because a month or a year has no fixed length: <c>P1M</c> added to 31 January lands on 28 or 29 February.
/// Only seconds may have a fraction (up to 7 digits). Negative durations are not supported.</para>
/// <para><see cref="ToString"/> writes the canonical form: designators in order, zero components left out, and
/// <c>PT0S</c> for the zero duration. Parsing then formatting a canonical string gives it back unchanged.
/// Failures carry <see cref="CoreErrorCodes.InvalidDuration"/> (<c>SD9030</c>).</para>
/// </remarks>
[JsonConverter(typeof(IsoDurationJsonConverter))]
public readonly struct IsoDuration : IEquatable<IsoDuration>
{
    /// <summary>Initializes a new instance of the <see cref="IsoDuration"/> struct.</summary>
    /// <param name="years">Years.</param>
    /// <param name="months">Months.</param>
    /// <param name="weeks">Weeks.</param>
    /// <param name="days">Days.</param>
    /// <param name="hours">Hours.</param>
    /// <param name="minutes">Minutes.</param>
    /// <param name="seconds">Seconds, with at most 7 fractional digits.</param>
    /// <exception cref="ArgumentOutOfRangeException">A component is negative, or seconds have more than 7 fractional digits.</exception>
    public IsoDuration(int years = 0, int months = 0, int weeks = 0, int days = 0, int hours = 0, int minutes = 0, decimal seconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        ArgumentOutOfRangeException.ThrowIfNegative(weeks);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        if (decimal.Round(seconds, 7) != seconds)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), "Seconds have at most 7 fractional digits.");
        }

        Years = years;
        Months = months;
        Weeks = weeks;
        Days = days;
        Hours = hours;
        Minutes = minutes;
        Seconds = seconds;
    }

    /// <summary>Gets one day, <c>P1D</c>.</summary>
    public static IsoDuration OneDay { get; } = new(days: 1);

    /// <summary>Gets thirty minutes, <c>PT30M</c>: the step of an Enedis load curve.</summary>
    public static IsoDuration ThirtyMinutes { get; } = new(minutes: 30);

    /// <summary>Gets the years component.</summary>
    public int Years { get; }

    /// <summary>Gets the months component.</summary>
    public int Months { get; }

    /// <summary>Gets the weeks component.</summary>
    public int Weeks { get; }

    /// <summary>Gets the days component.</summary>
    public int Days { get; }

    /// <summary>Gets the hours component.</summary>
    public int Hours { get; }

    /// <summary>Gets the minutes component.</summary>
    public int Minutes { get; }

    /// <summary>Gets the seconds component.</summary>
    public decimal Seconds { get; }

    /// <summary>Gets a value indicating whether every component is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Weeks == 0 && Days == 0 && Hours == 0 && Minutes == 0 && Seconds == 0;

    /// <summary>Gets a value indicating whether the duration has no years or months, and so a fixed length.</summary>
    public bool HasFixedLength => Years == 0 && Months == 0;

    /// <summary>Parses an ISO 8601 duration.</summary>
    /// <param name="text">The text, such as <c>P1D</c> or <c>PT30M</c>.</param>
    /// <returns>The result, holding the duration or an <c>SD9030</c> error.</returns>
    public static ParseResult<IsoDuration> Parse(string? text) =>
        TryParseCore(text, out var value, out var reason)
            ? ParseResult.ForValue(value)
            : ParseResult.ForError<IsoDuration>(
                CoreErrorCodes.InvalidDuration,
                $"'{Doctype.Printable(text ?? string.Empty)}' is not an ISO 8601 duration: {reason}.");

    /// <summary>Creates a duration from a fixed length, using days, hours, minutes and seconds.</summary>
    /// <param name="length">The length; it must not be negative.</param>
    /// <returns>The duration, with whole days as <see cref="Days"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static IsoDuration FromTimeSpan(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, TimeSpan.Zero);
        var seconds = length.Seconds + ((decimal)(length.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond);
        return new IsoDuration(days: length.Days, hours: length.Hours, minutes: length.Minutes, seconds: seconds);
    }

    /// <summary>Gets the fixed length of the duration, counting a week as 7 days and a day as 24 hours.</summary>
    /// <param name="length">The length, when the duration has no years or months.</param>
    /// <returns><see langword="true"/> when <see cref="HasFixedLength"/> is true.</returns>
    public bool TryGetFixedLength(out TimeSpan length)
    {
        if (!HasFixedLength)
        {
            length = default;
            return false;
        }

        var ticks = ((((((Weeks * 7L) + Days) * 24L) + Hours) * 60L) + Minutes) * TimeSpan.TicksPerMinute;
        length = TimeSpan.FromTicks(ticks + (long)(Seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Adds the duration to an instant: years and months first (clamping to the month's last day), then days, then time.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The instant moved forward by the duration, with the same offset.</returns>
    public DateTimeOffset AddTo(DateTimeOffset instant) =>
        instant.AddYears(Years).AddMonths(Months).AddDays((Weeks * 7) + Days)
            .AddTicks((((Hours * 60L) + Minutes) * TimeSpan.TicksPerMinute) + (long)(Seconds * TimeSpan.TicksPerSecond));

    /// <summary>Adds the calendar components of the duration to a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The date moved forward.</returns>
    /// <exception cref="InvalidOperationException">The duration has hours, minutes or seconds.</exception>
    public DateOnly AddTo(DateOnly date)
    {
        if (Hours != 0 || Minutes != 0 || Seconds != 0)
        {
            throw new InvalidOperationException("A duration with a time part cannot be added to a calendar date.");
        }

        return date.AddYears(Years).AddMonths(Months).AddDays((Weeks * 7) + Days);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var sb = new StringBuilder("P", 24);
        Append(sb, Years, 'Y');
        Append(sb, Months, 'M');
        Append(sb, Weeks, 'W');
        Append(sb, Days, 'D');
        if (Hours != 0 || Minutes != 0 || Seconds != 0)
        {
            sb.Append('T');
            Append(sb, Hours, 'H');
            Append(sb, Minutes, 'M');
            if (Seconds != 0)
            {
                sb.Append(Seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(IsoDuration other) =>
        Years == other.Years && Months == other.Months && Weeks == other.Weeks && Days == other.Days
        && Hours == other.Hours && Minutes == other.Minutes && Seconds == other.Seconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IsoDuration other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Years, Months, Weeks, Days, Hours, Minutes, Seconds);

    /// <summary>Compares two durations component by component.</summary>
    /// <param name="left">The first duration.</param>
    /// <param name="right">The second duration.</param>
    /// <returns><see langword="true"/> when every component is equal.</returns>
    public static bool operator ==(IsoDuration left, IsoDuration right) => left.Equals(right);

    /// <summary>Compares two durations component by component.</summary>
    /// <param name="left">The first duration.</param>
    /// <param name="right">The second duration.</param>
    /// <returns><see langword="true"/> when a component differs.</returns>
    public static bool operator !=(IsoDuration left, IsoDuration right) => !left.Equals(right);

    private static void Append(StringBuilder sb, int value, char designator)
    {
        if (value != 0)
        {
            sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(designator);
        }
    }

    private static bool TryParseCore(string? s, out IsoDuration value, out string reason)
    {
        value = default;
        if (string.IsNullOrEmpty(s) || s[0] != 'P')
        {
            reason = "it must start with 'P'";
            return false;
        }

        if (s.Length == 1)
        {
            reason = "'P' must be followed by at least one component";
            return false;
        }

        // Designator order: Y M W D, then T, then H M S.
        const string DateOrder = "YMWD";
        const string TimeOrder = "HMS";
        var parts = new decimal[7];
        var inTime = false;
        var lastIndex = -1;
        var pos = 1;
        var any = false;
        var fractionSeen = false;
        while (pos < s.Length)
        {
            if (s[pos] == 'T')
            {
                if (inTime)
                {
                    reason = "'T' appears twice";
                    return false;
                }

                inTime = true;
                lastIndex = 3;
                pos++;
                if (pos == s.Length)
                {
                    reason = "'T' must be followed by hours, minutes or seconds";
                    return false;
                }

                continue;
            }

            var start = pos;
            while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] is '.' or ','))
            {
                pos++;
            }

            if (pos == start || pos == s.Length)
            {
                reason = pos == s.Length ? "a number has no designator" : $"unexpected '{s[pos]}'";
                return false;
            }

            var number = s[start..pos].Replace(',', '.');
            var designator = s[pos];
            var order = inTime ? TimeOrder : DateOrder;
            var index = order.IndexOf(designator, StringComparison.Ordinal);
            if (index < 0)
            {
                reason = $"'{designator}' is not a {(inTime ? "time" : "date")} designator";
                return false;
            }

            var slot = inTime ? 4 + index : index;
            if (slot <= lastIndex)
            {
                reason = $"'{designator}' is out of order or repeated";
                return false;
            }

            if (fractionSeen)
            {
                reason = "only the last component may have a fraction";
                return false;
            }

            var isFraction = number.Contains('.', StringComparison.Ordinal);
            if (isFraction && slot != 6)
            {
                reason = "only seconds may have a fraction";
                return false;
            }

            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || number[0] == '.' || number[^1] == '.'
                || (slot != 6 && amount > int.MaxValue)
                || (isFraction && decimal.Round(amount, 7) != amount))
            {
                reason = $"'{number}' is not a valid amount";
                return false;
            }

            fractionSeen = isFraction;
            parts[slot] = amount;
            lastIndex = slot;
            any = true;
            pos++;
        }

        if (!any)
        {
            reason = "it has no component";
            return false;
        }

        value = new IsoDuration((int)parts[0], (int)parts[1], (int)parts[2], (int)parts[3], (int)parts[4], (int)parts[5], parts[6]);
        reason = string.Empty;
        return true;
    }
}

/// <summary>Reads and writes an <see cref="IsoDuration"/> as a JSON string such as <c>"P1D"</c>.</summary>
public sealed class IsoDurationJsonConverter : JsonConverter<IsoDuration>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not an ISO 8601 duration string.</exception>
    public override IsoDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = IsoDuration.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
        return result.TryGetValue(out var value) ? value : throw new JsonException(result.Error!.Message, result.Error.ToException());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IsoDuration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
