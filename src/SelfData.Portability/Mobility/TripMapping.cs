using System.Globalization;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Mobility;

/// <summary>
/// Maps <see cref="Trip"/> records to <c>io.cozy.timeseries.geojson</c>, one document per trip, in the shape Cozy's
/// Coach CO2 reads: <c>startDate</c>, <c>endDate</c>, <c>source</c>, <c>theme</c>, <c>title</c> and a <c>series</c> of
/// one GeoJSON <c>FeatureCollection</c> whose <c>features</c> are the start place, the end place, then one
/// <c>FeatureCollection</c> per section holding its <c>LineString</c> feature.
/// </summary>
/// <remarks>
/// <para>Identity keys: <c>source</c>, <c>startDate</c>. The reference gives none for trips; a tracker does not start
/// two trips of one person at the same instant.</para>
/// <para>Units: <c>duration</c> in seconds, <c>distance</c> and <c>distances</c> in metres, <c>speeds</c> in metres per
/// second, <c>times</c> in Unix seconds and <c>timestamps</c> in Unix milliseconds. Coordinates are
/// <c>[longitude, latitude]</c>, as GeoJSON requires (the cozy-doctypes example has them the wrong way round).
/// Instants are RFC 3339 with offset, where Coach CO2's own data has local times without one. Feature ids of the
/// tracker are not kept.</para>
/// <para>Checks: <c>source</c> is present (<c>SD2001</c>); the trip, each section and each place's stay do not end
/// before they start, and sections lie within the trip (<c>SD2016</c>); distances are lengths (<c>SD2010</c>) and
/// not negative (<c>SD2011</c>); positions are finite and in range (<c>SD2003</c>, <c>SD2004</c>); a section has at
/// least two positions (<c>SD2001</c>), as many times, speeds and distances as positions (<c>SD2011</c>), times in
/// order (<c>SD2005</c>), and finite, non-negative speeds and distances (<c>SD2003</c>, <c>SD2011</c>); the confidence
/// threshold lies in [0, 1] (<c>SD2011</c>).</para>
/// </remarks>
public sealed class TripMapping : IDoctypeMapping<Trip>
{
    private const string TripPath = "series[0]";
    private const string PropertiesPath = TripPath + ".properties";

    private static readonly JsonEncodedText StartDateName = JsonEncodedText.Encode("startDate");
    private static readonly JsonEncodedText EndDateName = JsonEncodedText.Encode("endDate");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText ThemeName = JsonEncodedText.Encode("theme");
    private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText SeriesName = JsonEncodedText.Encode("series");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText FeatureCollection = JsonEncodedText.Encode("FeatureCollection");
    private static readonly JsonEncodedText Feature = JsonEncodedText.Encode("Feature");
    private static readonly JsonEncodedText Point = JsonEncodedText.Encode("Point");
    private static readonly JsonEncodedText LineString = JsonEncodedText.Encode("LineString");
    private static readonly JsonEncodedText PropertiesName = JsonEncodedText.Encode("properties");
    private static readonly JsonEncodedText FeaturesName = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText GeometryName = JsonEncodedText.Encode("geometry");
    private static readonly JsonEncodedText CoordinatesName = JsonEncodedText.Encode("coordinates");
    private static readonly JsonEncodedText StartFmtTime = JsonEncodedText.Encode("start_fmt_time");
    private static readonly JsonEncodedText EndFmtTime = JsonEncodedText.Encode("end_fmt_time");
    private static readonly JsonEncodedText EnterFmtTime = JsonEncodedText.Encode("enter_fmt_time");
    private static readonly JsonEncodedText ExitFmtTime = JsonEncodedText.Encode("exit_fmt_time");
    private static readonly JsonEncodedText DurationName = JsonEncodedText.Encode("duration");
    private static readonly JsonEncodedText DistanceName = JsonEncodedText.Encode("distance");
    private static readonly JsonEncodedText StartLoc = JsonEncodedText.Encode("start_loc");
    private static readonly JsonEncodedText EndLoc = JsonEncodedText.Encode("end_loc");
    private static readonly JsonEncodedText ManualPurpose = JsonEncodedText.Encode("manual_purpose");
    private static readonly JsonEncodedText ConfidenceThreshold = JsonEncodedText.Encode("confidence_threshold");
    private static readonly JsonEncodedText FeatureType = JsonEncodedText.Encode("feature_type");
    private static readonly JsonEncodedText StartPlace = JsonEncodedText.Encode("start_place");
    private static readonly JsonEncodedText EndPlace = JsonEncodedText.Encode("end_place");
    private static readonly JsonEncodedText Section = JsonEncodedText.Encode("section");
    private static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("display_name");
    private static readonly JsonEncodedText TimesName = JsonEncodedText.Encode("times");
    private static readonly JsonEncodedText TimestampsName = JsonEncodedText.Encode("timestamps");
    private static readonly JsonEncodedText SpeedsName = JsonEncodedText.Encode("speeds");
    private static readonly JsonEncodedText DistancesName = JsonEncodedText.Encode("distances");
    private static readonly JsonEncodedText SensedMode = JsonEncodedText.Encode("sensed_mode");
    private static readonly JsonEncodedText ManualMode = JsonEncodedText.Encode("manual_mode");

    internal TripMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new("io.cozy.timeseries.geojson");

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["source", "startDate"];

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(Trip record) => record?.StartDate;

    /// <inheritdoc />
    public void Validate(Trip record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Source, "source", 256);
        context.CheckLength(record.Theme, "theme", 128);
        context.CheckLength(record.Title, "title", 512);
        context.RequirePeriod(record.StartDate, record.EndDate, "endDate");
        RequireLength(record.Distance, PropertiesPath + ".distance", context);
        CheckPlace(record.StartPlace, PropertiesPath + ".start_loc", TripPath + ".features[0]", context);
        CheckPlace(record.EndPlace, PropertiesPath + ".end_loc", TripPath + ".features[1]", context);
        context.CheckLength(record.Purpose, PropertiesPath + ".manual_purpose", 128);
        if (record.ConfidenceThreshold is { } confidence)
        {
            RequireRange(confidence, 0, 1, PropertiesPath + ".confidence_threshold", context);
        }

        if (record.Sections is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, TripPath + ".features", "Sections must not be null; use an empty list for a trip without sections.");
        }

        for (var i = 0; i < record.Sections!.Count; i++)
        {
            CheckSection(record, record.Sections[i], $"{TripPath}.features[{i + 2}].features[0]", context);
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(Trip record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Source);
        keys.Add(record.StartDate);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, Trip record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        DocumentWriteContext.WriteInstant(writer, StartDateName, record.StartDate);
        DocumentWriteContext.WriteInstant(writer, EndDateName, record.EndDate);
        writer.WriteString(SourceName, record.Source);
        WriteOptional(writer, ThemeName, record.Theme);
        WriteOptional(writer, TitleName, record.Title);
        writer.WriteStartArray(SeriesName);
        writer.WriteStartObject();
        writer.WriteString(TypeName, FeatureCollection);
        writer.WriteStartObject(PropertiesName);
        DocumentWriteContext.WriteInstant(writer, StartFmtTime, record.StartDate);
        DocumentWriteContext.WriteInstant(writer, EndFmtTime, record.EndDate);
        writer.WriteNumber(DurationName, Seconds(record.Duration));
        writer.WriteNumber(DistanceName, Metres(record.Distance));
        WritePoint(writer, StartLoc, record.StartPlace.Location);
        WritePoint(writer, EndLoc, record.EndPlace.Location);
        WriteOptional(writer, ManualPurpose, record.Purpose);
        if (record.ConfidenceThreshold is { } confidence)
        {
            writer.WriteNumber(ConfidenceThreshold, confidence);
        }

        writer.WriteEndObject();
        writer.WriteStartArray(FeaturesName);
        WritePlace(writer, StartPlace, record.StartPlace);
        WritePlace(writer, EndPlace, record.EndPlace);
        foreach (var section in record.Sections)
        {
            WriteSection(writer, section);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <inheritdoc />
    public Trip Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = context.GetInstant(document, "startDate");
        var end = context.GetInstant(document, "endDate");
        if (!document.TryGetProperty("series", out var series) || series.ValueKind != JsonValueKind.Array || series.GetArrayLength() != 1)
        {
            throw context.Fail("series", "'series' must hold exactly one trip.");
        }

        var trip = series[0];
        var properties = GetObject(trip, "properties", TripPath + ".properties", context);
        TripPlace? startPlace = null;
        TripPlace? endPlace = null;
        var sections = new List<TripSection>();
        if (!trip.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail(TripPath + ".features", "'features' must be an array.");
        }

        foreach (var feature in features.EnumerateArray())
        {
            var kind = feature.ValueKind == JsonValueKind.Object ? context.GetOptionalString(feature, "type") : null;
            if (kind == "FeatureCollection")
            {
                if (!feature.TryGetProperty("features", out var inner) || inner.ValueKind != JsonValueKind.Array || inner.GetArrayLength() != 1)
                {
                    throw context.Fail(TripPath + ".features", "A section collection holds exactly one feature.");
                }

                sections.Add(ReadSection(inner[0], context));
                continue;
            }

            if (kind != "Feature")
            {
                throw context.Fail(TripPath + ".features", "A feature's 'type' must be \"Feature\" or \"FeatureCollection\".");
            }

            var featureProperties = GetObject(feature, "properties", TripPath + ".features", context);
            switch (context.GetOptionalString(featureProperties, "feature_type"))
            {
                case "start_place":
                    startPlace = ReadPlace(feature, featureProperties, context);
                    break;
                case "end_place":
                    endPlace = ReadPlace(feature, featureProperties, context);
                    break;
                case "section":
                    sections.Add(ReadSection(feature, context));
                    break;
                default:
                    throw context.Fail(TripPath + ".features", "A feature's 'feature_type' must be start_place, end_place or section.");
            }
        }

        var startLocation = ReadPoint(properties, "start_loc", context);
        var endLocation = ReadPoint(properties, "end_loc", context);
        return new Trip
        {
            StartDate = start,
            EndDate = end,
            Source = context.GetString(document, "source"),
            Theme = context.GetOptionalString(document, "theme"),
            Title = context.GetOptionalString(document, "title"),
            Distance = new Quantity(context.GetDecimal(properties, "distance"), Unit.Metre),
            StartPlace = (startPlace ?? new TripPlace { Location = startLocation }) with { Location = startLocation },
            EndPlace = (endPlace ?? new TripPlace { Location = endLocation }) with { Location = endLocation },
            Purpose = context.GetOptionalString(properties, "manual_purpose"),
            ConfidenceThreshold = context.GetOptionalDouble(properties, "confidence_threshold"),
            Sections = sections,
        };
    }

    private static void CheckPlace(TripPlace? place, string locationPath, string featurePath, RecordValidationContext context)
    {
        if (place is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, locationPath, "The trip's start and end places are required.");
        }

        context.RequireCoordinates(place!.Location.Latitude, place.Location.Longitude, locationPath);
        context.CheckLength(place.DisplayName, featurePath + ".properties.display_name", 512);
        if (place.EnteredAt is { } entered && place.ExitedAt is { } exited)
        {
            context.RequirePeriod(entered, exited, featurePath + ".properties.exit_fmt_time");
        }
    }

    private static void CheckSection(Trip trip, TripSection? section, string path, RecordValidationContext context)
    {
        if (section is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, path, "A section is null.");
        }

        var properties = path + ".properties";
        context.RequirePeriod(section!.Start, section.End, properties + ".end_fmt_time");
        if (section.Start < trip.StartDate)
        {
            context.Fail(PortabilityErrorCodes.InvalidPeriod, properties + ".start_fmt_time", "The section starts before its trip.");
        }

        if (section.End > trip.EndDate)
        {
            context.Fail(PortabilityErrorCodes.InvalidPeriod, properties + ".end_fmt_time", "The section ends after its trip.");
        }

        RequireLength(section.Distance, properties + ".distance", context);
        context.CheckLength(section.SensedMode, properties + ".sensed_mode", 128);
        context.CheckLength(section.ManualMode, properties + ".manual_mode", 128);
        context.CheckLength(section.Source, properties + ".source", 128);
        var coordinates = section.Coordinates;
        if (coordinates is null || coordinates.Count < 2)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, path + ".geometry.coordinates", "A section's LineString needs at least two positions.");
        }

        for (var k = 0; k < coordinates!.Count; k++)
        {
            context.RequireCoordinates(coordinates[k].Latitude, coordinates[k].Longitude, $"{path}.geometry.coordinates[{k}]");
        }

        if (section.Timestamps is { } times)
        {
            RequireCount(times.Count, coordinates.Count, properties + ".times", context);
            for (var k = 1; k < times.Count; k++)
            {
                if (times[k] < times[k - 1])
                {
                    context.Fail(PortabilityErrorCodes.ReadingOutOfOrder, $"{properties}.times[{k}]", "The positions' times must not go backwards.");
                }
            }
        }

        CheckPerPoint(section.Speeds, coordinates.Count, properties + ".speeds", context);
        CheckPerPoint(section.PointDistances, coordinates.Count, properties + ".distances", context);
    }

    private static void CheckPerPoint(IReadOnlyList<double>? values, int count, string path, RecordValidationContext context)
    {
        if (values is null)
        {
            return;
        }

        RequireCount(values.Count, count, path, context);
        for (var k = 0; k < values.Count; k++)
        {
            RequireRange(values[k], 0, double.MaxValue, $"{path}[{k}]", context);
        }
    }

    private static void RequireCount(int actual, int expected, string path, RecordValidationContext context)
    {
        if (actual != expected)
        {
            context.Fail(PortabilityErrorCodes.ValueOutOfRange, path, $"'{path}' has {actual} values for {expected} positions; give one per position.");
        }
    }

    private static void RequireRange(double value, double min, double max, string path, RecordValidationContext context)
    {
        context.RequireFinite(value, path);
        if (value < min || value > max)
        {
            context.Fail(PortabilityErrorCodes.ValueOutOfRange, path, $"'{path}' is {value.ToString(CultureInfo.InvariantCulture)}; it must lie in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}].");
        }
    }

    private static void RequireLength(Quantity distance, string path, RecordValidationContext context)
    {
        context.RequireDimension(distance, Dimension.Length, path);
        context.RequireNonNegative(distance.Value, path);
    }

    private static decimal Seconds(TimeSpan duration) => (decimal)duration.Ticks / TimeSpan.TicksPerSecond;

    private static decimal Metres(Quantity distance) => distance.Unit == Unit.Metre ? distance.Value : distance.ConvertTo(Unit.Metre).Value;

    private static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WritePosition(Utf8JsonWriter writer, GeoCoordinate position)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(position.Longitude);
        writer.WriteNumberValue(position.Latitude);
        writer.WriteEndArray();
    }

    private static void WritePoint(Utf8JsonWriter writer, JsonEncodedText name, GeoCoordinate position)
    {
        writer.WriteStartObject(name);
        writer.WriteString(TypeName, Point);
        writer.WritePropertyName(CoordinatesName);
        WritePosition(writer, position);
        writer.WriteEndObject();
    }

    private static void WritePlace(Utf8JsonWriter writer, JsonEncodedText featureType, TripPlace place)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeName, Feature);
        WritePoint(writer, GeometryName, place.Location);
        writer.WriteStartObject(PropertiesName);
        writer.WriteString(FeatureType, featureType);
        WriteOptional(writer, DisplayName, place.DisplayName);
        if (place.EnteredAt is { } entered)
        {
            DocumentWriteContext.WriteInstant(writer, EnterFmtTime, entered);
        }

        if (place.ExitedAt is { } exited)
        {
            DocumentWriteContext.WriteInstant(writer, ExitFmtTime, exited);
        }

        if (place.Duration is { } duration)
        {
            writer.WriteNumber(DurationName, Seconds(duration));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter writer, TripSection section)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeName, FeatureCollection);
        writer.WriteStartArray(FeaturesName);
        writer.WriteStartObject();
        writer.WriteString(TypeName, Feature);
        writer.WriteStartObject(GeometryName);
        writer.WriteString(TypeName, LineString);
        writer.WriteStartArray(CoordinatesName);
        foreach (var position in section.Coordinates)
        {
            WritePosition(writer, position);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject(PropertiesName);
        if (section.Timestamps is { } timestamps)
        {
            writer.WriteStartArray(TimesName);
            foreach (var instant in timestamps)
            {
                writer.WriteNumberValue((decimal)(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond);
            }

            writer.WriteEndArray();
            writer.WriteStartArray(TimestampsName);
            foreach (var instant in timestamps)
            {
                writer.WriteNumberValue(instant.ToUnixTimeMilliseconds());
            }

            writer.WriteEndArray();
        }

        DocumentWriteContext.WriteInstant(writer, StartFmtTime, section.Start);
        DocumentWriteContext.WriteInstant(writer, EndFmtTime, section.End);
        writer.WriteNumber(DurationName, Seconds(section.Duration));
        WriteNumbers(writer, SpeedsName, section.Speeds);
        WriteNumbers(writer, DistancesName, section.PointDistances);
        writer.WriteNumber(DistanceName, Metres(section.Distance));
        WriteOptional(writer, SensedMode, section.SensedMode);
        WriteOptional(writer, ManualMode, section.ManualMode);
        writer.WriteString(FeatureType, Section);
        WriteOptional(writer, SourceName, section.Source);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static JsonElement GetObject(JsonElement parent, string name, string path, DocumentReadContext context) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw context.Fail(path, $"'{path}' must be an object.");

    private static GeoCoordinate ReadPosition(JsonElement position, string path, DocumentReadContext context)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() != 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
        {
            throw context.Fail(path, "A GeoJSON position is [longitude, latitude].");
        }

        return new GeoCoordinate(position[1].GetDouble(), position[0].GetDouble());
    }

    private static GeoCoordinate ReadPoint(JsonElement parent, string name, DocumentReadContext context)
    {
        var point = GetObject(parent, name, name, context);
        if (context.GetOptionalString(point, "type") != "Point" || !point.TryGetProperty("coordinates", out var coordinates))
        {
            throw context.Fail(name, $"'{name}' must be a GeoJSON Point.");
        }

        return ReadPosition(coordinates, name + ".coordinates", context);
    }

    private static TripPlace ReadPlace(JsonElement feature, JsonElement properties, DocumentReadContext context) => new()
    {
        Location = ReadPoint(feature, "geometry", context),
        DisplayName = context.GetOptionalString(properties, "display_name"),
        EnteredAt = context.GetOptionalInstant(properties, "enter_fmt_time"),
        ExitedAt = context.GetOptionalInstant(properties, "exit_fmt_time"),
    };

    private static TripSection ReadSection(JsonElement feature, DocumentReadContext context)
    {
        var geometry = GetObject(feature, "geometry", "geometry", context);
        if (context.GetOptionalString(geometry, "type") != "LineString"
            || !geometry.TryGetProperty("coordinates", out var line) || line.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail("geometry", "A section's geometry must be a GeoJSON LineString.");
        }

        var coordinates = new List<GeoCoordinate>(line.GetArrayLength());
        foreach (var position in line.EnumerateArray())
        {
            coordinates.Add(ReadPosition(position, "geometry.coordinates", context));
        }

        var properties = GetObject(feature, "properties", "properties", context);
        var start = context.GetInstant(properties, "start_fmt_time");
        List<DateTimeOffset>? timestamps = null;
        if (ReadNumbers(properties, "times", context) is { } seconds)
        {
            timestamps = new List<DateTimeOffset>(seconds.Count);
            foreach (var value in seconds)
            {
                var ticks = decimal.Round(value * TimeSpan.TicksPerSecond);
                timestamps.Add(new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (long)ticks, TimeSpan.Zero).ToOffset(start.Offset));
            }
        }

        return new TripSection
        {
            Start = start,
            End = context.GetInstant(properties, "end_fmt_time"),
            Distance = new Quantity(context.GetDecimal(properties, "distance"), Unit.Metre),
            SensedMode = context.GetOptionalString(properties, "sensed_mode"),
            ManualMode = context.GetOptionalString(properties, "manual_mode"),
            Source = context.GetOptionalString(properties, "source"),
            Coordinates = coordinates,
            Timestamps = timestamps,
            Speeds = ReadDoubles(properties, "speeds", context),
            PointDistances = ReadDoubles(properties, "distances", context),
        };
    }

    private static List<decimal>? ReadNumbers(JsonElement properties, string name, DocumentReadContext context)
    {
        if (!properties.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail(name, $"'{name}' must be an array of numbers.");
        }

        var values = new List<decimal>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.Number && item.TryGetDecimal(out var value) ? value : throw context.Fail(name, $"'{name}' must be an array of numbers."));
        }

        return values;
    }

    private static List<double>? ReadDoubles(JsonElement properties, string name, DocumentReadContext context)
    {
        if (!properties.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail(name, $"'{name}' must be an array of numbers.");
        }

        var values = new List<double>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out var value) ? value : throw context.Fail(name, $"'{name}' must be an array of numbers."));
        }

        return values;
    }
}
