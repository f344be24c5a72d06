using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SelfData.Conformance;

/// <summary>
/// Gives the Flag verdict of a published schema — the same verdict as evaluating the whole schema — at a fraction of the
/// cost for streams of similar documents.
/// </summary>
/// <remarks>
/// <para>A doctype schema's root is a conjunction: <c>type</c>, <c>required</c>, <c>dependentRequired</c> (and
/// <c>additionalProperties: false</c>) on the object, and each property's subschema on that property's value. The
/// evaluator builds the root's own keywords as one schema (the shell; <c>additionalProperties: false</c> becomes the
/// equivalent <c>propertyNames</c> enum) and each property subschema as a schema of its own (sharing the root's
/// <c>$defs</c>), and evaluates them separately with JsonSchema.Net: the document is valid exactly when the shell and
/// every property are. The verdict of a property value seen recently (the same
/// <c>cozyMetadata</c> in every document of an export, the same <c>contractNumber</c>, an <c>end</c> that is the next
/// document's <c>start</c>) is remembered, keyed by the value's exact UTF-8 bytes, so it is evaluated once; so is the
/// shell's verdict, which depends only on the sequence of property names.</para>
/// <para>A root that uses any other keyword is evaluated whole. Annotations are not collected: no schema published
/// here depends on them (<c>unevaluatedProperties</c> and <c>unevaluatedItems</c> are not used).</para>
/// </remarks>
internal sealed class FlagEvaluator
{
    internal static readonly EvaluationOptions Options = CreateOptions();

    private const int CacheSlots = 4096;
    private const int ShellSlots = 256;
    private const int MaxCachedBytes = 1024;

    private static readonly HashSet<string> RootKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "type", "properties", "required", "dependentRequired", "additionalProperties", "$defs",
    };

    private static readonly SchemaRegistry Registry = new();
    private static readonly object BuildLock = new();
    private static int s_nextKey;
    private static int s_nextId;

    /// <summary>Separates property names in a shell key; the byte 0xFF never occurs in UTF-8.</summary>
    private static readonly byte[] NameSeparator = [0xFF];

    [ThreadStatic]
    private static CacheSlot[]? t_cache;

    [ThreadStatic]
    private static CacheSlot[]? t_shells;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_names;

    private readonly int _shellKey = Interlocked.Increment(ref s_nextKey);

    private readonly JsonSchema _whole;
    private readonly JsonSchema? _shell;
    private readonly Dictionary<string, PropertyCheck>? _properties;

    private FlagEvaluator(JsonSchema whole, JsonSchema? shell, Dictionary<string, PropertyCheck>? properties)
    {
        _whole = whole;
        _shell = shell;
        _properties = properties;
    }

    /// <summary>Gets a value indicating whether the evaluator splits the schema (false: it evaluates it whole).</summary>
    internal bool IsSplit => _shell is not null;

    public static FlagEvaluator Create(SchemaEntry entry)
    {
        var root = entry.Json;
        if (root.ValueKind != JsonValueKind.Object
            || root.EnumerateObject().Any(p => !RootKeywords.Contains(p.Name))
            || !root.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return new FlagEvaluator(entry.Schema, null, null);
        }

        var closed = false;
        if (root.TryGetProperty("additionalProperties", out var additional))
        {
            if (additional.ValueKind != JsonValueKind.False)
            {
                return new FlagEvaluator(entry.Schema, null, null);
            }

            closed = true;
        }

        var rootNode = JsonNode.Parse(root.GetRawText())!.AsObject();
        var defs = rootNode["$defs"];

        // The shell keeps the object's own keywords. 'properties' goes (each subschema is checked on its own), and
        // 'additionalProperties: false' becomes the equivalent 'propertyNames' enum of the declared names.
        var shell = rootNode.DeepClone().AsObject();
        shell.Remove("properties");
        shell.Remove("$defs");
        if (closed)
        {
            shell.Remove("additionalProperties");
            shell["propertyNames"] = new JsonObject { ["enum"] = new JsonArray([.. properties.EnumerateObject().Select(p => (JsonNode)p.Name)]) };
        }

        var checks = new Dictionary<string, PropertyCheck>(StringComparer.Ordinal);
        var byDefinition = new Dictionary<string, PropertyCheck>(StringComparer.Ordinal);
        foreach (var property in properties.EnumerateObject())
        {
            var subschema = rootNode["properties"]![property.Name]!;
            var definition = subschema is JsonObject { Count: 1 } only && only["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal)
                ? reference
                : null;
            if (definition is not null && byDefinition.TryGetValue(definition, out var shared))
            {
                checks[property.Name] = shared;
                continue;
            }

            var check = new PropertyCheck(Interlocked.Increment(ref s_nextKey), Build(Standalone(subschema, defs)));
            checks[property.Name] = check;
            if (definition is not null)
            {
                byDefinition[definition] = check;
            }
        }

        return new FlagEvaluator(entry.Schema, Build(shell), checks);
    }

    public bool IsValid(JsonElement document)
    {
        if (_shell is null || document.ValueKind != JsonValueKind.Object)
        {
            return _whole.Evaluate(document, Options).IsValid;
        }

        // The shell's keywords (type, required, dependentRequired, propertyNames) look only at the property names:
        // its verdict is remembered per sequence of names, which documents of one dataset share.
        var names = t_names ??= new ArrayBufferWriter<byte>(256);
        names.ResetWrittenCount();
        var hash = new HashCode();
        hash.Add(_shellKey);
        foreach (var property in document.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            hash.AddBytes(name);
            names.Write(name);
            names.Write(NameSeparator);
            if (_properties!.TryGetValue(property.Name, out var check) && !check.IsValid(property.Value))
            {
                return false;
            }
        }

        var code = hash.ToHashCode();
        var cache = t_shells ??= new CacheSlot[ShellSlots];
        ref var slot = ref cache[code & (ShellSlots - 1)];
        if (slot.Key == _shellKey && slot.Hash == code && names.WrittenSpan.SequenceEqual(slot.Bytes))
        {
            return slot.Valid;
        }

        var valid = _shell.Evaluate(document, Options).IsValid;
        slot = new CacheSlot(_shellKey, code, names.WrittenSpan.ToArray(), valid);
        return valid;
    }

    private static EvaluationOptions CreateOptions()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
        options.IgnoreAllAnnotations();
        return options;
    }

    private static JsonObject Standalone(JsonNode subschema, JsonNode? defs)
    {
        var schema = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        if (subschema is JsonObject keywords)
        {
            foreach (var (name, value) in keywords)
            {
                schema[name] = value?.DeepClone();
            }
        }
        else if (subschema.GetValueKind() == JsonValueKind.False)
        {
            schema["not"] = new JsonObject();
        }

        if (defs is not null)
        {
            schema["$defs"] = defs.DeepClone();
        }

        return schema;
    }

    private static JsonSchema Build(JsonObject schema)
    {
        lock (BuildLock)
        {
            // A private id in a private registry: these derived schemas are never published or fetched. JsonSchema.Net
            // needs "$id" before the other keywords.
            var ordered = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = "https://schemas.selfdata.dev/internal/" + (++s_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json",
            };
            foreach (var (name, value) in schema)
            {
                if (name is not ("$schema" or "$id"))
                {
                    ordered[name] = value?.DeepClone();
                }
            }

            return JsonSchema.FromText(ordered.ToJsonString(), new BuildOptions { SchemaRegistry = Registry });
        }
    }

    private sealed class PropertyCheck(int key, JsonSchema schema)
    {
        public bool IsValid(JsonElement value)
        {
            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (raw.Length > MaxCachedBytes)
            {
                return schema.Evaluate(value, Options).IsValid;
            }

            var hash = new HashCode();
            hash.Add(key);
            hash.AddBytes(raw);
            var code = hash.ToHashCode();
            var cache = t_cache ??= new CacheSlot[CacheSlots];
            ref var slot = ref cache[code & (CacheSlots - 1)];
            if (slot.Key == key && slot.Hash == code && raw.SequenceEqual(slot.Bytes))
            {
                return slot.Valid;
            }

            var valid = schema.Evaluate(value, Options).IsValid;
            var bytes = slot.Bytes is { } reuse && reuse.Length == raw.Length ? reuse : new byte[raw.Length];
            raw.CopyTo(bytes);
            slot = new CacheSlot(key, code, bytes, valid);
            return valid;
        }
    }

    private readonly record struct CacheSlot(int Key, int Hash, byte[]? Bytes, bool Valid);
}
