using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents a policyholder's MAIF contracts: one <c>fr.maif.maifuser.contrat</c> document per policyholder,
/// <c>{"contrat": [{…, "societaire": "1234567"}, …]}</c>.
/// </summary>
public sealed record MaifContracts
{
    /// <summary>Gets the policyholder reference (MAIF's <i>numéro de sociétaire</i>), written as <c>societaire</c> in every contract.</summary>
    public required string PolicyholderId { get; init; }

    /// <summary>Gets the contracts, written as the <c>contrat</c> array; at least one.</summary>
    public required IReadOnlyList<MaifContract> Contracts { get; init; }
}

/// <summary>Represents one MAIF contract (an item of <c>contrat</c>).</summary>
public sealed record MaifContract
{
    /// <summary>Gets the product code (<c>name</c>), such as <c>"NOR"</c> (home) or <c>"VAM"</c> (vehicle).</summary>
    [JsonPropertyName("name")]
    public required string ProductCode { get; init; }

    /// <summary>Gets the base formula (<c>formuleBase</c>), such as <c>"VAM Assistance panne 0km"</c>.</summary>
    [JsonPropertyName("formuleBase")]
    public string? BaseFormula { get; init; }

    /// <summary>Gets the yearly premium including tax, in euros (<c>montantTarifTtc</c>), written as a JSON number.</summary>
    [JsonPropertyName("montantTarifTtc")]
    public decimal? PremiumIncludingTax { get; init; }

    /// <summary>Gets when the contract started (<c>startDate</c>), written in RFC 3339 with its offset.</summary>
    [JsonPropertyName("startDate")]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Gets what the contract insures (<c>objects</c>): places or vehicles.</summary>
    [JsonPropertyName("objects")]
    public MaifInsuredObjects? InsuredObjects { get; init; }
}

/// <summary>Represents what a MAIF contract insures (<c>objects</c>).</summary>
public sealed record MaifInsuredObjects
{
    /// <summary>Gets when the objects became insured (<c>startDate</c>).</summary>
    [JsonPropertyName("startDate")]
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Gets the insured places (<c>lieu</c>).</summary>
    [JsonPropertyName("lieu")]
    public IReadOnlyList<MaifInsuredPlace>? Places { get; init; }

    /// <summary>Gets the insured vehicles (<c>vehicule</c>).</summary>
    [JsonPropertyName("vehicule")]
    public IReadOnlyList<MaifInsuredVehicle>? Vehicles { get; init; }
}

/// <summary>Represents an insured place (an item of <c>lieu</c>).</summary>
public sealed record MaifInsuredPlace
{
    /// <summary>Gets the place's address.</summary>
    [JsonPropertyName("address")]
    public required MaifAddress Address { get; init; }
}

/// <summary>Represents an insured vehicle (an item of <c>vehicule</c>).</summary>
public sealed record MaifInsuredVehicle
{
    /// <summary>Gets the registration number (<c>immatriculationVehicule</c>), such as <c>"AA-123-XD"</c>.</summary>
    [JsonPropertyName("immatriculationVehicule")]
    public required string Registration { get; init; }
}

/// <summary>
/// Maps <see cref="MaifContracts"/> to <c>fr.maif.maifuser.contrat</c>, one document per policyholder. Identity key:
/// <c>contrat[0].societaire</c>, the policyholder reference every contract carries.
/// </summary>
/// <remarks>
/// <para>The reference gives no identity key for MAIF documents (the v2 konnector updated the first document it
/// found); the SDK uses the policyholder reference, so each policyholder has one document.</para>
/// <para>Checks: the policyholder reference is present (<c>SD2001</c>); there is at least one contract
/// (<c>SD2001</c>); each has a product code (<c>SD2001</c>), a premium that is not negative (<c>SD2011</c>) and
/// vehicles with a registration (<c>SD2001</c>); texts are bounded (<c>SD2014</c>).</para>
/// <para>The document has no change instant, so an incremental export (<c>since</c>/<c>until</c>) always includes it.</para>
/// </remarks>
public sealed class MaifContractMapping : IDoctypeMapping<MaifContracts>
{
    private const string Name = "fr.maif.maifuser.contrat";
    private static readonly JsonEncodedText ContratName = JsonEncodedText.Encode("contrat");
    private readonly MaifBody<MaifContract> _body = new(Name);

    internal MaifContractMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["contrat[0].societaire"];

    /// <inheritdoc />
    public void Validate(MaifContracts record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        MaifChecks.Items(record.PolicyholderId, record.Contracts, "contrat", context);
        for (var i = 0; i < record.Contracts.Count; i++)
        {
            var contract = record.Contracts[i];
            var path = $"contrat[{i}]";
            context.RequireText(contract.ProductCode, path + ".name", 64);
            context.CheckLength(contract.BaseFormula, path + ".formuleBase", 256);
            if (contract.PremiumIncludingTax is { } premium)
            {
                context.RequireNonNegative(premium, path + ".montantTarifTtc");
            }

            if (contract.InsuredObjects is not { } objects)
            {
                continue;
            }

            for (var j = 0; j < (objects.Places?.Count ?? 0); j++)
            {
                var place = objects.Places![j];
                if (place?.Address is null)
                {
                    context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"{path}.objects.lieu[{j}].address", "An insured place needs its address.");
                }

                MaifChecks.Address(place!.Address, $"{path}.objects.lieu[{j}].address", context);
            }

            for (var j = 0; j < (objects.Vehicles?.Count ?? 0); j++)
            {
                context.RequireText(objects.Vehicles![j]?.Registration, $"{path}.objects.vehicule[{j}].immatriculationVehicule", 32);
            }
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifContracts record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.PolicyholderId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifContracts record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        _body.WriteItems(writer, ContratName, record.Contracts, record.PolicyholderId, context);
    }

    /// <inheritdoc />
    public MaifContracts Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (items, policyholder) = _body.ReadItems(document, "contrat", context);
        return new MaifContracts { PolicyholderId = policyholder, Contracts = items };
    }
}
