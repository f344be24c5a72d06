using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents a MAIF policyholder's profile: one <c>fr.maif.maifuser.societaire</c> document per policyholder,
/// <c>{"societaire": {…}}</c>.
/// </summary>
public sealed record MaifPolicyholder
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

    /// <summary>Gets the profession, such as <c>"13 Agent, employé"</c>.</summary>
    [JsonPropertyName("profession")]
    public string? Profession { get; init; }

    /// <summary>Gets MAIF's family-situation code (<c>codeSituationFamiliale</c>), such as <c>"U"</c>.</summary>
    [JsonPropertyName("codeSituationFamiliale")]
    public string? FamilySituationCode { get; init; }

    /// <summary>Gets the family situation, such as <c>"union libre"</c>.</summary>
    [JsonPropertyName("familySituation")]
    public string? FamilySituation { get; init; }

    /// <summary>Gets MAIF's activity code (<c>codeActif</c>), such as <c>"A Actif"</c>.</summary>
    [JsonPropertyName("codeActif")]
    public string? ActivityCode { get; init; }

    /// <summary>Gets MAIF's membership status code (<c>codeEtat</c>).</summary>
    [JsonPropertyName("codeEtat")]
    public string? StatusCode { get; init; }

    /// <summary>Gets the date of the membership status (<c>dateEtat</c>), written as <c>YYYY-MM-DD</c>.</summary>
    /// <remarks>The reference does not give the format; the SDK treats it as a calendar date.</remarks>
    [JsonPropertyName("dateEtat")]
    public DateOnly? StatusDate { get; init; }

    /// <summary>Gets MAIF's client reference (<c>referenceClient</c>), such as <c>"1234567N"</c>: the identity of the document.</summary>
    [JsonPropertyName("referenceClient")]
    public required string ClientReference { get; init; }

    /// <summary>Gets when the profile was last modified (<c>timestampModification</c>), written in RFC 3339 with its offset.</summary>
    /// <remarks>The pilot's catalogue shows a French date (<c>"10/04/2011"</c>); the SDK writes strict instants.</remarks>
    [JsonPropertyName("timestampModification")]
    public DateTimeOffset? ModifiedAt { get; init; }
}

/// <summary>
/// Maps <see cref="MaifPolicyholder"/> to <c>fr.maif.maifuser.societaire</c>, one document per policyholder.
/// Identity key: <c>societaire.referenceClient</c>.
/// </summary>
/// <remarks>
/// <para>The profile does not carry the <c>societaire</c> number the other MAIF documents use; its own policyholder
/// reference is <c>referenceClient</c>, which the SDK takes as the identity.</para>
/// <para>Checks: <c>referenceClient</c> and <c>name.family</c> are present (<c>SD2001</c>); texts are bounded
/// (<c>SD2014</c>).</para>
/// </remarks>
public sealed class MaifPolicyholderMapping : IDoctypeMapping<MaifPolicyholder>
{
    private const string Name = "fr.maif.maifuser.societaire";
    private static readonly JsonEncodedText SocietaireName = JsonEncodedText.Encode("societaire");
    private readonly MaifBody<MaifPolicyholder> _body = new(Name);

    internal MaifPolicyholderMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["societaire.referenceClient"];

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(MaifPolicyholder record) => record?.ModifiedAt;

    /// <inheritdoc />
    public void Validate(MaifPolicyholder record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.ClientReference, "societaire.referenceClient", 64);
        if (record.Name is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "societaire.name", "The policyholder's name is required.");
        }

        MaifChecks.Name(record.Name, "societaire.name", context);
        context.CheckLength(record.Email, "societaire.email", 256);
        context.CheckLength(record.MobilePhone, "societaire.telMobile", 32);
        MaifChecks.BirthPlace(record.BirthPlace, "societaire.birthplace", context);
        context.CheckLength(record.ProfessionCode, "societaire.codeProfessionSocietaire", 16);
        context.CheckLength(record.Profession, "societaire.profession", 256);
        context.CheckLength(record.FamilySituationCode, "societaire.codeSituationFamiliale", 16);
        context.CheckLength(record.FamilySituation, "societaire.familySituation", 128);
        context.CheckLength(record.ActivityCode, "societaire.codeActif", 64);
        context.CheckLength(record.StatusCode, "societaire.codeEtat", 64);
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifPolicyholder record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.ClientReference);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifPolicyholder record, DocumentWriteContext context) =>
        _body.WriteObject(writer, SocietaireName, record, context);

    /// <inheritdoc />
    public MaifPolicyholder Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _body.ReadObject(document, "societaire", context);
    }
}
