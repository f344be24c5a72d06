using System.Globalization;

namespace SelfData.Core;

/// <summary>
/// Formats and parses instants as RFC 3339 date-times that always carry their offset
/// (<c>2024-01-01T00:30:00+01:00</c>, or <c>Z</c> for a zero offset), and calendar dates as ISO 8601 full dates (<c>YYYY-MM-DD</c>).
/// </summary>
/// <remarks>
/// Parsing is strict: a date-time without offset, with a space separator, without seconds or with an impossible date
/// fails with <see cref="CoreErrorCodes.InvalidInstant"/> (<c>SD9031</c>); a malformed date fails with
/// <see cref="CoreErrorCodes.InvalidDate"/> (<c>SD9032</c>). Fractions of a second are written only when non-zero,
/// with trailing zeros trimmed (up to 7 digits, the tick resolution).
/// </remarks>
public static class Rfc3339
{
    /// <summary>The maximum number of UTF-8 bytes <see cref="TryFormat(DateTimeOffset, Span{byte}, out int)"/> writes.</summary>
    public const int MaxUtf8Length = 33;

    /// <summary>Formats an instant with its offset.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>The RFC 3339 text.</returns>
    public static string Format(DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[MaxUtf8Length];
        TryFormat(value, buffer, out var written);
        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    /// <summary>Formats an instant with its offset as UTF-8, without allocating.</summary>
    /// <param name="value">The instant.</param>
    /// <param name="destination">The buffer; <see cref="MaxUtf8Length"/> bytes always suffice.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <returns><see langword="true"/> when the buffer was large enough.</returns>
    public static bool TryFormat(DateTimeOffset value, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var dt = value.DateTime;
        var offsetMinutes = (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);
        var fraction = (int)(dt.Ticks % TimeSpan.TicksPerSecond);
        var fractionDigits = 0;
        if (fraction != 0)
        {
            fractionDigits = 7;
            var f = fraction;
            while (f % 10 == 0)
            {
                f /= 10;
                fractionDigits--;
            }
        }

        var length = 19 + (fractionDigits > 0 ? 1 + fractionDigits : 0) + (offsetMinutes == 0 ? 1 : 6);
        if (destination.Length < length)
        {
            return false;
        }

        WriteDigits(destination, 0, dt.Year, 4);
        destination[4] = (byte)'-';
        WriteDigits(destination, 5, dt.Month, 2);
        destination[7] = (byte)'-';
        WriteDigits(destination, 8, dt.Day, 2);
        destination[10] = (byte)'T';
        WriteDigits(destination, 11, dt.Hour, 2);
        destination[13] = (byte)':';
        WriteDigits(destination, 14, dt.Minute, 2);
        destination[16] = (byte)':';
        WriteDigits(destination, 17, dt.Second, 2);
        var pos = 19;
        if (fractionDigits > 0)
        {
            destination[pos++] = (byte)'.';
            var scaled = fraction;
            for (var i = fractionDigits; i < 7; i++)
            {
                scaled /= 10;
            }

            WriteDigits(destination, pos, scaled, fractionDigits);
            pos += fractionDigits;
        }

        if (offsetMinutes == 0)
        {
            destination[pos++] = (byte)'Z';
        }
        else
        {
            destination[pos++] = offsetMinutes < 0 ? (byte)'-' : (byte)'+';
            var abs = Math.Abs(offsetMinutes);
            WriteDigits(destination, pos, abs / 60, 2);
            destination[pos + 2] = (byte)':';
            WriteDigits(destination, pos + 3, abs % 60, 2);
            pos += 5;
        }

        bytesWritten = pos;
        return true;
    }

    /// <summary>Formats a calendar date as <c>YYYY-MM-DD</c>.</summary>
    /// <param name="value">The date.</param>
    /// <returns>The ISO 8601 full date.</returns>
    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Formats a calendar date as UTF-8 <c>YYYY-MM-DD</c>, without allocating.</summary>
    /// <param name="value">The date.</param>
    /// <param name="destination">The buffer; 10 bytes suffice.</param>
    /// <param name="bytesWritten">The number of bytes written.</param>
    /// <returns><see langword="true"/> when the buffer was large enough.</returns>
    public static bool TryFormatDate(DateOnly value, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 10)
        {
            return false;
        }

        WriteDigits(destination, 0, value.Year, 4);
        destination[4] = (byte)'-';
        WriteDigits(destination, 5, value.Month, 2);
        destination[7] = (byte)'-';
        WriteDigits(destination, 8, value.Day, 2);
        bytesWritten = 10;
        return true;
    }

    /// <summary>Parses an RFC 3339 date-time that carries an offset.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The result, holding the instant with its offset, or an <c>SD9031</c> error.</returns>
    public static ParseResult<DateTimeOffset> Parse(string? text) =>
        TryParseCore(text, out var value, out var reason)
            ? ParseResult.ForValue(value)
            : ParseResult.ForError<DateTimeOffset>(
                CoreErrorCodes.InvalidInstant,
                $"'{Doctype.Printable(text ?? string.Empty)}' is not an RFC 3339 date-time with offset: {reason}.");

    /// <summary>Parses an ISO 8601 full date (<c>YYYY-MM-DD</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The result, holding the date or an <c>SD9032</c> error.</returns>
    public static ParseResult<DateOnly> ParseDate(string? text)
    {
        if (text is not null && text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text, 0, 4, out var y) && TryDigits(text, 5, 2, out var m) && TryDigits(text, 8, 2, out var d)
            && y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return ParseResult.ForValue(new DateOnly(y, m, d));
        }

        return ParseResult.ForError<DateOnly>(
            CoreErrorCodes.InvalidDate,
            $"'{Doctype.Printable(text ?? string.Empty)}' is not a calendar date of the form YYYY-MM-DD.");
    }

    private static bool TryParseCore(string? s, out DateTimeOffset value, out string reason)
    {
        value = default;
        if (s is null || s.Length < 20)
        {
            reason = "too short (expected YYYY-MM-DDThh:mm:ss and an offset)";
            return false;
        }

        if (s[4] != '-' || s[7] != '-' || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day))
        {
            reason = "the date is not YYYY-MM-DD";
            return false;
        }

        if (s[10] is not ('T' or 't'))
        {
            reason = s[10] == ' ' ? "date and time are separated by a space instead of 'T'" : "expected 'T' after the date";
            return false;
        }

        if (s[13] != ':' || s[16] != ':' || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second))
        {
            reason = "the time is not hh:mm:ss";
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            reason = "the date does not exist";
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            reason = "the time does not exist";
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (s[pos] == '.')
        {
            pos++;
            var start = pos;
            var scale = (long)TimeSpan.TicksPerSecond;
            while (pos < s.Length && s[pos] is >= '0' and <= '9')
            {
                scale /= 10;
                fractionTicks += (s[pos] - '0') * scale;
                pos++;
            }

            if (pos == start)
            {
                reason = "a '.' is not followed by digits";
                return false;
            }
        }

        if (pos >= s.Length)
        {
            reason = "the offset is missing (add 'Z' or '+hh:mm')";
            return false;
        }

        TimeSpan offset;
        if (s[pos] is 'Z' or 'z' && pos + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[pos] is '+' or '-' && pos + 6 == s.Length && s[pos + 3] == ':'
            && TryDigits(s, pos + 1, 2, out var oh) && TryDigits(s, pos + 4, 2, out var om) && oh <= 14 && om <= 59)
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[pos] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            reason = "the offset is not 'Z' or '+hh:mm'";
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
        }
        catch (ArgumentOutOfRangeException)
        {
            reason = "the instant is out of range";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static bool TryDigits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static void WriteDigits(Span<byte> destination, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
