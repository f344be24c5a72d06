using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelfData.Conformance.Tests;

/// <summary>One value of a document with the schema that applies to it, found by walking the schema alongside the document.</summary>
/// <param name="Pointer">The value's JSON Pointer.</param>
/// <param name="Value">The value.</param>
/// <param name="Schema">The schema object that applies (after <c>$ref</c> and <c>if</c>/<c>then</c>/<c>else</c>).</param>
/// <param name="Definition">The <c>$defs</c> name the schema was reached through last (<c>instant</c>, <c>currency</c>…), if any.</param>
internal sealed record SchemaSite(string Pointer, JsonNode? Value, JsonElement Schema, string? Definition);

/// <summary>Walks a published schema alongside a document, to aim mutations at the values a keyword governs.</summary>
internal static class SchemaNavigator
{
    /// <summary>Every value of the document that a schema governs; arrays contribute their first and last items only.</summary>
    public static List<SchemaSite> Sites(JsonElement root, JsonNode document)
    {
        var sites = new List<SchemaSite>();
        Walk(root, root, null, document, "", sites);
        return sites;
    }

    private static void Walk(JsonElement root, JsonElement schema, string? definition, JsonNode? value, string pointer, List<SchemaSite> sites)
    {
        (schema, definition) = Resolve(root, schema, definition, value);
        sites.Add(new SchemaSite(pointer, value, schema, definition));
        switch (value)
        {
            case JsonObject obj when schema.TryGetProperty("properties", out var properties):
                foreach (var (name, child) in obj.ToList())
                {
                    if (properties.TryGetProperty(name, out var childSchema))
                    {
                        Walk(root, childSchema, null, child, pointer + "/" + Escape(name), sites);
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var index in new[] { 0, array.Count - 1 }.Distinct())
                {
                    var itemSchema = schema.TryGetProperty("prefixItems", out var prefix) && index < prefix.GetArrayLength()
                        ? prefix[index]
                        : schema.TryGetProperty("items", out var items) ? items : (JsonElement?)null;
                    if (itemSchema is { } s)
                    {
                        Walk(root, s, null, array[index], pointer + "/" + index, sites);
                    }
                }

                break;
        }
    }

    private static (JsonElement Schema, string? Definition) Resolve(JsonElement root, JsonElement schema, string? definition, JsonNode? value)
    {
        while (true)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!["#/$defs/".Length..];
                definition = name;
                schema = root.GetProperty("$defs").GetProperty(name);
                continue;
            }

            if (schema.TryGetProperty("if", out var condition))
            {
                var expected = condition.GetProperty("properties").GetProperty("type").GetProperty("const").GetString();
                // A mutated document may hold a "type" of another kind: only a string selects a branch.
                var actual = (value as JsonObject)?["type"] is JsonValue type && type.TryGetValue<string>(out var text) ? text : null;
                schema = schema.GetProperty(actual == expected ? "then" : "else");
                continue;
            }

            if (schema.TryGetProperty("anyOf", out var branches) && value is not null)
            {
                // Take the first branch that admits the value's kind (dates before instants, objects before null).
                var kind = value.GetValueKind();
                foreach (var branch in branches.EnumerateArray())
                {
                    var (resolved, name) = Resolve(root, branch, definition, value);
                    if (!resolved.TryGetProperty("type", out var type) || Admits(type, kind))
                    {
                        return (resolved, name);
                    }
                }
            }

            return (schema, definition);
        }
    }

    internal static bool Admits(JsonElement type, JsonValueKind kind)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
        return kind switch
        {
            JsonValueKind.String => names.Contains("string"),
            JsonValueKind.Number => names.Contains("number") || names.Contains("integer"),
            JsonValueKind.True or JsonValueKind.False => names.Contains("boolean"),
            JsonValueKind.Object => names.Contains("object"),
            JsonValueKind.Array => names.Contains("array"),
            JsonValueKind.Null => names.Contains("null"),
            _ => false,
        };
    }

    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Finds the value at a pointer and its parent container.</summary>
    public static (JsonNode? Parent, string Key) Locate(JsonNode document, string pointer)
    {
        var segments = pointer.Split('/')[1..].Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode? parent = document;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            parent = parent is JsonArray a ? a[int.Parse(segments[i], System.Globalization.CultureInfo.InvariantCulture)] : parent![segments[i]];
        }

        return (parent, segments[^1]);
    }

    /// <summary>Returns a copy of the document with the value at a pointer replaced, or removed when <paramref name="replacement"/> is <see langword="null"/> and <paramref name="remove"/> is set.</summary>
    public static string With(JsonNode document, string pointer, JsonNode? replacement, bool remove = false)
    {
        var copy = document.DeepClone();
        var (parent, key) = Locate(copy, pointer);
        if (parent is JsonArray array)
        {
            array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        }
        else if (remove)
        {
            parent!.AsObject().Remove(key);
        }
        else
        {
            parent!.AsObject()[key] = replacement;
        }

        return copy.ToJsonString();
    }
}
