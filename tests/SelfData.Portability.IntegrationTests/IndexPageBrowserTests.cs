using System.IO.Compression;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SelfData.Cli.Tests;
using Xunit.Abstractions;

namespace SelfData.Portability.IntegrationTests;

/// <summary>
/// The demo archives' index.html in a real browser — Debian's Chromium, headless, driven by Playwright — for both
/// profiles and both languages: no console error under the page's own Content-Security-Policy, no horizontal overflow
/// on a 375 px phone or a 1280 px screen, and no serious or critical axe-core violation. A full-page screenshot per
/// case and width goes to <c>screenshots/</c> in the test output.
/// </summary>
public sealed class IndexPageBrowserTests(DemoArchives demo, ITestOutputHelper output) : IClassFixture<DemoArchives>
{
    public static TheoryData<string, string, string> Pages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var language in new[] { "en", "fr" })
        {
            foreach (var archive in new[] { "enedis-cozy.ndjson.zip", "enedis-mesinfos.cozy-move.zip" })
            {
                data.Add(language, "enedis", archive);
            }

            foreach (var holder in new[] { "edf", "grdf", "eau-du-grand-lyon", "orange", "banque-lyonnaise", "maif", "tcl" })
            {
                data.Add(language, holder, $"{holder}-{(language == "en" ? "cozy.ndjson" : "mesinfos.cozy-move")}.zip");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_index_page_renders_without_errors_fits_a_phone_and_a_screen_and_passes_axe(string language, string holder, string archive)
    {
        var page = demo.ExtractIndex(language, holder, archive);
        await BrowserChecks.CheckPageAsync(demo.Browser, page, language, $"{Path.GetFileNameWithoutExtension(archive)}-{language}", output);
    }
}

/// <summary>The demo run once per language (a small territory), and one Chromium for every test.</summary>
public sealed class DemoArchives : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("selfdata-browser-").FullName;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        foreach (var language in new[] { "en", "fr" })
        {
            var run = await CliProcess.RunAsync("demo", "--out", Path.Combine(_root, language), "--residents", "4", "--seed", "3", "--now", "2024-03-01T12:00:00Z", "--lang", language);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException("selfdata demo failed: " + run.Error);
            }
        }

        var chromium = Environment.GetEnvironmentVariable("SELFDATA_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}: install Debian's chromium (eng/run-browser-tests.sh does) or set SELFDATA_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Unzips an archive's index.html into a folder of its own and returns its path.</summary>
    public string ExtractIndex(string language, string holder, string archive)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "pages", language, Path.GetFileNameWithoutExtension(archive))).FullName;
        var page = Path.Combine(folder, "index.html");
        using var zip = ZipFile.OpenRead(Path.Combine(_root, language, holder, archive));
        zip.GetEntry("index.html")!.ExtractToFile(page, overwrite: true);
        return page;
    }
}
