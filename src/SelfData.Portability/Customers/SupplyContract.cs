using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Customers;

/// <summary>
/// Represents an energy supply contract (<c>org.fing.mesinfos.contract</c>): the offer, its delivery point, the
/// subscribed power, the meter and the services attached to it, as EDF's konnector wrote them in the MesInfos pilot.
/// </summary>
public sealed record SupplyContract
{
    /// <summary>Gets the contract number (not the agreement number <c>numeroAcc</c>).</summary>
    [JsonPropertyName("number")]
    public required string Number { get; init; }

    /// <summary>Gets the supplier, such as <c>EDF</c>.</summary>
    [JsonPropertyName("vendor")]
    public required string Vendor { get; init; }

    /// <summary>Gets the customer number at the supplier, when known.</summary>
    [JsonPropertyName("clientId")]
    public string? ClientId { get; init; }

    /// <summary>Gets the commercial offer, such as <c>Tarif Bleu</c>, when known.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the first day of the contract, when known.</summary>
    [JsonPropertyName("start")]
    public DateOnly? Start { get; init; }

    /// <summary>Gets the last day of an ended contract, when any.</summary>
    [JsonPropertyName("end")]
    public DateOnly? End { get; init; }

    /// <summary>Gets the contract's state, such as <c>CONTRAT_ACTIF</c>, when known.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets why an ended contract ended, when any.</summary>
    [JsonPropertyName("terminationGrounds")]
    public string? TerminationGrounds { get; init; }

    /// <summary>Gets the delivery point (PDL, 14 digits), when known.</summary>
    [JsonPropertyName("pdl")]
    public string? Pdl { get; init; }

    /// <summary>Gets the energy as the supplier names it (<c>energie</c>: <c>Électricité</c> or <c>Gaz</c>), when known.</summary>
    [JsonPropertyName("energie")]
    public string? Energy { get; init; }

    /// <summary>Gets the subscribed power, in kVA, when known (electricity).</summary>
    /// <remarks>
    /// Written as a JSON number of kVA (<c>"power": 6</c>); in the MesInfos profile with
    /// <see cref="PortabilityOptions.MesInfosStringNumbers"/> as the pilot's string <c>"6 kVA"</c>. Read from either form.
    /// </remarks>
    [JsonPropertyName("power")]
    [KilovoltAmpere(ApparentPowerForm.PilotStringWithUnit)]
    public Quantity? Power { get; init; }

    /// <summary>Gets the tariff structure of an electricity contract, such as <c>OPTION_BASE</c>, when known.</summary>
    [JsonPropertyName("contractSubcategory1")]
    public string? ContractSubcategory1 { get; init; }

    /// <summary>Gets the price option of a gas contract, when known.</summary>
    [JsonPropertyName("contractSubcategory2")]
    public string? ContractSubcategory2 { get; init; }

    /// <summary>Gets the meter, when known.</summary>
    [JsonPropertyName("counter")]
    public ContractCounter? Counter { get; init; }

    /// <summary>Gets the dates of the next meter readings and self-reading windows, when known.</summary>
    [JsonPropertyName("statement")]
    public ContractReadingCalendar? Statement { get; init; }

    /// <summary>Gets the services attached to the contract, when known.</summary>
    [JsonPropertyName("services")]
    public IReadOnlyList<ContractService>? Services { get; init; }

    /// <summary>Gets the phone number to call for a fault, when known.</summary>
    [JsonPropertyName("troubleshootingPhone")]
    public string? TroubleshootingPhone { get; init; }
}

/// <summary>Represents the meter of a <see cref="SupplyContract"/> (<c>counter</c>).</summary>
public sealed record ContractCounter
{
    /// <summary>Gets the meter type, such as <c>CBE</c> or <c>EMC</c>, when known.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Gets the metering mode (<c>comptage</c>), such as <c>BASE</c>, when known.</summary>
    [JsonPropertyName("comptage")]
    public string? Metering { get; init; }

    /// <summary>Gets the number of dials (<c>nombreRoues</c>), as the supplier writes it (<c>005</c>), when known.</summary>
    [JsonPropertyName("nombreRoues")]
    public string? Dials { get; init; }

    /// <summary>Gets the last index read (<c>dernierIndex</c>), when known. A pilot string number.</summary>
    [JsonPropertyName("dernierIndex")]
    [PilotStringNumber]
    public decimal? LastIndex { get; init; }

    /// <summary>Gets the previous annual consumption in kWh (<c>annualConsumption</c>), when known. A pilot string number.</summary>
    [JsonPropertyName("annualConsumption")]
    [PilotStringNumber]
    public decimal? AnnualConsumption { get; init; }

    /// <summary>Gets the off-peak hours of offers that have them (<c>peakHours</c>), when any.</summary>
    [JsonPropertyName("peakHours")]
    public string? PeakHours { get; init; }
}

/// <summary>
/// Represents the meter-reading calendar of a <see cref="SupplyContract"/> (<c>statement</c>): the next actual reading
/// and the windows in which the customer may enter a reading (<c>relevé confiance</c>) or follow their consumption.
/// </summary>
/// <remarks>Field names are those EDF's konnector wrote; dates are calendar dates.</remarks>
public sealed record ContractReadingCalendar
{
    /// <summary>Gets the date of the next actual meter reading (<c>prochaineReleve</c>), when known.</summary>
    [JsonPropertyName("prochaineReleve")]
    public DateOnly? NextReading { get; init; }

    /// <summary>Gets whether the customer may enter a self-reading (<c>saisieReleveConfiance</c>, a code such as <c>SAISIE_IMPOSSIBLE_NON_ELIGIBLE_RC</c>), when known.</summary>
    [JsonPropertyName("saisieReleveConfiance")]
    public string? SelfReadingStatus { get; init; }

    /// <summary>Gets when the current self-reading window closes (<c>dateFermetureReleveConfiance</c>), when any.</summary>
    [JsonPropertyName("dateFermetureReleveConfiance")]
    public DateOnly? SelfReadingClosing { get; init; }

    /// <summary>Gets when the next self-reading window opens (<c>prochaineDateOuvertureReleveConfiance</c>), when any.</summary>
    [JsonPropertyName("prochaineDateOuvertureReleveConfiance")]
    public DateOnly? NextSelfReadingOpening { get; init; }

    /// <summary>Gets when the next self-reading window closes (<c>prochaineDateFermetureReleveConfiance</c>), when any.</summary>
    [JsonPropertyName("prochaineDateFermetureReleveConfiance")]
    public DateOnly? NextSelfReadingClosing { get; init; }

    /// <summary>Gets when the next actual reading window closes (<c>prochaineDateFermetureReelle</c>), when known.</summary>
    [JsonPropertyName("prochaineDateFermetureReelle")]
    public DateOnly? NextReadingClosing { get; init; }

    /// <summary>Gets whether the customer may follow their consumption (<c>saisieSuiviConso</c>, a code), when known.</summary>
    [JsonPropertyName("saisieSuiviConso")]
    public string? ConsumptionTrackingStatus { get; init; }

    /// <summary>Gets when the next consumption-tracking window opens (<c>prochaineDateOuvertureSaisieConso</c>), when any.</summary>
    [JsonPropertyName("prochaineDateOuvertureSaisieConso")]
    public DateOnly? NextConsumptionTrackingOpening { get; init; }
}

/// <summary>Represents a service attached to a <see cref="SupplyContract"/>, such as <c>FACTURE_ELECTRONIQUE</c>.</summary>
/// <remarks>
/// Written in the shape <c>{name, status, valueSubscribed, valuesAvailable}</c>, the later of the two shapes the pilot
/// used; the earlier <c>{nom, activ, start}</c> shape is neither written nor read.
/// </remarks>
public sealed record ContractService
{
    /// <summary>Gets the service code, such as <c>PRELEVEMENT_AUTOMATIQUE</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the service state as the supplier writes it (<c>true</c>, <c>false</c>, …), when known.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the value subscribed, such as the direct-debit day <c>10</c>, when any.</summary>
    [JsonPropertyName("valueSubscribed")]
    public string? ValueSubscribed { get; init; }

    /// <summary>Gets the values the customer may choose from, when any.</summary>
    [JsonPropertyName("valuesAvailable")]
    public IReadOnlyList<string>? ValuesAvailable { get; init; }
}

/// <summary>Maps <see cref="SupplyContract"/> records to <c>org.fing.mesinfos.contract</c>.</summary>
/// <remarks>
/// Identity keys (the EDF konnector's): <c>number</c>, <c>vendor</c>. <c>power</c> is in kVA;
/// <c>counter.dernierIndex</c> and <c>counter.annualConsumption</c> (kWh) are pilot string numbers.
/// </remarks>
public sealed class SupplyContractMapping : JsonDoctypeMapping<SupplyContract>
{
    internal SupplyContractMapping()
        : base("org.fing.mesinfos.contract", "number", "vendor")
    {
    }

    /// <inheritdoc />
    /// <remarks>
    /// Failures: a blank <c>number</c>, <c>vendor</c> or service <c>name</c> (<c>SD2001</c>); a <c>pdl</c> that is not
    /// 14 digits (<c>SD2008</c>); a <c>power</c> that is not an apparent power (<c>SD2010</c>); a negative power, index or
    /// annual consumption (<c>SD2011</c>); an <c>end</c> before <c>start</c> (<c>SD2016</c>); a text over its limit (<c>SD2014</c>).
    /// </remarks>
    public override void Validate(SupplyContract record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Number, "number", 64);
        context.RequireText(record.Vendor, "vendor", 128);
        context.CheckLength(record.ClientId, "clientId", 64);
        context.CheckLength(record.Name, "name", 256);
        CustomerChecks.Period(context, record.Start, record.End, "end");
        context.CheckLength(record.Status, "status", 64);
        context.CheckLength(record.TerminationGrounds, "terminationGrounds", 256);
        if (record.Pdl is not null)
        {
            context.RequireUsagePointId(record.Pdl, "pdl");
        }

        context.CheckLength(record.Energy, "energie", 64);
        if (record.Power is { } power)
        {
            context.RequireDimension(power, Dimension.ApparentPower, "power");
            context.RequireNonNegative(power.Value, "power");
        }

        context.CheckLength(record.ContractSubcategory1, "contractSubcategory1", 64);
        context.CheckLength(record.ContractSubcategory2, "contractSubcategory2", 64);
        if (record.Counter is { } counter)
        {
            context.CheckLength(counter.Type, "counter.type", 32);
            context.CheckLength(counter.Metering, "counter.comptage", 32);
            context.CheckLength(counter.Dials, "counter.nombreRoues", 8);
            if (counter.LastIndex is { } index)
            {
                context.RequireNonNegative(index, "counter.dernierIndex");
            }

            if (counter.AnnualConsumption is { } annual)
            {
                context.RequireNonNegative(annual, "counter.annualConsumption");
            }

            context.CheckLength(counter.PeakHours, "counter.peakHours", 256);
        }

        if (record.Statement is { } statement)
        {
            context.CheckLength(statement.SelfReadingStatus, "statement.saisieReleveConfiance", 128);
            context.CheckLength(statement.ConsumptionTrackingStatus, "statement.saisieSuiviConso", 128);
        }

        if (record.Services is { } services)
        {
            for (var i = 0; i < services.Count; i++)
            {
                var service = services[i] ?? throw context.Fail(PortabilityErrorCodes.RequiredFieldMissing, $"services[{i}]", "A service is null.");
                context.RequireText(service.Name, $"services[{i}].name", 128);
                context.CheckLength(service.Status, $"services[{i}].status", 64);
                context.CheckLength(service.ValueSubscribed, $"services[{i}].valueSubscribed", 128);
            }
        }

        context.CheckLength(record.TroubleshootingPhone, "troubleshootingPhone", 32);
    }

    /// <inheritdoc />
    public override void WriteIdentity(SupplyContract record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Number);
        keys.Add(record.Vendor);
    }
}
