using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SelfData.Portability.IntegrationTests;

/// <summary>
/// What every page the SDK writes must do in a real browser: load under its own Content-Security-Policy with no console
/// error, fit a 375 px phone and a 1280 px screen without horizontal overflow, have one h1 and sections, and pass
/// axe-core with no serious or critical violation. A full-page screenshot per width goes to <c>screenshots/</c>.
/// </summary>
internal static class BrowserChecks
{
    public static async Task CheckPageAsync(IBrowser browser, string page, string language, string name, ITestOutputHelper output)
    {
        var html = await File.ReadAllTextAsync(page);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);

        foreach (var width in new[] { 375, 1280 })
        {
            // The page as the person opens it: file://, its own CSP enforced.
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 } });
            var tab = await context.NewPageAsync();
            var errors = new List<string>();
            tab.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            tab.PageError += (_, error) => errors.Add(error);
            var response = await tab.GotoAsync(new Uri(page).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            Assert.NotNull(response);
            Assert.Empty(errors);

            var scrollWidth = await tab.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var viewport = await tab.EvaluateAsync<int>("() => window.innerWidth");
            Assert.True(scrollWidth <= viewport, $"{name} is {scrollWidth} px wide in a {viewport} px viewport");
            Assert.Equal(language, await tab.EvaluateAsync<string>("() => document.documentElement.lang"));
            Assert.True(await tab.Locator("h1").CountAsync() == 1);
            Assert.True(await tab.Locator("main h2").CountAsync() >= 2);

            var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"{name}-{width}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            await tab.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            output.WriteLine("screenshot: " + shot);
            Assert.True(new FileInfo(shot).Length > 1000);
        }

        // axe-core is injected as a script, which the page's CSP forbids: it runs in a context that bypasses CSP.
        await using (var audit = await browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 375, Height = 800 } }))
        {
            var tab = await audit.NewPageAsync();
            await tab.GotoAsync(new Uri(page).AbsoluteUri);
            var result = await tab.RunAxe();
            var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            foreach (var violation in result.Violations)
            {
                output.WriteLine($"axe {violation.Impact}: {violation.Id} ({violation.Nodes.Length} node(s)) {violation.Help}");
            }

            Assert.True(blocking.Count == 0, string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
            Assert.True(result.Passes.Length > 10);
        }
    }
}
