using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Banking;

/// <summary>Represents a bank operation (<c>io.cozy.bank.operations</c>): a signed amount on an account, with its dates and kind.</summary>
public sealed record BankOperation
{
    /// <summary>Gets the operation's id at the bank (<c>vendorId</c>), which identifies the document.</summary>
    public required string VendorId { get; init; }

    /// <summary>Gets the cleaned label, such as <c>M  PIERRE RICHARD</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Gets the raw label from the bank (<c>originalBankLabel</c>), when known.</summary>
    public string? OriginalBankLabel { get; init; }

    /// <summary>Gets the signed amount, negative for a debit, written as <c>amount</c> and <c>currency</c>.</summary>
    public required Money Amount { get; init; }

    /// <summary>Gets the day the account is debited or credited (<c>date</c>).</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>Gets when the operation actually happened (<c>realisationDate</c>), when known; for a deferred-debit card it comes before <see cref="Date"/>.</summary>
    public DateTimeOffset? RealisationDate { get; init; }

    /// <summary>Gets the kind of operation, when known.</summary>
    public BankOperationType? Type { get; init; }

    /// <summary>Gets the category id from the cozy-banks category tree (<c>automaticCategoryId</c>), such as <c>400110</c>, when known.</summary>
    public string? AutomaticCategoryId { get; init; }

    /// <summary>Gets the <c>_id</c> of the account document (<c>account</c>), when known; see <see cref="BankAccountMapping.GetDocumentId"/>.</summary>
    public string? AccountId { get; init; }

    /// <summary>Gets the account's id at the bank (<c>vendorAccountId</c>), when known.</summary>
    public string? VendorAccountId { get; init; }

    /// <summary>Gets the <c>_id</c>s of the <c>io.cozy.bills</c> documents the operation pays, when any.</summary>
    public IReadOnlyList<string>? BillIds { get; init; }
}

/// <summary>Specifies the kind of a bank operation (<c>type</c> of <c>io.cozy.bank.operations</c>), with the values Cozy documents.</summary>
public enum BankOperationType
{
    /// <summary>No particular kind (<c>none</c>).</summary>
    None,

    /// <summary>A credit-card payment (<c>credit card</c>).</summary>
    CreditCard,

    /// <summary>A cash withdrawal or deposit (<c>cash</c>).</summary>
    Cash,

    /// <summary>A cheque (<c>check</c>).</summary>
    Check,

    /// <summary>A transfer (<c>transfer</c>).</summary>
    Transfer,

    /// <summary>A transfer between the person's own accounts (<c>internal transfer</c>).</summary>
    InternalTransfer,

    /// <summary>A debit-card payment (<c>debit card</c>).</summary>
    DebitCard,

    /// <summary>A deposit (<c>deposit</c>).</summary>
    Deposit,

    /// <summary>A bank fee (<c>financial fee</c>).</summary>
    FinancialFee,

    /// <summary>A direct debit (<c>direct debit</c>).</summary>
    DirectDebit,
}

/// <summary>Maps <see cref="BankOperation"/> records to <c>io.cozy.bank.operations</c>.</summary>
/// <remarks>
/// <para>Identity key: <c>vendorId</c>. <c>amount</c> is a signed JSON number with its ISO 4217 <c>currency</c>;
/// <c>date</c> and <c>realisationDate</c> are RFC 3339 instants with offset.</para>
/// <para>Links stay where cozy-banks reads them, in both profiles: <c>account</c> holds the account's bare <c>_id</c>
/// and <c>bills</c> the array <c>["io.cozy.bills:&lt;id&gt;"]</c>. No <c>relationships</c> object is written.</para>
/// </remarks>
public sealed class BankOperationMapping : IDoctypeMapping<BankOperation>
{
    private const string BillPrefix = "io.cozy.bills:";
    private static readonly Doctype Name = new("io.cozy.bank.operations");
    private static readonly string[] Keys = ["vendorId"];
    private static readonly string[] TypeNames =
        ["none", "credit card", "cash", "check", "transfer", "internal transfer", "debit card", "deposit", "financial fee", "direct debit"];

    private static readonly JsonEncodedText LabelName = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText OriginalBankLabelName = JsonEncodedText.Encode("originalBankLabel");
    private static readonly JsonEncodedText AmountName = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText CurrencyName = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText DateName = JsonEncodedText.Encode("date");
    private static readonly JsonEncodedText RealisationDateName = JsonEncodedText.Encode("realisationDate");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText AutomaticCategoryIdName = JsonEncodedText.Encode("automaticCategoryId");
    private static readonly JsonEncodedText AccountName = JsonEncodedText.Encode("account");
    private static readonly JsonEncodedText VendorIdName = JsonEncodedText.Encode("vendorId");
    private static readonly JsonEncodedText VendorAccountIdName = JsonEncodedText.Encode("vendorAccountId");
    private static readonly JsonEncodedText BillsName = JsonEncodedText.Encode("bills");

    internal BankOperationMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype => Name;

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    /// <remarks>The operation's <c>date</c>.</remarks>
    public DateTimeOffset? GetChangeInstant(BankOperation record) => record?.Date;

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>vendorId</c>, <c>label</c> or bill id, or an amount without currency (<c>SD2001</c>); a
    /// <c>type</c> outside <see cref="BankOperationType"/> (<c>SD2012</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public void Validate(BankOperation record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.VendorId, "vendorId", 256);
        context.RequireText(record.Label, "label", 1024);
        context.CheckLength(record.OriginalBankLabel, "originalBankLabel", 1024);
        if (record.Amount.Currency == default)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "currency", "The amount has no currency.");
        }

        if (record.Type is { } type && !Enum.IsDefined(type))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "type", $"'type' must be one of: {string.Join(", ", TypeNames)}.");
        }

        context.CheckLength(record.AutomaticCategoryId, "automaticCategoryId", 32);
        if (record.AccountId is not null)
        {
            context.RequireText(record.AccountId, "account", 256);
        }

        context.CheckLength(record.VendorAccountId, "vendorAccountId", 256);
        if (record.BillIds is { } bills)
        {
            for (var i = 0; i < bills.Count; i++)
            {
                context.RequireText(bills[i], $"bills[{i}]", 256);
            }
        }
    }

    /// <inheritdoc />
    public void WriteIdentity(BankOperation record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.VendorId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, BankOperation record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteString(LabelName, record.Label);
        BankAccountMapping.WriteOptional(writer, OriginalBankLabelName, record.OriginalBankLabel);
        writer.WriteNumber(AmountName, record.Amount.Amount);
        writer.WriteString(CurrencyName, record.Amount.Currency.Code);
        DocumentWriteContext.WriteInstant(writer, DateName, record.Date);
        if (record.RealisationDate is { } realisation)
        {
            DocumentWriteContext.WriteInstant(writer, RealisationDateName, realisation);
        }

        if (record.Type is { } type)
        {
            writer.WriteString(TypeName, TypeNames[(int)type]);
        }

        BankAccountMapping.WriteOptional(writer, AutomaticCategoryIdName, record.AutomaticCategoryId);
        BankAccountMapping.WriteOptional(writer, AccountName, record.AccountId);
        writer.WriteString(VendorIdName, record.VendorId);
        BankAccountMapping.WriteOptional(writer, VendorAccountIdName, record.VendorAccountId);
        if (record.BillIds is { } bills)
        {
            writer.WriteStartArray(BillsName);
            foreach (var bill in bills)
            {
                writer.WriteStringValue(BillPrefix + bill);
            }

            writer.WriteEndArray();
        }
    }

    /// <inheritdoc />
    public BankOperation Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var currency = context.GetOptionalString(document, "currency");
        var type = context.GetOptionalString(document, "type");
        return new BankOperation
        {
            VendorId = context.GetString(document, "vendorId"),
            Label = context.GetString(document, "label"),
            OriginalBankLabel = context.GetOptionalString(document, "originalBankLabel"),
            Amount = new Money(context.GetDecimal(document, "amount"), ConsumptionStatementMapping.ReadCurrency(context, currency)),
            Date = context.GetInstant(document, "date"),
            RealisationDate = context.GetOptionalInstant(document, "realisationDate"),
            Type = type is null ? null : ParseType(type, context),
            AutomaticCategoryId = context.GetOptionalString(document, "automaticCategoryId"),
            AccountId = context.GetOptionalString(document, "account"),
            VendorAccountId = context.GetOptionalString(document, "vendorAccountId"),
            BillIds = ReadBills(document, context),
        };
    }

    private static BankOperationType ParseType(string type, DocumentReadContext context)
    {
        var index = Array.IndexOf(TypeNames, type);
        return index >= 0 ? (BankOperationType)index : throw context.Fail("type", $"'{type}' is not a documented operation type.");
    }

    private static string[]? ReadBills(JsonElement document, DocumentReadContext context)
    {
        if (!document.TryGetProperty("bills", out var bills) || bills.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (bills.ValueKind != JsonValueKind.Array)
        {
            throw context.Fail("bills", "'bills' must be an array of \"io.cozy.bills:<id>\".");
        }

        var ids = new string[bills.GetArrayLength()];
        var i = 0;
        foreach (var bill in bills.EnumerateArray())
        {
            var text = bill.ValueKind == JsonValueKind.String ? bill.GetString()! : string.Empty;
            ids[i] = text.StartsWith(BillPrefix, StringComparison.Ordinal) && text.Length > BillPrefix.Length
                ? text[BillPrefix.Length..]
                : throw context.Fail($"bills[{i}]", "A bill link must be \"io.cozy.bills:<id>\".");
            i++;
        }

        return ids;
    }
}
