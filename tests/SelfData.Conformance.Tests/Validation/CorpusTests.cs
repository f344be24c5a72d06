using System.Text.Json;
using System.Text.Json.Nodes;
using SelfData.Conformance.Tests.Schemas;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>
/// Real public documents (<c>Corpus/</c>, each with its source in <c>Corpus/SOURCES.md</c> and <c>corpus.json</c>):
/// every one is accepted at the compatible level in its profile, its strict verdict is pinned in
/// <c>Corpus/verdicts.json</c>, and its warnings are exactly where the strict level refuses it. Re-pin after a
/// deliberate change with <c>SELFDATA_WRITE_VERDICTS=1</c>.
/// </summary>
public class CorpusTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "SelfData.Conformance.Tests", "Corpus");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries())
        {
            data.Add(entry.File);
        }

        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_thirty_real_documents_each_with_its_source()
    {
        var entries = Entries();
        Assert.True(entries.Count >= 30, $"{entries.Count} documents");

        // Refusing a real document is the exception, and each says why.
        Assert.True(entries.Count(e => e.Refused) * 10 < entries.Count);
        Assert.All(entries.Where(e => e.Refused), e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        foreach (var entry in entries)
        {
            Assert.True(File.Exists(Path.Combine(Folder, entry.File)), entry.File);
            Assert.False(string.IsNullOrWhiteSpace(entry.Repository), entry.File);
            Assert.False(string.IsNullOrWhiteSpace(entry.Path), entry.File);
            Assert.Matches("^[0-9a-f]{40}$", entry.Commit);
            Assert.Contains(entry.File, File.ReadAllText(Path.Combine(Folder, "SOURCES.md")), StringComparison.Ordinal);
        }

        var onDisk = Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
            .Where(f => f.Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, entries.Select(e => e.File).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_real_document_is_accepted_at_the_compatible_level_and_its_strict_verdict_is_pinned(string file)
    {
        var entry = Entries().Single(e => e.File == file);
        var json = File.ReadAllText(Path.Combine(Folder, file));
        var compatible = Validator(ConformanceLevel.Compatible, entry.Profile).Validate(json, entry.Doctype);
        var strict = Validator(ConformanceLevel.Strict, entry.Profile).Validate(json, entry.Doctype);
        List<string> warnings;
        if (entry.Refused)
        {
            // A real data error (an impossible date, a leaked SOAP object): refused at both levels, with the errors pinned.
            Assert.False(compatible.IsValid, file + " is pinned as refused: " + entry.Reason);
            Assert.False(strict.IsValid);
            Assert.Empty(compatible.Warnings);
            warnings = compatible.Errors.Select(e => e.Code + " " + e.InstanceLocation).Distinct().Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            Assert.True(compatible.IsValid, file + ": " + string.Join("; ", compatible.Errors));
            warnings = compatible.Warnings.Select(w => w.Code + " " + w.InstanceLocation + (w.Property is null ? string.Empty : "." + w.Property)).Order(StringComparer.Ordinal).ToList();

            // A warning is exactly a place the strict level refuses: none when strict accepts, some when it refuses.
            Assert.Equal(strict.IsValid, warnings.Count == 0);
            Assert.Equal(strict.IsValid ? 0 : 1, compatible.DocumentsWithWarnings);
            foreach (var error in strict.Errors)
            {
                Assert.Contains(compatible.Warnings, w => w.InstanceLocation == error.InstanceLocation || error.InstanceLocation.StartsWith(w.InstanceLocation + "/", StringComparison.Ordinal));
            }
        }

        var pinned = Verdicts();
        if (Environment.GetEnvironmentVariable("SELFDATA_WRITE_VERDICTS") == "1")
        {
            lock (VerdictLock)
            {
                var all = Verdicts();
                all[file] = new JsonObject { ["compatibleValid"] = compatible.IsValid, ["strictValid"] = strict.IsValid, [entry.Refused ? "errors" : "warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)w)]) };
                var sorted = new JsonObject();
                foreach (var key in all.Select(p => p.Key).Order(StringComparer.Ordinal).ToList())
                {
                    sorted[key] = all[key]!.DeepClone();
                }

                File.WriteAllText(VerdictsPath, sorted.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            }

            return;
        }

        var verdict = pinned[file] ?? throw new Xunit.Sdk.XunitException(file + " has no pinned verdict in Corpus/verdicts.json; run with SELFDATA_WRITE_VERDICTS=1.");
        Assert.Equal(verdict["compatibleValid"]!.GetValue<bool>(), compatible.IsValid);
        Assert.Equal(verdict["strictValid"]!.GetValue<bool>(), strict.IsValid);
        Assert.Equal(verdict[entry.Refused ? "errors" : "warnings"]!.AsArray().Select(w => w!.GetValue<string>()), warnings);
    }

    [Fact]
    public void The_corpus_shows_each_kind_of_real_world_deviation_as_a_warning()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries().Where(e => !e.Refused))
        {
            var result = Validator(ConformanceLevel.Compatible, entry.Profile).Validate(File.ReadAllText(Path.Combine(Folder, entry.File)), entry.Doctype);
            codes.UnionWith(result.Warnings.Select(w => w.Code));
        }

        Assert.Contains(ConformanceWarningCodes.TemporalNotStrict, codes);
        Assert.Contains(ConformanceWarningCodes.StrictFieldMissing, codes);
    }

    private static readonly object VerdictLock = new();

    private static string VerdictsPath => Path.Combine(Folder, "verdicts.json");

    private static JsonObject Verdicts() =>
        File.Exists(VerdictsPath) ? JsonNode.Parse(File.ReadAllText(VerdictsPath))!.AsObject() : [];

    private static SchemaConformanceValidator Validator(ConformanceLevel level, ExportProfile profile) =>
        new(new SchemaConformanceValidatorOptions { Level = level, Profile = profile });

    private static List<CorpusEntry> Entries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "corpus.json")));
        return
        [
            .. json.RootElement.EnumerateArray().Select(e => new CorpusEntry(
                e.GetProperty("file").GetString()!,
                e.GetProperty("doctype").GetString()!,
                e.GetProperty("profile").GetString() == "mesinfos" ? ExportProfile.MesInfos : ExportProfile.Cozy,
                e.GetProperty("repository").GetString()!,
                e.GetProperty("path").GetString()!,
                e.GetProperty("commit").GetString()!,
                e.GetProperty("expect").GetString() == "refused",
                e.TryGetProperty("reason", out var reason) ? reason.GetString() : null)),
        ];
    }

    private sealed record CorpusEntry(string File, string Doctype, ExportProfile Profile, string Repository, string Path, string Commit, bool Refused, string? Reason);
}
