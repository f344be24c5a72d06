using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Mobility;

namespace SelfData.Portability.Tests.Generators;

internal static class MobilityGenerators
{
    public static Gen<GeoCoordinate> Coordinate =>
        from lat in Values.Latitude
        from lon in Values.Longitude
        select new GeoCoordinate(lat, lon);

    /// <summary>A distance in metres or kilometres, up to 50 km.</summary>
    public static Gen<Quantity> Distance =>
        from metres in Gen.Choose(0, 50_000)
        from km in Gen.Elements(true, false)
        select km ? new Quantity(metres / 1000m, Unit.Kilometre) : new Quantity(metres, Unit.Metre);

    /// <summary>A section, built from its start instant once the trip knows where it begins.</summary>
    public static Gen<Func<DateTimeOffset, TripSection>> Section =>
        from seconds in Gen.Choose(60, 3600)
        from count in Gen.Choose(2, 5)
        from coordinates in Gen.ArrayOf(Coordinate, count)
        from distance in Distance
        from sensed in Gen.Elements<string?>(null, "PredictedModeTypes.CAR", "PredictedModeTypes.BICYCLING", "PredictedModeTypes.WALKING", "PredictedModeTypes.BUS")
        from manual in Gen.Elements<string?>(null, null, "BIKE", "CAR", "WALKING")
        from source in Gen.Elements<string?>(null, "SmoothedHighConfidenceMotion")
        from withTimes in Gen.Elements(true, false)
        from speeds in Gen.ArrayOf(Gen.Choose(0, 40_000).Select(v => v / 1000.0), count)
        from withSpeeds in Gen.Elements(true, false)
        from steps in Gen.ArrayOf(Gen.Choose(0, 2_000_000).Select(v => v / 1000.0), count)
        from withSteps in Gen.Elements(true, false)
        select (Func<DateTimeOffset, TripSection>)(start => new TripSection
        {
            Start = start,
            End = start.AddSeconds(seconds),
            Distance = distance,
            SensedMode = sensed,
            ManualMode = manual,
            Source = source,
            Coordinates = coordinates,
            Timestamps = withTimes ? [.. Enumerable.Range(0, count).Select(k => start.AddMilliseconds(seconds * 1000L * k / (count - 1)))] : null,
            Speeds = withSpeeds ? speeds : null,
            PointDistances = withSteps ? steps : null,
        });

    public static Gen<Trip> Trip => TripWith(Gen.Choose(0, 3));

    /// <summary>A trip with at least one section, for the broken section variants.</summary>
    public static Gen<Trip> TripWithSections => TripWith(Gen.Choose(1, 3));

    public static Gen<(Trip Record, string Code, string Field)> BrokenTrip =>
        from trip in TripWithSections
        from variant in Gen.Choose(0, 15)
        let section = trip.Sections[0]
        let path = "series[0].features[2].features[0]"
        select variant switch
        {
            0 => (trip with { Source = "" }, PortabilityErrorCodes.RequiredFieldMissing, "source"),
            1 => (trip with { EndDate = trip.StartDate.AddSeconds(-1) }, PortabilityErrorCodes.InvalidPeriod, "endDate"),
            2 => (trip with { Distance = new Quantity(3, Unit.KilowattHour) }, PortabilityErrorCodes.WrongUnit, "series[0].properties.distance"),
            3 => (trip with { Distance = new Quantity(-3245, Unit.Metre) }, PortabilityErrorCodes.ValueOutOfRange, "series[0].properties.distance"),
            4 => (trip with { StartPlace = trip.StartPlace with { Location = new GeoCoordinate(91, 2.35) } }, PortabilityErrorCodes.CoordinateOutOfRange, "series[0].properties.start_loc"),
            5 => (trip with { EndPlace = trip.EndPlace with { Location = new GeoCoordinate(46.45, double.NaN) } }, PortabilityErrorCodes.NotFiniteNumber, "series[0].properties.end_loc"),
            6 => (trip with { ConfidenceThreshold = 1.5 }, PortabilityErrorCodes.ValueOutOfRange, "series[0].properties.confidence_threshold"),
            7 => (With(trip, section with { Coordinates = [section.Coordinates[0]], Timestamps = null, Speeds = null, PointDistances = null }), PortabilityErrorCodes.RequiredFieldMissing, path + ".geometry.coordinates"),
            8 => (With(trip, section with { Coordinates = [section.Coordinates[0], new GeoCoordinate(-91, -0.81), .. section.Coordinates.Skip(2)] }), PortabilityErrorCodes.CoordinateOutOfRange, path + ".geometry.coordinates[1]"),
            9 => (With(trip, section with { End = section.Start.AddSeconds(-1) }), PortabilityErrorCodes.InvalidPeriod, path + ".properties.end_fmt_time"),
            10 => (With(trip, section with { Start = trip.StartDate.AddHours(-1) }), PortabilityErrorCodes.InvalidPeriod, path + ".properties.start_fmt_time"),
            11 => (With(trip, section with { Distance = new Quantity(12, Unit.Litre) }), PortabilityErrorCodes.WrongUnit, path + ".properties.distance"),
            12 => (With(trip, section with { Speeds = [1.5] }), PortabilityErrorCodes.ValueOutOfRange, path + ".properties.speeds"),
            13 => (With(trip, Pair(section) with { Timestamps = [section.Start.AddSeconds(1), section.Start] }), PortabilityErrorCodes.ReadingOutOfOrder, path + ".properties.times[1]"),
            14 => (With(trip, Pair(section) with { PointDistances = [-1, 10] }), PortabilityErrorCodes.ValueOutOfRange, path + ".properties.distances[0]"),
            _ => (With(trip, Pair(section) with { Speeds = [double.PositiveInfinity, 3] }), PortabilityErrorCodes.NotFiniteNumber, path + ".properties.speeds[0]"),
        };

    private static Gen<Trip> TripWith(Gen<int> sectionCount) =>
        from start in Values.Instant
        from count in sectionCount
        from sections in Gen.ArrayOf(Section, count)
        from pause in Gen.Choose(0, 600)
        from stay in Gen.Choose(0, 36_000)
        from startPlace in Coordinate
        from endPlace in Coordinate
        from names in Gen.Elements<(string?, string?)>((null, null), ("Avenue Jean Guiton, La Rochelle", "Rue Ampère, La Rochelle"))
        from distance in Distance
        from theme in Gen.Elements<string?>(null, "timeline")
        from title in Gen.Elements<string?>(null, "Trajet du matin")
        from purpose in Gen.Elements<string?>(null, "ENTERTAINMENT", "WORK", "SHOPPING")
        from confidence in Gen.Elements<double?>(null, 0.65, 1)
        select Build(start, sections, pause, stay, startPlace, endPlace, names, distance, theme, title, purpose, confidence);

    private static Trip Build(
        DateTimeOffset start,
        Func<DateTimeOffset, TripSection>[] shapes,
        int pause,
        int stay,
        GeoCoordinate from,
        GeoCoordinate to,
        (string? Start, string? End) names,
        Quantity distance,
        string? theme,
        string? title,
        string? purpose,
        double? confidence)
    {
        var sections = new List<TripSection>();
        var at = start;
        foreach (var shape in shapes)
        {
            var section = shape(at);
            sections.Add(section);
            at = section.End.AddSeconds(pause);
        }

        var end = sections.Count == 0 ? start.AddSeconds(pause + 60) : sections[^1].End;
        return new Trip
        {
            StartDate = start,
            EndDate = end,
            Source = "openpath.cozycloud.cc",
            Theme = theme,
            Title = title,
            Distance = distance,
            StartPlace = new TripPlace { Location = from, DisplayName = names.Start, EnteredAt = stay == 0 ? null : start.AddSeconds(-stay), ExitedAt = start },
            EndPlace = new TripPlace { Location = to, DisplayName = names.End, EnteredAt = end },
            Purpose = purpose,
            ConfidenceThreshold = confidence,
            Sections = sections,
        };
    }

    private static Trip With(Trip trip, TripSection first) => trip with { Sections = [first, .. trip.Sections.Skip(1)] };

    /// <summary>The section cut to its first two positions, without per-position values.</summary>
    private static TripSection Pair(TripSection section) =>
        section with { Coordinates = [.. section.Coordinates.Take(2)], Timestamps = null, Speeds = null, PointDistances = null };
}
