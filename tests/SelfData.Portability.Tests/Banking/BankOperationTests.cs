using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Banking;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class BankOperationTests
{
    [Property(MaxTest = 40)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(BankingGenerators.Operation.ToArbitrary(), o => MappingLaws.RoundTrips(BankingDoctypes.Operations, [o], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(BankingGenerators.Operation.ToArbitrary(), o => MappingLaws.IsDeterministic(BankingDoctypes.Operations, [o]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(BankingGenerators.Operation, BankingGenerators.BrokenOperation).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(BankingDoctypes.Operations, [good, broken], 1, code, field);
            return true;
        });

    [Theory]
    [InlineData(BankOperationType.None, "none")]
    [InlineData(BankOperationType.CreditCard, "credit card")]
    [InlineData(BankOperationType.Cash, "cash")]
    [InlineData(BankOperationType.Check, "check")]
    [InlineData(BankOperationType.Transfer, "transfer")]
    [InlineData(BankOperationType.InternalTransfer, "internal transfer")]
    [InlineData(BankOperationType.DebitCard, "debit card")]
    [InlineData(BankOperationType.Deposit, "deposit")]
    [InlineData(BankOperationType.FinancialFee, "financial fee")]
    [InlineData(BankOperationType.DirectDebit, "direct debit")]
    public async Task Types_are_written_as_documented(BankOperationType type, string wire)
    {
        var json = Assert.Single(await ExportHarness.WriteAsync(BankingDoctypes.Operations, [Debit() with { Type = type }]));
        Assert.Contains($"\"type\":\"{wire}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_stay_in_place_in_both_profiles()
    {
        var operation = Debit() with { AccountId = "comptecla1", BillIds = ["b1", "b2"] };
        foreach (var profile in new[] { ExportProfile.Cozy, ExportProfile.MesInfos })
        {
            var json = Assert.Single(await ExportHarness.WriteAsync(BankingDoctypes.Operations, [operation], ExportHarness.Options(profile)));
            Assert.Contains("\"account\":\"comptecla1\"", json, StringComparison.Ordinal);
            Assert.Contains("\"bills\":[\"io.cozy.bills:b1\",\"io.cozy.bills:b2\"]", json, StringComparison.Ordinal);
            Assert.DoesNotContain("relationships", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Debits_stay_negative_and_amounts_keep_their_scale()
    {
        var json = Assert.Single(await ExportHarness.WriteAsync(BankingDoctypes.Operations, [Debit() with { Amount = new Money(-12.30m, CurrencyCode.Eur) }]));
        Assert.Contains("\"amount\":-12.30,\"currency\":\"EUR\"", json, StringComparison.Ordinal);
        var back = Assert.Single(ExportHarness.ReadBack(BankingDoctypes.Operations, [json], ExportProfile.Cozy));
        Assert.Equal("-12.30", back.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"EUR","date":"2017-09-22 00:00:00+01:00"}""", "date")]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"EUR","date":"2017-09-22T00:00:00"}""", "date")]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"€","date":"2017-09-22T00:00:00Z"}""", "currency")]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"EUR","date":"2017-09-22T00:00:00Z","type":"card"}""", "type")]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"EUR","date":"2017-09-22T00:00:00Z","bills":["b1"]}""", "bills[0]")]
    [InlineData("""{"vendorId":"1","label":"x","amount":-1,"currency":"EUR","date":"2017-09-22T00:00:00Z","bills":"io.cozy.bills:b1"}""", "bills")]
    public void Malformed_documents_name_the_field(string json, string field)
    {
        var ex = Assert.Throws<SelfDataValidationException>(() => ExportHarness.ReadBack(BankingDoctypes.Operations, [json], ExportProfile.Cozy));
        Assert.Equal(PortabilityErrorCodes.MalformedDocument, ex.Code);
        Assert.Equal(field, ex.FieldPath);
    }

    [Fact]
    public async Task The_window_selects_operations_by_their_date()
    {
        var inside = Debit() with { VendorId = "in", Date = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero) };
        var before = Debit() with { VendorId = "out", Date = new DateTimeOffset(2023, 12, 31, 0, 0, 0, TimeSpan.Zero) };
        var export = ExportHarness.Builder()
            .WithWindow(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), null)
            .Add(BankingDoctypes.Operations, [before, inside])
            .Build();
        var sink = new ExportHarness.CollectingSink();
        var summary = Assert.Single(await export.WriteAsync(sink));
        Assert.Single(sink.Documents);
        Assert.Contains("\"vendorId\":\"in\"", sink.Documents[0], StringComparison.Ordinal);
        Assert.Equal(1, summary.OutsideWindow);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var operation = Debit() with
        {
            OriginalBankLabel = "CARTE X1234 21/09 CARREFOUR",
            RealisationDate = new DateTimeOffset(2017, 9, 21, 18, 30, 0, TimeSpan.FromHours(2)),
            Type = BankOperationType.CreditCard,
            AutomaticCategoryId = "400110",
            AccountId = BankAccountMapping.GetDocumentId("1337"),
            VendorAccountId = "1337",
            BillIds = ["b1"],
        };
        MappingLaws.HasFields(
            BankingDoctypes.Operations,
            operation,
            "label", "originalBankLabel", "amount", "currency", "date", "realisationDate", "type", "automaticCategoryId", "account", "vendorId",
            "vendorAccountId", "bills");
        Assert.Equal(["vendorId"], BankingDoctypes.Operations.IdentityKeys);
    }

    private static BankOperation Debit() => new()
    {
        VendorId = "op-1",
        Label = "CB CARREFOUR",
        Amount = new Money(-42.10m, CurrencyCode.Eur),
        Date = new DateTimeOffset(2017, 9, 22, 0, 0, 0, TimeSpan.FromHours(2)),
    };
}
