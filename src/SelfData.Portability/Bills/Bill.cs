using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Bills;

/// <summary>
/// Represents a bill issued to the person (<c>io.cozy.bills</c>): who issued it, when, how much — always a positive
/// amount, with <see cref="IsRefund"/> for money going back to the person — and a link to the PDF.
/// </summary>
public sealed record Bill
{
    /// <summary>Gets the issuer's name, such as <c>EDF</c> (<c>vendor</c>). Required.</summary>
    public required string Vendor { get; init; }

    /// <summary>Gets when the bill was issued (<c>date</c>).</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>Gets the amount (<c>amount</c>, <c>currency</c>); never negative.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets a value indicating whether the amount goes to the person: a refund, or an income for the <c>pay</c> type (<c>isRefund</c>).</summary>
    public bool IsRefund { get; init; }

    /// <summary>Gets the kind of bill, such as <c>phone</c>, <c>health_costs</c>, <c>transport</c> (<c>type</c>).</summary>
    public string? Type { get; init; }

    /// <summary>Gets a finer label (<c>subtype</c>).</summary>
    public string? Subtype { get; init; }

    /// <summary>Gets how often the bill recurs: <c>weekly</c>, <c>monthly</c>, <c>bi-monthly</c> or <c>yearly</c> (<c>recurrence</c>).</summary>
    public string? Recurrence { get; init; }

    /// <summary>Gets the issuer's own reference of the bill, such as <c>INV-2018-09-12534</c> (<c>vendorRef</c>; <c>number</c> in the MesInfos profile).</summary>
    public string? VendorRef { get; init; }

    /// <summary>Gets the contract the bill belongs to (<c>contractId</c>); part of the identity.</summary>
    public string? ContractId { get; init; }

    /// <summary>Gets the contract's label (<c>contractLabel</c>).</summary>
    public string? ContractLabel { get; init; }

    /// <summary>Gets the person's customer number at the issuer (<c>clientId</c>, as in EDF's pilot bills).</summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the address the PDF can be fetched from (<c>fileUrl</c>; <c>pdfurl</c> in the MesInfos profile).</summary>
    public Uri? FileUrl { get; init; }

    /// <summary>Gets the <c>_id</c> of the bill's <c>io.cozy.files</c> document (<c>relationships.document</c>, and the legacy <c>invoice</c> link).</summary>
    public string? DocumentId { get; init; }

    /// <summary>Gets the first day the bill covers (<c>periodStart</c>).</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Gets the last day the bill covers (<c>periodEnd</c>).</summary>
    public DateOnly? PeriodEnd { get; init; }
}

/// <summary>Maps <see cref="Bill"/> records to <c>io.cozy.bills</c>.</summary>
/// <remarks>
/// <para>Identity keys: <c>amount</c>, <c>contractId</c>, <c>date</c>, <c>vendor</c> — the Cozy connectors' default
/// (date, amount, vendor) with <c>contractId</c>, which they add when bills are split by contract (empty when absent).</para>
/// <para>Cozy profile: <c>vendorRef</c>, <c>fileUrl</c>, <c>relationships.document</c> and the legacy
/// <c>invoice: "io.cozy.files:&lt;id&gt;"</c> that Cozy's connector library still writes. MesInfos profile: EDF's pilot
/// names — <c>number</c> for the reference, <c>value</c> (a pilot string number) beside <c>amount</c>, <c>pdfurl</c>,
/// and the legacy <c>invoice</c> link.</para>
/// </remarks>
public sealed class BillMapping : IDoctypeMapping<Bill>
{
    private static readonly string[] Keys = ["amount", "contractId", "date", "vendor"];
    private static readonly string[] Recurrences = ["weekly", "monthly", "bi-monthly", "yearly"];
    private static readonly Doctype Files = new("io.cozy.files");

    internal BillMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new("io.cozy.bills");

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(Bill record) => record?.Date;

    /// <inheritdoc />
    public void Validate(Bill record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Vendor, "vendor", 256);
        if (record.Amount.Amount < 0)
        {
            context.Fail(PortabilityErrorCodes.NegativeBillAmount, "amount", $"A bill amount is always positive ({record.Amount}); a refund is a positive amount with IsRefund = true.");
        }

        if (string.IsNullOrEmpty(record.Amount.Currency.Code))
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "currency", "The bill has no currency.");
        }

        if (record.Recurrence is not null && !Recurrences.Contains(record.Recurrence, StringComparer.Ordinal))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "recurrence", $"Recurrence '{record.Recurrence}' is not one of {string.Join(", ", Recurrences)}.");
        }

        if (record.PeriodStart is { } start && record.PeriodEnd is { } end && end < start)
        {
            context.Fail(PortabilityErrorCodes.InvalidPeriod, "periodEnd", "The bill's period ends before it starts.");
        }

        if (record.FileUrl is { } url && !url.IsAbsoluteUri)
        {
            context.Fail(PortabilityErrorCodes.ValueOutOfRange, "fileUrl", "The file address must be an absolute URL.");
        }

        context.CheckLength(record.Type, "type", 64);
        context.CheckLength(record.Subtype, "subtype", 256);
        context.CheckLength(record.VendorRef, "vendorRef", 256);
        context.CheckLength(record.ContractId, "contractId", 256);
        context.CheckLength(record.ContractLabel, "contractLabel", 256);
        context.CheckLength(record.ClientId, "clientId", 256);
        context.CheckLength(record.DocumentId, "relationships.document", 256);
    }

    /// <inheritdoc />
    public void WriteIdentity(Bill record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Amount.Amount);
        keys.Add(record.ContractId);
        keys.Add(record.Date);
        keys.Add(record.Vendor);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, Bill record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        var mesInfos = context.Profile == ExportProfile.MesInfos;
        writer.WriteString("vendor", record.Vendor);
        DocumentWriteContext.WriteInstant(writer, "date", record.Date);
        writer.WriteNumber("amount", record.Amount.Amount);
        writer.WriteString("currency", record.Amount.Currency.Code);
        writer.WriteBoolean("isRefund", record.IsRefund);
        WriteOptional(writer, "type", record.Type);
        WriteOptional(writer, "subtype", record.Subtype);
        WriteOptional(writer, "recurrence", record.Recurrence);
        WriteOptional(writer, mesInfos ? "number" : "vendorRef", record.VendorRef);
        WriteOptional(writer, "contractId", record.ContractId);
        WriteOptional(writer, "contractLabel", record.ContractLabel);
        WriteOptional(writer, "clientId", record.ClientId);
        WriteOptional(writer, mesInfos ? "pdfurl" : "fileUrl", record.FileUrl?.AbsoluteUri);
        if (record.PeriodStart is { } start)
        {
            DocumentWriteContext.WriteDate(writer, "periodStart", start);
        }

        if (record.PeriodEnd is { } end)
        {
            DocumentWriteContext.WriteDate(writer, "periodEnd", end);
        }

        if (mesInfos)
        {
            context.WritePilotNumber(writer, "value", record.Amount.Amount);
        }
        else if (record.DocumentId is not null)
        {
            writer.WriteString("invoice", Files.Name + ":" + record.DocumentId);
        }

        context.WriteRelationships(writer, [new DocumentReference("document", "invoice", Files, record.DocumentId)]);
    }

    /// <inheritdoc />
    public Bill Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mesInfos = context.Profile == ExportProfile.MesInfos;
        var url = context.GetOptionalString(document, mesInfos ? "pdfurl" : "fileUrl");
        return new Bill
        {
            Vendor = context.GetString(document, "vendor"),
            Date = context.GetInstant(document, "date"),
            Amount = new Money(context.GetDecimal(document, "amount"), ConsumptionStatementMapping.ReadCurrency(context, context.GetString(document, "currency"))),
            IsRefund = context.GetOptionalBoolean(document, "isRefund") ?? false,
            Type = context.GetOptionalString(document, "type"),
            Subtype = context.GetOptionalString(document, "subtype"),
            Recurrence = context.GetOptionalString(document, "recurrence"),
            VendorRef = context.GetOptionalString(document, mesInfos ? "number" : "vendorRef"),
            ContractId = context.GetOptionalString(document, "contractId"),
            ContractLabel = context.GetOptionalString(document, "contractLabel"),
            ClientId = context.GetOptionalString(document, "clientId"),
            FileUrl = url is null ? null : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw context.Fail("fileUrl", "The file address must be an absolute URL."),
            DocumentId = context.GetReference(document, new DocumentReference("document", "invoice", Files, null)),
            PeriodStart = context.GetOptionalDate(document, "periodStart"),
            PeriodEnd = context.GetOptionalDate(document, "periodEnd"),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
