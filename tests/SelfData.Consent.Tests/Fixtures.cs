using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SelfData.Core;
using SelfData.Testing;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>Shared clock, builders and helpers. Keys come from <see cref="TestKeys"/>, generated once per process.</summary>
public abstract class ConsentTestBase
{
    protected static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected static readonly Doctype LoadCurve = new("fr.example.energy.loadcurve");

    protected static readonly Doctype Contract = new("fr.example.energy.contract");

    protected ConsentTestBase()
    {
        Clock = new FakeTimeProvider(Start);
        OAuth = new AccessTokenBuilder(Clock);
        MyData = new MyDataScenario(Clock);
    }

    protected FakeTimeProvider Clock { get; }

    protected AccessTokenBuilder OAuth { get; }

    protected MyDataScenario MyData { get; }

    protected static ExportRequest OAuthRequest(params Doctype[] doctypes) =>
        new(new Uri("https://holder.example/api/export?from=2024-01-01"), doctypes.Length == 0 ? [LoadCurve] : doctypes);

    protected static ExportRequest MyDataRequest(params Doctype[] doctypes) =>
        new(new Uri("https://source.example/api/export/loadcurve?start=2024-01-01&end=2024-02-01"), doctypes.Length == 0 ? [LoadCurve] : doctypes);

    protected ConsentTokenValidatorOptions OAuthOptions()
    {
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(OAuth.ToTrustedIssuer());
        return options;
    }

    protected ConsentTokenValidatorOptions MyDataOptions()
    {
        var options = new ConsentTokenValidatorOptions();
        MyData.Configure(options);
        return options;
    }

    protected ConsentTokenValidator Validator(ConsentTokenValidatorOptions options, IConsentStatusStore? statusStore = null, ITokenReplayStore? replayStore = null) =>
        new(options, Clock, statusStore, replayStore);

    /// <summary>Signs claims under a protected header written exactly as given.</summary>
    protected static string RawToken(string header, JsonObject claims, SigningKey key) =>
        HostileJws.SignCompact(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(claims.ToJsonString()), key);

    protected static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));
}
