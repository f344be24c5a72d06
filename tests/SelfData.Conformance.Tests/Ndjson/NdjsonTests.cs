using System.Text.Json.Nodes;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests;

namespace SelfData.Conformance.Tests;

/// <summary>NDJSON validation gives the same verdicts as checking each line alone, in line order, whatever the parallelism.</summary>
public class NdjsonTests
{
    /// <summary>A line of a mixed NDJSON stream: valid documents, broken ones, JSON that is not well formed, blank lines.</summary>
    private static Gen<string> Line(ExportProfile profile) =>
        from builderCase in Gen.Elements(BuilderCatalogue.All.ToArray())
        from documents in builderCase.Documents(ExportHarness.Options(profile))
        from kind in Gen.Choose(0, 9)
        from cut in Gen.Choose(1, 40)
        let node = WithDocType(documents[0], builderCase.Doctype)
        select kind switch
        {
            0 => node.ToJsonString()[..Math.Min(cut, node.ToJsonString().Length - 1)],
            1 => "   ",
            2 => Drop(node, "_id"),
            3 => Set(node, "docType", "io.cozy.nothing"),
            4 => "[1,2,3]",
            _ => node.ToJsonString(),
        };

    private static Gen<List<string>> Lines(ExportProfile profile) =>
        from count in Gen.Choose(200, 700)
        from lines in Gen.ListOf(Line(profile), count)
        select lines.ToList();

    [Property(MaxTest = 4)]
    public Property Ndjson_verdicts_equal_per_document_verdicts_in_line_order() =>
        Prop.ForAll(Lines(ExportProfile.Cozy).ToArbitrary(), Gen.Elements(1, 2, 4).ToArbitrary(), (lines, parallelism) =>
        {
            var options = new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Strict, Profile = ExportProfile.Cozy, MaxDegreeOfParallelism = parallelism, MaxErrors = 100_000 };
            var validator = new SchemaConformanceValidator(options);
            var ndjson = string.Join(lines.Count % 2 == 0 ? "\n" : "\r\n", lines) + (lines.Count % 3 == 0 ? "\n" : string.Empty);
            var stream = validator.ValidateNdjsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson))).GetAwaiter().GetResult();

            var expected = new List<(long Line, string Code, string Instance, string? Keyword, string? Property)>();
            long documents = 0, invalid = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i]))
                {
                    continue;
                }

                var one = validator.Validate(lines[i]);
                documents += one.Documents;
                invalid += one.InvalidDocuments;
                expected.AddRange(one.Errors.Select(e => ((long)i + 1, e.Code, e.InstanceLocation, e.KeywordLocation, e.Property)));
            }

            Assert.Equal(documents, stream.Documents);
            Assert.Equal(invalid, stream.InvalidDocuments);
            Assert.Equal(expected, stream.Errors.Select(e => (e.Document.Line!.Value, e.Code, e.InstanceLocation, e.KeywordLocation, e.Property)));
            Assert.False(stream.ErrorsTruncated);
            return stream.IsValid == (invalid == 0);
        });

    [Fact]
    public async Task A_whole_export_written_as_ndjson_conforms_and_is_counted_per_doctype()
    {
        var readings = BuilderCatalogue.All.Single(c => c.Name == "ElectricityDoctypes.LinkyStatements");
        var export = ExportHarness.Builder(ExportHarness.Options(ExportProfile.Cozy))
            .Add(ElectricityDoctypes.LinkyStatements, LinkyDays(20))
            .Build();
        using var ndjson = new MemoryStream();
        await export.Datasets[0].WriteNdjsonAsync(ndjson);
        ndjson.Position = 0;
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy, parallelism: 3).ValidateNdjsonAsync(ndjson, readings.Doctype);
        Assert.True(result.IsValid);
        Assert.Equal(20 * 48, result.Documents);
        Assert.Equal(20 * 48, result.DocumentsByDoctype[readings.Doctype]);
        Assert.Equal(ConformanceLevel.Strict, result.Level);
        Assert.Equal(ExportProfile.Cozy, result.Profile);
    }

    [Fact]
    public async Task A_line_over_the_limit_is_reported_without_being_read_and_the_next_lines_are_checked()
    {
        var good = MutationTests.Sample("TelecomDoctypes.GeoPoints", ExportProfile.Cozy).ToJsonString();
        var huge = "{\"pad\":\"" + new string('x', 5000) + "\"}";
        var ndjson = "\uFEFF" + good + "\n" + huge + "\r\n" + good + "\n\n" + "{\"broken\": " + "\n" + good;
        var validator = new SchemaConformanceValidator(new() { MaxDocumentBytes = 2048, MaxDegreeOfParallelism = 2 });
        var result = await validator.ValidateNdjsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "fr.orange.geopoint");
        Assert.Equal(5, result.Documents);
        Assert.Equal(2, result.InvalidDocuments);
        Assert.Equal([(2L, ConformanceErrorCodes.DocumentTooLarge), (5L, ConformanceErrorCodes.InvalidJson)], result.Errors.Select(e => (e.Document.Line!.Value, e.Code)));
        Assert.NotNull(result.Errors[1].Position);

        // The limit holds for a last line without a newline too.
        result = await validator.ValidateNdjsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(good + "\n" + huge)), "fr.orange.geopoint");
        Assert.Equal([(2L, ConformanceErrorCodes.DocumentTooLarge)], result.Errors.Select(e => (e.Document.Line!.Value, e.Code)));
    }

    [Fact]
    public async Task Invalid_utf8_and_a_line_of_another_kind_are_results_not_exceptions()
    {
        var good = Encoding.UTF8.GetBytes(MutationTests.Sample("TelecomDoctypes.GeoPoints", ExportProfile.Cozy).ToJsonString() + "\n");
        var bytes = good.Concat("{\"msisdn\":\"\u00e9"u8.ToArray()[..^1]).Concat("\"}\n"u8.ToArray()).Concat("\"text\"\n"u8.ToArray()).ToArray();
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateNdjsonAsync(new MemoryStream(bytes), "fr.orange.geopoint");
        Assert.Equal([(2L, ConformanceErrorCodes.InvalidJson), (3L, ConformanceErrorCodes.NotAnObject)], result.Errors.Select(e => (e.Document.Line!.Value, e.Code)));
        Assert.Equal(new JsonTextPosition(1, 11), result.Errors[0].Position);
    }

    [Fact]
    public async Task Max_errors_truncates_in_line_order_whatever_the_parallelism()
    {
        var bad = Drop(JsonNode.Parse(MutationTests.Sample("TelecomDoctypes.GeoPoints", ExportProfile.Cozy).ToJsonString())!, "msisdn");
        var ndjson = string.Join("\n", Enumerable.Repeat(bad, 3000));
        ConformanceResult? first = null;
        foreach (var parallelism in new[] { 1, 2, 4 })
        {
            var validator = new SchemaConformanceValidator(new() { MaxErrors = 700, MaxDegreeOfParallelism = parallelism });
            var result = await validator.ValidateNdjsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "fr.orange.geopoint");
            Assert.Equal(3000, result.InvalidDocuments);
            Assert.True(result.ErrorsTruncated);
            Assert.Equal(700, result.Errors.Count);
            Assert.Equal(Enumerable.Range(1, 700).Select(i => (long)i), result.Errors.Select(e => e.Document.Line!.Value));
            first ??= result;
            Assert.Equal(first.Errors.Select(e => (e.Document.Line, e.Code, e.Property)), result.Errors.Select(e => (e.Document.Line, e.Code, e.Property)));
        }
    }

    [Fact]
    public async Task Cancellation_is_let_through()
    {
        var line = MutationTests.Sample("TelecomDoctypes.GeoPoints", ExportProfile.Cozy).ToJsonString();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Repeat(line, 5000))));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateNdjsonAsync(stream, "fr.orange.geopoint", cancelled.Token));
    }

    [Fact]
    public async Task A_failing_stream_fails_the_call_with_its_own_exception()
    {
        var validator = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy);
        await Assert.ThrowsAsync<IOException>(() => validator.ValidateNdjsonAsync(new FailingStream(Encoding.UTF8.GetBytes(new string('\n', 100_000))), "fr.orange.geopoint"));
    }

    internal static IEnumerable<LoadCurveReading> LinkyDays(int days)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < days * 48; i++)
        {
            yield return new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new SelfData.Core.Quantity(400 + (i % 48 * 25), SelfData.Core.Unit.Watt));
        }
    }

    private static JsonNode WithDocType(string json, string doctype)
    {
        var node = JsonNode.Parse(json)!;
        node["docType"] = doctype;
        return node;
    }

    private static string Drop(JsonNode node, string name)
    {
        var copy = node.DeepClone();
        copy.AsObject().Remove(name);
        return copy.ToJsonString();
    }

    private static string Set(JsonNode node, string name, string value)
    {
        var copy = node.DeepClone();
        copy[name] = value;
        return copy.ToJsonString();
    }

    private sealed class FailingStream(byte[] prefix) : MemoryStream(prefix)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position < Length ? base.Read(buffer, offset, count) : throw new IOException("The disk went away.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("The disk went away.");
    }
}
