using System.Text;
using System.Text.Json;
using Json.Schema;

namespace SelfData.Conformance;

/// <summary>
/// Follows an evaluation path (the keywords the evaluator went through, <c>$ref</c> included) over a schema's JSON,
/// to give the spec's keyword location and the schema object a failed keyword belongs to.
/// </summary>
/// <remarks>
/// JsonSchema.Net 8.0.5 writes the <c>items</c> keyword twice in evaluation paths (<c>/items/items</c>); the path is
/// normalised to one, after checking once per process how the evaluator writes it.
/// </remarks>
internal static class EvaluationPaths
{
    private static readonly Lazy<bool> ItemsDoubled = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Keywords followed by a property name or an index, then a subschema.</summary>
    private static readonly HashSet<string> Named = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "prefixItems", "allOf", "anyOf", "oneOf",
    };

    /// <summary>The outcome of following a path: its normalised form and, when found, the schema object it ends at.</summary>
    internal readonly record struct Resolved(string Normalized, JsonElement? Node);

    public static Resolved Resolve(JsonElement root, string evaluationPath)
    {
        if (evaluationPath.Length == 0)
        {
            return new(string.Empty, root);
        }

        var segments = evaluationPath.Split('/');
        var normalized = new StringBuilder(evaluationPath.Length);
        JsonElement? current = root;
        var i = 1;
        while (i < segments.Length)
        {
            var keyword = segments[i];
            normalized.Append('/').Append(keyword);
            i++;
            if (Named.Contains(keyword) && i < segments.Length)
            {
                var name = segments[i];
                normalized.Append('/').Append(name);
                i++;
                current = Step(current, keyword) is { } container ? Child(container, Unescape(name)) : null;
                continue;
            }

            if (keyword == "$ref")
            {
                current = current is { ValueKind: JsonValueKind.Object } node && node.TryGetProperty("$ref", out var target) && target.GetString() is { } reference
                    ? Local(root, reference)
                    : null;
                continue;
            }

            if (keyword == "items" && ItemsDoubled.Value && i < segments.Length && segments[i] == "items")
            {
                i++;
            }

            current = Step(current, keyword);
        }

        return new(normalized.ToString(), current);
    }

    private static JsonElement? Step(JsonElement? node, string keyword) =>
        node is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(keyword, out var value) ? value : null;

    private static JsonElement? Child(JsonElement container, string name) => container.ValueKind switch
    {
        JsonValueKind.Object => container.TryGetProperty(name, out var value) ? value : null,
        JsonValueKind.Array => int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < container.GetArrayLength() ? container[index] : null,
        _ => null,
    };

    private static JsonElement? Local(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        JsonElement? current = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is { } c ? Child(c, Unescape(Uri.UnescapeDataString(segment))) : null;
        }

        return current;
    }

    private static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static bool Probe()
    {
        var schema = JsonSchema.FromText(
            """{"$schema":"https://json-schema.org/draft/2020-12/schema","items":{"type":"string"}}""",
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var instance = JsonDocument.Parse("[1]");
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.Details?.Any(d => d.EvaluationPath.ToString() == "/items/items") ?? false;
    }
}
