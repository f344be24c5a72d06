using System.Text.Json.Serialization;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents the energy profile of a home (<c>org.fing.mesinfos.home</c>), as EDF's Edelia service held it in the
/// MesInfos pilot: kind of housing, surface, occupants, heating and hot-water systems, for one delivery point.
/// </summary>
/// <remarks>
/// The pilot's values are French words (<c>Appartement</c>/<c>Maison</c>, <c>Principale</c>/<c>Secondaire</c>,
/// <c>Proprietaire</c>/<c>Locataire</c>); the SDK passes them through and does not restrict them, because the pilot's
/// sources give examples rather than a closed list.
/// </remarks>
public sealed record HomeEnergyProfile
{
    /// <summary>Gets the delivery point (PDL, 14 digits) the profile describes.</summary>
    [JsonPropertyName("pdl")]
    public required string Pdl { get; init; }

    /// <summary>Gets when the profile was created (<c>beginTs</c>), when known.</summary>
    [JsonPropertyName("beginTs")]
    public DateTimeOffset? BeginTs { get; init; }

    /// <summary>Gets a value indicating whether the customer has reviewed and validated the profile, when known.</summary>
    [JsonPropertyName("isProfileValidated")]
    public bool? IsProfileValidated { get; init; }

    /// <summary>Gets the kind of housing, such as <c>Appartement</c> or <c>Maison</c>, when known.</summary>
    [JsonPropertyName("housingType")]
    public string? HousingType { get; init; }

    /// <summary>Gets whether the home is a main or secondary residence (<c>Principale</c>, <c>Secondaire</c>), when known.</summary>
    [JsonPropertyName("residenceType")]
    public string? ResidenceType { get; init; }

    /// <summary>Gets whether the occupant owns or rents (<c>Proprietaire</c>, <c>Locataire</c>), when known.</summary>
    [JsonPropertyName("occupationType")]
    public string? OccupationType { get; init; }

    /// <summary>Gets the year the building was built (<c>constructionDate</c>), when known.</summary>
    [JsonPropertyName("constructionDate")]
    public int? ConstructionYear { get; init; }

    /// <summary>Gets a value indicating whether the building is low-consumption (BBC), when known.</summary>
    [JsonPropertyName("isBBC")]
    public bool? IsBbc { get; init; }

    /// <summary>Gets the living surface in square metres, when known.</summary>
    [JsonPropertyName("surface")]
    public decimal? Surface { get; init; }

    /// <summary>Gets the number of occupants, when known.</summary>
    [JsonPropertyName("occupantsCount")]
    public int? OccupantsCount { get; init; }

    /// <summary>Gets the main heating system, such as <c>Electricite</c>, when known.</summary>
    [JsonPropertyName("principalHeatingSystemType")]
    public string? PrincipalHeatingSystemType { get; init; }

    /// <summary>Gets the hot-water system (wire name <c>sanitoryHotWaterType</c>, as in the pilot), when known.</summary>
    [JsonPropertyName("sanitoryHotWaterType")]
    public string? SanitaryHotWaterType { get; init; }

    /// <summary>Gets the supplier the profile comes from, such as <c>EDF</c>, when known.</summary>
    [JsonPropertyName("origin")]
    public string? Origin { get; init; }
}

/// <summary>Maps <see cref="HomeEnergyProfile"/> records to <c>org.fing.mesinfos.home</c>.</summary>
/// <remarks>Identity key (the EDF konnector's): <c>pdl</c>. <c>surface</c> is in square metres.</remarks>
public sealed class HomeEnergyProfileMapping : JsonDoctypeMapping<HomeEnergyProfile>
{
    internal HomeEnergyProfileMapping()
        : base("org.fing.mesinfos.home", "pdl")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a <c>pdl</c> that is not 14 digits (<c>SD2008</c>); a construction year outside 1000–2100, a negative
    /// surface or occupant count (<c>SD2011</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(HomeEnergyProfile record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireUsagePointId(record.Pdl, "pdl");
        context.CheckLength(record.HousingType, "housingType", 64);
        context.CheckLength(record.ResidenceType, "residenceType", 64);
        context.CheckLength(record.OccupationType, "occupationType", 64);
        if (record.ConstructionYear is { } year)
        {
            context.RequireRange(year, 1000, 2100, "constructionDate");
        }

        if (record.Surface is { } surface)
        {
            context.RequireNonNegative(surface, "surface");
        }

        if (record.OccupantsCount is { } occupants)
        {
            context.RequireNonNegative(occupants, "occupantsCount");
        }

        context.CheckLength(record.PrincipalHeatingSystemType, "principalHeatingSystemType", 128);
        context.CheckLength(record.SanitaryHotWaterType, "sanitoryHotWaterType", 128);
        context.CheckLength(record.Origin, "origin", 128);
    }

    /// <inheritdoc />
    public override void WriteIdentity(HomeEnergyProfile record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Pdl);
    }
}
