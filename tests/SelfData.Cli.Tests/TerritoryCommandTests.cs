using System.Text.Json;
using System.Text.Json.Nodes;
using SelfData.Territory;
using SelfData.Territory.Geography;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Cli.Tests;

public sealed class TerritoryCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("selfdata-territory-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly string[] Iris = ["691230101", "691230102", "691230103", "693810101", "693810102"];

    /// <summary>Residents of five IRIS in two communes, monthly values; 691230103 has only three residents.</summary>
    private string Contributions(string name, int months, int seed = 1)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        var person = 0;
        foreach (var (iris, residents) in Iris.Zip(new[] { 30, 25, 3, 40, 14 }))
        {
            for (var r = 0; r < residents; r++, person++)
            {
                for (var m = 1; m <= months; m++)
                {
                    // A value that depends on the resident and the month only, so later releases repeat earlier months.
                    var value = 150_000 + ((person * 7_919) + (m * 104_729)) % 250_000;
                    lines.Add(JsonSerializer.Serialize(new { contributor = "p" + person, area = iris, period = $"2025-{m:00}", value }));
                }
            }
        }

        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllLines(path, lines.OrderBy(_ => random.Next()));
        return path;
    }

    private static List<(string Contributor, string Area, string Period, long Value)> Read(string path) =>
        [.. File.ReadLines(path).Select(l => JsonNode.Parse(l)!).Select(n => ((string)n["contributor"]!, (string)n["area"]!, (string)n["period"]!, (long)n["value"]!))];

    [Fact]
    public async Task Grid_prints_the_cell_of_a_point()
    {
        var run = await CliProcess.RunAsync("territory", "grid", "--lat", "45.76", "--lon", "4.835", "--size", "200");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(GridCell.FromCoordinates(45.76, 4.835, 200).Value.ToString(), run.Out.Trim());
        Assert.StartsWith("CRS3035RES200mN", run.Out.Trim(), StringComparison.Ordinal);

        var outside = await CliProcess.RunAsync("territory", "grid", "--lat", "-21.1", "--lon", "55.5");
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains(TerritoryErrorCodes.CoordinatesOutOfRange, outside.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregate_writes_every_cell_and_margin_with_exact_published_values_and_a_release_the_auditor_passes()
    {
        var input = Contributions("year.ndjson", 12);
        var output = Path.Combine(_dir.FullName, "result.json");
        var run = await CliProcess.RunAsync("territory", "aggregate", "--input", input, "--k", "11", "--dominance", "0.85", "--output", output);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("audit passed", run.Out, StringComparison.Ordinal);

        var result = JsonNode.Parse(File.ReadAllText(output))!;
        var cells = result["cells"]!.AsArray().Select(c => c!).ToList();
        string[] areas = [.. Iris, "69123", "69381", "total"];
        string[] periods = [.. Enumerable.Range(1, 12).Select(m => $"2025-{m:00}"), "2025"];
        Assert.Equal(areas.Length * periods.Length, cells.Count);
        Assert.All(areas, a => Assert.All(periods, p => Assert.Single(cells, c => (string)c["area"]! == a && (string)c["period"]! == p)));
        Assert.All(cells, c => Assert.Contains((string)c["status"]!, new[] { "V", "A", "B", "D" }));

        // 691230103 has three residents: frequency; a cell hiding it in its commune's margin is suppressed too.
        Assert.All(cells.Where(c => (string)c["area"]! == "691230103"), c => Assert.Equal("A", (string)c["status"]!));
        Assert.Contains(cells, c => (string)c["status"]! == "D");

        // Published values are the exact sums of the input; other cells carry neither value nor count.
        var contributions = Read(input);
        foreach (var cell in cells)
        {
            var (area, period, status) = ((string)cell["area"]!, (string)cell["period"]!, (string)cell["status"]!);
            var mine = contributions.Where(c => (area == "total" || c.Area.StartsWith(area, StringComparison.Ordinal)) && c.Period.StartsWith(period, StringComparison.Ordinal)).ToList();
            if (status == "V")
            {
                Assert.Equal(mine.Sum(c => c.Value), (long)cell["value"]!);
                Assert.Equal(mine.Select(c => c.Contributor).Distinct().Count(), (long)cell["contributors"]!);
                Assert.True((long)cell["contributors"]! >= 11);
            }
            else
            {
                Assert.Null(cell["value"]);
                Assert.Null(cell["contributors"]);
            }
        }

        // An independent audit of the written statuses finds nothing recomputable.
        var areaHierarchy = Hierarchy.IrisCommunes(Iris).Value;
        var months = Hierarchy.Months(periods.Take(12)).Value;
        var statuses = new CellStatus[areaHierarchy.Count * months.Count];
        foreach (var cell in cells)
        {
            Assert.True(areaHierarchy.TryGetIndex((string)cell["area"]!, out var a));
            Assert.True(months.TryGetIndex((string)cell["period"]!, out var p));
            statuses[(a * months.Count) + p] = (string)cell["status"]! == "V" ? CellStatus.Published : CellStatus.Secondary;
        }

        Assert.True(SecrecyAuditor.Audit(areaHierarchy, months, statuses).Passed);
        Assert.True((bool)result["audit"]!["passed"]!);
        Assert.Equal(0.85m, (decimal)result["rules"]!["dominance"]!);
    }

    [Fact]
    public async Task With_a_ledger_a_later_release_keeps_earlier_cells_as_they_were_released()
    {
        var ledger = Path.Combine(_dir.FullName, "ledger.db");
        var first = Path.Combine(_dir.FullName, "q1.json");
        var second = Path.Combine(_dir.FullName, "h1.json");
        var runFirst = await CliProcess.RunAsync("territory", "aggregate", "--input", Contributions("q1.ndjson", 3), "--k", "11", "--output", first, "--ledger", ledger, "--study", "lyon");
        Assert.True(runFirst.ExitCode == 0, runFirst.Error);
        var runSecond = await CliProcess.RunAsync("territory", "aggregate", "--input", Contributions("h1.ndjson", 6, seed: 2), "--k", "11", "--output", second, "--ledger", ledger, "--study", "lyon");
        Assert.True(runSecond.ExitCode == 0, runSecond.Error);

        var before = JsonNode.Parse(File.ReadAllText(first))!["cells"]!.AsArray().Where(c => ((string)c!["period"]!).Length == 7).ToDictionary(c => (string)c!["area"]! + (string)c!["period"]!, c => c!.ToJsonString());
        var after = JsonNode.Parse(File.ReadAllText(second))!["cells"]!.AsArray().ToDictionary(c => (string)c!["area"]! + (string)c!["period"]!, c => c!.ToJsonString());
        Assert.Equal(3 * 8, before.Count);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    [Fact]
    public async Task Noise_needs_bounds_and_a_budget_and_a_spent_budget_refuses_the_next_release()
    {
        var input = Contributions("noisy.ndjson", 2);
        var output = Path.Combine(_dir.FullName, "noisy.json");
        var unbounded = await CliProcess.RunAsync("territory", "aggregate", "--input", input, "--output", output, "--epsilon", "0.5");
        Assert.Equal(2, unbounded.ExitCode);
        Assert.Contains("SD9103", unbounded.Error, StringComparison.Ordinal);

        var budget = Path.Combine(_dir.FullName, "budget.db");
        string[] noisy = ["territory", "aggregate", "--input", input, "--output", output, "--epsilon", "0.5", "--max-cells", "2", "--max-value", "400000", "--budget-db", budget, "--budget", "1"];
        var firstRun = await CliProcess.RunAsync(noisy);
        Assert.True(firstRun.ExitCode == 0, firstRun.Error);
        var result = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.True((bool)result["noise"]!["drawn"]!);
        Assert.Equal(0.5m, (decimal)result["noise"]!["epsilon"]!);
        Assert.Equal(0, (await CliProcess.RunAsync(noisy)).ExitCode);
        var refused = await CliProcess.RunAsync(noisy);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(TerritoryErrorCodes.BudgetExhausted, refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"contributor\":\"p1\",\"area\":\"691230101\",\"period\":\"2025-01\",\"value\":1.5}", "line 2: 'value'")]
    [InlineData("{\"contributor\":\"p1\",\"area\":\"691230101\",\"period\":\"2025-01\"}", "line 2: 'value' is missing")]
    [InlineData("{\"contributor\":\"p1\",\"area\":\"6912301\",\"period\":\"2025-01\",\"value\":1}", "line 2: 'area'")]
    [InlineData("{\"contributor\":\"p1\",\"area\":\"691230101\",\"period\":\"2025-01\",\"value\":1,\"name\":\"Ada\"}", "line 2: 'name' is not a member")]
    [InlineData("not json", "line 2 is not JSON")]
    public async Task A_bad_line_is_refused_with_its_line_and_field(string line, string expected)
    {
        var input = Path.Combine(_dir.FullName, "bad.ndjson");
        await File.WriteAllLinesAsync(input, ["{\"contributor\":\"p0\",\"area\":\"691230101\",\"period\":\"2025-01\",\"value\":3}", line]);
        var run = await CliProcess.RunAsync("territory", "aggregate", "--input", input, "--output", Path.Combine(_dir.FullName, "bad.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(TerritoryErrorCodes.InvalidContribution, run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "bad.json")));
    }
}
