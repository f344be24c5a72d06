using System.Text.Json;
using System.Text.Unicode;
using Json.Pointer;
using Json.Schema;
using SelfData.Core;
using SelfData.Portability;

namespace SelfData.Conformance;

/// <summary>Where a document came from, kept as plain values until an error needs a <see cref="DocumentLocation"/>.</summary>
internal readonly record struct Source(string? Path, long Line, long Index)
{
    public static Source None => new(null, 0, -1);

    public DocumentLocation Locate(string? doctype) => new()
    {
        Path = Path,
        Line = Line > 0 ? Line : null,
        Index = Index >= 0 ? Index : null,
        Doctype = doctype,
    };
}

/// <summary>What a checker does beyond the level and profile: warnings, unknown doctypes, a holder's own schemas.</summary>
internal sealed record CheckerSettings(bool ReportWarnings, UnknownDoctypeHandling UnknownDoctypes, IReadOnlyDictionary<string, SchemaEntry> Custom, IReadOnlyDictionary<string, string> Aliases)
{
    public static CheckerSettings Default { get; } = new(true, UnknownDoctypeHandling.Error, new Dictionary<string, SchemaEntry>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Gets the published doctype whose schemas check a doctype: itself, or the one it is an alias of.</summary>
    public string Published(string doctype) => Aliases.TryGetValue(doctype, out var published) ? published : doctype;
}

/// <summary>
/// Checks one document: parses it, finds its doctype and schema, evaluates it with the Flag output, and only when it
/// fails evaluates it again with the detailed (hierarchical) output to explain every failed keyword. At the compatible
/// level, an accepted document is also given the strict schema's Flag verdict, and explained as warnings when it fails.
/// </summary>
internal sealed class DocumentChecker(ConformanceLevel level, ExportProfile profile, CheckerSettings? settings = null)
{
    private readonly CheckerSettings _settings = settings ?? CheckerSettings.Default;

    private const string DocTypeField = "docType";

    private static readonly EvaluationOptions DetailedOptions = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public ConformanceLevel Level { get; } = level;

    public ExportProfile Profile { get; } = profile;

    /// <summary>Checks a document given as UTF-8 bytes.</summary>
    public void Check(ReadOnlyMemory<byte> utf8, Source source, string? doctype, Tally tally)
    {
        if (TryParse(utf8, source, doctype, tally) is { } document)
        {
            using (document)
            {
                Check(document.RootElement, source, doctype, tally);
            }
        }
    }

    /// <summary>Checks a manifest, receipt or MyData record given as UTF-8 bytes.</summary>
    public static void CheckSelfData(ReadOnlyMemory<byte> utf8, SelfDataSchema schema, Source source, Tally tally)
    {
        if (TryParse(utf8, source, null, tally) is { } document)
        {
            using (document)
            {
                CheckSelfData(document.RootElement, schema, source, tally);
            }
        }
    }

    /// <summary>Parses UTF-8 JSON, or counts the document as invalid with an <c>SD3001</c> error giving the position.</summary>
    private static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8, Source source, string? doctype, Tally tally)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            tally.Count(null);
            tally.MarkInvalid();
            tally.Add(new ConformanceError(
                ConformanceErrorCodes.InvalidJson,
                "The document is not valid UTF-8.",
                source.Locate(doctype),
                position: Position(utf8.Span, FirstInvalidUtf8(utf8.Span))));
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8, ParseOptions);
        }
        catch (JsonException ex)
        {
            tally.Count(null);
            tally.MarkInvalid();
            tally.Add(new ConformanceError(
                ConformanceErrorCodes.InvalidJson,
                "The document is not well-formed JSON: " + ex.Message,
                source.Locate(doctype),
                position: ex.LineNumber is { } line ? new JsonTextPosition(line + 1, ex.BytePositionInLine ?? 0) : null));
            return null;
        }
    }

    /// <summary>Checks a parsed document, finding its schema from the doctype given or its <c>docType</c> field.</summary>
    public void Check(JsonElement document, Source source, string? doctype, Tally tally)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            tally.Count(null);
            tally.MarkInvalid();
            tally.Add(new ConformanceError(ConformanceErrorCodes.NotAnObject, $"A document is a JSON object, not {Kind(document.ValueKind)}.", source.Locate(doctype)));
            return;
        }

        doctype ??= document.TryGetProperty(DocTypeField, out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
        if (doctype is null)
        {
            tally.Count(null);
            tally.MarkInvalid();
            tally.Add(new ConformanceError(ConformanceErrorCodes.DoctypeMissing, $"The document's doctype is not known: pass it, or give the document a 'docType' field.", source.Locate(null)));
            return;
        }

        var wellNamed = Doctype.IsValid(doctype);
        var entry = wellNamed ? SchemaCatalogue.Find(Level, Profile, _settings.Published(doctype)) ?? _settings.Custom.GetValueOrDefault(doctype) : null;
        if (entry is null && wellNamed && _settings.UnknownDoctypes == UnknownDoctypeHandling.Warn)
        {
            tally.Count(doctype);
            tally.MarkWarned();
            if (tally.CanWarn)
            {
                tally.Add(new ConformanceWarning(ConformanceWarningCodes.UnknownDoctype, $"No schema is known for the doctype '{doctype}'; the document was accepted unchecked.", source.Locate(doctype)));
            }
            else
            {
                tally.WarningsTruncated = true;
            }

            return;
        }

        if (entry is null)
        {
            tally.Count(null);
            tally.MarkInvalid();
            tally.Add(new ConformanceError(ConformanceErrorCodes.UnknownDoctype, $"No schema is published for the doctype '{Printable(doctype)}'.", source.Locate(doctype)));
            return;
        }

        tally.Count(doctype);
        if (Evaluate(entry, document, source, doctype, tally) && Level == ConformanceLevel.Compatible && _settings.ReportWarnings
            && SchemaCatalogue.Find(ConformanceLevel.Strict, Profile, _settings.Published(doctype)) is { } strict)
        {
            Warn(strict, document, source, doctype, tally);
        }
    }

    /// <summary>Checks a document against one of the manifest, receipt and MyData record schemas.</summary>
    public static void CheckSelfData(JsonElement document, SelfDataSchema schema, Source source, Tally tally)
    {
        var entry = SchemaCatalogue.Find(schema);
        tally.Count(null);
        if (document.ValueKind != JsonValueKind.Object)
        {
            tally.MarkInvalid();
            tally.Add(new ConformanceError(ConformanceErrorCodes.NotAnObject, $"A document is a JSON object, not {Kind(document.ValueKind)}.", source.Locate(null), schemaId: entry.Id));
            return;
        }

        Evaluate(entry, document, source, null, tally);
    }

    /// <summary>Evaluates a document; returns whether it conforms.</summary>
    private static bool Evaluate(SchemaEntry entry, JsonElement document, Source source, string? doctype, Tally tally)
    {
        if (entry.Flag.IsValid(document))
        {
            return true;
        }

        tally.MarkInvalid();
        if (!tally.CanExplain)
        {
            tally.Truncated = true;
            return false;
        }

        var location = source.Locate(doctype);
        var before = tally.Errors.Count;
        var truncatedBefore = tally.Truncated;
        var results = entry.Schema.Evaluate(document, DetailedOptions);
        Walk(results, entry, (keyword, message, path, instance) => Report(keyword, message, path, instance, entry, document, location, tally));
        if (tally.Errors.Count == before && tally.Truncated == truncatedBefore)
        {
            tally.Add(new ConformanceError(ConformanceErrorCodes.SchemaViolation, "The document does not conform to its schema.", location, "", "", schemaId: entry.Id));
        }

        return false;
    }

    /// <summary>Lists where a document accepted at the compatible level is not strict.</summary>
    private static void Warn(SchemaEntry strict, JsonElement document, Source source, string doctype, Tally tally)
    {
        if (strict.Flag.IsValid(document))
        {
            return;
        }

        tally.MarkWarned();
        if (!tally.CanWarn)
        {
            tally.WarningsTruncated = true;
            return;
        }

        var location = source.Locate(doctype);
        var seen = new HashSet<(string Instance, string Code, string? Property)>();
        var results = strict.Schema.Evaluate(document, DetailedOptions);
        Walk(results, strict, (keyword, _, path, instance) =>
        {
            foreach (var warning in StrictDeviations.Describe(keyword, path, instance, document, strict, location))
            {
                if (seen.Add((warning.InstanceLocation, warning.Code, warning.Property)))
                {
                    tally.Add(warning);
                }
            }
        });
    }

    /// <summary>Visits every failed keyword of an evaluation, skipping what lies under a passing node.</summary>
    private static void Walk(EvaluationResults node, SchemaEntry entry, Action<string, string, EvaluationPaths.Resolved, string> visit)
    {
        if (node.IsValid)
        {
            // Nothing under a passing node is an error, even a failed branch of an anyOf it holds.
            return;
        }

        if (node.Errors is { Count: > 0 } errors)
        {
            var path = EvaluationPaths.Resolve(entry.Json, node.EvaluationPath.ToString());
            var instance = node.InstanceLocation.ToString();
            foreach (var (keyword, message) in errors)
            {
                visit(keyword, message, path, instance);
            }
        }

        foreach (var child in node.Details ?? [])
        {
            // A failed 'if' only chooses 'else'; it is never an error itself.
            if (child.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal))
            {
                continue;
            }

            Walk(child, entry, visit);
        }
    }

    private static void Report(string keyword, string message, EvaluationPaths.Resolved path, string instance, SchemaEntry entry, JsonElement document, DocumentLocation location, Tally tally)
    {
        var keywordLocation = keyword.Length == 0 ? path.Normalized : path.Normalized + "/" + keyword;
        switch (keyword)
        {
            case "required" or "dependentRequired":
                var missing = path.Node is { } schemaNode ? MissingProperties(keyword, schemaNode, Pointer(instance, document)) : [];
                if (missing.Count == 0)
                {
                    tally.Add(new ConformanceError(ConformanceErrorCodes.RequiredPropertyMissing, message, location, instance, keywordLocation, schemaId: entry.Id));
                }

                foreach (var name in missing)
                {
                    tally.Add(new ConformanceError(ConformanceErrorCodes.RequiredPropertyMissing, $"The required property '{name}' is missing.", location, instance, keywordLocation, name, schemaId: entry.Id));
                }

                return;
            case "":
                var last = path.Normalized[(path.Normalized.LastIndexOf('/') + 1)..];
                if (last is "additionalProperties" or "unevaluatedProperties")
                {
                    var property = instance[(instance.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                    tally.Add(new ConformanceError(ConformanceErrorCodes.UnexpectedProperty, $"The property '{property}' is not allowed here.", location, instance, keywordLocation, property, schemaId: entry.Id));
                }
                else
                {
                    tally.Add(new ConformanceError(ConformanceErrorCodes.SchemaViolation, message, location, instance, keywordLocation, schemaId: entry.Id));
                }

                return;
            default:
                var code = CodeFor(keyword);
                tally.Add(new ConformanceError(code, message, location, instance, keywordLocation, schemaId: entry.Id));
                return;
        }
    }

    internal static string CodeFor(string keyword) => keyword switch
    {
        "type" => ConformanceErrorCodes.WrongType,
        "format" => ConformanceErrorCodes.InvalidFormat,
        "pattern" => ConformanceErrorCodes.PatternMismatch,
        "enum" or "const" => ConformanceErrorCodes.ValueNotAllowed,
        "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "multipleOf" => ConformanceErrorCodes.OutOfRange,
        "minLength" or "maxLength" or "minItems" or "maxItems" or "uniqueItems" or "minProperties" or "maxProperties" => ConformanceErrorCodes.SizeOutOfRange,
        "additionalProperties" or "unevaluatedProperties" or "propertyNames" => ConformanceErrorCodes.UnexpectedProperty,
        "required" or "dependentRequired" => ConformanceErrorCodes.RequiredPropertyMissing,
        _ => ConformanceErrorCodes.SchemaViolation,
    };

    internal static List<string> MissingProperties(string keyword, JsonElement schemaNode, JsonElement? instance)
    {
        var missing = new List<string>();
        if (instance is not { ValueKind: JsonValueKind.Object } obj || !schemaNode.TryGetProperty(keyword, out var names))
        {
            return missing;
        }

        if (keyword == "required" && names.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in names.EnumerateArray())
            {
                if (name.GetString() is { } n && !obj.TryGetProperty(n, out _))
                {
                    missing.Add(n);
                }
            }
        }
        else if (names.ValueKind == JsonValueKind.Object)
        {
            foreach (var dependency in names.EnumerateObject())
            {
                if (!obj.TryGetProperty(dependency.Name, out _))
                {
                    continue;
                }

                foreach (var name in dependency.Value.EnumerateArray())
                {
                    if (name.GetString() is { } n && !obj.TryGetProperty(n, out _) && !missing.Contains(n))
                    {
                        missing.Add(n);
                    }
                }
            }
        }

        return missing;
    }

    internal static JsonElement? Pointer(string pointer, JsonElement document) =>
        JsonPointer.TryParse(pointer, out var parsed) ? parsed!.Evaluate(document) : null;

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "empty",
    };

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return index;
    }

    private static JsonTextPosition Position(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var line = before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new JsonTextPosition(line + 1, offset - lineStart);
    }

    /// <summary>Escapes and shortens a value for a message.</summary>
    internal static string Printable(string value) => UntrustedText.Escape(value, 80);
}
