using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Banking;

namespace SelfData.Portability.Tests.Generators;

internal static class BankingGenerators
{
    public static Gen<string> VendorId => Gen.Choose(1, 99_999_999).Select(i => "bi-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Gen<BankAccount> Account =>
        from vendorId in VendorId
        from label in Gen.Elements("Compte chèque", "Livret Dévelop. Durable (x1337)", "Carte \"Visa\" Premier")
        from shortLabel in Maybe.Of(Gen.Elements("CCP", "LDD"))
        from institution in Maybe.Of(Gen.Elements("Société Générale", "La Banque Postale", "Crédit Coopératif"))
        from balance in Maybe.Value(
            from cents in Gen.Choose(-2_000_000, 10_000_000)
            from currency in Values.Currency
            select new Money(cents / 100m, currency))
        from type in Maybe.Value(Gen.Elements(Enum.GetValues<BankAccountType>()))
        from number in Maybe.Of(CustomerGenerators.Digits(11))
        from iban in Maybe.Of(Gen.Elements("FR7630003000300123456789012", "DE89370400440532013000"))
        select new BankAccount
        {
            VendorId = vendorId,
            Label = label,
            ShortLabel = shortLabel,
            InstitutionLabel = institution,
            Balance = balance,
            Type = type,
            Number = number,
            Iban = iban,
        };

    public static Gen<(BankAccount Record, string Code, string Field)> BrokenAccount =>
        from a in Account
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (a with { VendorId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "vendorId"),
            1 => (a with { Label = " " }, PortabilityErrorCodes.RequiredFieldMissing, "label"),
            2 => (a with { Type = (BankAccountType)42 }, PortabilityErrorCodes.UnknownEnumValue, "type"),
            3 => (a with { Balance = default(Money) }, PortabilityErrorCodes.RequiredFieldMissing, "currency"),
            _ => (a with { Iban = "FR76" + new string('0', 40) }, PortabilityErrorCodes.TextTooLong, "iban"),
        };

    public static Gen<BankOperation> Operation =>
        from vendorId in VendorId
        from label in Gen.Elements("M  PIERRE RICHARD", "PRLV SEPA EDF", "CB CARREFOUR 12/03", "VIR \"Loyer\"")
        from original in Maybe.Of(Gen.Elements("PRLV SEPA EDF SA ECH/150318", "CARTE X1234 12/03 CARREFOUR"))
        from cents in Gen.Choose(-500_000, 500_000)
        from currency in Values.Currency
        from date in Values.Instant
        from lag in Maybe.Value(Gen.Choose(0, 40))
        from type in Maybe.Value(Gen.Elements(Enum.GetValues<BankOperationType>()))
        from category in Maybe.Of(Gen.Elements("0", "400110", "401080"))
        from account in Maybe.Of(VendorId.Select(BankAccountMapping.GetDocumentId))
        from vendorAccount in Maybe.Of(VendorId)
        from bills in Maybe.OptionalList(Gen.Choose(1, 1_000_000).Select(i => "bill" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 3)
        select new BankOperation
        {
            VendorId = vendorId,
            Label = label,
            OriginalBankLabel = original,
            Amount = new Money(cents / 100m, currency),
            Date = date,
            RealisationDate = lag is { } days ? date.AddDays(-days) : null,
            Type = type,
            AutomaticCategoryId = category,
            AccountId = account,
            VendorAccountId = vendorAccount,
            BillIds = bills,
        };

    public static Gen<(BankOperation Record, string Code, string Field)> BrokenOperation =>
        from o in Operation
        from variant in Gen.Choose(0, 5)
        select variant switch
        {
            0 => (o with { VendorId = " " }, PortabilityErrorCodes.RequiredFieldMissing, "vendorId"),
            1 => (o with { Label = "" }, PortabilityErrorCodes.RequiredFieldMissing, "label"),
            2 => (o with { Amount = default }, PortabilityErrorCodes.RequiredFieldMissing, "currency"),
            3 => (o with { Type = (BankOperationType)99 }, PortabilityErrorCodes.UnknownEnumValue, "type"),
            4 => (o with { BillIds = ["bill1", ""] }, PortabilityErrorCodes.RequiredFieldMissing, "bills[1]"),
            _ => (o with { AccountId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "account"),
        };
}
