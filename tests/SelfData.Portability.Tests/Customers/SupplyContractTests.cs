using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Customers;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class SupplyContractTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.Contract.ToArbitrary(), c => MappingLaws.RoundTrips(CustomerDoctypes.Contracts, [c], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.Contract.ToArbitrary(), c => MappingLaws.IsDeterministic(CustomerDoctypes.Contracts, [c]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.Contract, CustomerGenerators.BrokenContract).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.Contracts, [good with { Number = "good-" + good.Number }, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Docs_example_writes_the_pilot_contract()
    {
        var builder = ExportHarness.Builder();
        var contract = new SupplyContract
        {
            Number = "1234654321",
            Vendor = "EDF",
            ClientId = "6012345678",
            Name = "Tarif Bleu",
            Start = new DateOnly(2013, 3, 1),
            Status = "CONTRAT_ACTIF",
            Pdl = "01324654321236",
            Energy = "Électricité",
            Power = new Quantity(6, Unit.KilovoltAmpere),
            ContractSubcategory1 = "OPTION_BASE",
            Counter = new ContractCounter { Type = "CBE", Metering = "BASE", LastIndex = 69988.0m, AnnualConsumption = 6006 },
            Services = [new ContractService { Name = "FACTURE_ELECTRONIQUE", Status = "true" }],
        };
        var export = builder.Add(CustomerDoctypes.Contracts, [contract]).Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"pdl\":\"01324654321236\",\"energie\":\"Électricité\",\"power\":6,", json, StringComparison.Ordinal);
        Assert.Contains("\"counter\":{\"type\":\"CBE\",\"comptage\":\"BASE\",\"dernierIndex\":69988.0,\"annualConsumption\":6006}", json, StringComparison.Ordinal);
        Assert.Contains("\"start\":\"2013-03-01\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"end\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Power_is_a_number_of_kva_and_the_pilot_string_only_with_the_compatibility_switch()
    {
        var contract = ContractWithPower(new Quantity(6, Unit.KilovoltAmpere));
        var cozy = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.Contracts, [contract]));
        var mesInfos = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.Contracts, [contract], ExportHarness.Options(ExportProfile.MesInfos)));
        var pilot = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.Contracts, [contract], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true)));
        Assert.Equal(6, Power(cozy).GetDecimal());
        Assert.Equal(6, Power(mesInfos).GetDecimal());
        Assert.Equal("6 kVA", Power(pilot).GetString());
        Assert.Contains("\"dernierIndex\":\"69988.0\",\"annualConsumption\":\"6006\"", pilot, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"6 kVA\"", 6)]
    [InlineData("\"6\"", 6)]
    [InlineData("\"9kVA\"", 9)]
    [InlineData("12", 12)]
    public void Pilot_power_forms_are_read_as_kva(string power, int expected)
    {
        var json = $$"""{"number":"1234654321","vendor":"EDF","power":{{power}},"docTypeVersion":"konnectors_edf-0.7.2"}""";
        var read = Assert.Single(ExportHarness.ReadBack(CustomerDoctypes.Contracts, [json], ExportProfile.MesInfos));
        Assert.Equal(new Quantity(expected, Unit.KilovoltAmpere), read.Power);
    }

    [Theory]
    [InlineData("\"6 kW\"")]
    [InlineData("\"six\"")]
    [InlineData("true")]
    public void Power_that_is_not_kva_is_malformed(string power)
    {
        var json = $$"""{"number":"1234654321","vendor":"EDF","power":{{power}}}""";
        var ex = Assert.Throws<SelfDataValidationException>(() => ExportHarness.ReadBack(CustomerDoctypes.Contracts, [json], ExportProfile.MesInfos));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var contract = ContractWithPower(new Quantity(6, Unit.KilovoltAmpere)) with
        {
            ClientId = "6012345678",
            Name = "Tarif Bleu",
            Start = new DateOnly(2013, 3, 1),
            End = new DateOnly(2018, 3, 1),
            Status = "CONTRAT_RESILIE",
            TerminationGrounds = "DEMENAGEMENT",
            Pdl = "01324654321236",
            Energy = "Électricité",
            ContractSubcategory1 = "OPTION_BASE",
            ContractSubcategory2 = "PRIX_FIXE",
            Statement = new ContractReadingCalendar { NextReading = new DateOnly(2017, 1, 12), SelfReadingStatus = "SAISIE_POSSIBLE", NextReadingClosing = new DateOnly(2017, 1, 12) },
            Services = [new ContractService { Name = "PRELEVEMENT_AUTOMATIQUE", Status = "true", ValueSubscribed = "10", ValuesAvailable = ["04", "10"] }],
            TroubleshootingPhone = "09 726 750 75",
        };
        MappingLaws.HasFields(
            CustomerDoctypes.Contracts,
            contract,
            "number", "vendor", "clientId", "name", "start", "end", "status", "terminationGrounds", "pdl", "energie", "power",
            "contractSubcategory1", "contractSubcategory2", "counter.type", "counter.comptage", "counter.dernierIndex",
            "counter.annualConsumption", "statement.prochaineReleve", "statement.saisieReleveConfiance",
            "statement.prochaineDateFermetureReelle", "services", "troubleshootingPhone");
    }

    private static SupplyContract ContractWithPower(Quantity power) => new()
    {
        Number = "1234654321",
        Vendor = "EDF",
        Power = power,
        Counter = new ContractCounter { Type = "CBE", Metering = "BASE", LastIndex = 69988.0m, AnnualConsumption = 6006 },
    };

    private static JsonElement Power(string json) => JsonDocument.Parse(json).RootElement.GetProperty("power").Clone();
}
