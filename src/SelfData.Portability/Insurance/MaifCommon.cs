using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>Represents a postal address in MAIF's data (<c>address</c>).</summary>
/// <remarks>Contracts, homes and claims use <c>street</c>, <c>postCode</c>, <c>city</c>, <c>country</c> and <c>numeroPays</c>; the household address adds <c>deliveryOffice</c>, <c>inseeCode</c> and <c>residence</c>.</remarks>
public sealed record MaifAddress
{
    /// <summary>Gets the street line, such as <c>"2 BOULEVARD DES BELGES"</c>.</summary>
    [JsonPropertyName("street")]
    public string? Street { get; init; }

    /// <summary>Gets the postal code, such as <c>"69006"</c> (kept as text).</summary>
    [JsonPropertyName("postCode")]
    public string? PostCode { get; init; }

    /// <summary>Gets the city.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the country name, such as <c>"FRANCE"</c>.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }

    /// <summary>Gets MAIF's country number (<c>numeroPays</c>), such as <c>"0"</c> for France.</summary>
    [JsonPropertyName("numeroPays")]
    public string? CountryNumber { get; init; }

    /// <summary>Gets the delivering post office (<c>deliveryOffice</c>).</summary>
    [JsonPropertyName("deliveryOffice")]
    public string? DeliveryOffice { get; init; }

    /// <summary>Gets the INSEE code of the municipality (<c>inseeCode</c>), such as <c>"69386"</c>.</summary>
    [JsonPropertyName("inseeCode")]
    public string? InseeCode { get; init; }

    /// <summary>Gets the residence (building or estate name).</summary>
    [JsonPropertyName("residence")]
    public string? Residence { get; init; }
}

/// <summary>Represents a person's name in MAIF's data (<c>name</c>, <c>driver</c>).</summary>
public sealed record MaifPersonName
{
    /// <summary>Gets MAIF's code of the title (<c>codeTitrePersonne</c>), such as <c>"2"</c>.</summary>
    [JsonPropertyName("codeTitrePersonne")]
    public string? TitleCode { get; init; }

    /// <summary>Gets the title, such as <c>"MME."</c>.</summary>
    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }

    /// <summary>Gets the family name.</summary>
    [JsonPropertyName("family")]
    public required string Family { get; init; }

    /// <summary>Gets the given name.</summary>
    [JsonPropertyName("given")]
    public string? Given { get; init; }

    /// <summary>Gets the maiden name.</summary>
    [JsonPropertyName("maiden")]
    public string? Maiden { get; init; }
}

/// <summary>Represents a place of birth in MAIF's data (<c>birthplace</c>).</summary>
public sealed record MaifBirthPlace
{
    /// <summary>Gets the city.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the country name.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }

    /// <summary>Gets MAIF's country number (<c>numeroPays</c>).</summary>
    [JsonPropertyName("numeroPays")]
    public string? CountryNumber { get; init; }

    /// <summary>Gets the region.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }
}

/// <summary>
/// Writes and reads the object a MAIF document wraps (<c>{"societaire": {…}}</c>, <c>{"contrat": […]}</c>) with the
/// same System.Text.Json conventions as <see cref="JsonDoctypeMapping{TRecord}"/>.
/// </summary>
/// <typeparam name="T">The wrapped type.</typeparam>
internal sealed class MaifBody<T> : JsonDoctypeMapping<T>
{
    internal static readonly JsonEncodedText SocietaireName = JsonEncodedText.Encode("societaire");

    internal MaifBody(string doctype)
        : base(doctype, "societaire")
    {
    }

    public override void WriteIdentity(T record, ref IdentityKeyWriter keys)
    {
        // A body is never exported on its own: its document's mapping writes the identity.
    }

    /// <summary>Writes <c>"name": {fields…}</c>.</summary>
    internal void WriteObject(Utf8JsonWriter writer, JsonEncodedText name, T value, DocumentWriteContext context)
    {
        writer.WriteStartObject(name);
        WriteFields(writer, value, context);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"name": [{fields…, "societaire": id}, …]</c>.</summary>
    internal void WriteItems(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T> items, string policyholderId, DocumentWriteContext context)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            WriteFields(writer, item, context);
            writer.WriteString(SocietaireName, policyholderId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads the object under <paramref name="name"/>.</summary>
    internal T ReadObject(JsonElement document, string name, DocumentReadContext context)
    {
        if (!document.TryGetProperty(name, out var body) || body.ValueKind != JsonValueKind.Object)
        {
            throw context.Fail(name, $"'{name}' must be an object.");
        }

        return ReadAt(body, name, context);
    }

    /// <summary>Reads the array under <paramref name="name"/>, whose items all carry the same <c>societaire</c>.</summary>
    internal (List<T> Items, string PolicyholderId) ReadItems(JsonElement document, string name, DocumentReadContext context)
    {
        if (!document.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw context.Fail(name, $"'{name}' must be a non-empty array.");
        }

        var items = new List<T>(array.GetArrayLength());
        string? policyholder = null;
        foreach (var element in array.EnumerateArray())
        {
            var path = $"{name}[{items.Count}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw context.Fail(path, $"'{path}' must be an object.");
            }

            var id = context.GetOptionalString(element, "societaire") ?? throw context.Fail(path + ".societaire", "Every item carries the policyholder reference.");
            if (policyholder is not null && !string.Equals(policyholder, id, StringComparison.Ordinal))
            {
                throw context.Fail(path + ".societaire", "All items of one document belong to one policyholder.");
            }

            policyholder = id;
            items.Add(ReadAt(element, path, context));
        }

        return (items, policyholder!);
    }

    private T ReadAt(JsonElement body, string path, DocumentReadContext context)
    {
        try
        {
            return Read(body, context);
        }
        catch (SelfDataValidationException ex) when (ex.Code == PortabilityErrorCodes.MalformedDocument)
        {
            var inner = ex.FieldPath is null or "$" ? string.Empty : ex.FieldPath.StartsWith("$.", StringComparison.Ordinal) ? ex.FieldPath[1..] : "." + ex.FieldPath;
            throw ex.At(null, null, path + inner);
        }
    }
}

/// <summary>The checks shared by the MAIF mappings.</summary>
internal static class MaifChecks
{
    internal static void Address(MaifAddress? address, string path, RecordValidationContext context)
    {
        if (address is null)
        {
            return;
        }

        context.CheckLength(address.Street, path + ".street", 256);
        context.CheckLength(address.PostCode, path + ".postCode", 16);
        context.CheckLength(address.City, path + ".city", 128);
        context.CheckLength(address.Country, path + ".country", 128);
        context.CheckLength(address.CountryNumber, path + ".numeroPays", 16);
        context.CheckLength(address.DeliveryOffice, path + ".deliveryOffice", 128);
        context.CheckLength(address.InseeCode, path + ".inseeCode", 16);
        context.CheckLength(address.Residence, path + ".residence", 256);
    }

    internal static void Name(MaifPersonName? name, string path, RecordValidationContext context)
    {
        if (name is null)
        {
            return;
        }

        context.CheckLength(name.TitleCode, path + ".codeTitrePersonne", 16);
        context.CheckLength(name.Prefix, path + ".prefix", 32);
        context.RequireText(name.Family, path + ".family", 128);
        context.CheckLength(name.Given, path + ".given", 128);
        context.CheckLength(name.Maiden, path + ".maiden", 128);
    }

    internal static void BirthPlace(MaifBirthPlace? place, string path, RecordValidationContext context)
    {
        if (place is null)
        {
            return;
        }

        context.CheckLength(place.City, path + ".city", 128);
        context.CheckLength(place.Country, path + ".country", 128);
        context.CheckLength(place.CountryNumber, path + ".numeroPays", 16);
        context.CheckLength(place.Region, path + ".region", 128);
    }

    /// <summary>Checks the policyholder reference and that the list has items.</summary>
    internal static void Items<T>(string policyholderId, IReadOnlyList<T>? items, string name, RecordValidationContext context)
    {
        context.RequireText(policyholderId, name + "[0].societaire", 64);
        if (items is null || items.Count == 0)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, name, $"A '{name}' document lists at least one item; send no document for a policyholder without any.");
        }

        for (var i = 0; i < items!.Count; i++)
        {
            if (items[i] is null)
            {
                context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"{name}[{i}]", $"'{name}[{i}]' is null.");
            }
        }
    }
}
