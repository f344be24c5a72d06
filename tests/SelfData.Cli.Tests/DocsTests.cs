using System.Text.RegularExpressions;

namespace SelfData.Cli.Tests;

/// <summary>The quick-start page quotes the first-hour sample, which CI runs, so the page's code compiles and works.</summary>
public class DocsTests
{
    [Fact]
    public void The_quick_start_quotes_every_region_of_the_first_hour_sample_verbatim()
    {
        var root = CliProcess.RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "SelfData.Samples.FirstHour", "Program.cs"));
        var page = File.ReadAllText(Path.Combine(root, "docs", "quickstart.md"));
        var regions = Regex.Matches(sample, @"// #region (\S+)\n(.*?)// #endregion", RegexOptions.Singleline);
        Assert.True(regions.Count >= 6, $"{regions.Count} regions");
        foreach (Match region in regions)
        {
            Assert.True(page.Contains(region.Groups[2].Value.TrimEnd('\n'), StringComparison.Ordinal), $"docs/quickstart.md does not quote the region '{region.Groups[1].Value}' as it is in the sample");
        }

        Assert.Contains("eng/check-local-feed.sh", page, StringComparison.Ordinal);
        Assert.Contains("dotnet pack SelfData.Sdk.sln -c Release -o", page, StringComparison.Ordinal);
    }
}
