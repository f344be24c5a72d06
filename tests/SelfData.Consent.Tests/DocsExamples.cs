using SelfData.Sqlite;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>The examples quoted in docs/consent.md; they run here so the documentation stays true.</summary>
public class DocsExamples
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Validate_an_oauth_access_token()
    {
        var authorizationServer = new AccessTokenBuilder(Clock);
        var token = authorizationServer.Mint();
        var issuerKeys = KeySource.FromKeys(authorizationServer.Key.VerificationKey);

        // docs: oauth
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", issuerKeys));
        var validator = new ConsentTokenValidator(options, Clock, new InMemoryConsentStatusStore());

        var request = new ExportRequest(new Uri("https://holder.example/api/export"), [new Doctype("fr.example.energy.loadcurve")]);
        var result = await validator.ValidateAccessTokenAsync(token, request);
        if (!result.IsValid)
        {
            Console.WriteLine($"403: {result.ErrorCode}");
        }
        else
        {
            Console.WriteLine($"Release consent {result.Consent!.ConsentId} verified with key {result.Consent.SigningKeyId}");
        }

        // end docs
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Configure_issuer_keys()
    {
        var configured = new ConsentTokenValidatorOptions();

        // docs: keys
        var fromUrl = KeySource.FromJwksUrl(new Uri("https://as.example.org/.well-known/jwks.json"));
        var fromFile = KeySource.FromJwksFile("/etc/selfdata/operator-jwks.json");
        var fixedKey = KeySource.FromKeys(VerificationKey.FromJwk("""{"kty":"EC","crv":"P-256","kid":"as-2025","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""").Value);
        configured.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", fromUrl));
        configured.ScopeDoctypes["energy.read"] = [new Doctype("fr.example.energy.loadcurve")];

        // end docs
        Assert.NotNull(fromFile);
        Assert.NotNull(fixedKey.FindLoadedKey("as-2025"));
        Assert.Empty(configured.Validate());
    }

    [Fact]
    public async Task Validate_a_mydata_request()
    {
        // docs: mydata
        var scenario = new MyDataScenario(Clock, version: "1.3");
        var options = new ConsentTokenValidatorOptions();
        scenario.Configure(options); // sets ServiceLinkKeys to the Source's own service key
        var validator = new ConsentTokenValidator(options, Clock, new InMemoryConsentStatusStore());

        var request = new ExportRequest(
            new Uri("https://source.example/api/export/loadcurve?start=2024-01-01"),
            [new Doctype("fr.example.energy.loadcurve")]);
        MyDataPresentation presentation = scenario.MintPresentation(request);
        var result = await validator.ValidateMyDataRequestAsync(presentation, request);

        // end docs
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task Withdraw_a_consent()
    {
        var directory = Directory.CreateTempSubdirectory("selfdata-docs-").FullName;
        try
        {
            var consentId = "consent-1";

            // docs: status
            var store = new SqliteConsentStatusStore($"Data Source={Path.Combine(directory, "consent.db")}");
            await store.RecordAsync(new ConsentStatusChange(consentId, ConsentStatus.Withdrawn, Clock.GetUtcNow()));

            // end docs
            var builder = new AccessTokenBuilder(Clock);
            var options = new ConsentTokenValidatorOptions();
            options.AccessTokenIssuers.Add(builder.ToTrustedIssuer());
            var result = await new ConsentTokenValidator(options, Clock, store).ValidateAccessTokenAsync(builder.Mint(), new ExportRequest(new Uri(builder.Audience), [new Doctype("fr.example.energy.loadcurve")]));
            Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, result.ErrorCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Sign_and_verify_with_the_jws_api()
    {
        // docs: jws
        using var key = SigningKey.CreateEcdsa("holder-2025", JwsAlgorithms.ES256);
        var compact = Jws.SignCompact(Encoding.UTF8.GetBytes("any bytes, JSON or not"), key);
        var general = Jws.SignGeneralJson("{\"cr_id\":\"cr-1\"}"u8, [key]);

        var message = JwsMessage.Parse(general).Value;
        if (!message.TryVerify(message.Signatures[0], key.VerificationKey, out var error))
        {
            Console.WriteLine(error.Code);
        }

        // end docs
        Assert.Null(error);
        Assert.True(JwsMessage.Parse(compact).Success);
    }

    [Fact]
    public void Issue_a_receipt()
    {
        var receipt = ConsentReceiptTests.Sample();
        var holderKey = TestKeys.Ecdsa("holder-docs");

        // docs: receipt
        var issuer = new ConsentReceiptIssuer(holderKey);
        string json = receipt.ToJson();
        string signed = issuer.IssueJws(receipt);
        ConsentReceipt read = ConsentReceiptIssuer.ReadJws(signed, holderKey.VerificationKey).Value;

        // end docs
        Assert.Equal(json, read.ToJson());
    }
}
