using System.Text.Json;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests;

/// <summary>
/// Compares records that hold lists (whose record equality is by reference) by every public property, through their
/// System.Text.Json form: instants with their offsets, decimals with their scale, doubles to the last bit.
/// </summary>
internal static class StructuralEquality
{
    public static bool Same<T>(T expected, T actual) =>
        JsonSerializer.Serialize(expected) == JsonSerializer.Serialize(actual);
}

/// <summary>Finds values in a document by a path such as <c>series[0].features[2].properties.distance</c>.</summary>
internal static class DocumentPaths
{
    public static JsonElement Find(JsonElement root, string path)
    {
        var element = root;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var indexes = new List<int>();
            while (name.EndsWith(']'))
            {
                var open = name.LastIndexOf('[');
                indexes.Insert(0, int.Parse(name[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
                name = name[..open];
            }

            Assert.True(element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out element), $"No '{name}' in '{path}'.");
            foreach (var index in indexes)
            {
                Assert.True(element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > index, $"No item {index} in '{path}'.");
                element = element[index];
            }
        }

        return element;
    }

    /// <summary>Asserts that the document of each profile has every path.</summary>
    public static void HasPaths<T>(IDoctypeMapping<T> mapping, T record, params string[] paths)
    {
        foreach (var (profile, pilot) in MappingLaws.Profiles)
        {
            var json = ExportHarness.WriteAsync(mapping, [record], ExportHarness.Options(profile, pilot)).GetAwaiter().GetResult().Single();
            using var document = JsonDocument.Parse(json);
            foreach (var path in paths)
            {
                Find(document.RootElement, path);
            }
        }
    }
}
