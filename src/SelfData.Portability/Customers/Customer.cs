using System.Globalization;
using System.Text.Json.Serialization;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents a supplier's customer record (<c>org.fing.mesinfos.client</c>): who the customer is for the supplier
/// (EDF in the MesInfos pilot; the doctype was also planned for GRDF and Eau du Grand Lyon) and how to reach them.
/// </summary>
/// <remarks>
/// Field names are the pilot's, misspellings included (<c>formated</c>). Phone numbers are written as the supplier
/// holds them (EDF wrote national numbers such as <c>0665022841</c>); they are not checked as MSISDNs.
/// </remarks>
public sealed record Customer
{
    /// <summary>Gets the customer number at the supplier (EDF's "numéro BP", such as <c>6012345678</c>).</summary>
    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    /// <summary>Gets the supplier, such as <c>EDF</c>.</summary>
    [JsonPropertyName("vendor")]
    public required string Vendor { get; init; }

    /// <summary>Gets the commercial agreement number (<c>numeroAcc</c>), when known.</summary>
    [JsonPropertyName("numeroAcc")]
    public string? AgreementNumber { get; init; }

    /// <summary>Gets the customer's name, when known.</summary>
    [JsonPropertyName("name")]
    public CustomerName? Name { get; init; }

    /// <summary>Gets the customer's postal address, when known.</summary>
    [JsonPropertyName("address")]
    public CustomerAddress? Address { get; init; }

    /// <summary>Gets the contact e-mail address, when known.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>Gets the e-mail address used to sign in to the supplier's customer area, when known.</summary>
    [JsonPropertyName("loginEmail")]
    public string? LoginEmail { get; init; }

    /// <summary>Gets the mobile phone number, when known.</summary>
    [JsonPropertyName("cellPhone")]
    public string? CellPhone { get; init; }

    /// <summary>Gets the landline phone number, when known.</summary>
    [JsonPropertyName("homePhone")]
    public string? HomePhone { get; init; }

    /// <summary>Gets the co-holder of the account, when any.</summary>
    [JsonPropertyName("coHolder")]
    public CustomerName? CoHolder { get; init; }

    /// <summary>Gets the supplier's customer-service contact, when known.</summary>
    [JsonPropertyName("commercialContact")]
    public CommercialContact? CommercialContact { get; init; }
}

/// <summary>Represents a person's name in the MesInfos customer doctypes.</summary>
public sealed record CustomerName
{
    /// <summary>Gets the title, such as <c>MME</c>, when known.</summary>
    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }

    /// <summary>Gets the family name, when known.</summary>
    [JsonPropertyName("family")]
    public string? Family { get; init; }

    /// <summary>Gets the given name, when known.</summary>
    [JsonPropertyName("given")]
    public string? Given { get; init; }

    /// <summary>Gets the full name as displayed, such as <c>GERMAINE DUPOND</c> (wire name <c>formated</c>, as in the pilot).</summary>
    [JsonPropertyName("formated")]
    public string? Formatted { get; init; }
}

/// <summary>Represents a postal address in the MesInfos customer doctypes.</summary>
public sealed record CustomerAddress
{
    /// <summary>Gets the address as displayed, lines separated by <c>\n</c> (wire name <c>formated</c>, as in the pilot).</summary>
    [JsonPropertyName("formated")]
    public string? Formatted { get; init; }

    /// <summary>Gets the street line, such as <c>2 BOULEVARD DES BELGES</c>.</summary>
    [JsonPropertyName("street")]
    public string? Street { get; init; }

    /// <summary>Gets the postcode, such as <c>69006</c>.</summary>
    [JsonPropertyName("postcode")]
    public string? Postcode { get; init; }

    /// <summary>Gets the city.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the country, such as <c>FRANCE</c>.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }
}

/// <summary>Represents the supplier's customer-service contact of a <see cref="Customer"/>.</summary>
public sealed record CommercialContact
{
    /// <summary>Gets the name of the customer-service centre, such as <c>Paris Pyramide</c>.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Gets the customer-service phone number.</summary>
    [JsonPropertyName("phone")]
    public string? Phone { get; init; }

    /// <summary>Gets the customer-service postal address.</summary>
    [JsonPropertyName("address")]
    public CustomerAddress? Address { get; init; }
}

/// <summary>Maps <see cref="Customer"/> records to <c>org.fing.mesinfos.client</c>.</summary>
/// <remarks>Identity keys (the EDF konnector's): <c>clientId</c>, <c>vendor</c>.</remarks>
public sealed class CustomerMapping : JsonDoctypeMapping<Customer>
{
    internal CustomerMapping()
        : base("org.fing.mesinfos.client", "clientId", "vendor")
    {
    }

    /// <inheritdoc />
    /// <remarks>Failures: a blank <c>clientId</c> or <c>vendor</c> (<c>SD2001</c>); a text over its limit (<c>SD2014</c>).</remarks>
    public override void Validate(Customer record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.ClientId, "clientId", 64);
        context.RequireText(record.Vendor, "vendor", 128);
        context.CheckLength(record.AgreementNumber, "numeroAcc", 64);
        CustomerChecks.Name(context, record.Name, "name");
        CustomerChecks.Address(context, record.Address, "address");
        context.CheckLength(record.Email, "email", 320);
        context.CheckLength(record.LoginEmail, "loginEmail", 320);
        context.CheckLength(record.CellPhone, "cellPhone", 32);
        context.CheckLength(record.HomePhone, "homePhone", 32);
        CustomerChecks.Name(context, record.CoHolder, "coHolder");
        if (record.CommercialContact is { } contact)
        {
            context.CheckLength(contact.Title, "commercialContact.title", 256);
            context.CheckLength(contact.Phone, "commercialContact.phone", 32);
            CustomerChecks.Address(context, contact.Address, "commercialContact.address");
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(Customer record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.ClientId);
        keys.Add(record.Vendor);
    }
}

/// <summary>Checks shared by the customer doctypes.</summary>
internal static class CustomerChecks
{
    internal static void Name(RecordValidationContext context, CustomerName? name, string path)
    {
        if (name is null)
        {
            return;
        }

        context.CheckLength(name.Prefix, path + ".prefix", 32);
        context.CheckLength(name.Family, path + ".family", 256);
        context.CheckLength(name.Given, path + ".given", 256);
        context.CheckLength(name.Formatted, path + ".formated", 512);
    }

    internal static void Address(RecordValidationContext context, CustomerAddress? address, string path)
    {
        if (address is null)
        {
            return;
        }

        context.CheckLength(address.Formatted, path + ".formated", 1024);
        context.CheckLength(address.Street, path + ".street", 512);
        context.CheckLength(address.Postcode, path + ".postcode", 16);
        context.CheckLength(address.City, path + ".city", 256);
        context.CheckLength(address.Country, path + ".country", 128);
    }

    internal static void Period(RecordValidationContext context, DateOnly? start, DateOnly? end, string endPath)
    {
        if (start is { } s && end is { } e && e < s)
        {
            context.Fail(PortabilityErrorCodes.InvalidPeriod, endPath, $"The period ends ({e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}) before it starts ({s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).");
        }
    }
}
