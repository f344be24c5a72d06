using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Banking;

/// <summary>Represents a bank account (<c>io.cozy.bank.accounts</c>).</summary>
public sealed record BankAccount
{
    /// <summary>Gets the account's id at the bank (<c>vendorId</c>), which identifies the document.</summary>
    public required string VendorId { get; init; }

    /// <summary>Gets the account's label, such as <c>Livret Dévelop. Durable (x1337)</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Gets a short label, when any.</summary>
    public string? ShortLabel { get; init; }

    /// <summary>Gets the bank's name (<c>institutionLabel</c>), when known.</summary>
    public string? InstitutionLabel { get; init; }

    /// <summary>Gets the current balance, written as <c>balance</c> and <c>currency</c>, when known.</summary>
    public Money? Balance { get; init; }

    /// <summary>Gets the kind of account, when known.</summary>
    public BankAccountType? Type { get; init; }

    /// <summary>Gets the account number, when known.</summary>
    public string? Number { get; init; }

    /// <summary>Gets the IBAN, when known.</summary>
    public string? Iban { get; init; }
}

/// <summary>Specifies the kind of a bank account (<c>type</c> of <c>io.cozy.bank.accounts</c>).</summary>
/// <remarks>
/// The values documented by Cozy (<c>none</c>, <c>bank</c>, <c>cash</c>, <c>asset</c>, <c>credit card</c>,
/// <c>liability</c>), plus <c>Savings</c>, which the same documentation's example uses and consumers therefore meet.
/// </remarks>
public enum BankAccountType
{
    /// <summary>No particular kind (<c>none</c>).</summary>
    None,

    /// <summary>A current account (<c>bank</c>).</summary>
    Bank,

    /// <summary>Cash (<c>cash</c>).</summary>
    Cash,

    /// <summary>An asset (<c>asset</c>).</summary>
    Asset,

    /// <summary>A credit-card account (<c>credit card</c>).</summary>
    CreditCard,

    /// <summary>A liability, such as a loan (<c>liability</c>).</summary>
    Liability,

    /// <summary>A savings account (<c>Savings</c>, capitalised as in Cozy's example).</summary>
    Savings,
}

/// <summary>Maps <see cref="BankAccount"/> records to <c>io.cozy.bank.accounts</c>.</summary>
/// <remarks>
/// Identity key: <c>vendorId</c>. <c>balance</c> is a JSON number with its ISO 4217 <c>currency</c>. The same fields are
/// written in both profiles. Operations link to an account by its <c>_id</c>: see <see cref="GetDocumentId"/>.
/// </remarks>
public sealed class BankAccountMapping : IDoctypeMapping<BankAccount>
{
    private static readonly Doctype Name = new("io.cozy.bank.accounts");
    private static readonly string[] Keys = ["vendorId"];
    private static readonly string[] TypeNames = ["none", "bank", "cash", "asset", "credit card", "liability", "Savings"];
    private static readonly JsonEncodedText LabelName = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText ShortLabelName = JsonEncodedText.Encode("shortLabel");
    private static readonly JsonEncodedText InstitutionLabelName = JsonEncodedText.Encode("institutionLabel");
    private static readonly JsonEncodedText BalanceName = JsonEncodedText.Encode("balance");
    private static readonly JsonEncodedText CurrencyName = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText NumberName = JsonEncodedText.Encode("number");
    private static readonly JsonEncodedText IbanName = JsonEncodedText.Encode("iban");
    private static readonly JsonEncodedText VendorIdName = JsonEncodedText.Encode("vendorId");

    internal BankAccountMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype => Name;

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <summary>Gets the <c>_id</c> the export gives the account with this <c>vendorId</c>, for <see cref="BankOperation.AccountId"/>.</summary>
    /// <param name="vendorId">The account's id at the bank.</param>
    /// <returns>The 32-character lowercase hexadecimal <c>_id</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="vendorId"/> is null, empty or blank.</exception>
    public static string GetDocumentId(string vendorId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vendorId);
        Span<byte> scratch = stackalloc byte[256];
        Span<byte> id = stackalloc byte[32];
        var keys = new IdentityKeyWriter(scratch);
        try
        {
            keys.Add(vendorId);
            keys.WriteId(id);
        }
        finally
        {
            keys.Dispose();
        }

        return Encoding.ASCII.GetString(id);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>vendorId</c> or <c>label</c>, or a balance without currency (<c>SD2001</c>); a <c>type</c>
    /// outside <see cref="BankAccountType"/> (<c>SD2012</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public void Validate(BankAccount record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.VendorId, "vendorId", 256);
        context.RequireText(record.Label, "label", 512);
        context.CheckLength(record.ShortLabel, "shortLabel", 256);
        context.CheckLength(record.InstitutionLabel, "institutionLabel", 256);
        if (record.Balance is { } balance && balance.Currency == default)
        {
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "currency", "The balance has no currency.");
        }

        if (record.Type is { } type && !Enum.IsDefined(type))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "type", $"'type' must be one of: {string.Join(", ", TypeNames)}.");
        }

        context.CheckLength(record.Number, "number", 64);
        context.CheckLength(record.Iban, "iban", 34);
    }

    /// <inheritdoc />
    public void WriteIdentity(BankAccount record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.VendorId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, BankAccount record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteString(LabelName, record.Label);
        WriteOptional(writer, ShortLabelName, record.ShortLabel);
        WriteOptional(writer, InstitutionLabelName, record.InstitutionLabel);
        if (record.Balance is { } balance)
        {
            writer.WriteNumber(BalanceName, balance.Amount);
            writer.WriteString(CurrencyName, balance.Currency.Code);
        }

        if (record.Type is { } type)
        {
            writer.WriteString(TypeName, TypeNames[(int)type]);
        }

        WriteOptional(writer, NumberName, record.Number);
        WriteOptional(writer, IbanName, record.Iban);
        writer.WriteString(VendorIdName, record.VendorId);
    }

    /// <inheritdoc />
    public BankAccount Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var balance = context.GetOptionalDecimal(document, "balance");
        var type = context.GetOptionalString(document, "type");
        return new BankAccount
        {
            VendorId = context.GetString(document, "vendorId"),
            Label = context.GetString(document, "label"),
            ShortLabel = context.GetOptionalString(document, "shortLabel"),
            InstitutionLabel = context.GetOptionalString(document, "institutionLabel"),
            Balance = balance is { } amount
                ? new Money(amount, ConsumptionStatementMapping.ReadCurrency(context, context.GetOptionalString(document, "currency")))
                : null,
            Type = type is null ? null : ParseType(type, context),
            Number = context.GetOptionalString(document, "number"),
            Iban = context.GetOptionalString(document, "iban"),
        };
    }

    internal static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static BankAccountType ParseType(string type, DocumentReadContext context)
    {
        var index = Array.IndexOf(TypeNames, type);
        return index >= 0 ? (BankAccountType)index : throw context.Fail("type", $"'{type}' is not a documented account type.");
    }
}
