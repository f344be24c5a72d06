using SelfData.Core;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Consent.Tests;

/// <summary>The examples of docs/consent.md about DPoP and scope-only tokens, compiled and run.</summary>
public class DPoPDocsExamples : ConsentTestBase
{
    [Fact]
    public async Task Dpop_and_scope_only_tokens()
    {
        var client = new DPoPProofBuilder(Clock) { Method = "POST", Url = new Uri("https://holder.example/api/export") };
        OAuth.DPoPKeyThumbprint = client.Thumbprint;
        OAuth.ConsentId = null;
        OAuth.Doctypes.Clear();
        OAuth.Scopes.Add("energy:read");
        var accessToken = OAuth.Mint();
        var dpopHeader = client.Mint(accessToken);
        var options = OAuthOptions();
        var serverNonce = (string?)null;
        TimeProvider timeProvider = Clock;

        // docs: dpop
        options.ScopeDoctypes["energy:read"] = [new Doctype("fr.enedis.api.meteringdata.loadcurve")];
        var validator = new ConsentTokenValidator(options, timeProvider);

        var request = new ExportRequest(new Uri("https://holder.example/api/export"), [new Doctype("fr.enedis.api.meteringdata.loadcurve")]) { Method = "POST" };
        var result = await validator.ValidateAccessTokenAsync(accessToken, request, new DPoPProof(dpopHeader) { ExpectedNonce = serverNonce });
        if (result.IsValid)
        {
            Console.WriteLine($"bound to {result.Consent!.DPoPKeyThumbprint}, consent {result.Consent.ConsentId ?? "(the token's own lifetime)"}");
        }

        // end docs
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(client.Thumbprint, result.Consent!.DPoPKeyThumbprint);
        Assert.Null(result.Consent.ConsentId);
    }
}
