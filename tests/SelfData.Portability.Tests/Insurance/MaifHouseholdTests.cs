using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Insurance;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifHouseholdTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.Household.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.Households, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.Household.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.Households, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.Household, InsuranceGenerators.BrokenHousehold).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.Households, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var record = InsuranceGenerators.Household.Sample(10, 1).First() with
        {
            Address = new MaifAddress { Street = "2 BOULEVARD DES BELGES", PostCode = "69006", City = "LYON", Country = "FRANCE", CountryNumber = "0", DeliveryOffice = "LYON", InseeCode = "69386", Residence = "" },
            Members = [InsuranceGenerators.Member.Sample(10, 1).First() with { Email = "germaine.dupond@example.org", MobilePhone = "+33612345678", ProfessionCode = "13", Profession = "13 Agent, employé", BirthPlace = new MaifBirthPlace() }],
        };
        MappingLaws.HasFields(
            InsuranceDoctypes.Households,
            record,
            "foyer.name", "foyer.address.street", "foyer.address.postCode", "foyer.address.city", "foyer.address.country", "foyer.address.numeroPays",
            "foyer.address.deliveryOffice", "foyer.address.inseeCode", "foyer.address.residence", "foyer.membres");
        DocumentPaths.HasPaths(
            InsuranceDoctypes.Households,
            record,
            "foyer.membres[0].name.family", "foyer.membres[0].email", "foyer.membres[0].telMobile", "foyer.membres[0].birthdate", "foyer.membres[0].birthplace",
            "foyer.membres[0].codeProfessionSocietaire", "foyer.membres[0].profession", "foyer.membres[0].codeQualitePersonne", "foyer.membres[0].quality");
        Assert.Equal(["foyer.name"], InsuranceDoctypes.Households.IdentityKeys);
    }
}
