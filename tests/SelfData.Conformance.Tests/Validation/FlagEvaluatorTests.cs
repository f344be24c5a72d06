using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Json.Schema;
using SelfData.Portability;
using SelfData.Portability.Tests;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>
/// The split, memoising Flag evaluation gives exactly the verdict of evaluating the whole published schema with
/// JsonSchema.Net, on valid documents and on documents broken in every way the mutations know.
/// </summary>
public class FlagEvaluatorTests
{
    private static readonly EvaluationOptions WholeFlag = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private static readonly JsonNode[] Replacements =
    [
        JsonValue.Create(42), JsonValue.Create("forty-two"), JsonValue.Create(-1.5), JsonValue.Create(true), JsonValue.Create(""),
        JsonValue.Create("2016-03-033T00:00:00.000Z"), JsonValue.Create("2024-01-01T00:00:00"), JsonValue.Create("2024-02-29"), JsonValue.Create("€"),
        new JsonObject(), new JsonArray(), JsonValue.Create("EUR"),
    ];

    /// <summary>A document of a random doctype, level and profile, with up to three random values replaced or removed.</summary>
    internal static Gen<(ConformanceLevel Level, ExportProfile Profile, string Doctype, string Json)> Documents =>
        from builderCase in Gen.Elements(BuilderCatalogue.All.ToArray())
        from profile in Gen.Elements(ExportProfile.Cozy, ExportProfile.MesInfos)
        from pilot in Gen.Elements(false, profile == ExportProfile.MesInfos)
        from level in Gen.Elements(ConformanceLevel.Strict, ConformanceLevel.Compatible)
        from documents in builderCase.Documents(ExportHarness.Options(profile, pilot))
        from mutations in Gen.Choose(0, 3)
        from picks in Gen.Choose(0, 10_000).ArrayOf(mutations * 2)
        select (level, profile, builderCase.Doctype, Mutate(documents[0], level, profile, builderCase.Doctype, picks));

    [Property(MaxTest = 400)]
    public Property The_split_verdict_is_the_whole_schemas_verdict() =>
        Prop.ForAll(Documents.ToArbitrary(), sample =>
        {
            var entry = SchemaCatalogue.Find(sample.Level, sample.Profile, sample.Doctype)!;
            using var document = JsonDocument.Parse(sample.Json);
            var whole = entry.Schema.Evaluate(document.RootElement, WholeFlag).IsValid;
            Assert.True(entry.Flag.IsSplit);

            // Twice: the second time the property verdicts come from the cache.
            Assert.Equal(whole, entry.Flag.IsValid(document.RootElement));
            Assert.Equal(whole, entry.Flag.IsValid(document.RootElement));
            return true;
        });

    [Fact]
    public void The_samples_hold_valid_and_invalid_documents_of_every_doctype()
    {
        var verdicts = Documents.Sample(300, 30).Select(d =>
        {
            using var document = JsonDocument.Parse(d.Json);
            return SchemaCatalogue.Find(d.Level, d.Profile, d.Doctype)!.Schema.Evaluate(document.RootElement, WholeFlag).IsValid;
        }).ToList();
        Assert.InRange(verdicts.Count(v => v), 30, 270);
    }

    [Fact]
    public void Every_published_schema_has_a_split_evaluator_that_agrees_on_an_empty_object()
    {
        using var empty = JsonDocument.Parse("{}");
        using var array = JsonDocument.Parse("[]");
        foreach (var id in ConformanceSchemas.Ids)
        {
            var entry = SchemaCatalogue.Find(id)!;
            Assert.Equal(entry.Schema.Evaluate(empty.RootElement, WholeFlag).IsValid, entry.Flag.IsValid(empty.RootElement));
            Assert.Equal(entry.Schema.Evaluate(array.RootElement, WholeFlag).IsValid, entry.Flag.IsValid(array.RootElement));
        }
    }

    [Fact]
    public void A_closed_root_keeps_refusing_unknown_properties_when_split()
    {
        var entry = SchemaCatalogue.Find(SelfDataSchema.Manifest);
        Assert.True(entry.Flag.IsSplit);
        using var manifest = JsonDocument.Parse("""{"format":"selfdata-export","formatVersion":1,"holder":{"id":"edf","namespace":"fr.edf","name":"EDF"},"subject":"s","profile":"cozy","layout":"ndjson","sdkVersion":"0.1.0","transactionTime":"2024-03-01T12:00:00Z","since":null,"until":null,"files":[],"errors":[]}""");
        Assert.True(entry.Flag.IsValid(manifest.RootElement));
        var extra = JsonNode.Parse(manifest.RootElement.GetRawText())!;
        extra["surprise"] = 1;
        using var withExtra = JsonDocument.Parse(extra.ToJsonString());
        Assert.False(entry.Schema.Evaluate(withExtra.RootElement, WholeFlag).IsValid);
        Assert.False(entry.Flag.IsValid(withExtra.RootElement));
    }

    internal static string Mutate(string json, ConformanceLevel level, ExportProfile profile, string doctype, int[] picks)
    {
        var document = JsonNode.Parse(json)!;
        for (var i = 0; i + 1 < picks.Length; i += 2)
        {
            var sites = SchemaNavigator.Sites(MutationTests.SchemaJson(level, profile, doctype), document).Where(s => s.Pointer.Length > 0).ToList();
            var site = sites[picks[i] % sites.Count];
            var choice = picks[i + 1] % (Replacements.Length + 1);
            document = JsonNode.Parse(choice == Replacements.Length
                ? SchemaNavigator.With(document, site.Pointer, null, remove: true)
                : SchemaNavigator.With(document, site.Pointer, Replacements[choice].DeepClone()))!;
        }

        return document.ToJsonString();
    }
}
