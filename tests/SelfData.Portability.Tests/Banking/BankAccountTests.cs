using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Banking;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class BankAccountTests
{
    [Property(MaxTest = 40)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(BankingGenerators.Account.ToArbitrary(), a => MappingLaws.RoundTrips(BankingDoctypes.Accounts, [a], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(BankingGenerators.Account.ToArbitrary(), a => MappingLaws.IsDeterministic(BankingDoctypes.Accounts, [a]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(BankingGenerators.Account, BankingGenerators.BrokenAccount).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(BankingDoctypes.Accounts, [good, broken], 1, code, field);
            return true;
        });

    [Theory]
    [InlineData(BankAccountType.None, "none")]
    [InlineData(BankAccountType.Bank, "bank")]
    [InlineData(BankAccountType.Cash, "cash")]
    [InlineData(BankAccountType.Asset, "asset")]
    [InlineData(BankAccountType.CreditCard, "credit card")]
    [InlineData(BankAccountType.Liability, "liability")]
    [InlineData(BankAccountType.Savings, "Savings")]
    public async Task Types_are_written_as_documented(BankAccountType type, string wire)
    {
        var account = new BankAccount { VendorId = "1337", Label = "Livret", Type = type };
        var json = Assert.Single(await ExportHarness.WriteAsync(BankingDoctypes.Accounts, [account]));
        Assert.Contains($"\"type\":\"{wire}\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Checkings")]
    [InlineData("savings")]
    [InlineData("credit_card")]
    public void An_undocumented_type_is_malformed(string type)
    {
        var json = $$"""{"vendorId":"1337","label":"Livret","type":"{{type}}"}""";
        var ex = Assert.Throws<SelfDataValidationException>(() => ExportHarness.ReadBack(BankingDoctypes.Accounts, [json], ExportProfile.Cozy));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal("type", ex.FieldPath);
    }

    [Fact]
    public void A_balance_without_a_currency_is_malformed()
    {
        var ex = Assert.Throws<SelfDataValidationException>(() =>
            ExportHarness.ReadBack(BankingDoctypes.Accounts, ["""{"vendorId":"1337","label":"Livret","balance":12.5,"currency":"€"}"""], ExportProfile.Cozy));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal("currency", ex.FieldPath);
    }

    [Fact]
    public async Task Docs_example_links_an_operation_to_its_account()
    {
        var builder = ExportHarness.Builder();
        var account = new BankAccount
        {
            VendorId = "1337",
            Label = "Livret Dévelop. Durable (x1337)",
            InstitutionLabel = "Société Générale",
            Balance = new Money(1250.30m, CurrencyCode.Eur),
            Type = BankAccountType.Savings,
            Iban = "FR7630003000300123456789012",
        };
        var operation = new BankOperation
        {
            VendorId = "op-2017-09-22-001",
            Label = "PRLV SEPA EDF",
            OriginalBankLabel = "PRLV SEPA EDF SA ECH/220917",
            Amount = new Money(-69.00m, CurrencyCode.Eur),
            Date = new DateTimeOffset(2017, 9, 22, 0, 0, 0, TimeSpan.FromHours(2)),
            RealisationDate = new DateTimeOffset(2017, 9, 21, 0, 0, 0, TimeSpan.FromHours(2)),
            Type = BankOperationType.DirectDebit,
            AutomaticCategoryId = "401080",
            AccountId = BankAccountMapping.GetDocumentId(account.VendorId),
            VendorAccountId = account.VendorId,
            BillIds = ["6c2e7f3c0b6a4a0f9a41c3f1b2d8e9a0"],
        };
        var export = builder
            .Add(BankingDoctypes.Accounts, [account])
            .Add(BankingDoctypes.Operations, [operation])
            .Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        Assert.Equal(sink.Ids[0], operation.AccountId);
        Assert.Contains("\"balance\":1250.30,\"currency\":\"EUR\",\"type\":\"Savings\"", sink.Documents[0], StringComparison.Ordinal);
        Assert.Contains(
            "\"amount\":-69.00,\"currency\":\"EUR\",\"date\":\"2017-09-22T00:00:00+02:00\",\"realisationDate\":\"2017-09-21T00:00:00+02:00\",\"type\":\"direct debit\"",
            sink.Documents[1],
            StringComparison.Ordinal);
        Assert.Contains($"\"account\":\"{sink.Ids[0]}\"", sink.Documents[1], StringComparison.Ordinal);
        Assert.Contains("\"bills\":[\"io.cozy.bills:6c2e7f3c0b6a4a0f9a41c3f1b2d8e9a0\"]", sink.Documents[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var account = new BankAccount
        {
            VendorId = "1337",
            Label = "Livret Dévelop. Durable (x1337)",
            ShortLabel = "LDD",
            InstitutionLabel = "Société Générale",
            Balance = new Money(0, CurrencyCode.Eur),
            Type = BankAccountType.Bank,
            Number = "00012345678",
            Iban = "FR7630003000300123456789012",
        };
        MappingLaws.HasFields(BankingDoctypes.Accounts, account, "label", "shortLabel", "institutionLabel", "balance", "currency", "type", "number", "iban", "vendorId");
        Assert.Equal(["vendorId"], BankingDoctypes.Accounts.IdentityKeys);
    }
}
