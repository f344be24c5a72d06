using System.Text.Json.Serialization;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents what a holder knows about the person (<c>io.cozy.identities</c>): contact details and housing, with the
/// energy contracts of each home and their yearly and monthly consumption. This is where today's Cozy energy
/// connectors write contract and consumption data.
/// </summary>
public sealed record PersonIdentity
{
    /// <summary>Gets the person's login at the holder, often an e-mail address.</summary>
    [JsonPropertyName("identifier")]
    public required string Identifier { get; init; }

    /// <summary>Gets how the identity was obtained; a holder's export is <see cref="IdentitySource.Connector"/>.</summary>
    [JsonPropertyName("source")]
    public required IdentitySource Source { get; init; }

    /// <summary>Gets the contact details, in the <c>io.cozy.contacts</c> format, when known.</summary>
    [JsonPropertyName("contact")]
    public IdentityContact? Contact { get; init; }

    /// <summary>Gets the person's homes, when known.</summary>
    [JsonPropertyName("housing")]
    public IReadOnlyList<Housing>? Housing { get; init; }
}

/// <summary>Specifies how an <c>io.cozy.identities</c> document was obtained (<c>source</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<IdentitySource>))]
public enum IdentitySource
{
    /// <summary>Written by a connector or a holder's export (<c>connector</c>).</summary>
    [JsonStringEnumMemberName("connector")]
    Connector,

    /// <summary>Entered by the person (<c>manual</c>).</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>Merged from several identities (<c>factorized</c>).</summary>
    [JsonStringEnumMemberName("factorized")]
    Factorized,
}

/// <summary>Represents the contact details of a <see cref="PersonIdentity"/> (<c>contact</c>), a subset of the <c>io.cozy.contacts</c> format.</summary>
public sealed record IdentityContact
{
    /// <summary>Gets the name, when known.</summary>
    [JsonPropertyName("name")]
    public ContactName? Name { get; init; }

    /// <summary>Gets the e-mail addresses, when known.</summary>
    [JsonPropertyName("email")]
    public IReadOnlyList<ContactEmail>? Email { get; init; }

    /// <summary>Gets the phone numbers, when known.</summary>
    [JsonPropertyName("phone")]
    public IReadOnlyList<ContactPhone>? Phone { get; init; }

    /// <summary>Gets the postal addresses, when known.</summary>
    [JsonPropertyName("address")]
    public IReadOnlyList<ContactAddress>? Address { get; init; }
}

/// <summary>Represents a name in the <c>io.cozy.contacts</c> format.</summary>
public sealed record ContactName
{
    /// <summary>Gets the family name, when known.</summary>
    [JsonPropertyName("familyName")]
    public string? FamilyName { get; init; }

    /// <summary>Gets the given name, when known.</summary>
    [JsonPropertyName("givenName")]
    public string? GivenName { get; init; }
}

/// <summary>Represents an e-mail address in the <c>io.cozy.contacts</c> format.</summary>
public sealed record ContactEmail
{
    /// <summary>Gets the address.</summary>
    [JsonPropertyName("address")]
    public required string Address { get; init; }
}

/// <summary>Represents a phone number in the <c>io.cozy.contacts</c> format.</summary>
public sealed record ContactPhone
{
    /// <summary>Gets the number, as the holder writes it.</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>Gets a value indicating whether this is the preferred number, when known.</summary>
    [JsonPropertyName("primary")]
    public bool? Primary { get; init; }

    /// <summary>Gets the kind of number, such as <c>mobile</c> or <c>home</c>, when known.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}

/// <summary>Represents a postal address in the <c>io.cozy.contacts</c> format.</summary>
public sealed record ContactAddress
{
    /// <summary>Gets the address as displayed, when known.</summary>
    [JsonPropertyName("formattedAddress")]
    public string? FormattedAddress { get; init; }

    /// <summary>Gets the street line, when known.</summary>
    [JsonPropertyName("street")]
    public string? Street { get; init; }

    /// <summary>Gets the postcode, when known.</summary>
    [JsonPropertyName("postcode")]
    public string? Postcode { get; init; }

    /// <summary>Gets the city, when known.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }
}

/// <summary>Represents one home of a <see cref="PersonIdentity"/> (<c>housing[]</c>).</summary>
/// <remarks>The housing <c>address</c> and <c>baking_types</c> of the Cozy documentation are not modelled, because it gives no shape for them.</remarks>
public sealed record Housing
{
    /// <summary>Gets the year the building was built, when known.</summary>
    [JsonPropertyName("construction_year")]
    public int? ConstructionYear { get; init; }

    /// <summary>Gets whether the home is a main or secondary residence, when known.</summary>
    [JsonPropertyName("residence_type")]
    public string? ResidenceType { get; init; }

    /// <summary>Gets the kind of housing (flat, house…), when known.</summary>
    [JsonPropertyName("housing_type")]
    public string? HousingType { get; init; }

    /// <summary>Gets the number of residents, when known.</summary>
    [JsonPropertyName("residents_number")]
    public int? ResidentsNumber { get; init; }

    /// <summary>Gets the living space in square metres, when known.</summary>
    [JsonPropertyName("living_space_m2")]
    public decimal? LivingSpaceM2 { get; init; }

    /// <summary>Gets the heating system, when known.</summary>
    [JsonPropertyName("heating_system")]
    public string? HeatingSystem { get; init; }

    /// <summary>Gets the water-heating system, when known.</summary>
    [JsonPropertyName("water_heating_system")]
    public string? WaterHeatingSystem { get; init; }

    /// <summary>Gets the energy contracts of the home, one per energy type, when known.</summary>
    [JsonPropertyName("energy_providers")]
    public IReadOnlyList<EnergyProvider>? EnergyProviders { get; init; }
}

/// <summary>Represents one energy contract of a home (<c>housing[].energy_providers[]</c>), with its consumption.</summary>
/// <remarks>
/// An electricity contract carries <see cref="PdlNumber"/> and <see cref="ElectricConsumption"/>; a gas contract
/// <see cref="PceNumber"/> and <see cref="GasConsumption"/>. Power is a number of kVA and consumption a number of kWh,
/// as the field names say.
/// </remarks>
public sealed record EnergyProvider
{
    /// <summary>Gets the supplier, such as <c>EDF</c>.</summary>
    [JsonPropertyName("vendor")]
    public required string Vendor { get; init; }

    /// <summary>Gets the energy of the contract.</summary>
    [JsonPropertyName("energy_type")]
    public required EnergyType EnergyType { get; init; }

    /// <summary>Gets the contract number, when known.</summary>
    [JsonPropertyName("contract_number")]
    public string? ContractNumber { get; init; }

    /// <summary>Gets the electricity delivery point (PDL, 14 digits), when known.</summary>
    [JsonPropertyName("pdl_number")]
    public string? PdlNumber { get; init; }

    /// <summary>Gets the gas delivery point (PCE, 14 digits), when known.</summary>
    [JsonPropertyName("pce_number")]
    public string? PceNumber { get; init; }

    /// <summary>Gets the offer or tariff, when known.</summary>
    [JsonPropertyName("contract_type")]
    public string? ContractType { get; init; }

    /// <summary>Gets the subscribed power in kVA (<c>powerkVA</c>), when known.</summary>
    [JsonPropertyName("powerkVA")]
    public decimal? PowerKva { get; init; }

    /// <summary>Gets the charging type as the supplier names it (<c>charging_type</c>), passed through unchanged, when known.</summary>
    [JsonPropertyName("charging_type")]
    public string? ChargingType { get; init; }

    /// <summary>Gets the yearly electricity consumption, when known.</summary>
    [JsonPropertyName("electric_consumption")]
    public IReadOnlyList<YearlyConsumption>? ElectricConsumption { get; init; }

    /// <summary>Gets the yearly gas consumption, when known.</summary>
    [JsonPropertyName("gas_consumption")]
    public IReadOnlyList<YearlyConsumption>? GasConsumption { get; init; }
}

/// <summary>Specifies the energy of an <see cref="EnergyProvider"/> (<c>energy_type</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<EnergyType>))]
public enum EnergyType
{
    /// <summary>Electricity (<c>electricity</c>).</summary>
    [JsonStringEnumMemberName("electricity")]
    Electricity,

    /// <summary>Natural gas (<c>gas</c>).</summary>
    [JsonStringEnumMemberName("gas")]
    Gas,
}

/// <summary>Represents one year of consumption of an <see cref="EnergyProvider"/>, with its months.</summary>
public sealed record YearlyConsumption
{
    /// <summary>Gets the year.</summary>
    [JsonPropertyName("year")]
    public required int Year { get; init; }

    /// <summary>Gets the consumption of the year in kWh.</summary>
    [JsonPropertyName("consumptionkWh")]
    public required decimal ConsumptionKwh { get; init; }

    /// <summary>Gets the consumption of each month, when known.</summary>
    [JsonPropertyName("months")]
    public IReadOnlyList<MonthlyConsumption>? Months { get; init; }
}

/// <summary>Represents one month of consumption in a <see cref="YearlyConsumption"/>.</summary>
public sealed record MonthlyConsumption
{
    /// <summary>Gets the month, 1 to 12.</summary>
    [JsonPropertyName("month")]
    public required int Month { get; init; }

    /// <summary>Gets the consumption of the month in kWh.</summary>
    [JsonPropertyName("consumptionkWh")]
    public required decimal ConsumptionKwh { get; init; }
}

/// <summary>Maps <see cref="PersonIdentity"/> records to <c>io.cozy.identities</c>.</summary>
/// <remarks>
/// <para>Identity keys: <c>identifier</c>, <c>source</c>. Cozy's own connectors deduplicate identities on
/// <c>identifier</c> and <c>cozyMetadata.createdByApp</c>; the app is the same for every document of one export, so it
/// cannot tell records apart and is not part of the <c>_id</c>. As a consequence two holders exporting an identity for
/// the same identifier produce the same <c>_id</c>: give each holder's export to the person's platform separately.</para>
/// <para><c>powerkVA</c> is in kVA and <c>consumptionkWh</c> in kWh, always JSON numbers (this is a Cozy doctype, with no
/// pilot string form).</para>
/// </remarks>
public sealed class PersonIdentityMapping : JsonDoctypeMapping<PersonIdentity>
{
    internal PersonIdentityMapping()
        : base("io.cozy.identities", "identifier", "source")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>identifier</c>, e-mail address, phone number or provider <c>vendor</c> (<c>SD2001</c>); a
    /// <c>source</c> or <c>energy_type</c> outside the documented values (<c>SD2012</c>); a <c>pdl_number</c> or
    /// <c>pce_number</c> that is not 14 digits (<c>SD2008</c>); a negative power, consumption, surface or resident count, a
    /// month outside 1–12 or a year outside 1000–2100 (<c>SD2011</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(PersonIdentity record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Identifier, "identifier", 320);
        if (!Enum.IsDefined(record.Source))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "source", "'source' must be connector, manual or factorized.");
        }

        if (record.Contact is { } contact)
        {
            ValidateContact(contact, context);
        }

        if (record.Housing is { } housing)
        {
            for (var i = 0; i < housing.Count; i++)
            {
                ValidateHousing(housing[i], $"housing[{i}]", context);
            }
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(PersonIdentity record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Identifier);
        keys.Add(record.Source switch
        {
            IdentitySource.Connector => "connector",
            IdentitySource.Manual => "manual",
            _ => "factorized",
        });
    }

    private static void ValidateContact(IdentityContact contact, RecordValidationContext context)
    {
        if (contact.Name is { } name)
        {
            context.CheckLength(name.FamilyName, "contact.name.familyName", 256);
            context.CheckLength(name.GivenName, "contact.name.givenName", 256);
        }

        for (var i = 0; i < (contact.Email?.Count ?? 0); i++)
        {
            context.RequireText(contact.Email![i]?.Address, $"contact.email[{i}].address", 320);
        }

        for (var i = 0; i < (contact.Phone?.Count ?? 0); i++)
        {
            var phone = contact.Phone![i];
            context.RequireText(phone?.Number, $"contact.phone[{i}].number", 32);
            context.CheckLength(phone!.Type, $"contact.phone[{i}].type", 32);
        }

        for (var i = 0; i < (contact.Address?.Count ?? 0); i++)
        {
            var address = contact.Address![i] ?? throw context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"contact.address[{i}]", "An address is null.");
            var path = $"contact.address[{i}]";
            context.CheckLength(address.FormattedAddress, path + ".formattedAddress", 1024);
            context.CheckLength(address.Street, path + ".street", 512);
            context.CheckLength(address.Postcode, path + ".postcode", 16);
            context.CheckLength(address.City, path + ".city", 256);
        }
    }

    private static void ValidateHousing(Housing? housing, string path, RecordValidationContext context)
    {
        if (housing is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, path, "A home is null.");
            return;
        }

        if (housing.ConstructionYear is { } year)
        {
            context.RequireRange(year, 1000, 2100, path + ".construction_year");
        }

        context.CheckLength(housing.ResidenceType, path + ".residence_type", 64);
        context.CheckLength(housing.HousingType, path + ".housing_type", 64);
        if (housing.ResidentsNumber is { } residents)
        {
            context.RequireNonNegative(residents, path + ".residents_number");
        }

        if (housing.LivingSpaceM2 is { } space)
        {
            context.RequireNonNegative(space, path + ".living_space_m2");
        }

        context.CheckLength(housing.HeatingSystem, path + ".heating_system", 128);
        context.CheckLength(housing.WaterHeatingSystem, path + ".water_heating_system", 128);
        for (var i = 0; i < (housing.EnergyProviders?.Count ?? 0); i++)
        {
            ValidateProvider(housing.EnergyProviders![i], $"{path}.energy_providers[{i}]", context);
        }
    }

    private static void ValidateProvider(EnergyProvider? provider, string path, RecordValidationContext context)
    {
        if (provider is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, path, "An energy provider is null.");
            return;
        }

        context.RequireText(provider.Vendor, path + ".vendor", 128);
        if (!Enum.IsDefined(provider.EnergyType))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, path + ".energy_type", "'energy_type' must be electricity or gas.");
        }

        context.CheckLength(provider.ContractNumber, path + ".contract_number", 64);
        if (provider.PdlNumber is not null)
        {
            context.RequireUsagePointId(provider.PdlNumber, path + ".pdl_number");
        }

        if (provider.PceNumber is not null)
        {
            context.RequireUsagePointId(provider.PceNumber, path + ".pce_number");
        }

        context.CheckLength(provider.ContractType, path + ".contract_type", 128);
        if (provider.PowerKva is { } power)
        {
            context.RequireNonNegative(power, path + ".powerkVA");
        }

        context.CheckLength(provider.ChargingType, path + ".charging_type", 64);
        ValidateConsumption(provider.ElectricConsumption, path + ".electric_consumption", context);
        ValidateConsumption(provider.GasConsumption, path + ".gas_consumption", context);
    }

    private static void ValidateConsumption(IReadOnlyList<YearlyConsumption>? years, string path, RecordValidationContext context)
    {
        for (var i = 0; i < (years?.Count ?? 0); i++)
        {
            var year = years![i] ?? throw context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"{path}[{i}]", "A year is null.");
            var yearPath = $"{path}[{i}]";
            context.RequireRange(year.Year, 1000, 2100, yearPath + ".year");
            context.RequireNonNegative(year.ConsumptionKwh, yearPath + ".consumptionkWh");
            for (var m = 0; m < (year.Months?.Count ?? 0); m++)
            {
                var month = year.Months![m] ?? throw context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"{yearPath}.months[{m}]", "A month is null.");
                context.RequireRange(month.Month, 1, 12, $"{yearPath}.months[{m}].month");
                context.RequireNonNegative(month.ConsumptionKwh, $"{yearPath}.months[{m}].consumptionkWh");
            }
        }
    }
}
