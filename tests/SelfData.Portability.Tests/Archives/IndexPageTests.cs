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
    public async Task The_page_is_self_contained_and_written_for_the_person_in_english()
    {
        var html = await PageAsync(ArchiveLayout.CozyMove, IndexPageLanguage.English);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Your data from Enedis</h1>", html, StringComparison.Ordinal);

        // Datasets by their title and one-line explanation; the doctype only as a detail.
        Assert.Contains("<h2 id=\"s", html, StringComparison.Ordinal);
        Assert.Contains(">Consumption statements</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Your electricity or gas consumption as your supplier and meter recorded it.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>org.fing", html, StringComparison.Ordinal);

        // The export date and the period in words, never an instant with seven decimals.
        Assert.Matches("Exported on [0-9]{1,2} [A-Z][a-z]+ [0-9]{4} at [0-9]{2}:[0-9]{2} UTC", html);
        Assert.Contains("Period covered: 1 January 2024 to 3 January 2024.", html, StringComparison.Ordinal);

        // Totals with units, a monthly bar chart and the daily line, each with a title and a description.
        Assert.Contains("<h3 id=\"", html, StringComparison.Ordinal);
        Assert.Contains("Electricity (Linky) (kWh)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("Total over the period", html, StringComparison.Ordinal);
        Assert.Contains("Electricity (Linky) per month", html, StringComparison.Ordinal);
        Assert.Contains("Electricity (Linky) per day", html, StringComparison.Ordinal);
        Assert.Matches("<svg [^>]*role=\"img\" aria-labelledby=\"s[0-9]+ s[0-9]+\"><title id=", html);
        Assert.Contains("<desc id=", html, StringComparison.Ordinal);
        Assert.Contains("€84.20", html, StringComparison.Ordinal);

        // Tables: captions, header scopes, focusable scroll regions; formatted values, never raw JSON.
        Assert.Contains("<caption id=", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>{", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>[", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">_id<", html, StringComparison.Ordinal);
        Assert.Contains("1 January 2024", html, StringComparison.Ordinal);

        Assert.Contains("The signature: how to check this archive", html, StringComparison.Ordinal);
        Assert.Contains("selfdata verify", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ArchiveLayout.Ndjson)]
    [InlineData(ArchiveLayout.CozyMove)]
    public async Task The_page_is_written_in_french_when_asked(ArchiveLayout layout)
    {
        var html = await PageAsync(layout, IndexPageLanguage.French);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Vos données chez Enedis</h1>", html, StringComparison.Ordinal);
        Assert.Contains(">Relevés de consommation</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Période couverte : du 1 janvier 2024 au 3 janvier 2024.", html, StringComparison.Ordinal);
        Assert.Contains("84,20&#xA0;€", html, StringComparison.Ordinal);
        Assert.Contains("Total sur la période", html, StringComparison.Ordinal);
        Assert.Contains("La signature : comment vérifier cette archive", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Your data", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_language_is_refused_with_the_writer_options()
    {
        var options = new PortabilityArchiveWriterOptions { SigningKey = ArchiveFixture.Key, IndexLanguage = (IndexPageLanguage)7 };
        Assert.Equal(ArchiveErrorCodes.InvalidWriterOptions, Assert.Single(options.Validate()).Code);
    }

    private static async Task<string> PageAsync(ArchiveLayout layout, IndexPageLanguage language)
    {
        using var stream = new MemoryStream();
        await new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = ArchiveFixture.Key, Layout = layout, IndexLanguage = language }).WriteAsync(ArchiveFixture.Export(), stream);
        var archive = stream.ToArray();
        Assert.True((await ArchiveFixture.VerifyAsync(archive)).IsValid);
        return ArchiveFixture.Text(ArchiveFixture.Entries(archive).Single(e => e.Name == "index.html").Bytes);
    }
}
