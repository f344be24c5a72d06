using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Bills;
using SelfData.Portability.Mapping;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class BillTests
{
    [Property(MaxTest = 40)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(BillsGenerators.Bill.ToArbitrary(), b => MappingLaws.RoundTrips(BillingDoctypes.Bills, [b], (x, y) => x == y));

    [Property(MaxTest = 15)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(BillsGenerators.Bill.ToArbitrary(), b => MappingLaws.IsDeterministic(BillingDoctypes.Bills, [b]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(BillsGenerators.Bill, BillsGenerators.BrokenBill).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(BillingDoctypes.Bills, [good with { Vendor = "First" }, broken], 1, code, field);
            return true;
        });

    [Fact]
    public async Task Each_profile_writes_its_own_field_names_and_links()
    {
        var bill = BillsGenerators.Bill.Sample(10, 1).First() with { DocumentId = "0f8fad5bd9cb469fa16570867728950e", VendorRef = "INV-1" };
        MappingLaws.HasFields(BillingDoctypes.Bills, bill, "vendor", "date", "amount", "currency", "isRefund");
        var cozy = JsonDocument.Parse((await ExportHarness.WriteAsync(BillingDoctypes.Bills, [bill])).Single()).RootElement;
        Assert.Equal("INV-1", cozy.GetProperty("vendorRef").GetString());
        Assert.Equal("io.cozy.files:0f8fad5bd9cb469fa16570867728950e", cozy.GetProperty("invoice").GetString());
        Assert.Equal("io.cozy.files", cozy.GetProperty("relationships").GetProperty("document").GetProperty("data").GetProperty("_type").GetString());
        Assert.Equal(JsonValueKind.Number, cozy.GetProperty("amount").ValueKind);
        var pilot = JsonDocument.Parse((await ExportHarness.WriteAsync(BillingDoctypes.Bills, [bill], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true))).Single()).RootElement;
        Assert.Equal("INV-1", pilot.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.String, pilot.GetProperty("value").ValueKind);
        Assert.Equal("io.cozy.files:0f8fad5bd9cb469fa16570867728950e", pilot.GetProperty("invoice").GetString());
        Assert.False(pilot.TryGetProperty("relationships", out _));
    }

    [Fact]
    public void Refunds_are_positive_amounts_with_isRefund()
    {
        var bill = BillsGenerators.Bill.Sample(10, 1).First() with { Amount = new Money(-12.5m, "EUR") };
        MappingLaws.Rejects(BillingDoctypes.Bills, [bill], 0, PortabilityErrorCodes.NegativeBillAmount, "amount");
        var refund = bill with { Amount = new Money(12.5m, "EUR"), IsRefund = true };
        Assert.True(MappingLaws.RoundTrips(BillingDoctypes.Bills, [refund], (x, y) => x == y));
    }

    [Fact]
    public void Two_bills_with_the_same_identity_are_refused()
    {
        var bill = BillsGenerators.Bill.Sample(10, 1).First();
        MappingLaws.Rejects(BillingDoctypes.Bills, [bill, bill with { VendorRef = "other" }], 1, PortabilityErrorCodes.DuplicateIdentity);
    }

    [Fact]
    public void Ids_ignore_trailing_zeros_and_follow_the_identity_keys()
    {
        var bill = BillsGenerators.Bill.Sample(10, 1).First() with { Amount = new Money(12.30m, "EUR") };
        Assert.Equal(DocumentId.Compute(BillingDoctypes.Bills, bill), DocumentId.Compute(BillingDoctypes.Bills, bill with { Amount = new Money(12.3m, "EUR"), Subtype = "x" }));
        Assert.NotEqual(DocumentId.Compute(BillingDoctypes.Bills, bill), DocumentId.Compute(BillingDoctypes.Bills, bill with { ContractId = "C-9" }));
    }

    [Property(MaxTest = 30)]
    public Property Files_round_trip() =>
        Prop.ForAll(BillsGenerators.File.ToArbitrary(), f => MappingLaws.RoundTrips(BillingDoctypes.Files, [f], (x, y) => x == y));

    [Fact]
    public async Task Files_carry_their_qualification_and_content()
    {
        var file = BillsGenerators.File.Sample(10, 1).First() with { Qualification = "phone_invoice", Content = FileContent.FromBytes("/a.pdf", new byte[] { 1, 2, 3 }) };
        MappingLaws.HasFields(BillingDoctypes.Files, file, "type", "name", "mime", "size", "created_at", "metadata.qualification.label", "metadata.qualification.sourceCategory", "metadata.qualification.sourceSubCategory");
        var export = ExportHarness.Builder().Add(BillingDoctypes.Files, [file]).Build();
        IExportedContent? seen = null;
        await export.WriteAsync(new CapturingSink(d => seen = d.Content));
        Assert.Same(file.Content, seen);
    }

    [Theory]
    [InlineData("invoice")]
    [InlineData("ENERGY_INVOICE")]
    public void Unknown_qualifications_are_refused(string label) =>
        MappingLaws.Rejects(BillingDoctypes.Files, [BillsGenerators.File.Sample(10, 1).First() with { Qualification = label }], 0, PortabilityErrorCodes.UnknownEnumValue, "metadata.qualification.label");

    [Theory]
    [InlineData("relative.pdf")]
    [InlineData("/a/../b.pdf")]
    [InlineData("/a\\b.pdf")]
    public void Unsafe_paths_are_refused(string path) =>
        MappingLaws.Rejects(BillingDoctypes.Files, [BillsGenerators.File.Sample(10, 1).First() with { Path = path }], 0, PortabilityErrorCodes.ValueOutOfRange, "path");

    private sealed class CapturingSink(Action<ExportedDocument> capture) : IDocumentSink
    {
        public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            capture(document);
            return ValueTask.CompletedTask;
        }
    }
}
