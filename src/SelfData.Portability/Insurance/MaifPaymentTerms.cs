using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Insurance;

/// <summary>
/// Represents how a MAIF policyholder pays: one <c>fr.maif.maifuser.paymentterms</c> document per policyholder,
/// <c>{"paymentterms": {"rib": {"bic", "iban"}, "modePaiement", "societaire"}}</c>.
/// </summary>
public sealed record MaifPaymentTerms
{
    /// <summary>Gets the bank account the premiums are debited from (<c>rib</c>).</summary>
    [JsonPropertyName("rib")]
    public MaifBankAccount? BankAccount { get; init; }

    /// <summary>Gets the payment method (<c>modePaiement</c>), such as <c>"Prélèvement (1 fois)"</c>.</summary>
    [JsonPropertyName("modePaiement")]
    public string? PaymentMethod { get; init; }

    /// <summary>Gets the policyholder reference (MAIF's <i>numéro de sociétaire</i>, <c>societaire</c>): the identity of the document.</summary>
    [JsonPropertyName("societaire")]
    public required string PolicyholderId { get; init; }
}

/// <summary>Represents a bank account in MAIF's data (<c>rib</c>). The BIC and IBAN are kept as the text given, without spaces added or removed.</summary>
public sealed record MaifBankAccount
{
    /// <summary>Gets the bank identifier code, such as <c>"SOGEFRPP"</c>.</summary>
    [JsonPropertyName("bic")]
    public string? Bic { get; init; }

    /// <summary>Gets the international bank account number.</summary>
    [JsonPropertyName("iban")]
    public required string Iban { get; init; }
}

/// <summary>
/// Maps <see cref="MaifPaymentTerms"/> to <c>fr.maif.maifuser.paymentterms</c>, one document per policyholder.
/// Identity key: <c>paymentterms.societaire</c>.
/// </summary>
/// <remarks>
/// Checks: <c>societaire</c> is present, and a <c>rib</c> has its <c>iban</c> (<c>SD2001</c>); texts are bounded
/// (<c>SD2014</c>). The IBAN and BIC are not checked further: the pilot's own sample IBAN is truncated, and the SDK
/// passes the holder's value through unchanged.
/// The document has no change instant, so an incremental export (<c>since</c>/<c>until</c>) always includes it.
/// </remarks>
public sealed class MaifPaymentTermsMapping : IDoctypeMapping<MaifPaymentTerms>
{
    private const string Name = "fr.maif.maifuser.paymentterms";
    private static readonly JsonEncodedText PaymentTermsName = JsonEncodedText.Encode("paymentterms");
    private readonly MaifBody<MaifPaymentTerms> _body = new(Name);

    internal MaifPaymentTermsMapping()
    {
    }

    /// <inheritdoc />
    public Doctype Doctype { get; } = new(Name);

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; } = ["paymentterms.societaire"];

    /// <inheritdoc />
    public void Validate(MaifPaymentTerms record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.PolicyholderId, "paymentterms.societaire", 64);
        if (record.BankAccount is { } rib)
        {
            context.RequireText(rib.Iban, "paymentterms.rib.iban", 64);
            context.CheckLength(rib.Bic, "paymentterms.rib.bic", 16);
        }

        context.CheckLength(record.PaymentMethod, "paymentterms.modePaiement", 128);
    }

    /// <inheritdoc />
    public void WriteIdentity(MaifPaymentTerms record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.PolicyholderId);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, MaifPaymentTerms record, DocumentWriteContext context) =>
        _body.WriteObject(writer, PaymentTermsName, record, context);

    /// <inheritdoc />
    public MaifPaymentTerms Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _body.ReadObject(document, "paymentterms", context);
    }
}
