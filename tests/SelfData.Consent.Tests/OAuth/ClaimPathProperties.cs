using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Testing;

namespace SelfData.Consent.Tests;

/// <summary>
/// The one-pass claim reader is an optimisation of the strict document path: for any token — valid, mutated, with
/// escaped names, arrays, nested values or repeated members — both give the same verdict, the same code, and when
/// valid the same record of what was verified.
/// </summary>
public class ClaimPathProperties : ConsentTestBase
{
    private static readonly string[] Claims = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "consent_id", "grant_id", "scope", "scp", "authorization_details", "cnf", "client_id", "ext"];

    private static Gen<JsonNode?> Value() => Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        Gen.Elements<JsonNode?>(JsonValue.Create("x"), JsonValue.Create(""), JsonValue.Create(1700000000), JsonValue.Create(1.5), JsonValue.Create(true)),
        Gen.Elements<JsonNode?>(new JsonArray("a", "b"), new JsonArray(), new JsonObject { ["k"] = "v" }, new JsonObject { ["jkt"] = "x" }));

    /// <summary>A mutation of a valid token's claims, or of its JSON text.</summary>
    private abstract record Mutation
    {
        public sealed record Remove(string Claim) : Mutation;

        public sealed record Replace(string Claim, string Json) : Mutation;

        public sealed record EscapeName(string Claim) : Mutation;

        public sealed record Duplicate(string Claim) : Mutation;

        public sealed record AudienceList : Mutation;

        public sealed record DetailMember(string Member, string Json) : Mutation;

        public sealed record DuplicateDetailMember(string Member) : Mutation;

        public sealed record EscapeUrlSlashes : Mutation;

        public sealed record None : Mutation;
    }

    private static Arbitrary<Mutation[]> Mutations()
    {
        var claim = Gen.Elements(Claims);
        var one = Gen.OneOf(
            claim.Select(c => (Mutation)new Mutation.Remove(c)),
            claim.SelectMany(c => Value().Select(v => (Mutation)new Mutation.Replace(c, v?.ToJsonString() ?? "null"))),
            claim.Select(c => (Mutation)new Mutation.EscapeName(c)),
            claim.Select(c => (Mutation)new Mutation.Duplicate(c)),
            Gen.Constant((Mutation)new Mutation.AudienceList()),
            Gen.Elements("type", "datatypes", "actions", "locations", "purpose", "identifier", "period").SelectMany(m => Value().Select(v => (Mutation)new Mutation.DetailMember(m, v?.ToJsonString() ?? "null"))),
            Gen.Elements("type", "datatypes", "actions", "locations", "purpose", "period", "other").Select(m => (Mutation)new Mutation.DuplicateDetailMember(m)),
            Gen.Constant((Mutation)new Mutation.EscapeUrlSlashes()),
            Gen.Constant((Mutation)new Mutation.None()));
        return Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(one, n)).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property Both_claim_paths_give_the_same_verdict_and_code() => Prop.ForAll(Mutations(), mutations =>
    {
        OAuth.Purpose = "energy-advice";
        OAuth.Scopes.Clear();
        OAuth.Scopes.Add("io.cozy.bills");
        var claims = OAuth.Claims();
        foreach (var mutation in mutations)
        {
            switch (mutation)
            {
                case Mutation.Remove r: claims.Remove(r.Claim); break;
                case Mutation.Replace r: claims[r.Claim] = JsonNode.Parse(r.Json); break;
                case Mutation.AudienceList: claims["aud"] = new JsonArray(OAuth.Audience); break;
                case Mutation.DetailMember d when claims["authorization_details"] is JsonArray { Count: > 0 } details && details[0] is JsonObject detail:
                    detail[d.Member] = JsonNode.Parse(d.Json);
                    break;
            }
        }

        var text = claims.ToJsonString();
        foreach (var mutation in mutations)
        {
            if (mutation is Mutation.EscapeName e && text.Contains($"\"{e.Claim}\":", StringComparison.Ordinal))
            {
                text = text.Replace($"\"{e.Claim}\":", $"\"\\u{(int)e.Claim[0]:x4}{e.Claim[1..]}\":", StringComparison.Ordinal);
            }
            else if (mutation is Mutation.Duplicate d && claims[d.Claim] is { } value)
            {
                text = text.Insert(1, $"\"{d.Claim}\":{value.ToJsonString()},");
            }
            else if (mutation is Mutation.DuplicateDetailMember m && text.IndexOf("\"authorization_details\":[{", StringComparison.Ordinal) is var at and >= 0)
            {
                // The member again at the start of the first detail (a second "other" is a repeated unknown member).
                var detail = claims["authorization_details"]?[0] as JsonObject;
                var value2 = m.Member == "other" ? "1" : detail?[m.Member]?.ToJsonString() ?? "\"x\"";
                var insert = m.Member == "other" ? "\"other\":1,\"other\":2," : $"\"{m.Member}\":{value2},";
                text = text.Insert(at + "\"authorization_details\":[{".Length, insert);
            }
            else if (mutation is Mutation.EscapeUrlSlashes)
            {
                // The same URLs (issuer, audience, locations) with their slashes escaped.
                text = text.Replace("https://", "https:\\/\\/", StringComparison.Ordinal);
            }
        }

        var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"kid\":\"" + OAuth.Key.KeyId + "\",\"typ\":\"at+jwt\"}"), Encoding.UTF8.GetBytes(text), OAuth.Key);
        var request = new ExportRequest(OAuthRequest().Endpoint, [LoadCurve]) { Purpose = "energy-advice" };
        var fast = new AccessTokenValidator(OAuthOptions(), Clock).ValidateAccessTokenAsync(token, request).AsTask().GetAwaiter().GetResult();
        var strict = new AccessTokenValidator(OAuthOptions(), Clock) { DocumentPathOnly = true }.ValidateAccessTokenAsync(token, request).AsTask().GetAwaiter().GetResult();
        var same = fast.ErrorCode == strict.ErrorCode
            && (fast.Consent is null) == (strict.Consent is null)
            && (fast.Consent is null || (fast.Consent.Subject == strict.Consent!.Subject && fast.Consent.ConsentId == strict.Consent.ConsentId
                && fast.Consent.Doctypes.SequenceEqual(strict.Consent.Doctypes) && fast.Consent.Purposes.SequenceEqual(strict.Consent.Purposes)
                && fast.Consent.NotAfter == strict.Consent.NotAfter && fast.Consent.TokenId == strict.Consent.TokenId));
        return same.Label($"{text}: one pass {fast.ErrorCode ?? "valid"}, document {strict.ErrorCode ?? "valid"}");
    });

    [Fact]
    public async Task Escaped_urls_and_a_repeated_detail_member_read_the_same_on_both_paths()
    {
        var text = OAuth.Claims().ToJsonString().Replace("https://", "https:\\/\\/", StringComparison.Ordinal);
        var token = HostileJws.SignCompact(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"kid\":\"" + OAuth.Key.KeyId + "\",\"typ\":\"at+jwt\"}"), Encoding.UTF8.GetBytes(text), OAuth.Key);
        var fast = await new AccessTokenValidator(OAuthOptions(), Clock).ValidateAccessTokenAsync(token, OAuthRequest());
        var strict = await new AccessTokenValidator(OAuthOptions(), Clock) { DocumentPathOnly = true }.ValidateAccessTokenAsync(token, OAuthRequest());
        Assert.True(fast.IsValid, fast.ToString());
        Assert.True(strict.IsValid, strict.ToString());
        Assert.Equal(OAuth.Issuer, fast.Consent!.Issuer);

        var repeated = text.Replace("\"authorization_details\":[{", "\"authorization_details\":[{\"actions\":[\"export\"],", StringComparison.Ordinal);
        token = HostileJws.SignCompact(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"kid\":\"" + OAuth.Key.KeyId + "\",\"typ\":\"at+jwt\"}"), Encoding.UTF8.GetBytes(repeated), OAuth.Key);
        fast = await new AccessTokenValidator(OAuthOptions(), Clock).ValidateAccessTokenAsync(token, OAuthRequest());
        strict = await new AccessTokenValidator(OAuthOptions(), Clock) { DocumentPathOnly = true }.ValidateAccessTokenAsync(token, OAuthRequest());
        Assert.False(fast.IsValid);
        Assert.Equal(strict.ErrorCode, fast.ErrorCode);
        Assert.Equal(JoseErrorCodes.DuplicateJsonMember, fast.ErrorCode);
    }
}
