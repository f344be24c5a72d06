using System.Text.Json;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Cli.Demo;

/// <summary>What the demo's consent step produced for one holder.</summary>
internal sealed record ConsentOutcome(bool Valid, string? ErrorCode, string ConsentId, string ReceiptId);

/// <summary>
/// The consent side of the demo, per holder: a MyData operator mints a service link, a consent record, a status chain
/// and an authorisation token with its proof of possession (demo keys); the holder validates them with the SDK's
/// hardened validator before it releases anything, and issues a signed Kantara consent receipt afterwards.
/// </summary>
internal static class DemoConsent
{
    public const string Operator = "https://operator.selfdata-demo.example";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<ConsentOutcome> RunAsync(TerritoryHolder holder, Resident person, IReadOnlyList<Doctype> doctypes, SigningKey holderKey, TimeProvider clock, string folder, CancellationToken cancellationToken)
    {
        var endpoint = new Uri($"https://{holder.Id.Id}.selfdata-demo.example/api/export/all");
        var scenario = new MyDataScenario(clock, "1.3")
        {
            OperatorId = Operator,
            ServiceId = holder.Id.Id,
            SurrogateId = person.Subject,
            ConsentId = "cr-" + holder.Id.Id + "-" + person.Id,
            Purposes = ["portability"],
        };
        scenario.Datasets.Clear();
        foreach (var doctype in doctypes)
        {
            scenario.Datasets.Add(doctype.Name);
        }

        scenario.Audiences.Clear();
        scenario.Audiences.Add($"https://{holder.Id.Id}.selfdata-demo.example/api/export/*");
        var options = new ConsentTokenValidatorOptions();
        scenario.Configure(options);
        var validator = new ConsentTokenValidator(options, clock, new InMemoryConsentStatusStore());
        var request = new ExportRequest(endpoint, doctypes) { Purpose = "portability" };
        var presentation = scenario.MintPresentation(request);
        var result = await validator.ValidateMyDataRequestAsync(presentation, request, cancellationToken).ConfigureAwait(false);

        // What the holder keeps: the records, the token and the request it answered, and the service key that checks the link.
        var bundle = new
        {
            kind = "mydata-presentation",
            endpoint = endpoint.AbsoluteUri,
            method = request.Method,
            doctypes = doctypes.Select(d => d.Name),
            purpose = request.Purpose,
            service_link_record = presentation.ServiceLinkRecord,
            consent_record = presentation.ConsentRecord,
            status_records = presentation.StatusRecords,
            authorization_token = presentation.AuthorizationToken,
            proof_of_possession = presentation.ProofOfPossession,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "consent.json"), JsonSerializer.Serialize(bundle, Indented), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "service-jwks.json"), "{\"keys\":[" + scenario.ServiceKey.ToPublicJwk() + "]}", cancellationToken).ConfigureAwait(false);

        var receipt = new ConsentReceipt
        {
            Jurisdiction = "FR",
            ConsentTimestamp = clock.GetUtcNow(),
            CollectionMethod = "MyData consent record " + scenario.ConsentId + ", validated by the holder before export",
            ConsentReceiptId = ReceiptId(holder.Id.Id, person.Subject),
            Language = "fr",
            PiiPrincipalId = person.Subject,
            PiiControllers =
            [
                new PiiController
                {
                    Name = holder.Id.DisplayName,
                    Contact = "Délégué à la protection des données",
                    Address = new PostalAddress { StreetAddress = "1 place de la Donnée", AddressLocality = "Lyon", PostalCode = "69002", AddressCountry = "FR" },
                    Email = $"dpo@{holder.Id.Id}.selfdata-demo.example",
                    Phone = "+33 4 00 00 00 00",
                },
            ],
            PolicyUrl = $"https://{holder.Id.Id}.selfdata-demo.example/privacy",
            Services =
            [
                new ReceiptService
                {
                    Name = "Self Data export of " + string.Join(", ", doctypes.Select(d => d.Name)),
                    Purposes =
                    [
                        new ReceiptPurpose
                        {
                            Purpose = "Return the person's data to their personal cloud (GDPR Art. 20 portability)",
                            PurposeCategories = ["2 - Contracted Service"],
                            ConsentType = "EXPLICIT",
                            PiiCategories = ["1 - Biographical", "7 - Financial"],
                            PrimaryPurpose = true,
                            Termination = "Withdrawal in the person's MyData account",
                            ThirdPartyDisclosure = false,
                        },
                    ],
                },
            ],
            Sensitive = false,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "consent-receipt.json"), receipt.ToJson(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "consent-receipt.jws"), new ConsentReceiptIssuer(holderKey).IssueJws(receipt), cancellationToken).ConfigureAwait(false);
        return new ConsentOutcome(result.IsValid, result.ErrorCode, scenario.ConsentId, receipt.ConsentReceiptId);
    }

    private static string ReceiptId(string holder, string subject)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(holder + "\n" + subject));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
