using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Customers;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class HomeEnergyProfileTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.Home.ToArbitrary(), h => MappingLaws.RoundTrips(CustomerDoctypes.Homes, [h], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.Home.ToArbitrary(), h => MappingLaws.IsDeterministic(CustomerDoctypes.Homes, [h]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.Home, CustomerGenerators.BrokenHome).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.Homes, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Docs_example_writes_the_pilot_home()
    {
        var builder = ExportHarness.Builder();
        var home = new HomeEnergyProfile
        {
            Pdl = "01324654321236",
            BeginTs = new DateTimeOffset(2016, 10, 19, 14, 27, 36, TimeSpan.Zero),
            IsProfileValidated = true,
            HousingType = "Appartement",
            ResidenceType = "Principale",
            OccupationType = "Locataire",
            ConstructionYear = 2001,
            IsBbc = true,
            Surface = 69,
            OccupantsCount = 4,
            PrincipalHeatingSystemType = "Electricite",
            SanitaryHotWaterType = "Electrique",
            Origin = "EDF",
        };
        var export = builder.Add(CustomerDoctypes.Homes, [home]).Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        Assert.Contains(
            "\"pdl\":\"01324654321236\",\"beginTs\":\"2016-10-19T14:27:36Z\",\"isProfileValidated\":true,\"housingType\":\"Appartement\",\"residenceType\":\"Principale\",\"occupationType\":\"Locataire\",\"constructionDate\":2001,\"isBBC\":true,\"surface\":69,\"occupantsCount\":4,",
            Assert.Single(sink.Documents),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var home = CustomerGenerators.Home.Sample(10, 1).First() with
        {
            BeginTs = ExportHarness.Now,
            IsProfileValidated = true,
            HousingType = "Maison",
            ResidenceType = "Principale",
            OccupationType = "Proprietaire",
            ConstructionYear = 1975,
            IsBbc = false,
            Surface = 112.5m,
            OccupantsCount = 3,
            PrincipalHeatingSystemType = "Gaz",
            SanitaryHotWaterType = "Gaz",
            Origin = "EDF",
        };
        MappingLaws.HasFields(
            CustomerDoctypes.Homes,
            home,
            "pdl", "beginTs", "isProfileValidated", "housingType", "residenceType", "occupationType", "constructionDate", "isBBC",
            "surface", "occupantsCount", "principalHeatingSystemType", "sanitoryHotWaterType", "origin");
        Assert.Equal(["pdl"], CustomerDoctypes.Homes.IdentityKeys);
    }
}
