using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Insurance;
using SelfData.Portability.Mapping;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifContractTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.Contracts.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.Contracts, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.Contracts.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.Contracts, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.Contracts, InsuranceGenerators.BrokenContracts).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.Contracts, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var record = DocumentedExample();
        MappingLaws.HasFields(InsuranceDoctypes.Contracts, record, "contrat");
        DocumentPaths.HasPaths(
            InsuranceDoctypes.Contracts,
            record,
            "contrat[0].societaire", "contrat[0].name", "contrat[0].formuleBase", "contrat[0].montantTarifTtc", "contrat[0].startDate",
            "contrat[0].objects.startDate", "contrat[0].objects.lieu[0].address.street", "contrat[0].objects.lieu[0].address.postCode",
            "contrat[0].objects.lieu[0].address.city", "contrat[0].objects.lieu[0].address.country", "contrat[0].objects.lieu[0].address.numeroPays",
            "contrat[1].societaire", "contrat[1].objects.vehicule[0].immatriculationVehicule");
    }

    [Fact]
    public async Task The_id_is_the_policyholders()
    {
        var record = DocumentedExample();
        var first = await ExportHarness.WriteAsync(InsuranceDoctypes.Contracts, [record]);
        var second = await ExportHarness.WriteAsync(InsuranceDoctypes.Contracts, [record with { Contracts = [record.Contracts[1]] }]);
        var other = await ExportHarness.WriteAsync(InsuranceDoctypes.Contracts, [record with { PolicyholderId = "7654321" }]);
        Assert.Equal(Id(first[0]), Id(second[0]));
        Assert.NotEqual(Id(first[0]), Id(other[0]));
        Assert.Equal(["contrat[0].societaire"], InsuranceDoctypes.Contracts.IdentityKeys);
    }

    [Fact]
    public void Reading_items_of_two_policyholders_is_refused()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"contrat":[{"name":"NOR","societaire":"1234567"},{"name":"VAM","societaire":"7654321"}]}""");
        var context = new DocumentReadContext(InsuranceDoctypes.Contracts.Doctype, ExportProfile.MesInfos);
        var ex = Assert.Throws<Core.SelfDataValidationException>(() => InsuranceDoctypes.Contracts.Read(document.RootElement, context));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal("contrat[1].societaire", ex.FieldPath);
    }

    [Fact]
    public void Reading_a_malformed_item_names_its_path()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"contrat":[{"name":"NOR","societaire":"1234567","startDate":"1989-04-29T00:00:00"}]}""");
        var context = new DocumentReadContext(InsuranceDoctypes.Contracts.Doctype, ExportProfile.MesInfos);
        var ex = Assert.Throws<Core.SelfDataValidationException>(() => InsuranceDoctypes.Contracts.Read(document.RootElement, context));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal("contrat[0].startDate", ex.FieldPath);
    }

    private static string Id(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("_id").GetString()!;
    }

    private static MaifContracts DocumentedExample()
    {
        var contracts = new MaifContracts
        {
            PolicyholderId = "1234567",
            Contracts =
            [
                new MaifContract
                {
                    ProductCode = "NOR",
                    BaseFormula = "RAQVAM Arbitrage",
                    PremiumIncludingTax = 226.74m,
                    StartDate = new DateTimeOffset(1989, 4, 29, 0, 0, 0, TimeSpan.FromHours(2)),
                    InsuredObjects = new MaifInsuredObjects
                    {
                        StartDate = new DateTimeOffset(1989, 4, 29, 0, 0, 0, TimeSpan.FromHours(2)),
                        Places = [new MaifInsuredPlace { Address = new MaifAddress { Street = "2 BOULEVARD DES BELGES", PostCode = "69006", City = "LYON", Country = "FRANCE", CountryNumber = "0" } }],
                    },
                },
                new MaifContract
                {
                    ProductCode = "VAM",
                    PremiumIncludingTax = 312m,
                    StartDate = new DateTimeOffset(2013, 4, 12, 0, 0, 0, TimeSpan.FromHours(2)),
                    InsuredObjects = new MaifInsuredObjects { Vehicles = [new MaifInsuredVehicle { Registration = "AA-123-XD" }] },
                },
            ],
        };
        return contracts;
    }
}
