using System.IO.Compression;
using System.Text.Json;

namespace SelfData.Cli.Tests;

[Collection("demo")]
public class ValidateCommandTests(DemoFixture demo)
{
    private string Archive(string holder, string profile, string layout) => Path.Combine(demo.Folder.Path, holder, $"{holder}-{profile}.{layout}.zip");

    [Theory]
    [InlineData("edf", "cozy", "ndjson")]
    [InlineData("orange", "mesinfos", "cozy-move")]
    [InlineData("banque-lyonnaise", "cozy", "cozy-move")]
    public async Task Demo_archives_conform_at_the_strict_level(string holder, string profile, string layout)
    {
        var run = await CliProcess.RunAsync("validate", Archive(holder, profile, layout), "--profile", profile, "--keys", Path.Combine(demo.Folder.Path, holder, "jwks.json"), "--output", "json");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.True(result.GetProperty("documents").GetInt64() > 0);
    }

    [Fact]
    public async Task Ndjson_files_json_documents_and_arrays_report_each_error_with_its_location_and_code()
    {
        using var folder = new TempFolder();
        using (var zip = ZipFile.OpenRead(Archive("edf", "cozy", "ndjson")))
        {
            zip.GetEntry("data/io.cozy.bills.ndjson")!.ExtractToFile(folder.File("io.cozy.bills.ndjson"));
        }

        var valid = await CliProcess.RunAsync("validate", folder.File("io.cozy.bills.ndjson"));
        Assert.Equal(0, valid.ExitCode);

        var lines = await File.ReadAllLinesAsync(folder.File("io.cozy.bills.ndjson"));
        lines[1] = lines[1].Replace("\"currency\":\"EUR\"", "\"currency\":\"€\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(folder.File("broken.ndjson"), lines);
        var broken = await CliProcess.RunAsync("validate", folder.File("broken.ndjson"), "--doctype", "io.cozy.bills", "--output", "json");
        Assert.Equal(1, broken.ExitCode);
        var error = JsonDocument.Parse(broken.Out).RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("/currency", error.GetProperty("instanceLocation").GetString());
        Assert.StartsWith("SD30", error.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Contains("line 2", error.GetProperty("document").GetString(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(folder.File("one.json"), lines[0]);
        Assert.Equal(0, (await CliProcess.RunAsync("validate", folder.File("one.json"), "--doctype", "io.cozy.bills")).ExitCode);
        await File.WriteAllTextAsync(folder.File("array.json"), "[" + lines[0] + "," + lines[1] + "]");
        var array = await CliProcess.RunAsync("validate", folder.File("array.json"), "--doctype", "io.cozy.bills", "--output", "json");
        Assert.Equal(1, array.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(array.Out).RootElement.GetProperty("documents").GetInt64());

        await File.WriteAllTextAsync(folder.File("malformed.json"), "{\"vendor\": ");
        var malformed = await CliProcess.RunAsync("validate", folder.File("malformed.json"), "--doctype", "io.cozy.bills", "--output", "json");
        Assert.Equal(1, malformed.ExitCode);
        Assert.Equal("SD3001", JsonDocument.Parse(malformed.Out).RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_compatible_level_accepts_what_strict_refuses()
    {
        using var folder = new TempFolder();
        const string Legacy = """{"vendor":"EDF","date":"2017-09-22 00:00:00+01:00","amount":84.2,"currency":"EUR"}""";
        await File.WriteAllTextAsync(folder.File("bill.json"), Legacy);
        Assert.Equal(1, (await CliProcess.RunAsync("validate", folder.File("bill.json"), "--doctype", "io.cozy.bills", "--level", "strict")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync("validate", folder.File("bill.json"), "--doctype", "io.cozy.bills", "--level", "compatible")).ExitCode);
    }

    [Fact]
    public async Task Schemas_are_listed_and_shown()
    {
        var list = await CliProcess.RunAsync("schemas", "list", "--output", "json");
        Assert.Equal(0, list.ExitCode);
        var doctypes = JsonDocument.Parse(list.Out).RootElement.GetProperty("doctypes").EnumerateArray().Select(d => d.GetProperty("doctype").GetString()).ToList();
        Assert.Contains("io.cozy.bills", doctypes);
        Assert.Contains("fr.enedis.api.meteringdata.loadcurve", doctypes);

        var show = await CliProcess.RunAsync("schemas", "show", "io.cozy.bills", "--profile", "mesinfos", "--level", "compatible");
        Assert.Equal(0, show.ExitCode);
        Assert.Equal("https://schemas.selfdata.dev/v1/compatible/mesinfos/io.cozy.bills.schema.json", JsonDocument.Parse(show.Out).RootElement.GetProperty("$id").GetString());
        Assert.Equal(0, (await CliProcess.RunAsync("schemas", "show", "Manifest")).ExitCode);

        var unknown = await CliProcess.RunAsync("schemas", "show", "io.cozy.nothing");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("error SD9103: ", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_are_io_errors()
    {
        var run = await CliProcess.RunAsync("validate", Path.Combine(demo.Folder.Path, "nope.ndjson"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error SD9101: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_compatible_level_a_real_document_is_valid_and_its_warnings_are_printed_apart_from_errors()
    {
        var corpus = Path.Combine(CliProcess.RepositoryRoot(), "tests", "SelfData.Conformance.Tests", "Corpus", "io.cozy.bank.operations", "cozy-doctypes-bank-operation-example.json");
        var text = await CliProcess.RunAsync("validate", corpus, "--doctype", "io.cozy.bank.operations", "--level", "compatible");
        Assert.True(text.ExitCode == 0, text.Out + text.Error);
        Assert.Contains("1 accepted with warnings (not strict)", text.Out, StringComparison.Ordinal);
        Assert.Contains("2017-09-22T00:00:00+01:00", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", text.Out, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync("validate", corpus, "--doctype", "io.cozy.bank.operations", "--level", "compatible", "--output", "json");
        var result = JsonDocument.Parse(json.Out).RootElement;
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, result.GetProperty("documentsWithWarnings").GetInt64());
        var date = Assert.Single(result.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("instanceLocation").GetString() == "/date");
        Assert.Equal("SD3040", date.GetProperty("code").GetString());
        Assert.Equal("2017-09-22T00:00:00+01:00", date.GetProperty("expected").GetString());

        var strict = await CliProcess.RunAsync("validate", corpus, "--doctype", "io.cozy.bank.operations", "--output", "json");
        Assert.Equal(1, strict.ExitCode);
        Assert.Empty(JsonDocument.Parse(strict.Out).RootElement.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task A_holders_own_doctype_is_checked_with_its_schema_or_accepted_with_a_warning_when_asked()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("com.example.water.day.ndjson"), "{\"day\":\"2024-01-01\",\"litres\":120}\n{\"day\":\"2024-01-02\",\"litres\":-3}\n");
        await File.WriteAllTextAsync(folder.File("water.schema.json"), "{\"type\":\"object\",\"required\":[\"day\",\"litres\"],\"properties\":{\"litres\":{\"type\":\"integer\",\"minimum\":0}}}");

        var unknown = await CliProcess.RunAsync("validate", folder.File("com.example.water.day.ndjson"), "--doctype", "com.example.water.day", "--output", "json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.All(JsonDocument.Parse(unknown.Out).RootElement.GetProperty("errors").EnumerateArray(), e => Assert.Equal("SD3003", e.GetProperty("code").GetString()));

        var warned = await CliProcess.RunAsync("validate", folder.File("com.example.water.day.ndjson"), "--doctype", "com.example.water.day", "--unknown-doctypes", "warn", "--output", "json");
        Assert.True(warned.ExitCode == 0, warned.Out + warned.Error);
        Assert.Equal(2, JsonDocument.Parse(warned.Out).RootElement.GetProperty("warnings").EnumerateArray().Count(w => w.GetProperty("code").GetString() == "SD3045"));

        var checkedRun = await CliProcess.RunAsync("validate", folder.File("com.example.water.day.ndjson"), "--schema", "com.example.water.day=" + folder.File("water.schema.json"), "--output", "json");
        Assert.Equal(1, checkedRun.ExitCode);
        var error = Assert.Single(JsonDocument.Parse(checkedRun.Out).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("SD3015", error.GetProperty("code").GetString());
        Assert.Equal("/litres", error.GetProperty("instanceLocation").GetString());

        var badPair = await CliProcess.RunAsync("validate", folder.File("com.example.water.day.ndjson"), "--schema", "com.example.water.day");
        Assert.Equal(2, badPair.ExitCode);
        Assert.Contains("DOCTYPE=FILE", badPair.Error, StringComparison.Ordinal);
    }
}
