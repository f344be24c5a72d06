using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Insurance;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifClaimTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.Claims.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.Claims, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.Claims.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.Claims, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.Claims, InsuranceGenerators.BrokenClaims).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.Claims, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var record = DocumentedExample();
        MappingLaws.HasFields(InsuranceDoctypes.Claims, record, "sinistre");
        DocumentPaths.HasPaths(
            InsuranceDoctypes.Claims,
            record,
            "sinistre[0].type", "sinistre[0].societaire", "sinistre[0].timestamp", "sinistre[0].lieuSurvenance", "sinistre[0].ref",
            "sinistre[0].typeLieuSurvenance", "sinistre[0].natureLieu", "sinistre[0].address.street",
            "sinistre[1].immatriculationVehicule", "sinistre[1].driver.prefix", "sinistre[1].driver.family", "sinistre[1].driver.given");
        Assert.Equal(["sinistre[0].societaire"], InsuranceDoctypes.Claims.IdentityKeys);
    }

    [Fact]
    public async Task Documented_example_writes_one_document_per_policyholder()
    {
        var builder = ExportHarness.Builder();
        var claims = DocumentedExample();
        builder.Add(InsuranceDoctypes.Claims, [claims]);

        var sink = new ExportHarness.CollectingSink();
        await builder.Build().WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"sinistre\":[{\"type\":\"Habitation\",\"timestamp\":\"2015-07-20T19:00:00+02:00\",\"lieuSurvenance\":\"LYON 06\",\"ref\":\"F150181177B\",\"typeLieuSurvenance\":\"Agglomération\",\"natureLieu\":\"Appartement\",", json, StringComparison.Ordinal);
        Assert.Contains("\"driver\":{\"prefix\":\"Mme\",\"family\":\"Dupond\",\"given\":\"Germaine\"},\"societaire\":\"1234567\"}]", json, StringComparison.Ordinal);
    }

    private static MaifClaims DocumentedExample()
    {
        var claims = new MaifClaims
        {
            PolicyholderId = "1234567",
            Claims =
            [
                new MaifClaim
                {
                    Type = MaifClaimTypes.Home,
                    Timestamp = new DateTimeOffset(2015, 7, 20, 19, 0, 0, TimeSpan.FromHours(2)),
                    Place = "LYON 06",
                    Reference = "F150181177B",
                    PlaceType = "Agglomération",
                    PlaceKind = "Appartement",
                    Address = new MaifAddress { Street = "2 BOULEVARD DES BELGES", PostCode = "69006", City = "LYON", Country = "FRANCE" },
                },
                new MaifClaim
                {
                    Type = MaifClaimTypes.Vehicle,
                    Timestamp = new DateTimeOffset(2016, 2, 3, 8, 15, 0, TimeSpan.FromHours(1)),
                    Reference = "F160203001A",
                    VehicleRegistration = "AA-123-XD",
                    Driver = new MaifPersonName { Prefix = "Mme", Family = "Dupond", Given = "Germaine" },
                },
            ],
        };
        return claims;
    }
}
