using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

public class ConsentReceiptTests
{
    internal static ConsentReceipt Sample() => new()
    {
        Jurisdiction = "FR",
        ConsentTimestamp = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        CollectionMethod = "MyData consent record",
        ConsentReceiptId = "5f8e4d1c-2b7a-4c3e-9f10-1a2b3c4d5e6f",
        Language = "fr",
        PiiPrincipalId = "surrogate-42",
        PiiControllers =
        [
            new PiiController
            {
                Name = "Énergie Exemple SA",
                Contact = "Data Protection Officer",
                Address = new PostalAddress { StreetAddress = "1 rue de l'Exemple", AddressLocality = "Lyon", PostalCode = "69001", AddressCountry = "FR" },
                Email = "dpo@energie.example",
                Phone = "+33 4 00 00 00 00",
                Url = "https://energie.example",
            },
        ],
        PolicyUrl = "https://energie.example/privacy",
        Services =
        [
            new ReceiptService
            {
                Name = "Load curve export",
                Purposes =
                [
                    new ReceiptPurpose
                    {
                        Purpose = "Energy advice by the person's chosen service",
                        PurposeCategories = ["2 - Contracted Service"],
                        ConsentType = "EXPLICIT",
                        PiiCategories = ["7 - Financial"],
                        PrimaryPurpose = true,
                        Termination = "When the person withdraws the MyData consent",
                        ThirdPartyDisclosure = true,
                        ThirdPartyName = "Advice Co",
                    },
                ],
            },
        ],
        Sensitive = false,
    };

    [Fact]
    public void A_receipt_round_trips_through_json_with_seconds()
    {
        var json = Sample().ToJson();
        Assert.Contains("\"version\":\"KI-CR-v1.1.0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"consentTimestamp\":1748779200", json, StringComparison.Ordinal);
        Assert.Contains("\"spiCat\":[]", json, StringComparison.Ordinal);
        var read = ConsentReceipt.Parse(json).Value;
        Assert.Equal(Sample().ConsentTimestamp, read.ConsentTimestamp);
        Assert.Equal("Advice Co", read.Services[0].Purposes[0].ThirdPartyName);
        Assert.Equal("Lyon", read.PiiControllers[0].Address.AddressLocality);
        Assert.Equal(json, read.ToJson());
    }

    [Fact]
    public void Readers_accept_policyURL_and_millisecond_timestamps()
    {
        var json = Sample().ToJson().Replace("\"policyUrl\"", "\"policyURL\"", StringComparison.Ordinal).Replace("1748779200", "1748779200123", StringComparison.Ordinal);
        var read = ConsentReceipt.Parse(json).Value;
        Assert.Equal("https://energie.example/privacy", read.PolicyUrl);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero), read.ConsentTimestamp);
        Assert.Contains("\"policyUrl\"", read.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_fields_and_wrong_versions_are_reported_with_their_code()
    {
        var json = Sample().ToJson();
        Assert.Equal(ConsentErrorCodes.ReceiptInvalid, ConsentReceipt.Parse(json.Replace("KI-CR-v1.1.0", "KI-CR-v1.0.0", StringComparison.Ordinal)).Error!.Code);
        Assert.Equal(ConsentErrorCodes.ReceiptInvalid, ConsentReceipt.Parse(json.Replace("\"jurisdiction\":\"FR\",", string.Empty, StringComparison.Ordinal)).Error!.Code);
        Assert.Equal(ConsentErrorCodes.ReceiptInvalid, ConsentReceipt.Parse(json.Replace("\"thirdPartyName\":\"Advice Co\"", "\"thirdPartyName\":null", StringComparison.Ordinal)).Error!.Code);
        Assert.Equal(JoseErrorCodes.MalformedJson, ConsentReceipt.Parse("{").Error!.Code);
        var invalid = new ConsentReceipt { Jurisdiction = "FR", ConsentTimestamp = DateTimeOffset.UnixEpoch, CollectionMethod = "web", ConsentReceiptId = "id", PiiPrincipalId = "p", PiiControllers = [], PolicyUrl = "https://x", Services = [] };
        var error = Assert.Throws<SelfDataValidationException>(() => invalid.ToJson());
        Assert.Equal(ConsentErrorCodes.ReceiptInvalid, error.Code);
        Assert.Equal("piiControllers", error.FieldPath);
    }

    [Fact]
    public void The_holder_signs_receipts_and_readers_verify_them()
    {
        var holder = TestKeys.Ecdsa("holder-receipts");
        var jws = new ConsentReceiptIssuer(holder).IssueJws(Sample());
        var message = JwsMessage.Parse(jws).Value;
        Assert.Equal(ConsentReceiptIssuer.MediaType, message.Signatures[0].Type);
        Assert.Equal(Sample().ToJson(), System.Text.Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal("surrogate-42", ConsentReceiptIssuer.ReadJws(jws, holder.VerificationKey).Value.PiiPrincipalId);

        var other = TestKeys.Ecdsa("holder-other");
        Assert.Equal(JoseErrorCodes.KeyNotFound, ConsentReceiptIssuer.ReadJws(jws, other.VerificationKey).Error!.Code);
        var tampered = jws[..^4] + (jws[^4] == 'A' ? "B" : "A") + jws[^3..];
        Assert.False(ConsentReceiptIssuer.ReadJws(tampered, holder.VerificationKey).Success);
        var notReceipt = Jws.SignCompact("{}"u8, holder);
        Assert.Equal(ConsentErrorCodes.TokenTypeMismatch, ConsentReceiptIssuer.ReadJws(notReceipt, holder.VerificationKey).Error!.Code);
    }
}
