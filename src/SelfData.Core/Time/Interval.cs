namespace SelfData.Core;

/// <summary>Represents a half-open period of time <c>[Start, End)</c> between two instants.</summary>
public readonly struct Interval : IEquatable<Interval>
{
    /// <summary>Initializes a new instance of the <see cref="Interval"/> struct.</summary>
    /// <param name="start">The first instant in the period (inclusive).</param>
    /// <param name="end">The instant the period ends (exclusive).</param>
    /// <exception cref="SelfDataArgumentException"><paramref name="end"/> is before <paramref name="start"/> (<c>SD9033</c>).</exception>
    public Interval(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new SelfDataArgumentException(CoreErrorCodes.InvalidInterval, "The end of a period is before its start.", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>Gets the first instant in the period (inclusive).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the instant the period ends (exclusive).</summary>
    public DateTimeOffset End { get; }

    /// <summary>Gets the length of the period.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>Determines whether an instant lies in the period.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when <c>Start ≤ instant &lt; End</c>.</returns>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>Determines whether another period lies entirely inside this one.</summary>
    /// <param name="other">The other period.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> starts at or after <see cref="Start"/> and ends at or before <see cref="End"/>.</returns>
    public bool Contains(Interval other) => other.Start >= Start && other.End <= End;

    /// <summary>Determines whether two periods share at least one instant.</summary>
    /// <param name="other">The other period.</param>
    /// <returns><see langword="true"/> when the periods overlap.</returns>
    public bool Overlaps(Interval other) => Start < other.End && other.Start < End;

    /// <inheritdoc />
    public bool Equals(Interval other) => Start == other.Start && End == other.End;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Interval other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End);

    /// <inheritdoc />
    public override string ToString() => Rfc3339.Format(Start) + "/" + Rfc3339.Format(End);

    /// <summary>Compares two periods for equality.</summary>
    /// <param name="left">The first period.</param>
    /// <param name="right">The second period.</param>
    /// <returns><see langword="true"/> when both bounds are the same instants.</returns>
    public static bool operator ==(Interval left, Interval right) => left.Equals(right);

    /// <summary>Compares two periods for inequality.</summary>
    /// <param name="left">The first period.</param>
    /// <param name="right">The second period.</param>
    /// <returns><see langword="true"/> when a bound differs.</returns>
    public static bool operator !=(Interval left, Interval right) => !left.Equals(right);
}

/// <summary>Represents a half-open range of calendar dates <c>[Start, End)</c>.</summary>
public readonly struct DateInterval : IEquatable<DateInterval>
{
    /// <summary>Initializes a new instance of the <see cref="DateInterval"/> struct.</summary>
    /// <param name="start">The first date in the range (inclusive).</param>
    /// <param name="end">The date the range ends (exclusive).</param>
    /// <exception cref="SelfDataArgumentException"><paramref name="end"/> is before <paramref name="start"/> (<c>SD9033</c>).</exception>
    public DateInterval(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            throw new SelfDataArgumentException(CoreErrorCodes.InvalidInterval, "The end of a date range is before its start.", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>Gets the first date in the range (inclusive).</summary>
    public DateOnly Start { get; }

    /// <summary>Gets the date the range ends (exclusive).</summary>
    public DateOnly End { get; }

    /// <summary>Gets the number of days in the range.</summary>
    public int Days => End.DayNumber - Start.DayNumber;

    /// <summary>Determines whether a date lies in the range.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> when <c>Start ≤ date &lt; End</c>.</returns>
    public bool Contains(DateOnly date) => date >= Start && date < End;

    /// <inheritdoc />
    public bool Equals(DateInterval other) => Start == other.Start && End == other.End;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DateInterval other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End);

    /// <inheritdoc />
    public override string ToString() => Rfc3339.FormatDate(Start) + "/" + Rfc3339.FormatDate(End);

    /// <summary>Compares two ranges for equality.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> when both bounds are equal.</returns>
    public static bool operator ==(DateInterval left, DateInterval right) => left.Equals(right);

    /// <summary>Compares two ranges for inequality.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> when a bound differs.</returns>
    public static bool operator !=(DateInterval left, DateInterval right) => !left.Equals(right);
}
