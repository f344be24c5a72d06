using System.Text.Json.Nodes;
using System.Text;
using SelfData.Benchmarks.Portability;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Conformance;

/// <summary>The 175,200-reading customer export (10 years of Linky half-hours) as NDJSON, as the SDK writes it.</summary>
internal static class ConformanceData
{
    public const int Records = 175_200;
    public const string Doctype = "org.fing.mesinfos.consumptionstatement";
    public static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static PortabilityOptions Options(ExportProfile profile) => new()
    {
        Holder = new HolderId("enedis", "fr.enedis"),
        Profile = profile,
        CreatedByApp = "enedis-export",
        CreatedByAppVersion = "2.0.0",
    };

    public static Task<DatasetSummary> WriteAsync(LoadCurveReading[] readings, ExportProfile profile, Stream destination) =>
        new PortabilityExportBuilder(Options(profile), new FixedClock(Now))
            .ForSubject(new SubjectId("subject-1"))
            .Add(ElectricityDoctypes.LinkyStatements, readings)
            .Build()
            .Datasets[0]
            .WriteNdjsonAsync(destination);

    public static byte[] Ndjson(LoadCurveReading[] readings, ExportProfile profile)
    {
        using var stream = new MemoryStream(100 << 20);
        WriteAsync(readings, profile, stream).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    /// <summary>Breaks one document in a thousand: its start loses its offset (a strict instant needs one).</summary>
    public static byte[] Break(byte[] ndjson)
    {
        var lines = Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i += 1000)
        {
            var node = JsonNode.Parse(lines[i])!;
            node["start"] = node["start"]!.GetValue<string>()[..19];
            lines[i] = node.ToJsonString();
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }

    /// <summary>The same documents as one JSON array, the form a naive caller hands to JsonSchema.Net.</summary>
    public static byte[] AsArray(byte[] ndjson)
    {
        var lines = Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Encoding.UTF8.GetBytes("[" + string.Join(",\n", lines) + "]");
    }
}
