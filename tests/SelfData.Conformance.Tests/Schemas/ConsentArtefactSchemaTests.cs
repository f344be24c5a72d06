using System.Text.Json;
using System.Text;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Tests;
using SelfData.Testing;

namespace SelfData.Conformance.Tests;

/// <summary>What SelfData.Consent and SelfData.Testing produce conforms to the published selfdata/ schemas.</summary>
public class ConsentArtefactSchemaTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SchemaConformanceValidator Validator = new(new SchemaConformanceValidatorOptions());

    public static TheoryData<string> Versions => new() { "1.2.1", "1.3", "2.0" };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Minted_mydata_records_conform_to_their_schemas(string version)
    {
        var scenario = new MyDataScenario(new Clock(Now), version);
        var request = new ExportRequest(new Uri("https://source.example/api/export/x"), [new Doctype("fr.example.energy.loadcurve")]);
        var presentation = scenario.MintPresentation(request, ConsentStatus.Active, ConsentStatus.Disabled, ConsentStatus.Active);
        AssertConforms(Payload(presentation.ServiceLinkRecord), SelfDataSchema.ServiceLinkRecord);
        AssertConforms(Payload(presentation.ConsentRecord), SelfDataSchema.ConsentRecord);
        foreach (var status in presentation.StatusRecords)
        {
            AssertConforms(Payload(status), SelfDataSchema.ConsentStatusRecord);
        }
    }

    [Fact]
    public void A_consent_record_without_its_common_part_does_not_conform()
    {
        var scenario = new MyDataScenario(new Clock(Now));
        var payload = scenario.ConsentRecordPayload();
        payload.Remove("common_part");
        var result = Validator.ValidateSelfData(payload.ToJsonString(), SelfDataSchema.ConsentRecord);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Issued_receipts_conform_to_the_kantara_schema()
    {
        var receipt = new ConsentReceipt
        {
            Jurisdiction = "FR",
            ConsentTimestamp = Now,
            CollectionMethod = "MyData consent record cr-1",
            ConsentReceiptId = "5acb73dc-e82a-5878-b0aa-1cc2fa93a9d9",
            Language = "fr",
            PiiPrincipalId = "subject-1",
            PiiControllers = [new PiiController { Name = "EDF", Contact = "DPO", Address = new PostalAddress { AddressCountry = "FR" }, Email = "dpo@edf.example", Phone = "+33 1 00 00 00 00" }],
            PolicyUrl = "https://edf.example/privacy",
            Services = [new ReceiptService { Name = "Self Data export", Purposes = [new ReceiptPurpose { Purpose = "Portability", PurposeCategories = ["2 - Contracted Service"], ConsentType = "EXPLICIT", PiiCategories = ["1 - Biographical"], Termination = "Withdrawal", ThirdPartyDisclosure = false }] }],
        };
        AssertConforms(receipt.ToJson(), SelfDataSchema.ConsentReceipt);
        using var key = SigningKey.CreateEcdsa("holder");
        var jws = new ConsentReceiptIssuer(key).IssueJws(receipt);
        AssertConforms(Payload(jws), SelfDataSchema.ConsentReceipt);
    }

    [Fact]
    public async Task Archive_manifests_conform_to_the_manifest_schema()
    {
        using var stream = new MemoryStream();
        var written = await new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = SigningKey.CreateEcdsa("k") })
            .WriteAsync(ArchiveFixture.Export(), stream);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(stream.ToArray()));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        AssertConforms(await reader.ReadToEndAsync(), SelfDataSchema.Manifest);
        Assert.NotEmpty(written.Manifest.Files);
    }

    private static string Payload(string jws)
    {
        var message = JwsMessage.Parse(jws).Value;
        return Encoding.UTF8.GetString(message.Payload.Span);
    }

    private static void AssertConforms(string json, SelfDataSchema schema)
    {
        var result = Validator.ValidateSelfData(json, schema);
        Assert.True(result.IsValid, $"{schema}: " + string.Join("\n", result.Errors.Select(e => e.ToString())) + "\n" + json);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
