using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents the identity Enedis holds for a customer (<c>fr.enedis.api.customers.identity</c>), mirrored from the
/// Enedis Data Connect API with its snake_case names.
/// </summary>
public sealed record EnedisCustomerIdentity
{
    /// <summary>Gets the customer id at Enedis.</summary>
    [JsonPropertyName("customer_id")]
    public required string CustomerId { get; init; }

    /// <summary>Gets the customer segment, such as <c>C5</c>, when known.</summary>
    [JsonPropertyName("segment")]
    public string? Segment { get; init; }

    /// <summary>Gets the identity.</summary>
    [JsonPropertyName("identity")]
    public required EnedisIdentity Identity { get; init; }
}

/// <summary>Represents the <c>identity</c> object of an Enedis customer.</summary>
public sealed record EnedisIdentity
{
    /// <summary>Gets the person, for a customer who is a natural person.</summary>
    [JsonPropertyName("natural_person")]
    public EnedisNaturalPerson? NaturalPerson { get; init; }
}

/// <summary>Represents a natural person in the Enedis customer identity (<c>identity.natural_person</c>).</summary>
public sealed record EnedisNaturalPerson
{
    /// <summary>Gets the title, such as <c>Mme</c>, when known.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Gets the given name (Enedis's <c>name</c>), when known.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the family name, when known.</summary>
    [JsonPropertyName("last_name")]
    public string? LastName { get; init; }
}

/// <summary>
/// Represents one delivery point of an Enedis customer and its subscription (<c>fr.enedis.api.customers.usagepoints</c>),
/// mirrored from the Enedis Data Connect API.
/// </summary>
/// <remarks>
/// The pilot's document holds one usage point as the object <c>usage_points</c>. <c>customer_id</c> is not in the
/// pilot's sample; the SDK writes it, under the name the Enedis API gives it, so that the document says whose point it is.
/// </remarks>
public sealed record EnedisCustomerUsagePoint
{
    /// <summary>Gets the customer id at Enedis.</summary>
    [JsonPropertyName("customer_id")]
    public required string CustomerId { get; init; }

    /// <summary>Gets the usage point.</summary>
    [JsonPropertyName("usage_points")]
    public required EnedisUsagePoint UsagePoint { get; init; }
}

/// <summary>Represents a usage point in <c>fr.enedis.api.customers.usagepoints</c> (<c>usage_points</c>).</summary>
public sealed record EnedisUsagePoint
{
    /// <summary>Gets the delivery point (PRM), 14 digits.</summary>
    [JsonPropertyName("usage_point_id")]
    public required string UsagePointId { get; init; }

    /// <summary>Gets the subscribed power in kVA, when known.</summary>
    /// <remarks>
    /// Written as a JSON number of kVA; in the MesInfos profile with <see cref="PortabilityOptions.MesInfosStringNumbers"/>
    /// as the string the Enedis API sends (<c>"6"</c>). Read from either form, and from <c>"6 kVA"</c>.
    /// </remarks>
    [JsonPropertyName("power_subscribed")]
    [KilovoltAmpere(ApparentPowerForm.PilotString)]
    public Quantity? PowerSubscribed { get; init; }

    /// <summary>Gets the off-peak time slots, as Enedis writes them, when any.</summary>
    [JsonPropertyName("time_slot")]
    public string? TimeSlot { get; init; }
}

/// <summary>
/// Represents the address of an Enedis customer's delivery point (<c>fr.enedis.api.customers.usagepointaddress</c>),
/// mirrored from the Enedis Data Connect API, its misspelling <c>additional_adress</c> included.
/// </summary>
/// <remarks>
/// <c>usage_point_id</c> is not in the pilot's sample; the SDK writes it when given, under the Enedis API's name, so
/// that a customer with several delivery points gets one document per point.
/// </remarks>
public sealed record EnedisUsagePointAddress
{
    /// <summary>Gets the customer id at Enedis.</summary>
    [JsonPropertyName("customer_id")]
    public required string CustomerId { get; init; }

    /// <summary>Gets the customer segment, such as <c>C5</c>, when known.</summary>
    [JsonPropertyName("segment")]
    public string? Segment { get; init; }

    /// <summary>Gets the delivery point (PRM, 14 digits) the address belongs to, when known.</summary>
    [JsonPropertyName("usage_point_id")]
    public string? UsagePointId { get; init; }

    /// <summary>Gets the address.</summary>
    [JsonPropertyName("usage_point_address")]
    public required EnedisAddress Address { get; init; }
}

/// <summary>Represents an address as Enedis writes it (<c>usage_point_address</c>).</summary>
public sealed record EnedisAddress
{
    /// <summary>Gets the first additional line (<c>additional_adress1</c>, as Enedis spells it), when any.</summary>
    [JsonPropertyName("additional_adress1")]
    public string? AdditionalAddress1 { get; init; }

    /// <summary>Gets the second additional line (<c>additional_adress2</c>), when any.</summary>
    [JsonPropertyName("additional_adress2")]
    public string? AdditionalAddress2 { get; init; }

    /// <summary>Gets the street number, when known.</summary>
    [JsonPropertyName("street_number")]
    public string? StreetNumber { get; init; }

    /// <summary>Gets the street, when known.</summary>
    [JsonPropertyName("street")]
    public string? Street { get; init; }

    /// <summary>Gets the locality, when any.</summary>
    [JsonPropertyName("locality")]
    public string? Locality { get; init; }

    /// <summary>Gets the postcode, when known.</summary>
    [JsonPropertyName("zip")]
    public string? Zip { get; init; }

    /// <summary>Gets the city, when known.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the country, when known.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }

    /// <summary>Gets the INSEE code of the commune (<c>geo_point</c>, as the pilot's catalogue describes it), when known.</summary>
    [JsonPropertyName("geo_point")]
    public string? GeoPoint { get; init; }
}

/// <summary>Maps <see cref="EnedisCustomerIdentity"/> records to <c>fr.enedis.api.customers.identity</c>.</summary>
/// <remarks>Identity key: <c>customer_id</c>.</remarks>
public sealed class EnedisCustomerIdentityMapping : JsonDoctypeMapping<EnedisCustomerIdentity>
{
    internal EnedisCustomerIdentityMapping()
        : base("fr.enedis.api.customers.identity", "customer_id")
    {
    }

    /// <inheritdoc />
    /// <remarks>Failures: a blank <c>customer_id</c> (<c>SD2001</c>); a text over its limit (<c>SD2014</c>).</remarks>
    public override void Validate(EnedisCustomerIdentity record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.CustomerId, "customer_id", 64);
        context.CheckLength(record.Segment, "segment", 16);
        if (record.Identity is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "identity", "'identity' is required.");
        }
        else if (record.Identity.NaturalPerson is { } person)
        {
            context.CheckLength(person.Title, "identity.natural_person.title", 32);
            context.CheckLength(person.Name, "identity.natural_person.name", 256);
            context.CheckLength(person.LastName, "identity.natural_person.last_name", 256);
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(EnedisCustomerIdentity record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.CustomerId);
    }
}

/// <summary>Maps <see cref="EnedisCustomerUsagePoint"/> records to <c>fr.enedis.api.customers.usagepoints</c>.</summary>
/// <remarks>Identity keys: <c>customer_id</c>, <c>usage_points.usage_point_id</c>. <c>power_subscribed</c> is in kVA, a pilot string number.</remarks>
public sealed class EnedisUsagePointMapping : JsonDoctypeMapping<EnedisCustomerUsagePoint>
{
    internal EnedisUsagePointMapping()
        : base("fr.enedis.api.customers.usagepoints", "customer_id", "usage_points.usage_point_id")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>customer_id</c> (<c>SD2001</c>); a <c>usage_point_id</c> that is not 14 digits (<c>SD2008</c>);
    /// a power that is not an apparent power (<c>SD2010</c>) or is negative (<c>SD2011</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(EnedisCustomerUsagePoint record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.CustomerId, "customer_id", 64);
        if (record.UsagePoint is null)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "usage_points", "'usage_points' is required.");
            return;
        }

        context.RequireUsagePointId(record.UsagePoint.UsagePointId, "usage_points.usage_point_id");
        if (record.UsagePoint.PowerSubscribed is { } power)
        {
            context.RequireDimension(power, Dimension.ApparentPower, "usage_points.power_subscribed");
            context.RequireNonNegative(power.Value, "usage_points.power_subscribed");
        }

        context.CheckLength(record.UsagePoint.TimeSlot, "usage_points.time_slot", 256);
    }

    /// <inheritdoc />
    public override void WriteIdentity(EnedisCustomerUsagePoint record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.CustomerId);
        keys.Add(record.UsagePoint.UsagePointId);
    }
}

/// <summary>Maps <see cref="EnedisUsagePointAddress"/> records to <c>fr.enedis.api.customers.usagepointaddress</c>.</summary>
/// <remarks>Identity keys: <c>customer_id</c>, <c>usage_point_id</c> (empty when not given).</remarks>
public sealed class EnedisUsagePointAddressMapping : JsonDoctypeMapping<EnedisUsagePointAddress>
{
    internal EnedisUsagePointAddressMapping()
        : base("fr.enedis.api.customers.usagepointaddress", "customer_id", "usage_point_id")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>customer_id</c> or a missing address (<c>SD2001</c>); a <c>usage_point_id</c> that is not
    /// 14 digits (<c>SD2008</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(EnedisUsagePointAddress record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.CustomerId, "customer_id", 64);
        context.CheckLength(record.Segment, "segment", 16);
        if (record.UsagePointId is not null)
        {
            context.RequireUsagePointId(record.UsagePointId, "usage_point_id");
        }

        if (record.Address is not { } address)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "usage_point_address", "'usage_point_address' is required.");
            return;
        }

        const string Path = "usage_point_address.";
        context.CheckLength(address.AdditionalAddress1, Path + "additional_adress1", 256);
        context.CheckLength(address.AdditionalAddress2, Path + "additional_adress2", 256);
        context.CheckLength(address.StreetNumber, Path + "street_number", 16);
        context.CheckLength(address.Street, Path + "street", 256);
        context.CheckLength(address.Locality, Path + "locality", 256);
        context.CheckLength(address.Zip, Path + "zip", 16);
        context.CheckLength(address.City, Path + "city", 256);
        context.CheckLength(address.Country, Path + "country", 128);
        context.CheckLength(address.GeoPoint, Path + "geo_point", 16);
    }

    /// <inheritdoc />
    public override void WriteIdentity(EnedisUsagePointAddress record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.CustomerId);
        keys.Add(record.UsagePointId);
    }
}
