using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Mapping;

namespace SelfData.Conformance.Tests.Schemas;

/// <summary>When a field is required.</summary>
internal enum Req
{
    /// <summary>Optional at both levels.</summary>
    No,

    /// <summary>Required at strict only: the SDK always writes it, real documents may lack it.</summary>
    Strict,

    /// <summary>Required at both levels: an identity field consumers cannot do without.</summary>
    Both,
}

/// <summary>Which profiles carry a field.</summary>
[Flags]
internal enum In
{
    Cozy = 1,
    MesInfos = 2,
    Both = Cozy | MesInfos,
}

/// <summary>Where a number may be written as a string at the compatible level.</summary>
internal enum StringNumbers
{
    /// <summary>Never.</summary>
    No,

    /// <summary>In the MesInfos profile: the pilot stored this number as a string.</summary>
    Pilot,

    /// <summary>In both profiles (cozy-stack itself writes <c>io.cozy.files</c> sizes as strings).</summary>
    Always,
}

/// <summary>The level and profile a schema is emitted for, and the shared definitions it uses.</summary>
internal sealed class Emit(ConformanceLevel level, ExportProfile profile)
{
    public ConformanceLevel Level { get; } = level;

    public ExportProfile Profile { get; } = profile;

    public bool Strict => Level == ConformanceLevel.Strict;

    public SortedDictionary<string, JsonNode> Defs { get; } = new(StringComparer.Ordinal);

    public JsonObject Ref(string name, Shape shape)
    {
        if (!Defs.ContainsKey(name))
        {
            Defs[name] = new JsonObject();
            Defs[name] = shape.ToJson(this);
        }

        return new JsonObject { ["$ref"] = "#/$defs/" + name };
    }
}

/// <summary>One field of an object.</summary>
internal sealed record Field(string Name, Shape Shape, Req Required = Req.No, In Profiles = In.Both, string? Description = null, bool NeverNull = false);

/// <summary>A compact description of a JSON value, emitted as a JSON Schema for a level and a profile.</summary>
internal abstract record Shape
{
    public abstract JsonObject ToJson(Emit e);
}

/// <summary>Regular expressions shared by the schemas.</summary>
internal static class Patterns
{
    private const string Year = "[0-9]{4}";

    // Years divisible by 4 but not by 100, or divisible by 400.
    private const string LeapYear = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";

    /// <summary>A calendar date that exists: months of 31, 30 and 28 days, and 29 February in leap years only.</summary>
    public const string CalendarDate =
        "(?:" + Year + "-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|" + LeapYear + "-02-29)";

    private const string Time = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:\\.[0-9]+)?)?";

    private const string Offset = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])";

    /// <summary>Strict instants: RFC 3339 with an uppercase <c>T</c> and a <c>Z</c> or <c>±hh:mm</c> offset (the format checks the calendar).</summary>
    public const string StrictInstant = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})$";

    /// <summary>Strict calendar dates: <c>YYYY-MM-DD</c> (the format checks the calendar).</summary>
    public const string StrictDate = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// <summary>
    /// Compatible dates and instants: an existing calendar date, optionally followed by a time (<c>T</c> or a space,
    /// seconds and fraction optional) and an optional offset. Rejects <c>2016-03-033T…</c>, a 13th month, 30 February.
    /// </summary>
    public const string CompatibleTemporal = "^" + CalendarDate + "(?:[Tt ]" + Time + Offset + "?)?$";

    public const string Decimal = "^-?[0-9]+(?:\\.[0-9]+)?$";

    public const string NonNegativeDecimal = "^[0-9]+(?:\\.[0-9]+)?$";

    public const string Integer = "^-?[0-9]+$";

    public const string NonNegativeInteger = "^[0-9]+$";

    public const string UsagePoint = "^[0-9]{14}$";

    public const string Msisdn = "^[1-9][0-9]{7,14}$";
}

internal sealed record TextShape(int MinLength = 0, string? StrictPattern = null, IReadOnlyList<string>? StrictValues = null, bool Nullable = false, string? Format = null) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        var o = new JsonObject { ["type"] = Nullable && !e.Strict ? new JsonArray("string", "null") : "string" };
        if (MinLength > 0)
        {
            o["minLength"] = MinLength;
        }

        if (e.Strict && StrictPattern is not null)
        {
            o["pattern"] = StrictPattern;
        }

        if (e.Strict && Format is not null)
        {
            o["format"] = Format;
        }

        if (e.Strict && StrictValues is not null)
        {
            o["enum"] = new JsonArray([.. StrictValues.Select(v => (JsonNode)v)]);
        }

        return o;
    }
}

/// <summary>A value fixed at both levels (a GeoJSON type, an Enedis measurement kind), or at strict only.</summary>
internal sealed record ConstShape(string Value, bool StrictOnly = false) : Shape
{
    public override JsonObject ToJson(Emit e) =>
        StrictOnly && !e.Strict ? new JsonObject { ["type"] = "string" } : new JsonObject { ["const"] = Value };
}

internal sealed record InstantShape(bool AllowNull = false) : Shape
{
    public override JsonObject ToJson(Emit e) => e.Ref(e.Strict ? "instant" : "temporal", e.Strict ? Strict : Compatible);

    private static readonly Shape Strict = new Raw(() => new JsonObject
    {
        ["description"] = "An instant: RFC 3339 date-time with an uppercase T and an offset (Z or ±hh:mm).",
        ["type"] = "string",
        ["format"] = "date-time",
        ["pattern"] = Patterns.StrictInstant,
    });

    internal static readonly Shape Compatible = new Raw(() => new JsonObject
    {
        ["description"] = "A date or date-time as real documents write it: an existing calendar date, then optionally a time after T or a space (seconds optional) and an optional offset.",
        ["type"] = "string",
        ["pattern"] = Patterns.CompatibleTemporal,
    });
}

internal sealed record DateShape(bool Nullable = false) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        if (!e.Strict)
        {
            var temporal = e.Ref("temporal", InstantShape.Compatible);
            return Nullable ? new JsonObject { ["anyOf"] = new JsonArray(temporal, new JsonObject { ["type"] = "null" }) } : temporal;
        }

        return e.Ref("date", new Raw(() => new JsonObject
        {
            ["description"] = "A calendar date, YYYY-MM-DD.",
            ["type"] = "string",
            ["format"] = "date",
            ["pattern"] = Patterns.StrictDate,
        }));
    }
}

/// <summary>A calendar date or an instant (<c>io.cozy.files</c> <c>metadata.datetime</c>).</summary>
internal sealed record DateOrInstantShape : Shape
{
    public override JsonObject ToJson(Emit e) =>
        e.Strict
            ? new JsonObject { ["anyOf"] = new JsonArray(new DateShape().ToJson(e), new InstantShape().ToJson(e)) }
            : new InstantShape().ToJson(e);
}

internal sealed record NumberShape(decimal? Min = null, decimal? Max = null, bool Integer = false, StringNumbers Strings = StringNumbers.No, string? StringPattern = null) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        var kind = Integer ? "integer" : "number";
        var strings = !e.Strict && (Strings == StringNumbers.Always || (Strings == StringNumbers.Pilot && e.Profile == ExportProfile.MesInfos));
        var o = new JsonObject { ["type"] = strings ? new JsonArray(kind, "string") : kind };
        if (Min is { } min)
        {
            o["minimum"] = JsonValue.Create(min);
        }

        if (Max is { } max)
        {
            o["maximum"] = JsonValue.Create(max);
        }

        if (strings)
        {
            o["pattern"] = StringPattern ?? (Integer
                ? Min >= 0 ? Patterns.NonNegativeInteger : Patterns.Integer
                : Min >= 0 ? Patterns.NonNegativeDecimal : Patterns.Decimal);
        }

        return o;
    }
}

internal sealed record BoolShape(bool Pilot = false) : Shape
{
    public override JsonObject ToJson(Emit e) =>
        Pilot && !e.Strict && e.Profile == ExportProfile.MesInfos
            ? new JsonObject { ["enum"] = new JsonArray(true, false, "true", "false") }
            : new JsonObject { ["type"] = "boolean" };
}

internal sealed record CurrencyShape : Shape
{
    private static readonly string[] Symbols = ["€", "$", "£"];

    public override JsonObject ToJson(Emit e) => e.Ref(e.Strict ? "currency" : "currencyOrSymbol", new Raw(() => e.Strict
        ? new JsonObject
        {
            ["description"] = "An ISO 4217 alphabetic currency code.",
            ["enum"] = new JsonArray([.. CurrencyCode.KnownCodes.Order(StringComparer.Ordinal).Select(c => (JsonNode)c)]),
        }
        : new JsonObject
        {
            ["description"] = "An ISO 4217 alphabetic currency code, or one of the symbols older Cozy documents store (€, $, £).",
            ["enum"] = new JsonArray([.. CurrencyCode.KnownCodes.Order(StringComparer.Ordinal).Concat(Symbols).Select(c => (JsonNode)c)]),
        }));
}

/// <summary>A legacy link string <c>"&lt;doctype&gt;:&lt;id&gt;"</c>.</summary>
internal sealed record LegacyLinkShape(string Doctype) : Shape
{
    public override JsonObject ToJson(Emit e) => new()
    {
        ["type"] = "string",
        ["pattern"] = "^" + Doctype.Replace(".", "\\.", StringComparison.Ordinal) + ":.+$",
    };
}

/// <summary>A Cozy relationship, <c>{"data": {"_id", "_type"}}</c>; at the compatible level <c>data</c> may also be null or a list.</summary>
internal sealed record RelationshipShape(string Target) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        var item = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["_id"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                ["_type"] = new JsonObject { ["const"] = Target },
            },
            ["required"] = new JsonArray("_id", "_type"),
        };
        JsonNode data = e.Strict
            ? item
            : new JsonObject { ["anyOf"] = new JsonArray(item, new JsonObject { ["type"] = "null" }, new JsonObject { ["type"] = "array", ["items"] = item.DeepClone() }) };
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["data"] = data },
            ["required"] = new JsonArray("data"),
        };
    }
}

internal sealed record ObjectShape(IReadOnlyList<Field> Fields, bool ClosedAtStrict = false, bool ClosedAlways = false, IReadOnlyDictionary<string, string[]>? StrictDependencies = null) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in Fields)
        {
            if ((field.Profiles & (e.Profile == ExportProfile.Cozy ? In.Cozy : In.MesInfos)) == 0)
            {
                continue;
            }

            var schema = field.Shape.ToJson(e);
            if (!e.Strict && field.Required != Req.Both && !field.NeverNull)
            {
                // What platforms receive: an optional value may be null (Orange's content.subTitle, EDF's counter.peakHours),
                // and an optional date may be empty (the pilot's nextBillDate "").
                schema = field.Shape is DateShape or InstantShape
                    ? new JsonObject { ["anyOf"] = new JsonArray(schema.DeepClone(), new JsonObject { ["type"] = "null" }, new JsonObject { ["const"] = "" }) }
                    : OrNull(schema);
            }

            if (field.Description is not null)
            {
                schema = Describe(schema, field.Description);
            }

            properties[field.Name] = schema;
            if (field.Required == Req.Both || (field.Required == Req.Strict && e.Strict))
            {
                required.Add(field.Name);
            }
        }

        var o = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            o["required"] = required;
        }

        if (e.Strict && StrictDependencies is not null)
        {
            var deps = new JsonObject();
            foreach (var (name, needs) in StrictDependencies)
            {
                deps[name] = new JsonArray([.. needs.Select(n => (JsonNode)n)]);
            }

            o["dependentRequired"] = deps;
        }

        if (ClosedAlways || (ClosedAtStrict && e.Strict))
        {
            o["additionalProperties"] = false;
        }

        return o;
    }

    /// <summary>The same schema, also accepting <c>null</c>.</summary>
    internal static JsonObject OrNull(JsonObject schema)
    {
        if (schema["type"] is JsonValue single && single.GetValue<string>() is var type && schema["$ref"] is null && schema["anyOf"] is null)
        {
            var copy = (JsonObject)schema.DeepClone();
            copy["type"] = type == "null" ? "null" : new JsonArray(type, "null");
            return copy;
        }

        if (schema["type"] is JsonArray types && schema["$ref"] is null && schema["anyOf"] is null)
        {
            var copy = (JsonObject)schema.DeepClone();
            if (!types.Any(t => t?.GetValue<string>() == "null"))
            {
                ((JsonArray)copy["type"]!).Add("null");
            }

            return copy;
        }

        if (schema["enum"] is JsonArray values && schema.Count == 1)
        {
            if (values.Any(v => v is null))
            {
                return schema;
            }

            var copy = (JsonObject)schema.DeepClone();
            ((JsonArray)copy["enum"]!).Add(null);
            return copy;
        }

        if (schema["anyOf"] is JsonArray choices && choices.Any(c => c is JsonObject o && o.Count == 1 && o["type"]?.GetValue<string>() == "null"))
        {
            return schema;
        }

        return new JsonObject { ["anyOf"] = new JsonArray(schema.DeepClone(), new JsonObject { ["type"] = "null" }) };
    }

    private static JsonObject Describe(JsonObject schema, string description)
    {
        var described = new JsonObject { ["description"] = description };
        foreach (var (key, value) in schema)
        {
            described[key] = value?.DeepClone();
        }

        return described;
    }
}

internal sealed record ArrayShape(Shape Items, int MinItems = 0, int? MaxItems = null) : Shape
{
    public override JsonObject ToJson(Emit e)
    {
        var o = new JsonObject { ["type"] = "array", ["items"] = Items.ToJson(e) };
        if (MinItems > 0)
        {
            o["minItems"] = MinItems;
        }

        if (MaxItems is { } max && e.Strict)
        {
            o["maxItems"] = max;
        }

        return o;
    }
}

/// <summary>One shape at the strict level, another at the compatible level.</summary>
internal sealed record LevelShape(Shape Strict, Shape Compatible) : Shape
{
    public override JsonObject ToJson(Emit e) => e.Strict ? Strict.ToJson(e) : Compatible.ToJson(e);
}

/// <summary>A named definition in <c>$defs</c>, referenced with <c>$ref</c>.</summary>
internal sealed record DefShape(string Name, Shape Shape) : Shape
{
    public override JsonObject ToJson(Emit e) => e.Ref(Name, Shape);
}

/// <summary><c>if</c> the value's <c>type</c> is <paramref name="Type"/> <c>then</c> one shape <c>else</c> the other.</summary>
internal sealed record ByTypeShape(string Type, Shape Then, Shape Else) : Shape
{
    public override JsonObject ToJson(Emit e) => new()
    {
        ["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { ["type"] = new JsonObject { ["const"] = Type } },
            ["required"] = new JsonArray("type"),
        },
        ["then"] = Then.ToJson(e),
        ["else"] = Else.ToJson(e),
    };
}

/// <summary>A hand-written fragment, the same at both levels unless the factory looks at nothing else.</summary>
internal sealed record Raw(Func<JsonObject> Create) : Shape
{
    public override JsonObject ToJson(Emit e) => Create();
}

/// <summary>One doctype's documents.</summary>
internal sealed record DoctypeDefinition(string Doctype, string Title, string Description, IReadOnlyList<Field> Fields, bool FilesMetadata = false, IReadOnlyDictionary<string, string[]>? StrictDependencies = null);

/// <summary>Writes a doctype's schema for a level and a profile.</summary>
internal static class SchemaWriter
{
    public const string BaseUri = "https://schemas.selfdata.dev/v1/";

    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Folder(ConformanceLevel level, ExportProfile profile) =>
        (level == ConformanceLevel.Strict ? "strict" : "compatible") + "/" + (profile == ExportProfile.Cozy ? "cozy" : "mesinfos");

    public static string RelativePath(ConformanceLevel level, ExportProfile profile, string doctype) =>
        Folder(level, profile) + "/" + doctype + ".schema.json";

    public static string Write(DoctypeDefinition doctype, ConformanceLevel level, ExportProfile profile)
    {
        var e = new Emit(level, profile);
        var envelope = new List<Field>
        {
            new("_id", new TextShape(1), Req.Strict, Description: "The document's id; the SDK derives it from the identity keys.", NeverNull: true),
        };
        if (profile == ExportProfile.Cozy)
        {
            envelope.Add(new("cozyMetadata", new DefShape("cozyMetadata", CozyMetadata(doctype.FilesMetadata)), Req.Strict, NeverNull: true));
        }
        else
        {
            envelope.Add(new("docTypeVersion", new TextShape(1), Req.Strict, Description: "The MesInfos traceability string: app and version that produced the document.", NeverNull: true));
        }

        var root = new ObjectShape([.. envelope.Take(1), .. doctype.Fields, .. envelope.Skip(1)], StrictDependencies: doctype.StrictDependencies).ToJson(e);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseUri + RelativePath(level, profile, doctype.Doctype),
            ["title"] = $"{doctype.Doctype} ({(level == ConformanceLevel.Strict ? "strict" : "compatible")}, {(profile == ExportProfile.Cozy ? "Cozy" : "MesInfos")} profile)",
            ["description"] = doctype.Title + ". " + doctype.Description + " " + (level == ConformanceLevel.Strict
                ? "Strict level: what SelfData.Sdk emits and what new holders should produce."
                : "Compatible level: what platforms receive today from Cozy and the MesInfos pilot, when well formed."),
        };
        foreach (var (key, value) in root)
        {
            schema[key] = value?.DeepClone();
        }

        if (e.Defs.Count > 0)
        {
            var defs = new JsonObject();
            foreach (var (name, def) in e.Defs)
            {
                defs[name] = def.DeepClone();
            }

            schema["$defs"] = defs;
        }

        return schema.ToJsonString(JsonOptions) + "\n";
    }

    private static ObjectShape CozyMetadata(bool files)
    {
        var instant = new InstantShape();
        List<Field> fields =
        [
            new("doctypeVersion", new NumberShape(Min: 1, Integer: true, Strings: StringNumbers.Always), Req.Strict),
            new("metadataVersion", new NumberShape(Min: 1, Max: 1, Integer: true), Req.Strict),
            new("createdAt", instant, Req.Strict),
            new("updatedAt", instant, Req.Strict),
            new("createdByApp", new TextShape(1), Req.Strict),
            new("createdByAppVersion", new TextShape(1), Req.Strict),
            new("updatedByApps", new ArrayShape(new ObjectShape([new("slug", new TextShape(1)), new("date", instant), new("version", new TextShape())]))),
            new("sourceAccount", new TextShape()),
            new("sourceAccountIdentifier", new TextShape()),
        ];
        if (files)
        {
            // cozy-stack refuses any other key in the cozyMetadata of io.cozy.files.
            fields.Add(new("createdOn", new TextShape()));
            fields.Add(new("uploadedAt", instant));
            fields.Add(new("uploadedOn", new TextShape()));
            fields.Add(new("uploadedBy", new ObjectShape([])));
        }
        else
        {
            fields.Add(new("favorite", new BoolShape()));
        }

        return new ObjectShape(fields, ClosedAlways: files);
    }
}
