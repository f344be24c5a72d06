using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Customers;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class SupplyPaymentTermsTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(CustomerGenerators.PaymentTerms.ToArbitrary(), p => MappingLaws.RoundTrips(CustomerDoctypes.PaymentTerms, [p], RecordEquality.Equal));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(CustomerGenerators.PaymentTerms.ToArbitrary(), p => MappingLaws.IsDeterministic(CustomerDoctypes.PaymentTerms, [p]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(CustomerGenerators.PaymentTerms, CustomerGenerators.BrokenPaymentTerms).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(CustomerDoctypes.PaymentTerms, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Docs_example_writes_the_schedule_and_the_last_payment()
    {
        var builder = ExportHarness.Builder();
        var terms = new SupplyPaymentTerms
        {
            Vendor = "EDF",
            ClientId = "6012345678",
            Balance = 0.00m,
            PaymentMeans = "PRELEVEMENT",
            BillFrequency = "ANNU",
            NextBillDate = new DateOnly(2017, 10, 15),
            LastPayment = new SupplyLastPayment { Amount = 69.00m, Date = new DateTimeOffset(2016, 10, 10, 0, 0, 0, TimeSpan.FromHours(2)), Type = "ENCAISSEMENT_PRELEVEMENT" },
            PaymentSchedules =
            [
                new SupplyPaymentSchedule { Number = 1, ScheduleDate = new DateOnly(2016, 4, 11), ReceiptDate = new DateOnly(2016, 4, 11), Paid = true, Amount = 69, AmountGas = 0, AmountElectricity = 69 },
                new SupplyPaymentSchedule { Number = 2, ScheduleDate = new DateOnly(2016, 5, 10), Paid = false, Amount = 69, AmountGas = 0, AmountElectricity = 69 },
            ],
        };
        var export = builder.Add(CustomerDoctypes.PaymentTerms, [terms]).Build();

        var sink = new ExportHarness.CollectingSink();
        await export.WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"dernierReglement\":{\"amount\":69.00,\"date\":\"2016-10-10T00:00:00+02:00\",\"type\":\"ENCAISSEMENT_PRELEVEMENT\"}", json, StringComparison.Ordinal);
        Assert.Contains("{\"number\":2,\"scheduleDate\":\"2016-05-10\",\"paid\":false,\"amount\":69,", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_payment_amount_is_a_pilot_string_only_with_the_compatibility_switch()
    {
        var terms = new SupplyPaymentTerms { Vendor = "EDF", ClientId = "6012345678", Balance = 12.5m, LastPayment = new SupplyLastPayment { Amount = 69.00m } };
        var pilot = Assert.Single(await ExportHarness.WriteAsync(CustomerDoctypes.PaymentTerms, [terms], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true)));
        Assert.Contains("\"dernierReglement\":{\"amount\":\"69.00\"}", pilot, StringComparison.Ordinal);
        Assert.Contains("\"balance\":12.5,", pilot, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var terms = CustomerGenerators.PaymentTerms.Sample(10, 1).First() with
        {
            Balance = -12.5m,
            PaymentMeans = "PRELEVEMENT",
            BillFrequency = "ANNU",
            NextBillDate = new DateOnly(2017, 10, 15),
            PayerId = "6012345678",
            PayerDivergent = false,
            BankDetailsChangeAllowed = true,
            EncryptedBankDetails = "{}",
            LastPayment = new SupplyLastPayment { Amount = 69, Date = ExportHarness.Now, Type = "ENCAISSEMENT_PRELEVEMENT" },
            PaymentSchedules = [new SupplyPaymentSchedule { Number = 1, ScheduleDate = new DateOnly(2016, 4, 11), Paid = false, Amount = 69 }],
        };
        MappingLaws.HasFields(
            CustomerDoctypes.PaymentTerms,
            terms,
            "vendor", "clientId", "balance", "paymentMeans", "billFrequency", "nextBillDate", "idPayer", "payerDivergent",
            "modifBankDetailsAllowed", "encryptedBankDetails", "dernierReglement.amount", "dernierReglement.date",
            "dernierReglement.type", "paymentSchedules");
        Assert.Equal(["clientId", "vendor"], CustomerDoctypes.PaymentTerms.IdentityKeys);
    }
}
