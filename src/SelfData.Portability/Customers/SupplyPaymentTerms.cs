using System.Text.Json.Serialization;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents how a supplier's customer pays (<c>org.fing.mesinfos.paymentterms</c>): balance, means of payment,
/// billing frequency, the last payment and the schedule of instalments, as EDF's konnector wrote them in the pilot.
/// </summary>
/// <remarks>Amounts are in euros, as in the pilot, which wrote no currency.</remarks>
public sealed record SupplyPaymentTerms
{
    /// <summary>Gets the supplier, such as <c>EDF</c>.</summary>
    [JsonPropertyName("vendor")]
    public required string Vendor { get; init; }

    /// <summary>Gets the customer number at the supplier.</summary>
    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    /// <summary>Gets the account balance in euros (what the customer owes; negative when in credit), when known.</summary>
    [JsonPropertyName("balance")]
    public decimal? Balance { get; init; }

    /// <summary>Gets the means of payment, such as <c>PRELEVEMENT</c>, when known.</summary>
    [JsonPropertyName("paymentMeans")]
    public string? PaymentMeans { get; init; }

    /// <summary>Gets how often bills are issued, such as <c>ANNU</c>, when known.</summary>
    [JsonPropertyName("billFrequency")]
    public string? BillFrequency { get; init; }

    /// <summary>Gets the date of the next bill, when known.</summary>
    [JsonPropertyName("nextBillDate")]
    public DateOnly? NextBillDate { get; init; }

    /// <summary>Gets the customer number of the payer, when known.</summary>
    [JsonPropertyName("idPayer")]
    public string? PayerId { get; init; }

    /// <summary>Gets a value indicating whether the payer is not the customer, when known.</summary>
    [JsonPropertyName("payerDivergent")]
    public bool? PayerDivergent { get; init; }

    /// <summary>Gets a value indicating whether the customer may change their bank details online, when known.</summary>
    /// <remarks>Written as a JSON boolean; the pilot sometimes wrote the string <c>"true"</c>, which is not reproduced.</remarks>
    [JsonPropertyName("modifBankDetailsAllowed")]
    public bool? BankDetailsChangeAllowed { get; init; }

    /// <summary>Gets the bank details as the supplier encrypted and encoded them (<c>encryptedBankDetails</c>), passed through unchanged, when any.</summary>
    [JsonPropertyName("encryptedBankDetails")]
    public string? EncryptedBankDetails { get; init; }

    /// <summary>Gets the last payment received (<c>dernierReglement</c>), when known.</summary>
    [JsonPropertyName("dernierReglement")]
    public SupplyLastPayment? LastPayment { get; init; }

    /// <summary>Gets the instalments of the payment schedule, when any.</summary>
    [JsonPropertyName("paymentSchedules")]
    public IReadOnlyList<SupplyPaymentSchedule>? PaymentSchedules { get; init; }
}

/// <summary>Represents the last payment of a <see cref="SupplyPaymentTerms"/> (<c>dernierReglement</c>).</summary>
public sealed record SupplyLastPayment
{
    /// <summary>Gets the amount in euros, when known. A pilot string number.</summary>
    [JsonPropertyName("amount")]
    [PilotStringNumber]
    public decimal? Amount { get; init; }

    /// <summary>Gets when the payment was received, when known.</summary>
    [JsonPropertyName("date")]
    public DateTimeOffset? Date { get; init; }

    /// <summary>Gets the kind of payment, such as <c>ENCAISSEMENT_PRELEVEMENT</c>, when known.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}

/// <summary>Represents one instalment of a payment schedule (<c>paymentSchedules[]</c>).</summary>
public sealed record SupplyPaymentSchedule
{
    /// <summary>Gets the instalment number, from 1.</summary>
    [JsonPropertyName("number")]
    public required int Number { get; init; }

    /// <summary>Gets the day the instalment is due.</summary>
    [JsonPropertyName("scheduleDate")]
    public required DateOnly ScheduleDate { get; init; }

    /// <summary>Gets the day the instalment was received, when paid.</summary>
    [JsonPropertyName("receiptDate")]
    public DateOnly? ReceiptDate { get; init; }

    /// <summary>Gets a value indicating whether the instalment was paid.</summary>
    [JsonPropertyName("paid")]
    public required bool Paid { get; init; }

    /// <summary>Gets the amount in euros.</summary>
    [JsonPropertyName("amount")]
    public required decimal Amount { get; init; }

    /// <summary>Gets the part of the amount for gas, in euros, when split.</summary>
    [JsonPropertyName("amountGas")]
    public decimal? AmountGas { get; init; }

    /// <summary>Gets the part of the amount for electricity, in euros, when split.</summary>
    [JsonPropertyName("amountElectricity")]
    public decimal? AmountElectricity { get; init; }
}

/// <summary>Maps <see cref="SupplyPaymentTerms"/> records to <c>org.fing.mesinfos.paymentterms</c>.</summary>
/// <remarks>Identity keys (the EDF konnector's): <c>clientId</c>, <c>vendor</c>. Amounts in euros; <c>dernierReglement.amount</c> is a pilot string number.</remarks>
public sealed class SupplyPaymentTermsMapping : JsonDoctypeMapping<SupplyPaymentTerms>
{
    internal SupplyPaymentTermsMapping()
        : base("org.fing.mesinfos.paymentterms", "clientId", "vendor")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>vendor</c> or <c>clientId</c> (<c>SD2001</c>); a negative last payment or instalment amount,
    /// or an instalment number below 1 (<c>SD2011</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(SupplyPaymentTerms record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Vendor, "vendor", 128);
        context.RequireText(record.ClientId, "clientId", 64);
        context.CheckLength(record.PaymentMeans, "paymentMeans", 64);
        context.CheckLength(record.BillFrequency, "billFrequency", 32);
        context.CheckLength(record.PayerId, "idPayer", 64);
        context.CheckLength(record.EncryptedBankDetails, "encryptedBankDetails", 8192);
        if (record.LastPayment is { } last)
        {
            if (last.Amount is { } amount)
            {
                context.RequireNonNegative(amount, "dernierReglement.amount");
            }

            context.CheckLength(last.Type, "dernierReglement.type", 64);
        }

        if (record.PaymentSchedules is { } schedules)
        {
            for (var i = 0; i < schedules.Count; i++)
            {
                var schedule = schedules[i] ?? throw context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"paymentSchedules[{i}]", "An instalment is null.");
                var path = $"paymentSchedules[{i}]";
                if (schedule.Number < 1)
                {
                    context.Fail(PortabilityErrorCodes.ValueOutOfRange, path + ".number", $"Instalment numbers start at 1; got {schedule.Number}.");
                }

                context.RequireNonNegative(schedule.Amount, path + ".amount");
                if (schedule.AmountGas is { } gas)
                {
                    context.RequireNonNegative(gas, path + ".amountGas");
                }

                if (schedule.AmountElectricity is { } electricity)
                {
                    context.RequireNonNegative(electricity, path + ".amountElectricity");
                }
            }
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(SupplyPaymentTerms record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.ClientId);
        keys.Add(record.Vendor);
    }
}
