using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents a MAIF policyholder's claims: one <c>fr.maif.maifuser.sinistre</c> document per policyholder,
/// <c>{"sinistre": [{…, "societaire": "1234567"}, …]}</c>.
/// </summary>
/// <remarks>
/// The reference lists the claim fields but not the name of the array; the SDK names it after the doctype, as the
/// other MAIF documents are (<c>contrat</c>, <c>home</c>). The pilot's manifest also split claims into
/// <c>.sinistrehabitation</c> and <c>.sinistrevehicule</c>; the SDK writes the catalogue's single <c>.sinistre</c>,
/// with <c>type</c> telling them apart.
/// </remarks>
public sealed record MaifClaims
{
    /// <summary>Gets the policyholder reference (MAIF's <i>numéro de sociétaire</i>), written as <c>societaire</c> in every claim.</summary>
    public required string PolicyholderId { get; init; }

    /// <summary>Gets the claims, written as the <c>sinistre</c> array; at least one.</summary>
    public required IReadOnlyList<MaifClaim> Claims { get; init; }
}

/// <summary>Represents one MAIF claim (an item of <c>sinistre</c>): a home claim or a vehicle claim.</summary>
public sealed record MaifClaim
{
    /// <summary>Gets the kind of claim, <c>"Habitation"</c> or <c>"Vehicule"</c> (see <see cref="MaifClaimTypes"/>).</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Gets when the loss happened (<c>timestamp</c>), written in RFC 3339 with its offset.</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets where the loss happened (<c>lieuSurvenance</c>), such as <c>"LYON 06"</c>.</summary>
    [JsonPropertyName("lieuSurvenance")]
    public string? Place { get; init; }

    /// <summary>Gets MAIF's claim reference (<c>ref</c>), such as <c>"F150181177B"</c>.</summary>
    [JsonPropertyName("ref")]
    public required string Reference { get; init; }

    /// <summary>Gets the kind of place of the loss (<c>typeLieuSurvenance</c>), such as <c>"Agglomération"</c>.</summary>
    [JsonPropertyName("typeLieuSurvenance")]
    public string? PlaceType { get; init; }

    /// <summary>Gets the kind of home, for a home claim (<c>natureLieu</c>), such as <c>"Appartement"</c>.</summary>
    [JsonPropertyName("natureLieu")]
    public string? PlaceKind { get; init; }

    /// <summary>Gets the home's address, for a home claim.</summary>
    [JsonPropertyName("address")]
    public MaifAddress? Address { get; init; }

    /// <summary>Gets the vehicle's registration number, for a vehicle claim (<c>immatriculationVehicule</c>).</summary>
    [JsonPropertyName("immatriculationVehicule")]
    public string? VehicleRegistration { get; init; }

    /// <summary>Gets the driver, for a vehicle claim (<c>driver</c>: <c>prefix</c>, <c>family</c>, <c>given</c>).</summary>
    [JsonPropertyName("driver")]
    public MaifPersonName? Driver { get; init; }
}

/// <summary>Provides the documented values of <see cref="MaifClaim.Type"/>.</summary>
public static class MaifClaimTypes
{
    /// <summary>A home claim: <c>"Habitation"</c>.</summary>
    public const string Home = "Habitation";

    /// <summary>A vehicle claim: <c>"Vehicule"</c>.</summary>
    public const string Vehicle = "Vehicule";
}

/// <summary>
/// Maps <see cref="MaifClaims"/> to <c>fr.maif.maifuser.sinistre</c>, one document per policyholder. Identity key:
/// <c>sinistre[0].societaire</c>, the policyholder reference every claim carries.
/// </summary>
/// <remarks>
/// Checks: the policyholder reference is present and there is at least one claim (<c>SD2001</c>); each claim has a
/// <c>ref</c> (<c>SD2001</c>) and a <c>type</c> of <c>"Habitation"</c> or <c>"Vehicule"</c> (<c>SD2012</c>); a
/// driver has a family name (<c>SD2001</c>); texts are bounded (<c>SD2014</c>). The pilot wrote claim times without
/// seconds or offset (<c>"2015-07-20T19:00"</c>); the SDK writes strict RFC 3339 instants.
/// The document has no change instant, so an incremental export (<c>since</c>/<c>until</c>) always includes it.
/// </remarks>
public sealed class MaifClaimMapping : IDoctypeMapping<MaifClaims>
{
    private const string Name = "fr.maif.maifuser.sinistre";
    private static readonly JsonEncodedText SinistreName = JsonEncodedText.Encode("sinistre");
    private readonly MaifBody<MaifClaim> _body = new(Name);

    internal MaifClaimMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["sinistre[0].societaire"];

    /// <inheritdoc />
    public void Validate(MaifClaims record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        MaifChecks.Items(record.PolicyholderId, record.Claims, "sinistre", context);
        for (var i = 0; i < record.Claims.Count; i++)
        {
            var claim = record.Claims[i];
            var path = $"sinistre[{i}]";
            context.RequireText(claim.Type, path + ".type", 32);
            if (claim.Type is not (MaifClaimTypes.Home or MaifClaimTypes.Vehicle))
            {
                context.Fail(PortabilityErrorCodes.UnknownEnumValue, path + ".type", $"'{claim.Type}' is not a documented claim type (\"Habitation\", \"Vehicule\").");
            }

            context.RequireText(claim.Reference, path + ".ref", 64);
            context.CheckLength(claim.Place, path + ".lieuSurvenance", 128);
            context.CheckLength(claim.PlaceType, path + ".typeLieuSurvenance", 128);
            context.CheckLength(claim.PlaceKind, path + ".natureLieu", 128);
            MaifChecks.Address(claim.Address, path + ".address", context);
            context.CheckLength(claim.VehicleRegistration, path + ".immatriculationVehicule", 32);
            MaifChecks.Name(claim.Driver, path + ".driver", context);
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifClaims record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.PolicyholderId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifClaims record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        _body.WriteItems(writer, SinistreName, record.Claims, record.PolicyholderId, context);
    }

    /// <inheritdoc />
    public MaifClaims Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (items, policyholder) = _body.ReadItems(document, "sinistre", context);
        return new MaifClaims { PolicyholderId = policyholder, Claims = items };
    }
}
