using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class GeoPointTests
{
    [Property(MaxTest = 50)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(TelecomGenerators.GeoPoint.ToArbitrary(), p => MappingLaws.RoundTrips(TelecomDoctypes.GeoPoints, [p], (a, b) => a == b));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(TelecomGenerators.GeoPoint.ToArbitrary(), p => MappingLaws.IsDeterministic(TelecomDoctypes.GeoPoints, [p]));

    [Property(MaxTest = 50)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(TelecomGenerators.GeoPoint, TelecomGenerators.BrokenGeoPoint).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(TelecomDoctypes.GeoPoints, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields() =>
        MappingLaws.HasFields(TelecomDoctypes.GeoPoints, TelecomGenerators.GeoPoint.Sample(10, 1).First() with { Radius = 10 }, "msisdn", "timestamp", "latitude", "longitude", "radius");
}
