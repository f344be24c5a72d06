using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Insurance;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifPolicyholderTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.Policyholder.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.Policyholders, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.Policyholder.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.Policyholders, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.Policyholder, InsuranceGenerators.BrokenPolicyholder).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.Policyholders, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var record = InsuranceGenerators.Policyholder.Sample(10, 1).First() with
        {
            Name = new MaifPersonName { TitleCode = "2", Prefix = "MME.", Family = "DUPOND", Given = "GERMAINE", Maiden = "" },
            Email = "germaine.dupond@example.org",
            MobilePhone = "+33612345678",
            BirthDate = new DateOnly(1972, 3, 18),
            BirthPlace = new MaifBirthPlace { City = "NIORT", Country = "FRANCE", CountryNumber = "0", Region = "Nouvelle-Aquitaine" },
            StatusCode = "A",
            StatusDate = new DateOnly(2011, 4, 10),
            ModifiedAt = new DateTimeOffset(2011, 4, 10, 9, 0, 0, TimeSpan.FromHours(2)),
        };
        MappingLaws.HasFields(
            InsuranceDoctypes.Policyholders,
            record,
            "societaire.name.codeTitrePersonne", "societaire.name.prefix", "societaire.name.family", "societaire.name.given", "societaire.name.maiden",
            "societaire.email", "societaire.telMobile", "societaire.birthdate", "societaire.birthplace.city", "societaire.birthplace.country",
            "societaire.birthplace.numeroPays", "societaire.birthplace.region", "societaire.codeProfessionSocietaire", "societaire.profession",
            "societaire.codeSituationFamiliale", "societaire.familySituation", "societaire.codeActif", "societaire.codeEtat", "societaire.dateEtat",
            "societaire.referenceClient", "societaire.timestampModification");
    }

    [Fact]
    public async Task Birthdate_is_a_calendar_date()
    {
        var record = InsuranceGenerators.Policyholder.Sample(10, 1).First() with { BirthDate = new DateOnly(1972, 3, 18) };
        var json = Assert.Single(await ExportHarness.WriteAsync(InsuranceDoctypes.Policyholders, [record]));
        Assert.Contains("\"birthdate\":\"1972-03-18\"", json, StringComparison.Ordinal);
        Assert.Equal(["societaire.referenceClient"], InsuranceDoctypes.Policyholders.IdentityKeys);
    }
}
