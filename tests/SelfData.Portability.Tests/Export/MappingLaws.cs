using System.Text.Json;
using SelfData.Core;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests;

/// <summary>The laws every doctype mapping obeys, checked the same way for every doctype and profile.</summary>
internal static class MappingLaws
{
    public static readonly (ExportProfile Profile, bool PilotStrings)[] Profiles =
    [
        (ExportProfile.Cozy, false),
        (ExportProfile.MesInfos, false),
        (ExportProfile.MesInfos, true),
    ];

    /// <summary>record → JSON → record gives the record back, in every profile.</summary>
    public static bool RoundTrips<T>(IDoctypeMapping<T> mapping, IReadOnlyList<T> records, Func<T, T, bool> equal)
    {
        foreach (var (profile, pilot) in Profiles)
        {
            var docs = ExportHarness.WriteAsync(mapping, records, ExportHarness.Options(profile, pilot)).GetAwaiter().GetResult();
            var back = ExportHarness.ReadBack(mapping, docs, profile);
            if (back.Count != records.Count)
            {
                return false;
            }

            for (var i = 0; i < back.Count; i++)
            {
                if (!equal(records[i], back[i]))
                {
                    throw new InvalidOperationException($"Round trip differs in {profile} (pilot strings {pilot}):\n{docs[i]}\noriginal: {records[i]}\nread:     {back[i]}");
                }
            }
        }

        return true;
    }

    /// <summary>The same input gives byte-identical NDJSON, hence identical ids.</summary>
    public static bool IsDeterministic<T>(IDoctypeMapping<T> mapping, IReadOnlyList<T> records)
    {
        foreach (var (profile, pilot) in Profiles)
        {
            var first = ExportHarness.NdjsonAsync(mapping, records, ExportHarness.Options(profile, pilot)).GetAwaiter().GetResult();
            var second = ExportHarness.NdjsonAsync(mapping, records, ExportHarness.Options(profile, pilot)).GetAwaiter().GetResult();
            if (!first.AsSpan().SequenceEqual(second))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every document carries the fields documented for its doctype, and the profile's envelope.</summary>
    public static void HasFields<T>(IDoctypeMapping<T> mapping, T record, params string[] fields)
    {
        foreach (var (profile, pilot) in Profiles)
        {
            var json = ExportHarness.WriteAsync(mapping, [record], ExportHarness.Options(profile, pilot)).GetAwaiter().GetResult().Single();
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.String, root.GetProperty("_id").ValueKind);
            Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("_id").GetString());
            foreach (var field in fields)
            {
                var element = root;
                foreach (var part in field.Split('.'))
                {
                    var found = int.TryParse(part, out var index)
                        ? element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength()
                        : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(part, out _);
                    Assert.True(found, $"{mapping.Doctype} ({profile}) has no '{field}':\n{json}");
                    element = element.ValueKind == JsonValueKind.Array ? element[index] : element.GetProperty(part);
                }
            }

            if (profile == ExportProfile.Cozy)
            {
                var meta = root.GetProperty("cozyMetadata");
                Assert.Equal(1, meta.GetProperty("metadataVersion").GetInt32());
                Assert.Equal(mapping.DoctypeVersion, meta.GetProperty("doctypeVersion").GetInt32());
                Assert.False(root.TryGetProperty("docTypeVersion", out _));
            }
            else
            {
                Assert.Equal("selfdata-tests-1.0.0", root.GetProperty("docTypeVersion").GetString());
                Assert.False(root.TryGetProperty("cozyMetadata", out _));
            }
        }
    }

    /// <summary>A broken record is refused with its code, naming doctype, record index and field; nothing is written.</summary>
    public static SelfDataValidationException Rejects<T>(IDoctypeMapping<T> mapping, IReadOnlyList<T> records, int brokenIndex, string code, string? field = null)
    {
        var sink = new ExportHarness.CollectingSink();
        var export = ExportHarness.Builder().Add(mapping, records).Build();
        var ex = Assert.ThrowsAsync<SelfDataValidationException>(() => export.WriteAsync(sink)).GetAwaiter().GetResult();
        Assert.Equal(code, ex.Code);
        Assert.Equal(mapping.Doctype.Name, ex.Doctype);
        Assert.Equal(brokenIndex, ex.RecordIndex);
        if (field is not null)
        {
            Assert.Equal(field, ex.FieldPath);
        }

        Assert.DoesNotContain(code, ex.Message, StringComparison.Ordinal);
        Assert.Equal(brokenIndex, sink.Documents.Count);
        return ex;
    }
}
