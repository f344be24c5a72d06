using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Customers;
using SelfData.Portability.Mapping;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class EnedisCustomerIdentityTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.EnedisIdentity.ToArbitrary(), e => MappingLaws.RoundTrips(CustomerDoctypes.EnedisIdentities, [e], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.EnedisIdentity.ToArbitrary(), e => MappingLaws.IsDeterministic(CustomerDoctypes.EnedisIdentities, [e]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.EnedisIdentity, CustomerGenerators.BrokenEnedisIdentity).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.EnedisIdentities, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Docs_example_writes_the_enedis_customer_doctypes()
    {
        var builder = ExportHarness.Builder();
        var identity = new EnedisCustomerIdentity
        {
            CustomerId = "12346579878",
            Segment = "C5",
            Identity = new EnedisIdentity { NaturalPerson = new EnedisNaturalPerson { Title = "Mme", Name = "GERMAINE", LastName = "DUPOND" } },
        };
        var usagePoint = new EnedisCustomerUsagePoint
        {
            CustomerId = "12346579878",
            UsagePoint = new EnedisUsagePoint { UsagePointId = "01324654321236", PowerSubscribed = new Quantity(6, Unit.KilovoltAmpere), TimeSlot = "HC (22H00-6H00)" },
        };
        var address = new EnedisUsagePointAddress
        {
            CustomerId = "12346579878",
            Segment = "C5",
            UsagePointId = "01324654321236",
            Address = new EnedisAddress { StreetNumber = "2", Street = "BOULEVARD DES BELGES", Zip = "69006", City = "LYON", Country = "FRANCE", GeoPoint = "69386" },
        };
        var export = builder
            .Add(CustomerDoctypes.EnedisIdentities, [identity])
            .Add(CustomerDoctypes.EnedisUsagePoints, [usagePoint])
            .Add(CustomerDoctypes.EnedisUsagePointAddresses, [address])
            .Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        Assert.Equal(3, sink.Documents.Count);
        Assert.Contains("\"customer_id\":\"12346579878\",\"segment\":\"C5\",\"identity\":{\"natural_person\":{\"title\":\"Mme\",\"name\":\"GERMAINE\",\"last_name\":\"DUPOND\"}}", sink.Documents[0], StringComparison.Ordinal);
        Assert.Contains("\"usage_points\":{\"usage_point_id\":\"01324654321236\",\"power_subscribed\":6,\"time_slot\":\"HC (22H00-6H00)\"}", sink.Documents[1], StringComparison.Ordinal);
        Assert.Contains("\"usage_point_address\":{\"street_number\":\"2\",\"street\":\"BOULEVARD DES BELGES\",\"zip\":\"69006\"", sink.Documents[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var identity = CustomerGenerators.EnedisIdentity.Sample(10, 1).First() with
        {
            Segment = "C5",
            Identity = new EnedisIdentity { NaturalPerson = new EnedisNaturalPerson { Title = "Mme", Name = "GERMAINE", LastName = "DUPOND" } },
        };
        MappingLaws.HasFields(
            CustomerDoctypes.EnedisIdentities,
            identity,
            "customer_id", "segment", "identity.natural_person.title", "identity.natural_person.name", "identity.natural_person.last_name");
        Assert.Equal(["customer_id"], CustomerDoctypes.EnedisIdentities.IdentityKeys);
    }
}

public class EnedisUsagePointTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.EnedisUsagePoint.ToArbitrary(), u => MappingLaws.RoundTrips(CustomerDoctypes.EnedisUsagePoints, [u], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.EnedisUsagePoint.ToArbitrary(), u => MappingLaws.IsDeterministic(CustomerDoctypes.EnedisUsagePoints, [u]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.EnedisUsagePoint, CustomerGenerators.BrokenEnedisUsagePoint).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.EnedisUsagePoints, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Power_subscribed_is_the_enedis_string_only_with_the_compatibility_switch()
    {
        var point = new EnedisCustomerUsagePoint
        {
            CustomerId = "12346579878",
            UsagePoint = new EnedisUsagePoint { UsagePointId = "01324654321236", PowerSubscribed = new Quantity(6, Unit.KilovoltAmpere), TimeSlot = "" },
        };
        var strict = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.EnedisUsagePoints, [point], ExportHarness.Options(ExportProfile.MesInfos)));
        var pilot = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.EnedisUsagePoints, [point], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true)));
        Assert.Contains("\"power_subscribed\":6,", strict, StringComparison.Ordinal);
        Assert.Contains("\"power_subscribed\":\"6\",", pilot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_point_of_two_customers_gets_two_ids_but_not_twice_for_one_customer()
    {
        var point = CustomerGenerators.EnedisUsagePoint.Sample(10, 1).First();
        var docs = await ExportHarness.WriteAsync(CustomerDoctypes.EnedisUsagePoints, [point, point with { CustomerId = "99999999999" }]);
        Assert.Equal(2, docs.Count);
        MappingLaws.Rejects(CustomerDoctypes.EnedisUsagePoints, [point, point with { UsagePoint = point.UsagePoint with { TimeSlot = "other" } }], 1, PortabilityErrorCodes.DuplicateIdentity);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var point = CustomerGenerators.EnedisUsagePoint.Sample(10, 1).First();
        point = point with { UsagePoint = point.UsagePoint with { PowerSubscribed = new Quantity(9, Unit.KilovoltAmpere), TimeSlot = "" } };
        MappingLaws.HasFields(
            CustomerDoctypes.EnedisUsagePoints,
            point,
            "customer_id", "usage_points.usage_point_id", "usage_points.power_subscribed", "usage_points.time_slot");
        Assert.Equal(["customer_id", "usage_points.usage_point_id"], CustomerDoctypes.EnedisUsagePoints.IdentityKeys);
    }
}

public class EnedisUsagePointAddressTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.EnedisAddress.ToArbitrary(), a => MappingLaws.RoundTrips(CustomerDoctypes.EnedisUsagePointAddresses, [a], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.EnedisAddress.ToArbitrary(), a => MappingLaws.IsDeterministic(CustomerDoctypes.EnedisUsagePointAddresses, [a]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.EnedisAddress, CustomerGenerators.BrokenEnedisAddress).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.EnedisUsagePointAddresses, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var address = new EnedisUsagePointAddress
        {
            CustomerId = "12346579878",
            Segment = "C5",
            UsagePointId = "01324654321236",
            Address = new EnedisAddress
            {
                AdditionalAddress1 = "",
                AdditionalAddress2 = "",
                StreetNumber = "2",
                Street = "BOULEVARD DES BELGES",
                Locality = "",
                Zip = "69006",
                City = "LYON",
                Country = "FRANCE",
                GeoPoint = "69386",
            },
        };
        MappingLaws.HasFields(
            CustomerDoctypes.EnedisUsagePointAddresses,
            address,
            "customer_id", "segment", "usage_point_id", "usage_point_address.additional_adress1", "usage_point_address.additional_adress2",
            "usage_point_address.street_number", "usage_point_address.street", "usage_point_address.locality", "usage_point_address.zip",
            "usage_point_address.city", "usage_point_address.country", "usage_point_address.geo_point");
        Assert.Equal(["customer_id", "usage_point_id"], CustomerDoctypes.EnedisUsagePointAddresses.IdentityKeys);
    }

    [Fact]
    public void The_pilot_sample_without_usage_point_id_is_read()
    {
        const string Sample = """
            {"customer_id":"12346579878","segment":"C5","usage_point_address":{"additional_adress1":"","additional_adress2":"","street_number":"2","street":"BOULEVARD DES BELGES","locality":"","zip":"69006","city":"LYON","country":"FRANCE","geo_point":"69386"}}
            """;
        var read = Assert.Single(ExportHarness.ReadBack(CustomerDoctypes.EnedisUsagePointAddresses, [Sample], ExportProfile.MesInfos));
        Assert.Null(read.UsagePointId);
        Assert.Equal("69386", read.Address.GeoPoint);
        Assert.Equal("", read.Address.AdditionalAddress1);
    }
}
