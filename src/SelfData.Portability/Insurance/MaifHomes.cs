using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents the homes a MAIF policyholder insures: one <c>fr.maif.maifuser.home</c> document per policyholder,
/// <c>{"home": [{…, "societaire": "1234567"}, …]}</c>.
/// </summary>
public sealed record MaifHomes
{
    /// <summary>Gets the policyholder reference (MAIF's <i>numéro de sociétaire</i>), written as <c>societaire</c> in every home.</summary>
    public required string PolicyholderId { get; init; }

    /// <summary>Gets the homes, written as the <c>home</c> array; at least one.</summary>
    public required IReadOnlyList<MaifHome> Homes { get; init; }
}

/// <summary>Represents one insured home (an item of <c>home</c>). MAIF's codes and labels are kept as the text MAIF gives.</summary>
public sealed record MaifHome
{
    /// <summary>Gets the home's address.</summary>
    [JsonPropertyName("address")]
    public MaifAddress? Address { get; init; }

    /// <summary>Gets MAIF's code of the occupant's legal situation (<c>codeJuridique</c>).</summary>
    [JsonPropertyName("codeJuridique")]
    public string? LegalCode { get; init; }

    /// <summary>Gets MAIF's code of the kind of place (<c>codeNatureLieuRisque</c>).</summary>
    [JsonPropertyName("codeNatureLieuRisque")]
    public string? PlaceKindCode { get; init; }

    /// <summary>Gets MAIF's code of the number of rooms (<c>codePieceLieuRisque</c>).</summary>
    [JsonPropertyName("codePieceLieuRisque")]
    public string? RoomsCode { get; init; }

    /// <summary>Gets MAIF's code of the furniture value band (<c>codeTrancheMobilier</c>).</summary>
    [JsonPropertyName("codeTrancheMobilier")]
    public string? FurnitureValueCode { get; init; }

    /// <summary>Gets the kind of place (<c>natureLieu</c>), such as <c>"Appartement"</c>.</summary>
    [JsonPropertyName("natureLieu")]
    public string? PlaceKind { get; init; }

    /// <summary>Gets the number of rooms as MAIF labels it (<c>nombrePieces</c>), such as <c>"1 à 2 Pièces (ou 2 Pièces)"</c>.</summary>
    [JsonPropertyName("nombrePieces")]
    public string? Rooms { get; init; }

    /// <summary>Gets the furniture value band as MAIF labels it (<c>patrimoineMobilier</c>), such as <c>"3 501 à 6 800"</c> (euros).</summary>
    [JsonPropertyName("patrimoineMobilier")]
    public string? FurnitureValue { get; init; }

    /// <summary>Gets the occupant's legal situation (<c>situationJuridiqueLieu</c>), such as <c>"Locataire"</c>.</summary>
    [JsonPropertyName("situationJuridiqueLieu")]
    public string? LegalSituation { get; init; }
}

/// <summary>
/// Maps <see cref="MaifHomes"/> to <c>fr.maif.maifuser.home</c>, one document per policyholder. Identity key:
/// <c>home[0].societaire</c>, the policyholder reference every home carries.
/// </summary>
/// <remarks>
/// <para>Checks: the policyholder reference is present and there is at least one home (<c>SD2001</c>); texts are bounded (<c>SD2014</c>).</para>
/// <para>The document has no change instant, so an incremental export (<c>since</c>/<c>until</c>) always includes it.</para>
/// </remarks>
public sealed class MaifHomeMapping : IDoctypeMapping<MaifHomes>
{
    private const string Name = "fr.maif.maifuser.home";
    private static readonly JsonEncodedText HomeName = JsonEncodedText.Encode("home");
    private readonly MaifBody<MaifHome> _body = new(Name);

    internal MaifHomeMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["home[0].societaire"];

    /// <inheritdoc />
    public void Validate(MaifHomes record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        MaifChecks.Items(record.PolicyholderId, record.Homes, "home", context);
        for (var i = 0; i < record.Homes.Count; i++)
        {
            var home = record.Homes[i];
            var path = $"home[{i}]";
            MaifChecks.Address(home.Address, path + ".address", context);
            context.CheckLength(home.LegalCode, path + ".codeJuridique", 16);
            context.CheckLength(home.PlaceKindCode, path + ".codeNatureLieuRisque", 16);
            context.CheckLength(home.RoomsCode, path + ".codePieceLieuRisque", 16);
            context.CheckLength(home.FurnitureValueCode, path + ".codeTrancheMobilier", 16);
            context.CheckLength(home.PlaceKind, path + ".natureLieu", 128);
            context.CheckLength(home.Rooms, path + ".nombrePieces", 128);
            context.CheckLength(home.FurnitureValue, path + ".patrimoineMobilier", 128);
            context.CheckLength(home.LegalSituation, path + ".situationJuridiqueLieu", 128);
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifHomes record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.PolicyholderId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifHomes record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        _body.WriteItems(writer, HomeName, record.Homes, record.PolicyholderId, context);
    }

    /// <inheritdoc />
    public MaifHomes Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (items, policyholder) = _body.ReadItems(document, "home", context);
        return new MaifHomes { PolicyholderId = policyholder, Homes = items };
    }
}
