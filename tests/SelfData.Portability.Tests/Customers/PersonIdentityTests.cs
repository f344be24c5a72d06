using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Customers;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class PersonIdentityTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.Identity.ToArbitrary(), i => MappingLaws.RoundTrips(CustomerDoctypes.Identities, [i], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.Identity.ToArbitrary(), i => MappingLaws.IsDeterministic(CustomerDoctypes.Identities, [i]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.Identity, CustomerGenerators.BrokenIdentity).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.Identities, [good, broken], 1, code, field);
            return true;
        });

    internal static PersonIdentity Example()
    {
        var electricity = new EnergyProvider
        {
            Vendor = "EDF",
            EnergyType = EnergyType.Electricity,
            ContractNumber = "1234654321",
            PdlNumber = "01324654321236",
            ContractType = "Tarif Bleu",
            PowerKva = 6,
            ElectricConsumption =
            [
                new YearlyConsumption
                {
                    Year = 2023,
                    ConsumptionKwh = 6006,
                    Months = [new MonthlyConsumption { Month = 1, ConsumptionKwh = 712.4m }, new MonthlyConsumption { Month = 2, ConsumptionKwh = 650 }],
                },
            ],
        };
        var identity = new PersonIdentity
        {
            Identifier = "germaine.dupond@example.org",
            Source = IdentitySource.Connector,
            Contact = new IdentityContact
            {
                Name = new ContactName { FamilyName = "Dupond", GivenName = "Germaine" },
                Email = [new ContactEmail { Address = "germaine.dupond@example.org" }],
                Phone = [new ContactPhone { Number = "+33 6 65 02 28 41", Primary = true, Type = "mobile" }],
                Address = [new ContactAddress { FormattedAddress = "2 boulevard des Belges\n69006 Lyon", Street = "2 boulevard des Belges", Postcode = "69006", City = "Lyon" }],
            },
            Housing = [new Housing { HousingType = "flat", ResidentsNumber = 4, LivingSpaceM2 = 69, EnergyProviders = [electricity] }],
        };
        return identity;
    }

    [Fact]
    public async Task Docs_example_writes_housing_with_energy_providers()
    {
        var builder = ExportHarness.Builder();
        var identity = Example();
        var export = builder.Add(CustomerDoctypes.Identities, [identity]).Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"identifier\":\"germaine.dupond@example.org\",\"source\":\"connector\",", json, StringComparison.Ordinal);
        Assert.Contains(
            "\"energy_providers\":[{\"vendor\":\"EDF\",\"energy_type\":\"electricity\",\"contract_number\":\"1234654321\",\"pdl_number\":\"01324654321236\",\"contract_type\":\"Tarif Bleu\",\"powerkVA\":6,\"electric_consumption\":[{\"year\":2023,\"consumptionkWh\":6006,\"months\":[{\"month\":1,\"consumptionkWh\":712.4},",
            json,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_stay_numbers_even_with_the_pilot_string_switch()
    {
        var json = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.Identities, [Example()], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true)));
        var provider = JsonDocument.Parse(json).RootElement.GetProperty("housing")[0].GetProperty("energy_providers")[0];
        Assert.Equal(JsonValueKind.Number, provider.GetProperty("powerkVA").ValueKind);
        Assert.Equal(JsonValueKind.Number, provider.GetProperty("electric_consumption")[0].GetProperty("consumptionkWh").ValueKind);
    }

    [Theory]
    [InlineData("\"robot\"")]
    [InlineData("0")]
    [InlineData("\"Connector,Manual\"")]
    public void A_source_outside_the_documented_values_is_malformed(string source)
    {
        var json = $$"""{"identifier":"g","source":{{source}}}""";
        var ex = Assert.Throws<SelfDataValidationException>(() => ExportHarness.ReadBack(CustomerDoctypes.Identities, [json], ExportProfile.Cozy));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal("io.cozy.identities", ex.Doctype);
    }

    [Fact]
    public async Task Documents_carry_the_documented_fields()
    {
        var identity = Example() with
        {
            Housing =
            [
                Example().Housing![0] with
                {
                    ConstructionYear = 2001,
                    ResidenceType = "primary",
                    HeatingSystem = "electric",
                    WaterHeatingSystem = "electric",
                },
                new Housing
                {
                    EnergyProviders =
                    [
                        new EnergyProvider
                        {
                            Vendor = "GRDF",
                            EnergyType = EnergyType.Gas,
                            PceNumber = "21546000000000",
                            ChargingType = "monthly",
                            GasConsumption = [new YearlyConsumption { Year = 2023, ConsumptionKwh = 8000 }],
                        },
                    ],
                },
            ],
        };
        MappingLaws.HasFields(
            CustomerDoctypes.Identities,
            identity,
            "identifier", "source", "contact.name.familyName", "contact.name.givenName", "contact.email", "contact.phone", "contact.address", "housing");
        var json = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.Identities, [identity]));
        var housing = JsonDocument.Parse(json).RootElement.GetProperty("housing");
        foreach (var field in new[] { "construction_year", "residence_type", "housing_type", "residents_number", "living_space_m2", "heating_system", "water_heating_system", "energy_providers" })
        {
            Assert.True(housing[0].TryGetProperty(field, out _), field);
        }

        var electricity = housing[0].GetProperty("energy_providers")[0];
        foreach (var field in new[] { "vendor", "energy_type", "contract_number", "pdl_number", "contract_type", "powerkVA", "electric_consumption" })
        {
            Assert.True(electricity.TryGetProperty(field, out _), field);
        }

        var gas = housing[1].GetProperty("energy_providers")[0];
        Assert.Equal("gas", gas.GetProperty("energy_type").GetString());
        Assert.Equal("21546000000000", gas.GetProperty("pce_number").GetString());
        Assert.True(gas.TryGetProperty("charging_type", out _));
        Assert.Equal(8000, gas.GetProperty("gas_consumption")[0].GetProperty("consumptionkWh").GetDecimal());
        Assert.Equal(JsonValueKind.Array, electricity.GetProperty("electric_consumption")[0].GetProperty("months").ValueKind);
        Assert.Equal(["identifier", "source"], CustomerDoctypes.Identities.IdentityKeys);
    }
}
