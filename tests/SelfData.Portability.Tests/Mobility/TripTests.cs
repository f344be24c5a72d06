using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Mobility;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class TripTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(MobilityGenerators.Trip.ToArbitrary(), trip => MappingLaws.RoundTrips(MobilityDoctypes.Trips, [trip], SameTrip));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(MobilityGenerators.Trip.ToArbitrary(), trip => MappingLaws.IsDeterministic(MobilityDoctypes.Trips, [trip]));

    [Property(MaxTest = 50)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(MobilityGenerators.Trip, MobilityGenerators.BrokenTrip).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(MobilityDoctypes.Trips, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var trip = DocumentedExample();
        MappingLaws.HasFields(MobilityDoctypes.Trips, trip, "startDate", "endDate", "source", "theme", "title", "series");
        DocumentPaths.HasPaths(
            MobilityDoctypes.Trips,
            trip,
            "series[0].type", "series[0].properties.start_fmt_time", "series[0].properties.end_fmt_time", "series[0].properties.duration",
            "series[0].properties.distance", "series[0].properties.start_loc.type", "series[0].properties.start_loc.coordinates",
            "series[0].properties.end_loc.coordinates", "series[0].properties.manual_purpose", "series[0].properties.confidence_threshold",
            "series[0].features[0].type", "series[0].features[0].geometry.coordinates", "series[0].features[0].properties.feature_type",
            "series[0].features[0].properties.display_name", "series[0].features[0].properties.enter_fmt_time",
            "series[0].features[0].properties.exit_fmt_time", "series[0].features[0].properties.duration",
            "series[0].features[1].properties.feature_type", "series[0].features[1].properties.enter_fmt_time",
            "series[0].features[2].type", "series[0].features[2].features[0].type", "series[0].features[2].features[0].geometry.type",
            "series[0].features[2].features[0].geometry.coordinates", "series[0].features[2].features[0].properties.times",
            "series[0].features[2].features[0].properties.timestamps", "series[0].features[2].features[0].properties.start_fmt_time",
            "series[0].features[2].features[0].properties.end_fmt_time", "series[0].features[2].features[0].properties.duration",
            "series[0].features[2].features[0].properties.speeds", "series[0].features[2].features[0].properties.distances",
            "series[0].features[2].features[0].properties.distance", "series[0].features[2].features[0].properties.sensed_mode",
            "series[0].features[2].features[0].properties.manual_mode", "series[0].features[2].features[0].properties.feature_type",
            "series[0].features[2].features[0].properties.source");
    }

    [Fact]
    public async Task Coordinates_are_written_longitude_first_and_units_are_seconds_and_metres()
    {
        var json = Assert.Single(await ExportHarness.WriteAsync(MobilityDoctypes.Trips, [DocumentedExample()]));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var start = DocumentPaths.Find(root, "series[0].properties.start_loc.coordinates");
        Assert.Equal(-1.1517, start[0].GetDouble());
        Assert.Equal(46.1591, start[1].GetDouble());
        var line = DocumentPaths.Find(root, "series[0].features[2].features[0].geometry.coordinates");
        Assert.Equal(-1.1517, line[0][0].GetDouble());
        Assert.Equal(46.1591, line[0][1].GetDouble());
        Assert.Equal(776, DocumentPaths.Find(root, "series[0].properties.duration").GetDecimal());
        Assert.Equal(3245, DocumentPaths.Find(root, "series[0].properties.distance").GetDecimal());
        Assert.Equal(3245, DocumentPaths.Find(root, "series[0].features[2].features[0].properties.distance").GetDecimal());
        Assert.Equal(1648908013000, DocumentPaths.Find(root, "series[0].features[2].features[0].properties.timestamps")[0].GetInt64());
        Assert.Equal(1648908013m, DocumentPaths.Find(root, "series[0].features[2].features[0].properties.times")[0].GetDecimal());
        Assert.Equal("section", DocumentPaths.Find(root, "series[0].features[2].features[0].properties.feature_type").GetString());
        Assert.Equal(["source", "startDate"], MobilityDoctypes.Trips.IdentityKeys);
    }

    [Fact]
    public void Sub_millisecond_times_survive_the_round_trip()
    {
        var trip = DocumentedExample();
        var section = trip.Sections[0];
        var precise = trip with { Sections = [section with { Timestamps = [section.Start.AddTicks(1), section.End.AddTicks(-3)] }] };
        Assert.True(MappingLaws.RoundTrips(MobilityDoctypes.Trips, [precise], SameTrip));
    }

    [Fact]
    public async Task Documented_example_writes_a_geojson_trip()
    {
        var builder = ExportHarness.Builder();
        var trip = DocumentedExample();
        builder.Add(MobilityDoctypes.Trips, [trip]);

        var sink = new ExportHarness.CollectingSink();
        await builder.Build().WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"startDate\":\"2022-04-02T16:00:13+02:00\",\"endDate\":\"2022-04-02T16:13:09+02:00\",\"source\":\"openpath.cozycloud.cc\",\"theme\":\"timeline\"", json, StringComparison.Ordinal);
        Assert.Contains("\"start_loc\":{\"type\":\"Point\",\"coordinates\":[-1.1517,46.1591]}", json, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(776), trip.Duration);
        Assert.Equal("BIKE", trip.Sections[0].Mode);
    }

    private static bool SameTrip(Trip expected, Trip actual) =>
        StructuralEquality.Same(InMetres(expected), InMetres(actual));

    private static Trip InMetres(Trip trip) => trip with
    {
        Distance = trip.Distance.ConvertTo(Unit.Metre),
        Sections = [.. trip.Sections.Select(s => s with { Distance = s.Distance.ConvertTo(Unit.Metre) })],
    };

    private static Trip DocumentedExample()
    {
        var start = new DateTimeOffset(2022, 4, 2, 16, 0, 13, TimeSpan.FromHours(2));
        var trip = new Trip
        {
            StartDate = start,
            EndDate = start.AddSeconds(776),
            Source = "openpath.cozycloud.cc",
            Theme = "timeline",
            Title = "Trajet du samedi",
            Distance = new Quantity(3.245m, Unit.Kilometre),
            StartPlace = new TripPlace
            {
                Location = new GeoCoordinate(Latitude: 46.1591, Longitude: -1.1517),
                DisplayName = "Avenue Jean Guiton, La Rochelle",
                EnteredAt = start.AddSeconds(-3848),
                ExitedAt = start,
            },
            EndPlace = new TripPlace
            {
                Location = new GeoCoordinate(Latitude: 46.1478, Longitude: -1.1689),
                DisplayName = "Rue Ampère, La Rochelle",
                EnteredAt = start.AddSeconds(776),
            },
            Purpose = "ENTERTAINMENT",
            ConfidenceThreshold = 0.65,
            Sections =
            [
                new TripSection
                {
                    Start = start,
                    End = start.AddSeconds(776),
                    Distance = new Quantity(3245, Unit.Metre),
                    SensedMode = "PredictedModeTypes.CAR",
                    ManualMode = "BIKE",
                    Source = "SmoothedHighConfidenceMotion",
                    Coordinates = [new(46.1591, -1.1517), new(46.1478, -1.1689)],
                    Timestamps = [start, start.AddSeconds(776)],
                    Speeds = [0, 4.18],
                    PointDistances = [0, 3245],
                },
            ],
        };
        return trip;
    }
}
