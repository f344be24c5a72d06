using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Bills;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests.Generators;

internal static class BillsGenerators
{
    public static Gen<Bill> Bill =>
        from vendor in Gen.Elements("EDF", "Orange", "Eau du Grand Lyon", "MAIF", "GRDF")
        from date in Values.Instant
        from amount in Values.Amount
        from currency in Values.Currency
        from refund in Gen.Elements(false, false, true)
        from recurrence in Gen.Elements<string?>(null, "monthly", "bi-monthly", "yearly")
        from reference in Gen.Choose(1, 99_999)
        from contract in Gen.Elements<string?>(null, "C-001", "C-002")
        from fileId in Gen.Elements<string?>(null, "0f8fad5bd9cb469fa16570867728950e")
        from days in Gen.Choose(0, 60)
        select new Bill
        {
            Vendor = vendor,
            Date = date,
            Amount = new Money(amount, currency),
            IsRefund = refund,
            Type = "energy",
            Recurrence = recurrence,
            VendorRef = "INV-" + reference,
            ContractId = contract,
            ContractLabel = contract is null ? null : "Contrat " + contract,
            ClientId = "6012345678",
            FileUrl = new Uri("https://holder.example/bills/" + reference + ".pdf"),
            DocumentId = fileId,
            PeriodStart = DateOnly.FromDateTime(date.Date).AddDays(-days),
            PeriodEnd = DateOnly.FromDateTime(date.Date),
        };

    public static Gen<(Bill Record, string Code, string Field)> BrokenBill =>
        from bill in Bill
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (bill with { Amount = new Money(-Math.Max(bill.Amount.Amount, 0.01m), bill.Amount.Currency) }, PortabilityErrorCodes.NegativeBillAmount, "amount"),
            1 => (bill with { Vendor = " " }, PortabilityErrorCodes.RequiredFieldMissing, "vendor"),
            2 => (bill with { Vendor = string.Empty }, PortabilityErrorCodes.RequiredFieldMissing, "vendor"),
            3 => (bill with { Recurrence = "daily" }, PortabilityErrorCodes.UnknownEnumValue, "recurrence"),
            _ => (bill with { PeriodStart = new DateOnly(2020, 2, 1), PeriodEnd = new DateOnly(2020, 1, 1) }, PortabilityErrorCodes.InvalidPeriod, "periodEnd"),
        };

    public static Gen<FileDocument> File =>
        from month in Gen.Choose(1, 12)
        from year in Gen.Choose(2016, 2025)
        from label in Gen.Elements("energy_invoice", "water_invoice", "phone_invoice", "isp_invoice", "bank_statement", "car_insurance", "house_insurance", "transport_invoice")
        from size in Gen.Choose(1_000, 2_000_000)
        from created in Values.Instant
        select new FileDocument
        {
            Path = $"/Administratif/EDF/{year}-{month:00} facture.pdf",
            Mime = "application/pdf",
            Size = size,
            CreatedAt = created,
            Qualification = label,
            Md5Sum = "1B2M2Y8AsgTpgAmY7PhCfg==",
            ContentAuthor = "edf",
            IssueDate = new DateOnly(year, month, 1),
            InvoiceNumber = $"F{year}{month:00}",
            ContractReference = "C-001",
        };
}
