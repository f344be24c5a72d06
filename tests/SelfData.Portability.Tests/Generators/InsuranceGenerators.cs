using FsCheck;
using FsCheck.Fluent;
using SelfData.Portability.Banking;
using SelfData.Portability.Insurance;

namespace SelfData.Portability.Tests.Generators;

internal static class InsuranceGenerators
{
    /// <summary>A MAIF policyholder number (<i>numéro de sociétaire</i>), 7 digits.</summary>
    public static Gen<string> PolicyholderId => Gen.Choose(1_000_000, 9_999_999).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Gen<MaifAddress> Address =>
        from number in Gen.Choose(1, 200)
        from street in Gen.Elements("BOULEVARD DES BELGES", "rue de la République", "Avenue Jean Guiton")
        from city in Gen.Elements(("69006", "LYON", "69386"), ("17000", "LA ROCHELLE", "17300"), ("79000", "NIORT", "79191"))
        from household in Gen.Elements(true, false)
        select new MaifAddress
        {
            Street = number.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + street,
            PostCode = city.Item1,
            City = city.Item2,
            Country = "FRANCE",
            CountryNumber = "0",
            DeliveryOffice = household ? city.Item2 : null,
            InseeCode = household ? city.Item3 : null,
            Residence = household ? "" : null,
        };

    public static Gen<MaifPersonName> Name =>
        from family in Gen.Elements("DUPOND", "Martin", "Lefèvre", "O'Brien")
        from given in Gen.Elements<string?>(null, "GERMAINE", "Jean-Pierre", "Zoé")
        from title in Gen.Elements<(string?, string?)>((null, null), ("2", "MME."), ("1", "M."))
        from maiden in Gen.Elements<string?>(null, "", "DURAND")
        select new MaifPersonName { TitleCode = title.Item1, Prefix = title.Item2, Family = family, Given = given, Maiden = maiden };

    /// <summary>A date of birth between 1930 and 2010.</summary>
    public static Gen<DateOnly> BirthDate => Gen.Choose(0, 80 * 365).Select(d => new DateOnly(1930, 1, 1).AddDays(d));

    public static Gen<MaifBirthPlace?> BirthPlace =>
        Gen.Elements<MaifBirthPlace?>(null, new MaifBirthPlace(), new MaifBirthPlace { City = "NIORT", Country = "FRANCE", CountryNumber = "0", Region = "Nouvelle-Aquitaine" });

    public static Gen<MaifContract> Contract =>
        from home in Gen.Elements(true, false)
        from premium in Gen.Elements<decimal?>(null, 0m, 226.74m, 312m)
        from start in Values.Instant
        from withObjects in Gen.Elements(true, true, false)
        from address in Address
        from plate in Gen.Elements("AA-123-XD", "GH-987-ZT")
        select new MaifContract
        {
            ProductCode = home ? "NOR" : "VAM",
            BaseFormula = home ? "RAQVAM Arbitrage" : "VAM Assistance panne 0km",
            PremiumIncludingTax = premium,
            StartDate = start,
            InsuredObjects = !withObjects ? null : home
                ? new MaifInsuredObjects { StartDate = start, Places = [new MaifInsuredPlace { Address = address }] }
                : new MaifInsuredObjects { StartDate = start, Vehicles = [new MaifInsuredVehicle { Registration = plate }] },
        };

    public static Gen<MaifContracts> Contracts =>
        from id in PolicyholderId
        from count in Gen.Choose(1, 3)
        from contracts in Gen.ArrayOf(Contract, count)
        select new MaifContracts { PolicyholderId = id, Contracts = contracts };

    public static Gen<(MaifContracts Record, string Code, string Field)> BrokenContracts =>
        from record in Contracts
        from variant in Gen.Choose(0, 4)
        let first = record.Contracts[0]
        select variant switch
        {
            0 => (record with { PolicyholderId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "contrat[0].societaire"),
            1 => (record with { Contracts = [] }, PortabilityErrorCodes.RequiredFieldMissing, "contrat"),
            2 => (record with { Contracts = [first with { PremiumIncludingTax = -226.74m }] }, PortabilityErrorCodes.ValueOutOfRange, "contrat[0].montantTarifTtc"),
            3 => (record with { Contracts = [first, first with { ProductCode = " " }] }, PortabilityErrorCodes.RequiredFieldMissing, "contrat[1].name"),
            _ => (record with { Contracts = [first with { InsuredObjects = new MaifInsuredObjects { Vehicles = [new MaifInsuredVehicle { Registration = "" }] } }] }, PortabilityErrorCodes.RequiredFieldMissing, "contrat[0].objects.vehicule[0].immatriculationVehicule"),
        };

    public static Gen<MaifPolicyholder> Policyholder =>
        from name in Name
        from reference in PolicyholderId
        from email in Gen.Elements<string?>(null, "germaine.dupond@example.org")
        from birth in Gen.OneOf(BirthDate.Select(d => (DateOnly?)d), Gen.Constant<DateOnly?>(null))
        from place in BirthPlace
        from status in Gen.OneOf(Values.Date.Select(d => (DateOnly?)d), Gen.Constant<DateOnly?>(null))
        from modified in Gen.OneOf(Values.Instant.Select(d => (DateTimeOffset?)d), Gen.Constant<DateTimeOffset?>(null))
        select new MaifPolicyholder
        {
            Name = name,
            Email = email,
            MobilePhone = email is null ? null : "+33612345678",
            BirthDate = birth,
            BirthPlace = place,
            ProfessionCode = "13",
            Profession = "13 Agent, employé",
            FamilySituationCode = "U",
            FamilySituation = "union libre",
            ActivityCode = "A Actif",
            StatusCode = status is null ? null : "A",
            StatusDate = status,
            ClientReference = reference + "N",
            ModifiedAt = modified,
        };

    public static Gen<(MaifPolicyholder Record, string Code, string Field)> BrokenPolicyholder =>
        from record in Policyholder
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (record with { ClientReference = "" }, PortabilityErrorCodes.RequiredFieldMissing, "societaire.referenceClient"),
            1 => (record with { Name = record.Name with { Family = " " } }, PortabilityErrorCodes.RequiredFieldMissing, "societaire.name.family"),
            _ => (record with { Email = new string('a', 250) + "@example.org" }, PortabilityErrorCodes.TextTooLong, "societaire.email"),
        };

    public static Gen<MaifHouseholdMember> Member =>
        from name in Name
        from birth in BirthDate
        from place in BirthPlace
        from main in Gen.Elements(true, false)
        select new MaifHouseholdMember
        {
            Name = name,
            Email = main ? "germaine.dupond@example.org" : null,
            MobilePhone = main ? "+33612345678" : null,
            BirthDate = birth,
            BirthPlace = place,
            ProfessionCode = main ? "13" : null,
            Profession = main ? "13 Agent, employé" : null,
            QualityCode = main ? "08" : "02",
            Quality = main ? "Membre principal" : "Conjoint",
        };

    public static Gen<MaifHousehold> Household =>
        from reference in Gen.Choose(100_000, 999_999)
        from address in Address
        from count in Gen.Choose(0, 3)
        from members in Gen.ArrayOf(Member, count)
        select new MaifHousehold { Reference = "1-A" + reference.ToString(System.Globalization.CultureInfo.InvariantCulture), Address = address, Members = members };

    public static Gen<(MaifHousehold Record, string Code, string Field)> BrokenHousehold =>
        from record in Household
        from member in Member
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (record with { Reference = "" }, PortabilityErrorCodes.RequiredFieldMissing, "foyer.name"),
            1 => (record with { Members = [member, member with { Name = member.Name with { Family = "" } }] }, PortabilityErrorCodes.RequiredFieldMissing, "foyer.membres[1].name.family"),
            _ => (record with { Address = record.Address! with { PostCode = "69006 LYON CEDEX 06 FRANCE" } }, PortabilityErrorCodes.TextTooLong, "foyer.address.postCode"),
        };

    public static Gen<MaifHome> Home =>
        from address in Address
        from flat in Gen.Elements(true, false)
        select new MaifHome
        {
            Address = address,
            LegalCode = "1",
            PlaceKindCode = flat ? "2" : "1",
            RoomsCode = "2",
            FurnitureValueCode = "3",
            PlaceKind = flat ? "Appartement" : "Maison",
            Rooms = "1 à 2 Pièces (ou 2 Pièces)",
            FurnitureValue = "3 501 à 6 800 ",
            LegalSituation = "Locataire ou occupant à  titre gratuit",
        };

    public static Gen<MaifHomes> Homes =>
        from id in PolicyholderId
        from count in Gen.Choose(1, 2)
        from homes in Gen.ArrayOf(Home, count)
        select new MaifHomes { PolicyholderId = id, Homes = homes };

    public static Gen<(MaifHomes Record, string Code, string Field)> BrokenHomes =>
        from record in Homes
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (record with { PolicyholderId = "\t" }, PortabilityErrorCodes.RequiredFieldMissing, "home[0].societaire"),
            1 => (record with { Homes = [] }, PortabilityErrorCodes.RequiredFieldMissing, "home"),
            _ => (record with { Homes = [record.Homes[0] with { PlaceKind = new string('x', 129) }] }, PortabilityErrorCodes.TextTooLong, "home[0].natureLieu"),
        };

    public static Gen<MaifPaymentTerms> PaymentTerms =>
        from id in PolicyholderId
        from withRib in Gen.Elements(true, true, false)
        from bic in Gen.Elements<string?>(null, "SOGEFRPP", "CCBPFRPPNAN")
        from method in Gen.Elements<string?>(null, "Prélèvement (1 fois)", "Prélèvement (12 fois)")
        select new MaifPaymentTerms
        {
            PolicyholderId = id,
            BankAccount = withRib ? new MaifBankAccount { Bic = bic, Iban = "FR7630003987608761234567890" } : null,
            PaymentMethod = method,
        };

    public static Gen<(MaifPaymentTerms Record, string Code, string Field)> BrokenPaymentTerms =>
        from record in PaymentTerms
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (record with { PolicyholderId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "paymentterms.societaire"),
            1 => (record with { BankAccount = new MaifBankAccount { Bic = "SOGEFRPP", Iban = " " } }, PortabilityErrorCodes.RequiredFieldMissing, "paymentterms.rib.iban"),
            _ => (record with { BankAccount = new MaifBankAccount { Bic = "SOGEFRPPXXXXXXXXX", Iban = "FR76" } }, PortabilityErrorCodes.TextTooLong, "paymentterms.rib.bic"),
        };

    public static Gen<MaifClaim> Claim =>
        from home in Gen.Elements(true, false)
        from at in Values.Instant
        from reference in Gen.Choose(100_000_000, 999_999_999)
        from address in Address
        from driver in Name
        select new MaifClaim
        {
            Type = home ? MaifClaimTypes.Home : MaifClaimTypes.Vehicle,
            Timestamp = at,
            Place = "LYON 06",
            Reference = "F" + reference.ToString(System.Globalization.CultureInfo.InvariantCulture) + "B",
            PlaceType = "Agglomération",
            PlaceKind = home ? "Appartement" : null,
            Address = home ? address : null,
            VehicleRegistration = home ? null : "AA-123-XD",
            Driver = home ? null : driver with { TitleCode = null, Maiden = null },
        };

    public static Gen<MaifClaims> Claims =>
        from id in PolicyholderId
        from count in Gen.Choose(1, 3)
        from claims in Gen.ArrayOf(Claim, count)
        select new MaifClaims { PolicyholderId = id, Claims = claims };

    public static Gen<(MaifClaims Record, string Code, string Field)> BrokenClaims =>
        from record in Claims
        from variant in Gen.Choose(0, 3)
        let first = record.Claims[0]
        select variant switch
        {
            0 => (record with { Claims = [] }, PortabilityErrorCodes.RequiredFieldMissing, "sinistre"),
            1 => (record with { Claims = [first, first with { Type = "Santé" }] }, PortabilityErrorCodes.UnknownEnumValue, "sinistre[1].type"),
            2 => (record with { Claims = [first with { Reference = "" }] }, PortabilityErrorCodes.RequiredFieldMissing, "sinistre[0].ref"),
            _ => (record with { PolicyholderId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "sinistre[0].societaire"),
        };
}
