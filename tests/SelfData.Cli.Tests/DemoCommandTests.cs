using System.IO.Compression;
using System.Text.Json;

namespace SelfData.Cli.Tests;

/// <summary>One small demo run shared by the tests of this class (the demo takes a few seconds).</summary>
public sealed class DemoFixture : IDisposable
{
    public DemoFixture()
    {
        Folder = new TempFolder();
        Result = CliProcess.RunAsync("demo", "--out", Folder.Path, "--residents", "6", "--seed", "7", "--now", "2024-03-01T12:00:00Z", "--output", "json").GetAwaiter().GetResult();
    }

    internal TempFolder Folder { get; }

    internal (int ExitCode, string Out, string Error) Result { get; }

    public void Dispose() => Folder.Dispose();
}

/// <summary>The tests that read the demo's output share one run.</summary>
[CollectionDefinition("demo")]
public sealed class DemoRun : ICollectionFixture<DemoFixture>;

[Collection("demo")]
public class DemoCommandTests(DemoFixture demo)
{
    private static readonly string[] Holders = ["enedis", "edf", "grdf", "eau-du-grand-lyon", "orange", "banque-lyonnaise", "maif", "tcl"];

    [Fact]
    public void The_demo_exports_every_holder_in_both_profiles_and_layouts_and_verifies_them()
    {
        Assert.True(demo.Result.ExitCode == 0, demo.Result.Error);
        var summary = JsonDocument.Parse(demo.Result.Out).RootElement;
        Assert.True(summary.GetProperty("valid").GetBoolean());
        var holders = summary.GetProperty("holders").EnumerateArray().ToList();
        Assert.Equal(Holders, holders.Select(h => h.GetProperty("id").GetString()));
        Assert.All(holders, h => Assert.True(h.GetProperty("verified").GetBoolean()));
        Assert.All(holders, h => Assert.Equal(4, h.GetProperty("archives").GetInt32()));
        foreach (var holder in Holders)
        {
            var folder = Path.Combine(demo.Folder.Path, holder);
            Assert.True(File.Exists(Path.Combine(folder, "jwks.json")));
            Assert.Equal(4, Directory.GetFiles(folder, "*.zip").Length);
        }

        Assert.True(File.Exists(Path.Combine(demo.Folder.Path, "territory.sqlite")));
    }

    [Theory]
    [InlineData("cozy", "ndjson")]
    [InlineData("cozy", "cozy-move")]
    [InlineData("mesinfos", "ndjson")]
    [InlineData("mesinfos", "cozy-move")]
    public void The_demo_emits_every_doctype_the_sdk_ships_with_documents_in_each_profile_and_layout(string profile, string layout)
    {
        Assert.True(demo.Result.ExitCode == 0, demo.Result.Error);
        var shipped = Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot(), "schemas", "strict", "cozy"), "*.schema.json")
            .Select(f => Path.GetFileName(f)[..^".schema.json".Length]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(36, shipped.Count);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var holder in Holders)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(demo.Folder.Path, holder, $"{holder}-{profile}.{layout}.zip"));
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "documents"))
            {
                var doctype = file.GetProperty("doctype").GetString()!;
                counts[doctype] = counts.GetValueOrDefault(doctype) + file.GetProperty("count").GetInt64();
            }
        }

        Assert.Equal(shipped, counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts, c => Assert.True(c.Value > 0, c.Key + " has no document"));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_documents()
    {
        using var again = new TempFolder();
        var second = await CliProcess.RunAsync("demo", "--out", again.Path, "--residents", "6", "--seed", "7", "--now", "2024-03-01T12:00:00Z");
        Assert.Equal(0, second.ExitCode);
        foreach (var holder in Holders)
        {
            var name = $"{holder}/{holder}-cozy.ndjson.zip";
            Assert.Equal(DataEntries(Path.Combine(demo.Folder.Path, name)), DataEntries(Path.Combine(again.Path, name)));
        }
    }

    [Fact]
    public async Task Another_seed_gives_other_documents()
    {
        using var other = new TempFolder();
        Assert.Equal(0, (await CliProcess.RunAsync("demo", "--out", other.Path, "--residents", "6", "--seed", "8", "--now", "2024-03-01T12:00:00Z")).ExitCode);
        Assert.NotEqual(DataEntries(Path.Combine(demo.Folder.Path, "enedis/enedis-cozy.ndjson.zip")), DataEntries(Path.Combine(other.Path, "enedis/enedis-cozy.ndjson.zip")));
    }

    [Fact]
    public async Task The_territory_is_reused_when_it_matches()
    {
        var rerun = await CliProcess.RunAsync("demo", "--out", demo.Folder.Path, "--residents", "6", "--seed", "7", "--now", "2024-03-01T12:00:00Z");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("Reusing the territory", rerun.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--years", "0")]
    [InlineData("--years", "11")]
    [InlineData("--now", "2024-03-01 12:00")]
    [InlineData("--resident", "99")]
    public async Task Bad_option_values_are_usage_errors_with_a_code(string option, string value)
    {
        using var folder = new TempFolder();
        var run = await CliProcess.RunAsync("demo", "--out", folder.Path, "--residents", "3", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches("^error SD9103: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static string DataEntries(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        return string.Join("\n", zip.Entries.Where(e => e.FullName != "manifest.jws").Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return e.FullName + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(m.ToArray()));
        }));
    }
}
