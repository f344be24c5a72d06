using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Json.Schema;
using SelfData.Conformance;
using SelfData.Portability;
using SelfData.Benchmarks.Portability;
using SelfData.Core;

namespace SelfData.Benchmarks.Conformance;

/// <summary>
/// Validates the 175,200-reading customer export at the strict level: the SDK's validator on the NDJSON (parallel,
/// Flag first, detailed output only for failing documents) against JsonSchema.Net used naively on the same documents —
/// the whole export as one JSON array, evaluated with the List output and format validation. Goal: ≥ 5× faster, with
/// identical verdicts and error locations (checked in the setup, on the valid export and on one where one document in a
/// thousand is broken).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NdjsonValidationBenchmarks
{
    private static readonly EvaluationOptions ListOptions = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private byte[] _ndjson = [];
    private byte[] _array = [];
    private JsonSchema _naiveSchema = null!;
    private SchemaConformanceValidator _validator = null!;

    [Params("valid", "one in 1000 broken")]
    public string Export { get; set; } = "valid";

    [GlobalSetup]
    public void Setup()
    {
        var readings = LoadCurveData.Readings(ConformanceData.Records).ToArray();
        _ndjson = ConformanceData.Ndjson(readings, ExportProfile.Cozy);
        if (Export != "valid")
        {
            _ndjson = ConformanceData.Break(_ndjson);
        }

        _array = ConformanceData.AsArray(_ndjson);
        _validator = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Strict, Profile = ExportProfile.Cozy });

        // The naive caller: the published schema, and an array schema around it, built once in a registry of its own.
        var registry = new SchemaRegistry();
        var id = ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, ConformanceData.Doctype)!;
        JsonSchema.FromText(ConformanceSchemas.GetSchemaText(id)!, new BuildOptions { SchemaRegistry = registry });
        _naiveSchema = JsonSchema.FromText(
            """{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://benchmarks.selfdata.dev/export.json","type":"array","items":{"$ref":""" + "\"" + id.AbsoluteUri + "\"}}",
            new BuildOptions { SchemaRegistry = registry });

        // Both sides must give the same verdict and the same error locations, or the comparison means nothing.
        var naive = NaiveErrors();
        var sdk = _validator.ValidateNdjsonAsync(new MemoryStream(_ndjson), ConformanceData.Doctype).GetAwaiter().GetResult();
        var ours = sdk.Errors.Select(e => ((e.Document.Line!.Value - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + e.InstanceLocation, Keyword(e.KeywordLocation!))).Order().ToList();
        if (naive.Valid != sdk.IsValid || !naive.Errors.Order().SequenceEqual(ours) || sdk.Documents != ConformanceData.Records)
        {
            throw new InvalidOperationException($"The naive evaluation and the SDK disagree: {naive.Errors.Count} against {ours.Count} errors.");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSchema.Net naive: whole array, List output")]
    public int Naive()
    {
        using var document = JsonDocument.Parse(_array);
        var results = _naiveSchema.Evaluate(document.RootElement, ListOptions);
        return results.IsValid ? 0 : results.Details?.Count ?? 0;
    }

    [Benchmark(Description = "SDK validator: NDJSON, Flag then detailed")]
    public async Task<long> Sdk() => (await _validator.ValidateNdjsonAsync(new MemoryStream(_ndjson), ConformanceData.Doctype)).InvalidDocuments;

    private (bool Valid, List<(string Location, string Keyword)> Errors) NaiveErrors()
    {
        using var document = JsonDocument.Parse(_array);
        var results = _naiveSchema.Evaluate(document.RootElement, ListOptions);
        var errors = new List<(string, string)>();
        foreach (var detail in results.Details ?? [])
        {
            foreach (var keyword in detail.Errors?.Keys.ToList() ?? [])
            {
                errors.Add((detail.InstanceLocation.ToString()[1..], keyword));
            }
        }

        return (results.IsValid, errors);
    }

    private static string Keyword(string keywordLocation) => keywordLocation[(keywordLocation.LastIndexOf('/') + 1)..];
}
