using SelfData.Core;

namespace SelfData.Consent.Tests;

public class UrlPatternCacheTests
{
    [Fact]
    public void Each_options_object_keeps_its_own_bounded_patterns_and_a_full_cache_evicts_nothing()
    {
        var request = new ExportRequest(new Uri("https://holder.example/api/export"), [new Doctype("io.cozy.bills")]);
        var first = new ConsentTokenValidatorOptions();
        var second = new ConsentTokenValidatorOptions();
        Assert.True(UrlPattern.Matches("https://HOLDER.example/api/export", request, first.Patterns));
        for (var i = 0; i < 5_000; i++)
        {
            Assert.False(UrlPattern.Matches($"https://attacker{i}.example/*", request, first.Patterns));
        }

        Assert.Equal(1024, first.Patterns.Count);
        Assert.Equal(0, second.Patterns.Count);
        Assert.Equal("https://holder.example/api/export", first.Patterns.Normalized("https://HOLDER.example/api/export"));
        Assert.True(UrlPattern.Matches("https://holder.example/api/*", request, first.Patterns));
        Assert.NotSame(first.Patterns, first.Snapshot().Patterns);
    }
}
