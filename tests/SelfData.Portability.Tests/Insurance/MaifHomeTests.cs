using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Insurance;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifHomeTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.Homes.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.Homes, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.Homes.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.Homes, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.Homes, InsuranceGenerators.BrokenHomes).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.Homes, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var record = InsuranceGenerators.Homes.Sample(10, 1).First();
        MappingLaws.HasFields(InsuranceDoctypes.Homes, record, "home");
        DocumentPaths.HasPaths(
            InsuranceDoctypes.Homes,
            record,
            "home[0].address.street", "home[0].address.postCode", "home[0].address.city", "home[0].address.country", "home[0].address.numeroPays",
            "home[0].codeJuridique", "home[0].codeNatureLieuRisque", "home[0].codePieceLieuRisque", "home[0].codeTrancheMobilier", "home[0].natureLieu",
            "home[0].nombrePieces", "home[0].patrimoineMobilier", "home[0].situationJuridiqueLieu", "home[0].societaire");
        Assert.Equal(["home[0].societaire"], InsuranceDoctypes.Homes.IdentityKeys);
    }
}
