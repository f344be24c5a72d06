using System.Text.Json;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Cli.Tests;

[Collection("demo")]
public class ConsentCommandTests(DemoFixture demo)
{
    private const string DemoNow = "2024-03-01T12:00:00Z";
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private string Holder(string file) => Path.Combine(demo.Folder.Path, "edf", file);

    [Fact]
    public async Task The_demo_consent_bundle_validates_and_says_what_was_verified()
    {
        var run = await CliProcess.RunAsync("consent", "verify", Holder("consent.json"), "--keys", Holder("service-jwks.json"), "--now", DemoNow, "--output", "json");
        Assert.Equal(0, run.ExitCode);
        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("mydata-presentation", result.GetProperty("kind").GetString());
        Assert.Equal("cr-edf-1", result.GetProperty("verified").GetProperty("consentId").GetString());
        Assert.Contains("io.cozy.bills", result.GetProperty("verified").GetProperty("doctypes").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_proof_of_possession_and_an_uncovered_doctype_are_rejected_with_their_codes()
    {
        var stale = await CliProcess.RunAsync("consent", "verify", Holder("consent.json"), "--keys", Holder("service-jwks.json"), "--now", "2024-03-01T12:10:00Z");
        Assert.Equal(1, stale.ExitCode);
        Assert.StartsWith("error " + ConsentErrorCodes.ProofOfPossessionStale + ":", stale.Error, StringComparison.Ordinal);
        var uncovered = await CliProcess.RunAsync("consent", "verify", Holder("consent.json"), "--keys", Holder("service-jwks.json"), "--now", DemoNow, "--doctype", "io.cozy.bank.operations", "--output", "json");
        Assert.Equal(1, uncovered.ExitCode);
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, JsonDocument.Parse(uncovered.Out).RootElement.GetProperty("code").GetString());
        using var folder = new TempFolder();
        using var impostor = SigningKey.CreateEcdsa("source-service");
        await File.WriteAllTextAsync(folder.File("impostor.json"), "{\"keys\":[" + impostor.ToPublicJwk() + "]}");
        var wrongKeys = await CliProcess.RunAsync("consent", "verify", Holder("consent.json"), "--keys", folder.File("impostor.json"), "--now", DemoNow, "--output", "json");
        Assert.Equal(1, wrongKeys.ExitCode);
        Assert.StartsWith("SD10", JsonDocument.Parse(wrongKeys.Out).RootElement.GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oauth_access_tokens_are_detected_and_validated()
    {
        using var folder = new TempFolder();
        var builder = new AccessTokenBuilder(new FixedTime(Now));
        builder.Doctypes.Add("io.cozy.bills");
        await File.WriteAllTextAsync(folder.File("token.jwt"), builder.Mint());
        await File.WriteAllTextAsync(folder.File("jwks.json"), "{\"keys\":[" + builder.Key.ToPublicJwk() + "]}");
        var ok = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--issuer", builder.Issuer, "--audience", builder.Audience, "--now", "2024-03-01T12:01:00Z", "--doctype", "io.cozy.bills", "--output", "json");
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Error);
        Assert.Equal("oauth-access-token", JsonDocument.Parse(ok.Out).RootElement.GetProperty("kind").GetString());

        var expired = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--now", "2024-03-01T14:00:00Z", "--output", "json");
        Assert.Equal(1, expired.ExitCode);
        Assert.Equal(ConsentErrorCodes.TokenExpired, JsonDocument.Parse(expired.Out).RootElement.GetProperty("code").GetString());

        var otherIssuer = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--issuer", "https://evil.example", "--now", "2024-03-01T12:01:00Z", "--output", "json");
        Assert.Equal(1, otherIssuer.ExitCode);
        Assert.Equal(ConsentErrorCodes.IssuerUnknown, JsonDocument.Parse(otherIssuer.Out).RootElement.GetProperty("code").GetString());

        var notCovered = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--now", "2024-03-01T12:01:00Z", "--doctype", "io.cozy.bank.operations", "--output", "json");
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, JsonDocument.Parse(notCovered.Out).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Scope_only_tokens_are_accepted_without_a_status_database_and_scopes_map_to_doctypes()
    {
        using var folder = new TempFolder();
        var builder = new AccessTokenBuilder(new FixedTime(Now)) { ConsentId = null };
        builder.Doctypes.Clear();
        builder.Scopes.Add("openid");
        builder.Scopes.Add("energy:read");
        builder.Scopes.Add("io.cozy.bills");
        await File.WriteAllTextAsync(folder.File("token.jwt"), builder.Mint());
        await File.WriteAllTextAsync(folder.File("jwks.json"), builder.Key.ToPublicJwks());
        string[] common = ["consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--issuer", builder.Issuer, "--audience", builder.Audience, "--now", "2024-03-01T12:01:00Z", "--output", "json"];

        var bills = await CliProcess.RunAsync([.. common, "--doctype", "io.cozy.bills"]);
        Assert.True(bills.ExitCode == 0, bills.Out + bills.Error);

        var unmapped = await CliProcess.RunAsync([.. common, "--doctype", "fr.enedis.api.meteringdata.loadcurve"]);
        Assert.Equal(ConsentErrorCodes.DoctypeNotCovered, JsonDocument.Parse(unmapped.Out).RootElement.GetProperty("code").GetString());

        var mapped = await CliProcess.RunAsync([.. common, "--doctype", "fr.enedis.api.meteringdata.loadcurve", "--scope-doctype", "energy:read=fr.enedis.api.meteringdata.loadcurve"]);
        Assert.True(mapped.ExitCode == 0, mapped.Out + mapped.Error);

        var bad = await CliProcess.RunAsync([.. common, "--scope-doctype", "energy:read"]);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Dpop_bound_tokens_are_checked_with_their_proof()
    {
        using var folder = new TempFolder();
        var clock = new FixedTime(Now);
        var client = new DPoPProofBuilder(clock) { Method = "POST", Url = new Uri("https://holder.example/api/export") };
        var builder = new AccessTokenBuilder(clock) { DPoPKeyThumbprint = client.Thumbprint };
        var token = builder.Mint();
        await File.WriteAllTextAsync(folder.File("token.jwt"), token);
        await File.WriteAllTextAsync(folder.File("proof.jwt"), client.Mint(token));
        await File.WriteAllTextAsync(folder.File("jwks.json"), builder.Key.ToPublicJwks());
        string[] common = ["consent", "verify", folder.File("token.jwt"), "--keys", folder.File("jwks.json"), "--now", "2024-03-01T12:01:00Z", "--url", "https://holder.example/api/export", "--output", "json"];

        var ok = await CliProcess.RunAsync([.. common, "--dpop", folder.File("proof.jwt"), "--method", "POST"]);
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Error);
        Assert.Equal(client.Thumbprint, JsonDocument.Parse(ok.Out).RootElement.GetProperty("verified").GetProperty("dpopKeyThumbprint").GetString());

        var wrongMethod = await CliProcess.RunAsync([.. common, "--dpop", folder.File("proof.jwt"), "--method", "GET"]);
        Assert.Equal(ConsentErrorCodes.DPoPMethodMismatch, JsonDocument.Parse(wrongMethod.Out).RootElement.GetProperty("code").GetString());

        var noProof = await CliProcess.RunAsync(common);
        Assert.Equal(ConsentErrorCodes.DPoPProofMissing, JsonDocument.Parse(noProof.Out).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Lone_mydata_tokens_and_records_are_checked_with_the_given_keys()
    {
        using var folder = new TempFolder();
        var scenario = new MyDataScenario(new FixedTime(Now));
        await File.WriteAllTextAsync(folder.File("token.jwt"), scenario.MintAuthorizationToken());
        await File.WriteAllTextAsync(folder.File("operator.json"), "{\"keys\":[" + scenario.TokenIssuerKey.ToPublicJwk() + "]}");
        await File.WriteAllTextAsync(folder.File("owner.json"), "{\"keys\":[" + scenario.AccountOwnerKey.ToPublicJwk() + "]}");
        var chain = scenario.MintStatusChain(ConsentStatus.Active, ConsentStatus.Withdrawn);
        await File.WriteAllTextAsync(folder.File("active.json"), chain[0]);
        await File.WriteAllTextAsync(folder.File("withdrawn.json"), chain[1]);

        var token = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("operator.json"), "--issuer", scenario.OperatorId, "--audience", "https://source.example/api/export/x", "--now", "2024-03-01T12:00:30Z", "--output", "json");
        Assert.True(token.ExitCode == 0, token.Out + token.Error);
        Assert.Equal("mydata-authorization-token", JsonDocument.Parse(token.Out).RootElement.GetProperty("kind").GetString());
        var wrongAudience = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("operator.json"), "--audience", "https://other.example/", "--now", "2024-03-01T12:00:30Z", "--output", "json");
        Assert.Equal(ConsentErrorCodes.AudienceMismatch, JsonDocument.Parse(wrongAudience.Out).RootElement.GetProperty("code").GetString());
        var wrongKey = await CliProcess.RunAsync("consent", "verify", folder.File("token.jwt"), "--keys", folder.File("owner.json"), "--now", "2024-03-01T12:00:30Z", "--output", "json");
        Assert.Equal(1, wrongKey.ExitCode);

        var active = await CliProcess.RunAsync("consent", "verify", folder.File("active.json"), "--keys", folder.File("owner.json"), "--output", "json");
        Assert.True(active.ExitCode == 0, active.Out + active.Error);
        Assert.Equal("mydata-consent-status-record", JsonDocument.Parse(active.Out).RootElement.GetProperty("kind").GetString());
        var withdrawn = await CliProcess.RunAsync("consent", "verify", folder.File("withdrawn.json"), "--keys", folder.File("owner.json"), "--output", "json");
        Assert.Equal(1, withdrawn.ExitCode);
        Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, JsonDocument.Parse(withdrawn.Out).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_jws_command_prints_the_payload_of_a_valid_signature()
    {
        var receipt = await CliProcess.RunAsync("jws", "verify", Holder("consent-receipt.jws"), "--key", Holder("jwks.json"));
        Assert.Equal(0, receipt.ExitCode);
        Assert.Equal("KI-CR-v1.1.0", JsonDocument.Parse(receipt.Out).RootElement.GetProperty("version").GetString());

        var wrongKey = await CliProcess.RunAsync("jws", "verify", Holder("consent-receipt.jws"), "--key", Path.Combine(demo.Folder.Path, "grdf", "jwks.json"));
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.StartsWith("error SD10", wrongKey.Error, StringComparison.Ordinal);

        var wrongAlg = await CliProcess.RunAsync("jws", "verify", Holder("consent-receipt.jws"), "--key", Holder("jwks.json"), "--alg", "PS256");
        Assert.Equal(1, wrongAlg.ExitCode);

        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("bad.jws"), "not.a.jws!");
        var malformed = await CliProcess.RunAsync("jws", "verify", folder.File("bad.jws"), "--key", Holder("jwks.json"), "--output", "json");
        Assert.Equal(1, malformed.ExitCode);
        Assert.StartsWith("SD10", JsonDocument.Parse(malformed.Out).RootElement.GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rfc_7515_es256_example_verifies()
    {
        var vectors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CliProcess.RepositoryRoot(), "tests", "SelfData.Jose.Tests", "TestData", "rfc7515-appendix-a.json"))).RootElement;
        var example = vectors.GetProperty("examples").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "A.3");
        Assert.Equal("ES256", example.GetProperty("alg").GetString());
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("a3.jws"), example.GetProperty("compact").GetString());
        await File.WriteAllTextAsync(folder.File("a3.jwk"), example.GetProperty("key").GetRawText());
        var run = await CliProcess.RunAsync("jws", "verify", folder.File("a3.jws"), "--key", folder.File("a3.jwk"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("\"iss\":\"joe\"", run.Out.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
