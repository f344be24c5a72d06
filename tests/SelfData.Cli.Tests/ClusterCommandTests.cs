namespace SelfData.Cli.Tests;

/// <summary>
/// What <c>selfdata cluster demo</c> refuses before it starts a silo; the runs on a real PostgreSQL are in
/// SelfData.Orleans.IntegrationTests (eng/run-cluster-tests.sh).
/// </summary>
[Collection("demo")]
public class ClusterCommandTests(DemoFixture demo)
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=2";

    [Fact]
    public async Task A_folder_without_a_demo_is_refused_with_the_command_that_makes_one()
    {
        using var empty = new TempFolder();
        var (exit, _, error) = await CliProcess.RunAsync("cluster", "demo", "--demo", empty.Path, "--pg", Unreachable);
        Assert.Equal(2, exit);
        Assert.Contains("error SD9101", error, StringComparison.Ordinal);
        Assert.Contains("selfdata demo --out", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--silos", "0")]
    [InlineData("--silos", "9")]
    [InlineData("--kill-at", "1")]
    [InlineData("--months", "13")]
    [InlineData("--partition-size", "0")]
    public async Task Options_out_of_range_are_refused(string option, string value)
    {
        Assert.Equal(0, demo.Result.ExitCode);
        var (exit, _, error) = await CliProcess.RunAsync("cluster", "demo", "--demo", demo.Folder.Path, "--pg", Unreachable, option, value);
        Assert.Equal(2, exit);
        Assert.Contains("error SD9103", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kill_with_one_silo_is_refused()
    {
        var (exit, _, error) = await CliProcess.RunAsync("cluster", "demo", "--demo", demo.Folder.Path, "--pg", Unreachable, "--silos", "1", "--kill-at", "0.4");
        Assert.Equal(2, exit);
        Assert.Contains("error SD9103", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_reported_before_any_silo_starts()
    {
        var (exit, _, error) = await CliProcess.RunAsync("cluster", "demo", "--demo", demo.Folder.Path, "--pg", Unreachable);
        Assert.Equal(2, exit);
        Assert.Contains("error SD9105", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(demo.Folder.Path, "cluster")));
    }
}
