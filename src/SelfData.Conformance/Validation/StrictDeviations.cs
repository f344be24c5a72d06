using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SelfData.Conformance;

/// <summary>Turns a strict-schema failure of a document the compatible level accepted into warnings, with the strict form expected.</summary>
internal static partial class StrictDeviations
{
    public static IEnumerable<ConformanceWarning> Describe(string keyword, EvaluationPaths.Resolved path, string instance, JsonElement document, SchemaEntry strict, DocumentLocation location)
    {
        var keywordLocation = keyword.Length == 0 ? path.Normalized : path.Normalized + "/" + keyword;
        var strictCode = DocumentChecker.CodeFor(keyword);
        if (keyword is "required" or "dependentRequired")
        {
            var missing = path.Node is { } node ? DocumentChecker.MissingProperties(keyword, node, DocumentChecker.Pointer(instance, document)) : [];
            foreach (var name in missing)
            {
                yield return new ConformanceWarning(
                    ConformanceWarningCodes.StrictFieldMissing,
                    $"The property '{name}' is missing; consumers can do without it, but the strict level requires it.",
                    location, instance, strictCode, keywordLocation, name, "write '" + name + "'", strict.Id);
            }

            yield break;
        }

        var value = DocumentChecker.Pointer(instance, document);
        if (value is { ValueKind: JsonValueKind.Null })
        {
            yield return new ConformanceWarning(
                ConformanceWarningCodes.NullValue,
                "The optional value is null; the strict level expects it absent or with a value.",
                location, instance, strictCode, keywordLocation, expected: "omit the property, or give it a value", schemaId: strict.Id);
            yield break;
        }

        if (value is { ValueKind: JsonValueKind.String } text)
        {
            var s = text.GetString()!;
            if (s.Length == 0 && keyword is "pattern" or "format" or "minLength" or "anyOf")
            {
                yield return new ConformanceWarning(
                    ConformanceWarningCodes.NullValue,
                    "The optional value is an empty string; the strict level expects it absent or with a value.",
                    location, instance, strictCode, keywordLocation, expected: "omit the property, or give it a value", schemaId: strict.Id);
                yield break;
            }

            if (keyword is "pattern" or "format" or "anyOf" && Temporal(s, WantsDate(path.Node)) is { } temporal)
            {
                yield return new ConformanceWarning(ConformanceWarningCodes.TemporalNotStrict, temporal.Message, location, instance, strictCode, keywordLocation, expected: temporal.Expected, schemaId: strict.Id);
                yield break;
            }

            if (keyword == "type" && WantsNumber(path.Node) && IsNumber(s))
            {
                yield return new ConformanceWarning(
                    ConformanceWarningCodes.NumberAsString,
                    "The number is written as a string; the strict level expects a JSON number.",
                    location, instance, strictCode, keywordLocation, expected: s, schemaId: strict.Id);
                yield break;
            }
        }

        yield return new ConformanceWarning(
            ConformanceWarningCodes.NotStrict,
            "The value is accepted at the compatible level; the strict level refuses it (" + keyword + ").",
            location, instance, strictCode, keywordLocation, schemaId: strict.Id);
    }

    /// <summary>Describes a date or date-time that is not in its strict form, and gives that form.</summary>
    internal static (string Message, string Expected)? Temporal(string value, bool wantsDate)
    {
        var match = CompatibleTemporal().Match(value);
        if (!match.Success)
        {
            return null;
        }

        var date = match.Groups["date"].Value;
        if (wantsDate)
        {
            return match.Groups["time"].Success
                ? ("A calendar date is written with a time; the strict level expects YYYY-MM-DD.", date)
                : null;
        }

        var what = new List<string>(4);
        string time;
        if (!match.Groups["time"].Success)
        {
            what.Add("a date without a time");
            time = "hh:mm:ss";
        }
        else
        {
            if (match.Groups["sep"].Value != "T")
            {
                what.Add(match.Groups["sep"].Value == " " ? "a space instead of 'T'" : "a lowercase 't'");
            }

            time = match.Groups["hm"].Value;
            if (match.Groups["sec"].Success)
            {
                time += match.Groups["sec"].Value;
            }
            else
            {
                what.Add("no seconds");
                time += ":00";
            }
        }

        string offset;
        if (!match.Groups["offset"].Success)
        {
            what.Add("no UTC offset");
            offset = "±hh:mm";
        }
        else
        {
            offset = match.Groups["offset"].Value;
            if (offset is "z")
            {
                what.Add("a lowercase 'z'");
                offset = "Z";
            }
            else if (offset.Length == 5)
            {
                what.Add("an offset without ':'");
                offset = offset[..3] + ":" + offset[3..];
            }
        }

        if (what.Count == 0)
        {
            return null;
        }

        return ("The date-time is written with " + string.Join(", ", what) + "; the strict level expects RFC 3339 with 'T', seconds and an offset.", date + "T" + time + offset);
    }

    private static bool WantsDate(JsonElement? node) =>
        node is { ValueKind: JsonValueKind.Object } n && n.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "date";

    private static bool WantsNumber(JsonElement? node)
    {
        if (node is not { ValueKind: JsonValueKind.Object } n || !n.TryGetProperty("type", out var type))
        {
            return false;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString() is "number" or "integer",
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.GetString() is "number" or "integer"),
            _ => false,
        };
    }

    private static bool IsNumber(string s) =>
        s.Length is > 0 and < 64 && NumberLiteral().IsMatch(s) && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:(?<sep>[Tt ])(?<time>(?<hm>[0-9]{2}:[0-9]{2})(?<sec>:[0-9]{2}(?:\.[0-9]+)?)?))?(?<offset>[Zz]|[+-][0-9]{2}:?[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex CompatibleTemporal();

    [GeneratedRegex(@"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLiteral();
}
