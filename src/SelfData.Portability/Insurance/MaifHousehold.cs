using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents a MAIF policyholder's household: one <c>fr.maif.maifuser.foyer</c> document per policyholder,
/// <c>{"foyer": {"name", "address", "membres": […]}}</c>.
/// </summary>
public sealed record MaifHousehold
{
    /// <summary>Gets MAIF's reference of the household (<c>name</c>), such as <c>"1-A3ZICCA"</c>: the identity of the document.</summary>
    [JsonPropertyName("name")]
    public required string Reference { get; init; }

    /// <summary>Gets the household's address.</summary>
    [JsonPropertyName("address")]
    public MaifAddress? Address { get; init; }

    /// <summary>Gets the members of the household (<c>membres</c>).</summary>
    [JsonPropertyName("membres")]
    public IReadOnlyList<MaifHouseholdMember>? Members { get; init; }
}

/// <summary>Represents a member of a MAIF household (an item of <c>membres</c>).</summary>
public sealed record MaifHouseholdMember
{
    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public required MaifPersonName Name { get; init; }

    /// <summary>Gets the e-mail address.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>Gets the mobile phone number (<c>telMobile</c>), as MAIF records it.</summary>
    [JsonPropertyName("telMobile")]
    public string? MobilePhone { get; init; }

    /// <summary>Gets the date of birth (<c>birthdate</c>), written as <c>YYYY-MM-DD</c>.</summary>
    [JsonPropertyName("birthdate")]
    public DateOnly? BirthDate { get; init; }

    /// <summary>Gets the place of birth (<c>birthplace</c>).</summary>
    [JsonPropertyName("birthplace")]
    public MaifBirthPlace? BirthPlace { get; init; }

    /// <summary>Gets MAIF's profession code (<c>codeProfessionSocietaire</c>).</summary>
    [JsonPropertyName("codeProfessionSocietaire")]
    public string? ProfessionCode { get; init; }

    /// <summary>Gets the profession.</summary>
    [JsonPropertyName("profession")]
    public string? Profession { get; init; }

    /// <summary>Gets MAIF's code of the member's role (<c>codeQualitePersonne</c>), such as <c>"08"</c>.</summary>
    [JsonPropertyName("codeQualitePersonne")]
    public string? QualityCode { get; init; }

    /// <summary>Gets the member's role in the household (<c>quality</c>), such as <c>"Membre principal"</c>.</summary>
    [JsonPropertyName("quality")]
    public string? Quality { get; init; }
}

/// <summary>
/// Maps <see cref="MaifHousehold"/> to <c>fr.maif.maifuser.foyer</c>, one document per policyholder. Identity key:
/// <c>foyer.name</c>, the household reference.
/// </summary>
/// <remarks>
/// <para>The household document carries no policyholder number; its own reference is <c>name</c>, which the SDK takes as
/// the identity (policyholders of one household share the document).</para>
/// <para>Checks: <c>name</c> is present (<c>SD2001</c>); every member has a family name (<c>SD2001</c>); texts are
/// bounded (<c>SD2014</c>).</para>
/// <para>The document has no change instant, so an incremental export (<c>since</c>/<c>until</c>) always includes it.</para>
/// </remarks>
public sealed class MaifHouseholdMapping : IDoctypeMapping<MaifHousehold>
{
    private const string Name = "fr.maif.maifuser.foyer";
    private static readonly JsonEncodedText FoyerName = JsonEncodedText.Encode("foyer");
    private readonly MaifBody<MaifHousehold> _body = new(Name);

    internal MaifHouseholdMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["foyer.name"];

    /// <inheritdoc />
    public void Validate(MaifHousehold record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Reference, "foyer.name", 64);
        MaifChecks.Address(record.Address, "foyer.address", context);
        for (var i = 0; i < (record.Members?.Count ?? 0); i++)
        {
            var member = record.Members![i];
            var path = $"foyer.membres[{i}]";
            if (member?.Name is null)
            {
                context.Fail(PortabilityErrorCodes.RequiredFieldMissing, path + ".name", "A household member's name is required.");
            }

            MaifChecks.Name(member!.Name, path + ".name", context);
            context.CheckLength(member.Email, path + ".email", 256);
            context.CheckLength(member.MobilePhone, path + ".telMobile", 32);
            MaifChecks.BirthPlace(member.BirthPlace, path + ".birthplace", context);
            context.CheckLength(member.ProfessionCode, path + ".codeProfessionSocietaire", 16);
            context.CheckLength(member.Profession, path + ".profession", 256);
            context.CheckLength(member.QualityCode, path + ".codeQualitePersonne", 16);
            context.CheckLength(member.Quality, path + ".quality", 128);
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifHousehold record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Reference);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifHousehold record, DocumentWriteContext context) =>
        _body.WriteObject(writer, FoyerName, record, context);

    /// <inheritdoc />
    public MaifHousehold Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _body.ReadObject(document, "foyer", context);
    }
}
