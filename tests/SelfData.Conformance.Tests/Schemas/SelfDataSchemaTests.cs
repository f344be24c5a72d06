using System.Text.Json.Nodes;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Tests;

namespace SelfData.Conformance.Tests.Schemas;

/// <summary>The manifest, the Kantara consent receipt and the MyData records have their published schemas.</summary>
public class SelfDataSchemaTests
{
    internal const string Receipt = """
        {
          "version": "KI-CR-v1.1.0",
          "jurisdiction": "FR",
          "consentTimestamp": 1510592400,
          "collectionMethod": "web form",
          "consentReceiptID": "bd0fa0de-2c8e-4a2f-a1c5-0ba1c3d2a0f1",
          "language": "fr",
          "piiPrincipalId": "germaine.dupond@example.org",
          "piiControllers": [
            {
              "piiController": "Enedis",
              "contact": "Délégué à la protection des données",
              "address": { "streetAddress": "34 place des Corolles", "addressLocality": "Courbevoie", "postalCode": "92400", "addressCountry": "FR" },
              "email": "dpo@enedis.example",
              "phone": "+33 1 00 00 00 00"
            }
          ],
          "policyUrl": "https://enedis.example/privacy",
          "services": [
            {
              "service": "Self Data export",
              "purposes": [
                {
                  "purpose": "Give the person their load curve",
                  "purposeCategory": ["2 - Contracted Service"],
                  "consentType": "EXPLICIT",
                  "piiCategory": ["7 - Financial"],
                  "primaryPurpose": true,
                  "termination": "Withdrawal of consent",
                  "thirdPartyDisclosure": true,
                  "thirdPartyName": "Cozy Cloud"
                }
              ]
            }
          ],
          "sensitive": false,
          "spiCat": []
        }
        """;

    internal const string ServiceLinkRecord = """
        {
          "version": "1.3",
          "link_id": "slr-1",
          "operator_id": "operator-1",
          "service_id": "enedis-source",
          "surrogate_id": "f1e2d3c4",
          "operator_key": { "jwk": { "kty": "EC", "crv": "P-256", "x": "x", "y": "y", "kid": "op-1" } },
          "cr_keys": { "keys": [ { "kty": "EC", "crv": "P-256", "x": "x", "y": "y", "kid": "ao-1" } ] },
          "iat": 1510592400
        }
        """;

    internal const string SourceConsentRecord = """
        {
          "common_part": {
            "version": "1.3",
            "cr_id": "cr-1",
            "surrogate_id": "f1e2d3c4",
            "rs_description": { "resource_set": { "rs_id": "https://enedis.example/rs/1", "dataset": [ { "dataset_id": "loadcurve", "distribution_id": "ndjson" } ] } },
            "slr_id": "slr-1",
            "iat": 1510592400,
            "nbf": 1510592400,
            "exp": 1542128400,
            "operator": "operator-1",
            "subject_id": "enedis-source",
            "role": "Source"
          },
          "role_specific_part": {
            "pop_key": { "jwk": { "kty": "EC", "kid": "sink-pop" } },
            "token_issuer_key": { "jwk": { "kty": "EC", "kid": "op-1" } }
          },
          "consent_receipt_part": { "ki_cr": {} },
          "extension_part": { "extensions": {} }
        }
        """;

    internal const string ConsentStatusRecord = """
        { "version": "1.3", "record_id": "csr-2", "surrogate_id": "f1e2d3c4", "cr_id": "cr-1", "consent_status": "Withdrawn", "iat": 1520592400, "prev_record_id": "csr-1" }
        """;

    private static readonly SchemaConformanceValidator Validator = new();

    [Theory]
    [InlineData(Receipt, SelfDataSchema.ConsentReceipt)]
    [InlineData(ServiceLinkRecord, SelfDataSchema.ServiceLinkRecord)]
    [InlineData(SourceConsentRecord, SelfDataSchema.ConsentRecord)]
    [InlineData(ConsentStatusRecord, SelfDataSchema.ConsentStatusRecord)]
    public void Records_shaped_like_the_standards_conform(string json, SelfDataSchema schema)
    {
        var result = Validator.ValidateSelfData(json, schema);
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.ToString())));
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.True(Validator.ValidateSelfData(parsed.RootElement, schema).IsValid);
        Assert.True(Validator.ValidateSelfData(System.Text.Encoding.UTF8.GetBytes(json), schema).IsValid);
    }

    [Fact]
    public void A_receipt_that_discloses_to_a_third_party_names_it()
    {
        var receipt = JsonNode.Parse(Receipt)!;
        receipt["services"]![0]!["purposes"]![0]!.AsObject().Remove("thirdPartyName");
        var error = Assert.Single(Validator.ValidateSelfData(receipt.ToJsonString(), SelfDataSchema.ConsentReceipt).Errors);
        Assert.Equal((ConformanceErrorCodes.RequiredPropertyMissing, "/services/0/purposes/0", "thirdPartyName"), (error.Code, error.InstanceLocation, error.Property));
        Assert.Equal("/properties/services/items/properties/purposes/items/$ref/then/required", error.KeywordLocation);

        receipt["services"]![0]!["purposes"]![0]!["thirdPartyDisclosure"] = false;
        Assert.True(Validator.ValidateSelfData(receipt.ToJsonString(), SelfDataSchema.ConsentReceipt).IsValid);
        receipt["version"] = "KI-CR-v1.0.0";
        receipt["consentTimestamp"] = "2017-11-13";
        Assert.Equal(
            [(ConformanceErrorCodes.ValueNotAllowed, "/version"), (ConformanceErrorCodes.WrongType, "/consentTimestamp")],
            Validator.ValidateSelfData(receipt.ToJsonString(), SelfDataSchema.ConsentReceipt).Errors.Select(e => (e.Code, e.InstanceLocation)));
    }

    [Fact]
    public void A_consent_record_carries_the_keys_of_its_role()
    {
        var record = JsonNode.Parse(SourceConsentRecord)!;
        record["role_specific_part"]!.AsObject().Remove("pop_key");
        var error = Assert.Single(Validator.ValidateSelfData(record.ToJsonString(), SelfDataSchema.ConsentRecord).Errors);
        Assert.Equal((ConformanceErrorCodes.RequiredPropertyMissing, "/role_specific_part", "pop_key"), (error.Code, error.InstanceLocation, error.Property));

        record["common_part"]!["role"] = "Sink";
        record["role_specific_part"] = new JsonObject { ["source_cr_id"] = "cr-0", ["usage_rules"] = new JsonArray("Statistics", new JsonObject { ["purposeId"] = "p1", ["datasets"] = new JsonArray("loadcurve") }) };
        Assert.True(Validator.ValidateSelfData(record.ToJsonString(), SelfDataSchema.ConsentRecord).IsValid);
        record["common_part"]!["role"] = "Operator";
        Assert.Contains(Validator.ValidateSelfData(record.ToJsonString(), SelfDataSchema.ConsentRecord).Errors, e => e is { Code: ConformanceErrorCodes.ValueNotAllowed, InstanceLocation: "/common_part/role" });
    }

    [Fact]
    public void Status_records_and_links_refuse_unknown_states_and_keys_without_ids()
    {
        var status = JsonNode.Parse(ConsentStatusRecord)!;
        status["consent_status"] = "Revoked";
        status["prev_record_id"] = null;
        Assert.Equal([(ConformanceErrorCodes.ValueNotAllowed, "/consent_status")], Validator.ValidateSelfData(status.ToJsonString(), SelfDataSchema.ConsentStatusRecord).Errors.Select(e => (e.Code, e.InstanceLocation)));

        var link = JsonNode.Parse(ServiceLinkRecord)!;
        link["cr_keys"]!["keys"]![0]!.AsObject().Remove("kid");
        var error = Assert.Single(Validator.ValidateSelfData(link.ToJsonString(), SelfDataSchema.ServiceLinkRecord).Errors);
        Assert.Equal((ConformanceErrorCodes.RequiredPropertyMissing, "/cr_keys/keys/0", "kid"), (error.Code, error.InstanceLocation, error.Property));
    }

    [Theory]
    [InlineData(ArchiveLayout.Ndjson)]
    [InlineData(ArchiveLayout.CozyMove)]
    public async Task Manifests_written_by_the_archive_writer_conform(ArchiveLayout layout)
    {
        var archive = await ArchiveFixture.ArchiveAsync(layout);
        var manifest = ArchiveFixture.Entries(archive).Single(e => e.Name == "manifest.json").Bytes;
        var result = Validator.ValidateSelfData(manifest, SelfDataSchema.Manifest);
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.ToString())));
        Assert.Empty(result.DocumentsByDoctype);
        Assert.Equal(1, result.Documents);
        Assert.Equal(ConformanceErrorCodes.NotAnObject, Assert.Single(Validator.ValidateSelfData("[]", SelfDataSchema.Manifest).Errors).Code);
        Assert.Equal(ConformanceErrorCodes.InvalidJson, Assert.Single(Validator.ValidateSelfData("{", SelfDataSchema.Manifest).Errors).Code);
    }
}
