using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>
/// An access token's bytes are decoded into a rented buffer for the length of one validation: concurrent validations,
/// including ones that wait for their key, each read their own token, and a result keeps nothing of the buffer.
/// </summary>
public class TokenBufferTests : ConsentTestBase
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_validations_of_distinct_tokens_each_read_their_own(bool keysAnswerLater)
    {
        var keys = KeySource.FromKeys(OAuth.Key.VerificationKey);
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(new TrustedIssuer(OAuth.Issuer, keysAnswerLater ? new LaterKeySource(keys) : keys));
        var validator = Validator(options);
        var tokens = Enumerable.Range(0, 64).Select(i =>
        {
            OAuth.Subject = "subject-" + i + new string('x', i % 7 * 40);
            OAuth.ConsentId = "consent-" + i;
            return (OAuth.Subject, OAuth.ConsentId, Token: OAuth.Mint());
        }).ToArray();

        var results = await Task.WhenAll(tokens.Select(t => Task.Run(async () => await validator.ValidateAccessTokenAsync(t.Token, OAuthRequest()))));

        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.True(results[i].IsValid, results[i].ToString());
            Assert.Equal(tokens[i].Subject, results[i].Consent!.Subject);
            Assert.Equal(tokens[i].ConsentId, results[i].Consent!.ConsentId);
        }

        // The results still read the same once many more tokens went through the same pool.
        for (var i = 0; i < 200; i++)
        {
            Assert.True((await validator.ValidateAccessTokenAsync(tokens[i % tokens.Length].Token, OAuthRequest())).IsValid);
        }

        Assert.Equal(tokens.Select(t => t.Subject), results.Select(r => r.Consent!.Subject));
        Assert.All(results, r => Assert.Equal([LoadCurve], r.Consent!.Doctypes));
    }

    [Fact]
    public async Task A_refused_token_read_into_the_buffer_reports_its_own_error()
    {
        var validator = Validator(OAuthOptions());
        var good = OAuth.Mint();
        var bad = OAuth.Mint(c => c["sub"] = 42);

        var refused = await validator.ValidateAccessTokenAsync(bad, OAuthRequest());
        var accepted = await validator.ValidateAccessTokenAsync(good, OAuthRequest());

        Assert.False(refused.IsValid);
        Assert.Equal("sub", refused.Error!.FieldPath);
        Assert.True(accepted.IsValid, accepted.ToString());
    }

    /// <summary>A key source that answers after yielding, as one reading a JWKS would.</summary>
    private sealed class LaterKeySource(KeySource inner) : KeySource
    {
        public override async ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return inner.FindLoadedKey(keyId);
        }

        public override VerificationKey? FindLoadedKey(string keyId) => inner.FindLoadedKey(keyId);
    }
}
