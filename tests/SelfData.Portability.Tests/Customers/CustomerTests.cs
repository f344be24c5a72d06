using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Customers;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class CustomerTests
{
    internal static Customer Germaine => new()
    {
        ClientId = "6012345678",
        Vendor = "EDF",
        AgreementNumber = "00123456879",
        Name = new CustomerName { Prefix = "MME", Family = "DUPOND", Given = "GERMAINE", Formatted = "GERMAINE DUPOND" },
        Address = new CustomerAddress
        {
            Formatted = "2 BOULEVARD DES BELGES\n69006 LYON",
            Street = "2 BOULEVARD DES BELGES",
            Postcode = "69006",
            City = "LYON",
            Country = "FRANCE",
        },
        Email = "germainedupondmesinfos@example.org",
        LoginEmail = "germainedupondmesinfos@example.org",
        CellPhone = "0665022841",
        HomePhone = "0478000000",
        CoHolder = new CustomerName { Family = "DUPOND", Given = "GERARD", Formatted = "GERARD DUPOND" },
        CommercialContact = new CommercialContact
        {
            Title = "Paris Pyramide",
            Phone = "09 69 32 15 15",
            Address = new CustomerAddress { Street = "TSA 20012", Postcode = "41975", City = "BLOIS CEDEX 9" },
        },
    };

    [Fact]
    public async Task Docs_example_writes_the_pilot_client()
    {
        var builder = ExportHarness.Builder();
        var customer = new Customer
        {
            ClientId = "6012345678",
            Vendor = "EDF",
            AgreementNumber = "00123456879",
            Name = new CustomerName { Prefix = "MME", Family = "DUPOND", Given = "GERMAINE", Formatted = "GERMAINE DUPOND" },
            Address = new CustomerAddress { Street = "2 BOULEVARD DES BELGES", Postcode = "69006", City = "LYON", Country = "FRANCE" },
            Email = "germaine.dupond@example.org",
            CellPhone = "0665022841",
        };
        var export = builder.Add(CustomerDoctypes.Clients, [customer]).Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        Assert.Contains(
            "\"clientId\":\"6012345678\",\"vendor\":\"EDF\",\"numeroAcc\":\"00123456879\",\"name\":{\"prefix\":\"MME\",\"family\":\"DUPOND\",\"given\":\"GERMAINE\",\"formated\":\"GERMAINE DUPOND\"},",
            Assert.Single(sink.Documents),
            StringComparison.Ordinal);
    }

    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.Customer.ToArbitrary(), c => MappingLaws.RoundTrips(CustomerDoctypes.Clients, [c], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.Customer.ToArbitrary(), c => MappingLaws.IsDeterministic(CustomerDoctypes.Clients, [c]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.Customer, CustomerGenerators.BrokenCustomer).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.Clients, [good with { ClientId = "good-" + good.ClientId }, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields() =>
        MappingLaws.HasFields(
            CustomerDoctypes.Clients,
            Germaine,
            "clientId", "vendor", "numeroAcc", "name.prefix", "name.family", "name.given", "name.formated",
            "address.formated", "address.street", "address.postcode", "address.city", "address.country",
            "email", "loginEmail", "cellPhone", "homePhone", "coHolder.family", "commercialContact.title",
            "commercialContact.phone", "commercialContact.address.street");

    [Fact]
    public async Task Identity_is_client_id_and_vendor()
    {
        Assert.Equal(["clientId", "vendor"], CustomerDoctypes.Clients.IdentityKeys);
        var ids = await ExportHarness.WriteAsync(CustomerDoctypes.Clients, [Germaine, Germaine with { Vendor = "GRDF" }]);
        Assert.Equal(2, ids.Count);
        var same = MappingLaws.Rejects(CustomerDoctypes.Clients, [Germaine, Germaine with { Email = "other@example.org" }], 1, PortabilityErrorCodes.DuplicateIdentity);
        Assert.Equal("clientId,vendor", same.FieldPath);
    }
}
