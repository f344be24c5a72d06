using System.IO.Compression;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;

namespace SelfData.Cli.Tests;

public class VerifyCommandTests
{
    private static async Task<(TempFolder Folder, string Archive, string Keys)> ArchiveAsync()
    {
        var folder = new TempFolder();
        using var key = SigningKey.CreateEcdsa("k1");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("enedis", "fr.enedis") })
            .ForSubject(new SubjectId("s"))
            .Add(ElectricityDoctypes.LinkyStatements, Enumerable.Range(0, 48).Select(i => new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(500, Unit.Watt))))
            .Build();
        var archive = folder.File("export.zip");
        await new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = key }).WriteAsync(export, archive);
        await File.WriteAllTextAsync(folder.File("jwks.json"), key.ToPublicJwks());
        return (folder, archive, folder.File("jwks.json"));
    }

    [Fact]
    public async Task A_valid_archive_exits_0()
    {
        var (folder, archive, keys) = await ArchiveAsync();
        using (folder)
        {
            var run = await CliProcess.RunAsync("verify", archive, "--keys", keys);
            Assert.Equal(0, run.ExitCode);
            Assert.StartsWith("valid:", run.Out, StringComparison.Ordinal);
            var json = await CliProcess.RunAsync("verify", archive, "--keys", keys, "--output", "json");
            Assert.True(JsonDocument.Parse(json.Out).RootElement.GetProperty("valid").GetBoolean());
        }
    }

    [Fact]
    public async Task A_tampered_archive_exits_1_with_its_codes()
    {
        var (folder, archive, keys) = await ArchiveAsync();
        using (folder)
        {
            using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("data/org.fing.mesinfos.consumptionstatement.ndjson")!;
                string text;
                using (var reader = new StreamReader(entry.Open()))
                {
                    text = await reader.ReadToEndAsync();
                }

                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
                await writer.WriteAsync(text.Replace("\"value\":0.25", "\"value\":0.20", StringComparison.Ordinal));
            }

            var run = await CliProcess.RunAsync("verify", archive, "--keys", keys, "--output", "json");
            Assert.Equal(1, run.ExitCode);
            var failures = JsonDocument.Parse(run.Out).RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
            Assert.Contains(ArchiveErrorCodes.ChecksumMismatch, failures);
        }
    }

    [Fact]
    public async Task Wrong_keys_exit_1()
    {
        var (folder, archive, _) = await ArchiveAsync();
        using (folder)
        {
            using var other = SigningKey.CreateEcdsa("k1");
            await File.WriteAllTextAsync(folder.File("other.json"), other.ToPublicJwks());
            var run = await CliProcess.RunAsync("verify", archive, "--keys", folder.File("other.json"), "--output", "json");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(ArchiveErrorCodes.SignatureInvalid, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hostile_and_broken_files_are_reported_not_thrown()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("keys.json"), "{\"keys\":[]}");
        await File.WriteAllTextAsync(folder.File("good-keys.json"), SigningKey.CreateEcdsa("x").ToPublicJwks());
        await File.WriteAllTextAsync(folder.File("not.zip"), "this is not a zip");
        using (var zip = ZipFile.Open(folder.File("slip.zip"), ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("../../evil.sh").Open();
            s.WriteByte(1);
        }

        var notZip = await CliProcess.RunAsync("verify", folder.File("not.zip"), "--keys", folder.File("good-keys.json"));
        Assert.Equal(1, notZip.ExitCode);
        Assert.Contains(ArchiveErrorCodes.NotAnArchive, notZip.Out, StringComparison.Ordinal);

        var slip = await CliProcess.RunAsync("verify", folder.File("slip.zip"), "--keys", folder.File("good-keys.json"), "--output", "json");
        Assert.Equal(1, slip.ExitCode);
        Assert.Contains(ArchiveErrorCodes.UnsafeEntryName, slip.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "..", "..", "evil.sh")));

        var emptyKeys = await CliProcess.RunAsync("verify", folder.File("slip.zip"), "--keys", folder.File("keys.json"));
        Assert.Equal(2, emptyKeys.ExitCode);
        Assert.StartsWith("error SD9104: ", emptyKeys.Error, StringComparison.Ordinal);

        var missing = await CliProcess.RunAsync("verify", folder.File("nope.zip"), "--keys", folder.File("good-keys.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("error SD9101: ", missing.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("verify", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("--version")]
    public async Task Help_and_version_exit_0(params string[] args)
    {
        var run = await CliProcess.RunAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.NotEmpty(run.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("verify")]
    [InlineData("verify", "a.zip", "--keys", "k.json", "--output", "xml")]
    public async Task Usage_errors_exit_2_with_one_coded_line(params string[] args)
    {
        var run = await CliProcess.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error SD9103: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
