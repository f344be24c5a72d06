using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Banking;
using SelfData.Portability.Insurance;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class MaifPaymentTermsTests
{
    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(InsuranceGenerators.PaymentTerms.ToArbitrary(), r => MappingLaws.RoundTrips(InsuranceDoctypes.PaymentTerms, [r], StructuralEquality.Same));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(InsuranceGenerators.PaymentTerms.ToArbitrary(), r => MappingLaws.IsDeterministic(InsuranceDoctypes.PaymentTerms, [r]));

    [Property(MaxTest = 30)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(InsuranceGenerators.PaymentTerms, InsuranceGenerators.BrokenPaymentTerms).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(InsuranceDoctypes.PaymentTerms, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Documents_carry_the_documented_fields()
    {
        var record = new MaifPaymentTerms
        {
            PolicyholderId = "1234567",
            BankAccount = new MaifBankAccount { Bic = "SOGEFRPP", Iban = "FR7630003987608761234567890" },
            PaymentMethod = "Prélèvement (1 fois)",
        };
        MappingLaws.HasFields(InsuranceDoctypes.PaymentTerms, record, "paymentterms.rib.bic", "paymentterms.rib.iban", "paymentterms.modePaiement", "paymentterms.societaire");
        var json = Assert.Single(await ExportHarness.WriteAsync(InsuranceDoctypes.PaymentTerms, [record]));
        Assert.Contains("\"paymentterms\":{\"rib\":{\"bic\":\"SOGEFRPP\",\"iban\":\"FR7630003987608761234567890\"},\"modePaiement\":\"Prélèvement (1 fois)\",\"societaire\":\"1234567\"}", json, StringComparison.Ordinal);
        Assert.Equal(["paymentterms.societaire"], InsuranceDoctypes.PaymentTerms.IdentityKeys);
    }
}
