using System.Text.Json;
using Json.Schema;
using SelfData.Core;

namespace SelfData.Conformance;

/// <summary>A holder's own doctype schema (<see cref="SchemaConformanceValidatorOptions.DoctypeSchemas"/>), built into a registry of its own.</summary>
internal static class CustomSchema
{
    /// <summary>Builds the entry of a holder's schema, or says why it cannot be used.</summary>
    public static SchemaEntry? TryBuild(string doctype, string text, out string? problem)
    {
        problem = null;
        if (text is null)
        {
            problem = "it is null.";
            return null;
        }

        Uri id;
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "a doctype schema is a JSON object.";
                return null;
            }

            if (FirstExternalReference(json.RootElement) is { } reference)
            {
                problem = $"it refers to '{UntrustedText.Escape(reference, 80)}'; a schema here is self-contained (references start with '#').";
                return null;
            }

            id = json.RootElement.TryGetProperty("$id", out var declared) && declared.ValueKind == JsonValueKind.String && Uri.TryCreate(declared.GetString(), UriKind.Absolute, out var absolute)
                ? absolute
                : new Uri("urn:selfdata:doctype:" + doctype);
        }
        catch (JsonException e)
        {
            problem = "it is not well-formed JSON: " + e.Message;
            return null;
        }

        var registry = new SchemaRegistry();
        var entry = new SchemaEntry(id, "custom/" + doctype + ".schema.json", () => text, e => JsonSchema.FromText(e.Text, new BuildOptions { SchemaRegistry = registry }));
        try
        {
            _ = entry.Schema;
            _ = entry.Flag;
            return entry;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or JsonSchemaException or RefResolutionException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string? FirstExternalReference(JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name is "$ref" or "$dynamicRef" && property.Value.ValueKind == JsonValueKind.String && !property.Value.GetString()!.StartsWith('#'))
                    {
                        return property.Value.GetString();
                    }

                    if (FirstExternalReference(property.Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    if (FirstExternalReference(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
