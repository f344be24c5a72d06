using SelfData.Core;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Tests;

public class IndexPageTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    public async Task Hostile_field_values_render_as_text(string hostile)
    {
        var archive = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson, ArchiveFixture.Export(hostileText: hostile));
        var html = ArchiveFixture.Text(ArchiveFixture.Entries(archive).Single(e => e.Name == "index.html").Bytes);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(hostile), html, StringComparison.Ordinal);
        Assert.True((await ArchiveFixture.VerifyAsync(archive)).IsValid);
    }

    [Fact]
    public async Task The_page_is_self_contained_and_shows_counts_rows_and_a_chart()
    {
        var archive = await ArchiveFixture.ArchiveAsync(ArchiveLayout.CozyMove);
        var html = ArchiveFixture.Text(ArchiveFixture.Entries(archive).Single(e => e.Name == "index.html").Bytes);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("Your data from Enedis", html, StringComparison.Ordinal);
        Assert.Contains("<td>org.fing.mesinfos.consumptionstatement</td><td>144</td>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("linky (kWh)", html, StringComparison.Ordinal);
        Assert.Contains("<th>statementCategory</th>", html, StringComparison.Ordinal);
    }
}
