using System.Text.Json;
using Microsoft.Playwright;
using SelfData.Cli.Tests;
using Xunit.Abstractions;

namespace SelfData.Portability.IntegrationTests;

/// <summary>
/// The city's catalogue page (the datablitz, with the study's map) from a real demo of 300 residents, written by
/// <c>selfdata territory catalogue</c> in both languages, in headless Chromium: the same checks as the export index
/// pages, and a map with one cell per grid cell of the release, withheld cells hatched.
/// </summary>
public sealed class CataloguePageBrowserTests(DemoArchives browser, ITestOutputHelper output) : IClassFixture<DemoArchives>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("selfdata-catalogue-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task The_catalogue_page_with_its_map_renders_without_errors_fits_a_phone_and_passes_axe_in_both_languages()
    {
        var demo = await CliProcess.RunAsync("demo", "--out", _dir.FullName, "--residents", "300", "--seed", "11", "--now", "2024-03-01T12:00:00Z");
        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("Territorial study", demo.Out, StringComparison.Ordinal);

        using var grid = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "territory", "electricity-by-grid.json")));
        var yearCells = grid.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("period").GetString()!.Length == 4 && c.GetProperty("area").GetString()!.StartsWith("CRS", StringComparison.Ordinal)).ToList();
        var withheld = yearCells.Count(c => c.GetProperty("status").GetString() != "V");
        Assert.True(yearCells.Count >= 4);

        foreach (var language in new[] { "fr", "en" })
        {
            var run = await CliProcess.RunAsync("territory", "catalogue", "--demo", _dir.FullName, "--lang", language);
            Assert.True(run.ExitCode == 0, run.Error);
            var page = Path.Combine(_dir.FullName, "territory", $"catalogue-{language}.html");
            File.Copy(Path.Combine(_dir.FullName, "territory", "catalogue.html"), page, overwrite: true);
            await BrowserChecks.CheckPageAsync(browser.Browser, page, language, "catalogue-" + language, output);

            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            Assert.Equal(yearCells.Count, await tab.Locator("svg.map rect[x]").CountAsync());
            Assert.Equal(withheld, await tab.Locator("svg.map rect[fill='url(#hatch)']").CountAsync());
            Assert.Equal(8, await tab.Locator("ul.cards article").CountAsync());
            var mapWidth = await tab.EvaluateAsync<double>("() => document.querySelector('svg.map').getBoundingClientRect().width");
            Assert.InRange(mapWidth, 300, 375);
        }
    }
}
