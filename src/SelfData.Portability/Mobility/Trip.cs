using SelfData.Core;

namespace SelfData.Portability.Mobility;

/// <summary>
/// Represents one trip, as Cozy's Coach CO2 stores it in <c>io.cozy.timeseries.geojson</c>: where it started and ended,
/// how far it went, and its sections, each travelled by one mode.
/// </summary>
/// <remarks>
/// Positions are given as latitude and longitude by name; the document writes them in GeoJSON order,
/// <c>[longitude, latitude]</c>. Durations are derived from the instants, so they cannot disagree with them.
/// </remarks>
public sealed record Trip
{
    /// <summary>Gets when the trip started (<c>startDate</c>, and <c>start_fmt_time</c> in the trip's properties).</summary>
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>Gets when the trip ended (<c>endDate</c>, and <c>end_fmt_time</c>).</summary>
    public required DateTimeOffset EndDate { get; init; }

    /// <summary>Gets the trip's duration (<c>duration</c>, in seconds): <see cref="EndDate"/> minus <see cref="StartDate"/>.</summary>
    public TimeSpan Duration => EndDate - StartDate;

    /// <summary>Gets the service the trip comes from (<c>source</c>), such as the tracker's host name.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the theme of the time series (<c>theme</c>), such as <c>"timeline"</c>.</summary>
    public string? Theme { get; init; }

    /// <summary>Gets the title of the time series (<c>title</c>).</summary>
    public string? Title { get; init; }

    /// <summary>Gets the distance travelled (<c>distance</c>, written in metres); a quantity of length.</summary>
    public required Quantity Distance { get; init; }

    /// <summary>Gets where the trip started (<c>start_loc</c>, and the <c>start_place</c> feature).</summary>
    public required TripPlace StartPlace { get; init; }

    /// <summary>Gets where the trip ended (<c>end_loc</c>, and the <c>end_place</c> feature).</summary>
    public required TripPlace EndPlace { get; init; }

    /// <summary>Gets the purpose the person gave the trip (<c>manual_purpose</c>), such as <c>"ENTERTAINMENT"</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets the confidence threshold of the mode detection (<c>confidence_threshold</c>), between 0 and 1.</summary>
    public double? ConfidenceThreshold { get; init; }

    /// <summary>Gets the sections of the trip, in order; each is one <c>section</c> feature.</summary>
    public IReadOnlyList<TripSection> Sections { get; init; } = [];
}

/// <summary>Represents the place a <see cref="Trip"/> starts or ends at (a <c>start_place</c> or <c>end_place</c> feature).</summary>
public sealed record TripPlace
{
    /// <summary>Gets the position of the place, written as a GeoJSON <c>Point</c>.</summary>
    public required GeoCoordinate Location { get; init; }

    /// <summary>Gets the place's name or address (<c>display_name</c>), such as <c>"Rue Ampère, La Rochelle"</c>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets when the person arrived at the place (<c>enter_fmt_time</c>).</summary>
    public DateTimeOffset? EnteredAt { get; init; }

    /// <summary>Gets when the person left the place (<c>exit_fmt_time</c>).</summary>
    public DateTimeOffset? ExitedAt { get; init; }

    /// <summary>Gets the time spent at the place (<c>duration</c>, in seconds), when both arrival and departure are known.</summary>
    public TimeSpan? Duration => EnteredAt is { } entered && ExitedAt is { } exited ? exited - entered : null;
}

/// <summary>
/// Represents one section of a <see cref="Trip"/>, travelled by one mode: a GeoJSON <c>LineString</c> feature with
/// <c>feature_type: "section"</c>.
/// </summary>
/// <remarks>
/// <see cref="Timestamps"/>, <see cref="Speeds"/> and <see cref="PointDistances"/>, when given, have one value per
/// position of <see cref="Coordinates"/>.
/// </remarks>
public sealed record TripSection
{
    /// <summary>Gets when the section started (<c>start_fmt_time</c>).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets when the section ended (<c>end_fmt_time</c>).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the section's duration (<c>duration</c>, in seconds): <see cref="End"/> minus <see cref="Start"/>.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>Gets the distance travelled in the section (<c>distance</c>, written in metres); a quantity of length.</summary>
    public required Quantity Distance { get; init; }

    /// <summary>Gets the mode the phone detected (<c>sensed_mode</c>), such as <c>"PredictedModeTypes.CAR"</c>.</summary>
    public string? SensedMode { get; init; }

    /// <summary>Gets the mode the person set (<c>manual_mode</c>), such as <c>"BIKE"</c>; it overrides <see cref="SensedMode"/>.</summary>
    public string? ManualMode { get; init; }

    /// <summary>Gets the mode of the section: <see cref="ManualMode"/> when the person set one, else <see cref="SensedMode"/>.</summary>
    public string? Mode => ManualMode ?? SensedMode;

    /// <summary>Gets the detection source (<c>source</c>), such as <c>"SmoothedHighConfidenceMotion"</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the positions along the section, at least two, written as GeoJSON <c>[longitude, latitude]</c> pairs.</summary>
    public required IReadOnlyList<GeoCoordinate> Coordinates { get; init; }

    /// <summary>
    /// Gets the instant of each position, written as <c>times</c> (Unix seconds, to the 100-nanosecond tick) and
    /// <c>timestamps</c> (Unix milliseconds); read back from <c>times</c> at the offset of <see cref="Start"/>.
    /// </summary>
    public IReadOnlyList<DateTimeOffset>? Timestamps { get; init; }

    /// <summary>Gets the speed at each position, in metres per second (<c>speeds</c>).</summary>
    public IReadOnlyList<double>? Speeds { get; init; }

    /// <summary>Gets the distance from the previous position to each position, in metres (<c>distances</c>).</summary>
    public IReadOnlyList<double>? PointDistances { get; init; }
}

/// <summary>Represents a WGS 84 position given by name, so latitude and longitude cannot be swapped by accident.</summary>
/// <param name="Latitude">The latitude in degrees, in [-90, 90].</param>
/// <param name="Longitude">The longitude in degrees, in [-180, 180].</param>
public readonly record struct GeoCoordinate(double Latitude, double Longitude);
