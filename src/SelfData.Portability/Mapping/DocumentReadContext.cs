using System.Globalization;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// Reads the values of a document back into a record, accepting what the profile writes (numbers as JSON numbers or
/// pilot strings, both link forms) and refusing the rest with <see cref="PortabilityErrorCodes.MalformedDocument"/>
/// (<c>SD2015</c>), naming the doctype, the document index and the field.
/// </summary>
public sealed class DocumentReadContext
{
    /// <summary>Initializes a new instance of the <see cref="DocumentReadContext"/> class.</summary>
    /// <param name="doctype">The doctype of the documents.</param>
    /// <param name="profile">The profile they were written with.</param>
    public DocumentReadContext(Doctype doctype, ExportProfile profile)
    {
        Doctype = doctype;
        Profile = profile;
    }

    /// <summary>Gets the doctype of the documents.</summary>
    public Doctype Doctype { get; }

    /// <summary>Gets the profile the documents were written with.</summary>
    public ExportProfile Profile { get; }

    /// <summary>Gets or sets the zero-based index of the document being read, named in failures.</summary>
    public long DocumentIndex { get; set; }

    /// <summary>Reports a malformed document.</summary>
    /// <param name="fieldPath">The field.</param>
    /// <param name="message">The reason.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="SelfDataValidationException">Always, with code <c>SD2015</c>.</exception>
    public SelfDataValidationException Fail(string fieldPath, string message) =>
        throw new SelfDataValidationException(PortabilityErrorCodes.MalformedDocument, message, Doctype.Name, DocumentIndex, fieldPath);

    /// <summary>Gets a required string.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not a string (<c>SD2015</c>).</exception>
    public string GetString(JsonElement document, string name) =>
        GetOptionalString(document, name) ?? throw Fail(name, $"'{name}' is required.");

    /// <summary>Gets an optional string.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The string, or <see langword="null"/> when absent or null.</returns>
    /// <exception cref="SelfDataValidationException">The value is not a string (<c>SD2015</c>).</exception>
    public string? GetOptionalString(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail(name, $"'{name}' must be a string.");
    }

    /// <summary>Gets a required number, written as a JSON number or as a numeric string (MesInfos pilot form).</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The number, with its scale.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not a number (<c>SD2015</c>).</exception>
    public decimal GetDecimal(JsonElement document, string name) =>
        GetOptionalDecimal(document, name) ?? throw Fail(name, $"'{name}' is required.");

    /// <summary>Gets an optional number, written as a JSON number or as a numeric string.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The number, or <see langword="null"/> when absent or null.</returns>
    /// <exception cref="SelfDataValidationException">The value is not a number (<c>SD2015</c>).</exception>
    public decimal? GetOptionalDecimal(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => throw Fail(name, $"'{name}' must be a number."),
        };
    }

    /// <summary>Gets a required integer.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not an integer (<c>SD2015</c>).</exception>
    public int GetInt32(JsonElement document, string name)
    {
        var value = GetDecimal(document, name);
        return value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw Fail(name, $"'{name}' must be an integer.");
    }

    /// <summary>Gets a required finite double.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The number.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not a number (<c>SD2015</c>).</exception>
    public double GetDouble(JsonElement document, string name) =>
        GetOptionalDouble(document, name) ?? throw Fail(name, $"'{name}' is required.");

    /// <summary>Gets an optional finite double.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The number, or <see langword="null"/>.</returns>
    /// <exception cref="SelfDataValidationException">The value is not a number (<c>SD2015</c>).</exception>
    public double? GetOptionalDouble(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => throw Fail(name, $"'{name}' must be a number."),
        };
    }

    /// <summary>Gets an optional boolean.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The boolean, or <see langword="null"/>.</returns>
    /// <exception cref="SelfDataValidationException">The value is not a boolean (<c>SD2015</c>).</exception>
    public bool? GetOptionalBoolean(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(name, $"'{name}' must be true or false."),
        };
    }

    /// <summary>Gets a required RFC 3339 instant with offset.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The instant with its offset.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not an instant with offset (<c>SD2015</c>).</exception>
    public DateTimeOffset GetInstant(JsonElement document, string name) =>
        GetOptionalInstant(document, name) ?? throw Fail(name, $"'{name}' is required.");

    /// <summary>Gets an optional RFC 3339 instant with offset.</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The instant, or <see langword="null"/>.</returns>
    /// <exception cref="SelfDataValidationException">The value is not an instant with offset (<c>SD2015</c>).</exception>
    public DateTimeOffset? GetOptionalInstant(JsonElement document, string name)
    {
        var text = GetOptionalString(document, name);
        if (text is null)
        {
            return null;
        }

        var parsed = Rfc3339.Parse(text);
        return parsed.TryGetValue(out var instant) ? instant : throw Fail(name, parsed.Error!.Message);
    }

    /// <summary>Gets a required calendar date (<c>YYYY-MM-DD</c>).</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The date.</returns>
    /// <exception cref="SelfDataValidationException">The property is missing or not a date (<c>SD2015</c>).</exception>
    public DateOnly GetDate(JsonElement document, string name) =>
        GetOptionalDate(document, name) ?? throw Fail(name, $"'{name}' is required.");

    /// <summary>Gets an optional calendar date (<c>YYYY-MM-DD</c>).</summary>
    /// <param name="document">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The date, or <see langword="null"/>.</returns>
    /// <exception cref="SelfDataValidationException">The value is not a date (<c>SD2015</c>).</exception>
    public DateOnly? GetOptionalDate(JsonElement document, string name)
    {
        var text = GetOptionalString(document, name);
        if (text is null)
        {
            return null;
        }

        var parsed = Rfc3339.ParseDate(text);
        return parsed.TryGetValue(out var date) ? date : throw Fail(name, parsed.Error!.Message);
    }

    /// <summary>Gets the id of a linked document, from either profile's form.</summary>
    /// <param name="document">The document.</param>
    /// <param name="reference">The link's names; its <see cref="DocumentReference.Id"/> is ignored.</param>
    /// <returns>The linked id, or <see langword="null"/> when there is no link.</returns>
    /// <exception cref="SelfDataValidationException">The link is malformed (<c>SD2015</c>).</exception>
    public string? GetReference(JsonElement document, DocumentReference reference)
    {
        if (document.TryGetProperty("relationships", out var relationships)
            && relationships.ValueKind == JsonValueKind.Object
            && relationships.TryGetProperty(reference.Name, out var link))
        {
            if (link.ValueKind != JsonValueKind.Object
                || !link.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("_id", out var id)
                || id.ValueKind != JsonValueKind.String)
            {
                throw Fail("relationships." + reference.Name, "A relationship must be {\"data\": {\"_id\", \"_type\"}}.");
            }

            return id.GetString();
        }

        var legacy = GetOptionalString(document, reference.LegacyField);
        if (legacy is null)
        {
            return null;
        }

        var prefix = reference.Target.Name + ":";
        return legacy.StartsWith(prefix, StringComparison.Ordinal)
            ? legacy[prefix.Length..]
            : throw Fail(reference.LegacyField, $"'{reference.LegacyField}' must be \"{prefix}<id>\".");
    }
}
