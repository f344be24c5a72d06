using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Customers;
using SelfData.Portability.Mapping;
using SelfData.Portability.Telecom;

namespace SelfData.Portability.Tests.Generators;

/// <summary>Optional values and short lists for the record generators.</summary>
internal static class Maybe
{
    public static Gen<T?> Of<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (3, gen.Select(v => (T?)v)));

    public static Gen<T?> Value<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (3, gen.Select(v => (T?)v)));

    public static Gen<T[]> List<T>(Gen<T> gen, int max = 3) => Gen.Choose(0, max).SelectMany(n => gen.ArrayOf(n));

    public static Gen<T[]?> OptionalList<T>(Gen<T> gen, int max = 3) => Of(List(gen, max));
}

internal static class CustomerGenerators
{
    public static Gen<string> Digits(int length) => Gen.Choose(0, 9).ArrayOf(length).Select(d => string.Concat(d));

    public static Gen<string> Vendor => Gen.Elements("EDF", "ENGIE", "TotalEnergies", "Eau du Grand Lyon", "GRDF");

    public static Gen<string?> OptionalText => Maybe.Of(Values.Text);

    public static Gen<CustomerName> Name =>
        from prefix in Maybe.Of(Gen.Elements("MME", "M", "MLLE"))
        from family in Maybe.Of(Gen.Elements("DUPOND", "MARTIN", "N'DIAYE", "Çelik"))
        from given in Maybe.Of(Gen.Elements("GERMAINE", "GÉRARD", "Zoé"))
        select new CustomerName { Prefix = prefix, Family = family, Given = given, Formatted = given is null || family is null ? null : given + " " + family };

    public static Gen<CustomerAddress> Address =>
        from number in Gen.Choose(1, 120)
        from street in Gen.Elements("BOULEVARD DES BELGES", "RUE DE LA RÉPUBLIQUE", "AVENUE \"JEAN\" JAURÈS")
        from postcode in Gen.Elements("69006", "75011", "13001", "97400")
        from city in Gen.Elements("LYON", "PARIS", "MARSEILLE", "SAINT-DENIS")
        from country in Maybe.Of(Gen.Constant("FRANCE"))
        select new CustomerAddress
        {
            Street = $"{number} {street}",
            Postcode = postcode,
            City = city,
            Country = country,
            Formatted = $"{number} {street}\n{postcode} {city}",
        };

    public static Gen<Customer> Customer =>
        from clientId in Digits(10)
        from vendor in Vendor
        from acc in Maybe.Of(Digits(11))
        from name in Maybe.Of(Name)
        from address in Maybe.Of(Address)
        from email in Maybe.Of(Gen.Elements("germaine.dupond@example.org", "g.dupond+edf@example.fr"))
        from cell in Maybe.Of(Gen.Elements("0665022841", "+33 6 65 02 28 41"))
        from home in Maybe.Of(Gen.Elements("0478000000"))
        from coHolder in Maybe.Of(Name)
        from contact in Maybe.Of(
            from title in OptionalText
            from phone in Maybe.Of(Gen.Constant("09 69 32 15 15"))
            from a in Maybe.Of(Address)
            select new CommercialContact { Title = title, Phone = phone, Address = a })
        select new Customer
        {
            ClientId = clientId,
            Vendor = vendor,
            AgreementNumber = acc,
            Name = name,
            Address = address,
            Email = email,
            LoginEmail = email,
            CellPhone = cell,
            HomePhone = home,
            CoHolder = coHolder,
            CommercialContact = contact,
        };

    public static Gen<(Customer Record, string Code, string Field)> BrokenCustomer =>
        from c in Customer
        from variant in Gen.Choose(0, 3)
        select variant switch
        {
            0 => (c with { ClientId = " " }, PortabilityErrorCodes.RequiredFieldMissing, "clientId"),
            1 => (c with { Vendor = "" }, PortabilityErrorCodes.RequiredFieldMissing, "vendor"),
            2 => (c with { Email = new string('a', 400) + "@example.org" }, PortabilityErrorCodes.TextTooLong, "email"),
            _ => (c with { CoHolder = new CustomerName { Family = new string('X', 300) } }, PortabilityErrorCodes.TextTooLong, "coHolder.family"),
        };

    public static Gen<Quantity> Kva => Gen.Elements(3m, 6m, 9m, 12m, 36m, 6.5m).Select(v => new Quantity(v, Unit.KilovoltAmpere));

    public static Gen<ContractCounter> Counter =>
        from type in Maybe.Of(Gen.Elements("CBE", "EMC", "LINKY"))
        from metering in Maybe.Of(Gen.Elements("BASE", "HPHC"))
        from dials in Maybe.Of(Gen.Elements("005", "006"))
        from index in Maybe.Value(Gen.Choose(0, 9_999_999).Select(i => i / 10m))
        from annual in Maybe.Value(Gen.Choose(0, 30_000).Select(i => (decimal)i))
        from peak in Maybe.Of(Gen.Elements("HC (22H00-6H00)", "HC (1H30-7H30;12H30-14H30)"))
        select new ContractCounter { Type = type, Metering = metering, Dials = dials, LastIndex = index, AnnualConsumption = annual, PeakHours = peak };

    public static Gen<ContractReadingCalendar> Calendar =>
        from next in Maybe.Value(Values.Date)
        from status in Maybe.Of(Gen.Elements("SAISIE_IMPOSSIBLE_NON_ELIGIBLE_RC", "SAISIE_POSSIBLE"))
        from closing in Maybe.Value(Values.Date)
        from opening in Maybe.Value(Values.Date)
        from nextClosing in Maybe.Value(Values.Date)
        from readingClosing in Maybe.Value(Values.Date)
        from tracking in Maybe.Of(Gen.Elements("SAISIE_IMPOSSIBLE_SC_NON_SOUSCRIT"))
        from trackingOpening in Maybe.Value(Values.Date)
        select new ContractReadingCalendar
        {
            NextReading = next,
            SelfReadingStatus = status,
            SelfReadingClosing = closing,
            NextSelfReadingOpening = opening,
            NextSelfReadingClosing = nextClosing,
            NextReadingClosing = readingClosing,
            ConsumptionTrackingStatus = tracking,
            NextConsumptionTrackingOpening = trackingOpening,
        };

    public static Gen<ContractService> Service =>
        from name in Gen.Elements("PRELEVEMENT_AUTOMATIQUE", "FACTURE_ELECTRONIQUE", "MENS_ANNUELLE", "SUIVI_CONSO")
        from status in Maybe.Of(Gen.Elements("true", "false"))
        from value in Maybe.Of(Gen.Elements("10", "OUI", "NON"))
        from values in Maybe.OptionalList(Gen.Elements("04", "05", "10", "11"), 4)
        select new ContractService { Name = name, Status = status, ValueSubscribed = value, ValuesAvailable = values };

    public static Gen<SupplyContract> Contract =>
        from number in Digits(10)
        from vendor in Vendor
        from clientId in Maybe.Of(Digits(10))
        from name in Maybe.Of(Gen.Elements("Tarif Bleu", "Mon Contrat Gaz Naturel", "Heures Creuses Souples"))
        from start in Maybe.Value(Values.Date)
        from days in Maybe.Value(Gen.Choose(0, 3000))
        from status in Maybe.Of(Gen.Elements("CONTRAT_ACTIF", "CONTRAT_RESILIE"))
        from grounds in OptionalText
        from pdl in Maybe.Of(Values.UsagePointId)
        from energy in Maybe.Of(Gen.Elements("Électricité", "Gaz"))
        from power in Maybe.Value(Kva)
        from sub1 in Maybe.Of(Gen.Elements("OPTION_BASE", "OPTION_HC"))
        from sub2 in Maybe.Of(Gen.Elements("PRIX_FIXE", "PRIX_INDEXE"))
        from counter in Maybe.Of(Counter)
        from statement in Maybe.Of(Calendar)
        from services in Maybe.OptionalList(Service)
        from phone in Maybe.Of(Gen.Constant("09 726 750 75"))
        select new SupplyContract
        {
            Number = number,
            Vendor = vendor,
            ClientId = clientId,
            Name = name,
            Start = start,
            End = start is { } s && days is { } d ? s.AddDays(d) : null,
            Status = status,
            TerminationGrounds = grounds,
            Pdl = pdl,
            Energy = energy,
            Power = power,
            ContractSubcategory1 = sub1,
            ContractSubcategory2 = sub2,
            Counter = counter,
            Statement = statement,
            Services = services,
            TroubleshootingPhone = phone,
        };

    public static Gen<(SupplyContract Record, string Code, string Field)> BrokenContract =>
        from c in Contract
        from variant in Gen.Choose(0, 7)
        select variant switch
        {
            0 => (c with { Number = "" }, PortabilityErrorCodes.RequiredFieldMissing, "number"),
            1 => (c with { Vendor = "  " }, PortabilityErrorCodes.RequiredFieldMissing, "vendor"),
            2 => (c with { Pdl = "0132465432123" }, PortabilityErrorCodes.InvalidUsagePointId, "pdl"),
            3 => (c with { Pdl = "01324 654321236" }, PortabilityErrorCodes.InvalidUsagePointId, "pdl"),
            4 => (c with { Power = new Quantity(6, Unit.Kilowatt) }, PortabilityErrorCodes.WrongUnit, "power"),
            5 => (c with { Power = new Quantity(-6, Unit.KilovoltAmpere) }, PortabilityErrorCodes.ValueOutOfRange, "power"),
            6 => (c with { Start = new DateOnly(2017, 3, 1), End = new DateOnly(2017, 2, 28) }, PortabilityErrorCodes.InvalidPeriod, "end"),
            _ => (c with { Services = [new ContractService { Name = "SUIVI_CONSO" }, new ContractService { Name = "" }] }, PortabilityErrorCodes.RequiredFieldMissing, "services[1].name"),
        };

    public static Gen<SupplyPaymentSchedule> Schedule =>
        from number in Gen.Choose(1, 12)
        from due in Values.Date
        from paid in Gen.Elements(true, false)
        from gas in Values.Amount
        from electricity in Values.Amount
        from split in Gen.Elements(true, false)
        select new SupplyPaymentSchedule
        {
            Number = number,
            ScheduleDate = due,
            ReceiptDate = paid ? due.AddDays(1) : null,
            Paid = paid,
            Amount = gas + electricity,
            AmountGas = split ? gas : null,
            AmountElectricity = split ? electricity : null,
        };

    public static Gen<SupplyPaymentTerms> PaymentTerms =>
        from vendor in Vendor
        from clientId in Digits(10)
        from balance in Maybe.Value(Gen.Choose(-50_000, 50_000).Select(c => c / 100m))
        from means in Maybe.Of(Gen.Elements("PRELEVEMENT", "CHEQUE", "TIP"))
        from frequency in Maybe.Of(Gen.Elements("ANNU", "BIME", "MENS"))
        from next in Maybe.Value(Values.Date)
        from payer in Maybe.Of(Digits(10))
        from divergent in Maybe.Value(Gen.Elements(true, false))
        from allowed in Maybe.Value(Gen.Elements(true, false))
        from bank in Maybe.Of(Gen.Constant("{\"bank\":\"STE GENERALE\",\"iban\":\"FR76…\"}"))
        from last in Maybe.Of(
            from amount in Maybe.Value(Values.Amount)
            from date in Maybe.Value(Values.Instant)
            from type in Maybe.Of(Gen.Elements("ENCAISSEMENT_PRELEVEMENT", "ENCAISSEMENT_CHEQUE"))
            select new SupplyLastPayment { Amount = amount, Date = date, Type = type })
        from schedules in Maybe.OptionalList(Schedule, 4)
        select new SupplyPaymentTerms
        {
            Vendor = vendor,
            ClientId = clientId,
            Balance = balance,
            PaymentMeans = means,
            BillFrequency = frequency,
            NextBillDate = next,
            PayerId = payer,
            PayerDivergent = divergent,
            BankDetailsChangeAllowed = allowed,
            EncryptedBankDetails = bank,
            LastPayment = last,
            PaymentSchedules = schedules,
        };

    public static Gen<(SupplyPaymentTerms Record, string Code, string Field)> BrokenPaymentTerms =>
        from p in PaymentTerms
        from schedule in Schedule
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (p with { Vendor = "" }, PortabilityErrorCodes.RequiredFieldMissing, "vendor"),
            1 => (p with { ClientId = "\t" }, PortabilityErrorCodes.RequiredFieldMissing, "clientId"),
            2 => (p with { LastPayment = new SupplyLastPayment { Amount = -69m } }, PortabilityErrorCodes.ValueOutOfRange, "dernierReglement.amount"),
            3 => (p with { PaymentSchedules = [schedule, schedule with { Amount = -1m }] }, PortabilityErrorCodes.ValueOutOfRange, "paymentSchedules[1].amount"),
            _ => (p with { PaymentSchedules = [schedule with { Number = 0 }] }, PortabilityErrorCodes.ValueOutOfRange, "paymentSchedules[0].number"),
        };

    public static Gen<HomeEnergyProfile> Home =>
        from pdl in Values.UsagePointId
        from begin in Maybe.Value(Values.Instant)
        from validated in Maybe.Value(Gen.Elements(true, false))
        from housing in Maybe.Of(Gen.Elements("Appartement", "Maison"))
        from residence in Maybe.Of(Gen.Elements("Principale", "Secondaire"))
        from occupation in Maybe.Of(Gen.Elements("Proprietaire", "Locataire"))
        from year in Maybe.Value(Gen.Choose(1850, 2024))
        from bbc in Maybe.Value(Gen.Elements(true, false))
        from surface in Maybe.Value(Gen.Choose(90, 3000).Select(s => s / 10m))
        from occupants in Maybe.Value(Gen.Choose(0, 8))
        from heating in Maybe.Of(Gen.Elements("Electricite", "Gaz", "Fioul"))
        from water in Maybe.Of(Gen.Elements("Electrique", "Gaz"))
        from origin in Maybe.Of(Gen.Constant("EDF"))
        select new HomeEnergyProfile
        {
            Pdl = pdl,
            BeginTs = begin,
            IsProfileValidated = validated,
            HousingType = housing,
            ResidenceType = residence,
            OccupationType = occupation,
            ConstructionYear = year,
            IsBbc = bbc,
            Surface = surface,
            OccupantsCount = occupants,
            PrincipalHeatingSystemType = heating,
            SanitaryHotWaterType = water,
            Origin = origin,
        };

    public static Gen<(HomeEnergyProfile Record, string Code, string Field)> BrokenHome =>
        from h in Home
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (h with { Pdl = "PDL01324654321" }, PortabilityErrorCodes.InvalidUsagePointId, "pdl"),
            1 => (h with { Pdl = "" }, PortabilityErrorCodes.InvalidUsagePointId, "pdl"),
            2 => (h with { Surface = -69m }, PortabilityErrorCodes.ValueOutOfRange, "surface"),
            3 => (h with { OccupantsCount = -1 }, PortabilityErrorCodes.ValueOutOfRange, "occupantsCount"),
            _ => (h with { ConstructionYear = 20001 }, PortabilityErrorCodes.ValueOutOfRange, "constructionDate"),
        };

    public static Gen<YearlyConsumption> Year =>
        from year in Gen.Choose(2015, 2024)
        from months in Maybe.OptionalList(
            from month in Gen.Choose(1, 12)
            from kwh in Gen.Choose(0, 2_000_000).Select(v => v / 1000m)
            select new MonthlyConsumption { Month = month, ConsumptionKwh = kwh }, 12)
        from total in Gen.Choose(0, 20_000).Select(v => (decimal)v)
        select new YearlyConsumption { Year = year, ConsumptionKwh = total, Months = months };

    public static Gen<EnergyProvider> Provider =>
        from type in Gen.Elements(EnergyType.Electricity, EnergyType.Gas)
        from vendor in Vendor
        from contract in Maybe.Of(Digits(10))
        from point in Maybe.Of(Values.UsagePointId)
        from contractType in Maybe.Of(Gen.Elements("Tarif Bleu", "Base", "Heures creuses"))
        from power in Maybe.Value(Gen.Elements(3m, 6m, 9m, 12m))
        from charging in Maybe.Of(Gen.Elements("monthly", "yearly"))
        from years in Maybe.OptionalList(Year, 3)
        select new EnergyProvider
        {
            Vendor = vendor,
            EnergyType = type,
            ContractNumber = contract,
            PdlNumber = type == EnergyType.Electricity ? point : null,
            PceNumber = type == EnergyType.Gas ? point : null,
            ContractType = contractType,
            PowerKva = type == EnergyType.Electricity ? power : null,
            ChargingType = charging,
            ElectricConsumption = type == EnergyType.Electricity ? years : null,
            GasConsumption = type == EnergyType.Gas ? years : null,
        };

    public static Gen<Housing> Housing =>
        from year in Maybe.Value(Gen.Choose(1850, 2024))
        from residence in Maybe.Of(Gen.Elements("primary", "secondary"))
        from type in Maybe.Of(Gen.Elements("flat", "house"))
        from residents in Maybe.Value(Gen.Choose(1, 8))
        from space in Maybe.Value(Gen.Choose(90, 3000).Select(s => s / 10m))
        from heating in Maybe.Of(Gen.Elements("electric", "gas", "heat pump"))
        from water in Maybe.Of(Gen.Elements("electric", "gas"))
        from providers in Maybe.OptionalList(Provider, 2)
        select new Housing
        {
            ConstructionYear = year,
            ResidenceType = residence,
            HousingType = type,
            ResidentsNumber = residents,
            LivingSpaceM2 = space,
            HeatingSystem = heating,
            WaterHeatingSystem = water,
            EnergyProviders = providers,
        };

    public static Gen<IdentityContact> Contact =>
        from name in Maybe.Of(
            from family in Maybe.Of(Gen.Elements("Dupond", "Martin", "N'Diaye"))
            from given in Maybe.Of(Gen.Elements("Germaine", "Gérard"))
            select new ContactName { FamilyName = family, GivenName = given })
        from emails in Maybe.OptionalList(Gen.Elements("germaine@example.org", "g.dupond@example.fr").Select(a => new ContactEmail { Address = a }), 2)
        from phones in Maybe.OptionalList(
            from number in Gen.Elements("+33 6 65 02 28 41", "0478000000")
            from primary in Maybe.Value(Gen.Elements(true, false))
            from type in Maybe.Of(Gen.Elements("mobile", "home"))
            select new ContactPhone { Number = number, Primary = primary, Type = type }, 2)
        from addresses in Maybe.OptionalList(
            from a in Address
            select new ContactAddress { FormattedAddress = a.Formatted, Street = a.Street, Postcode = a.Postcode, City = a.City }, 2)
        select new IdentityContact { Name = name, Email = emails, Phone = phones, Address = addresses };

    public static Gen<PersonIdentity> Identity =>
        from identifier in Gen.Elements("germaine.dupond@example.org", "6012345678", "g.dupond")
        from source in Gen.Elements(IdentitySource.Connector, IdentitySource.Manual, IdentitySource.Factorized)
        from contact in Maybe.Of(Contact)
        from housing in Maybe.OptionalList(Housing, 2)
        select new PersonIdentity { Identifier = identifier, Source = source, Contact = contact, Housing = housing };

    public static Gen<(PersonIdentity Record, string Code, string Field)> BrokenIdentity =>
        from i in Identity
        from provider in Provider
        from year in Year
        from variant in Gen.Choose(0, 7)
        select variant switch
        {
            0 => (i with { Identifier = "" }, PortabilityErrorCodes.RequiredFieldMissing, "identifier"),
            1 => (i with { Source = (IdentitySource)7 }, PortabilityErrorCodes.UnknownEnumValue, "source"),
            2 => (i with { Housing = [new Housing { EnergyProviders = [provider with { Vendor = " " }] }] }, PortabilityErrorCodes.RequiredFieldMissing, "housing[0].energy_providers[0].vendor"),
            3 => (i with { Housing = [new Housing(), new Housing { EnergyProviders = [provider, provider with { EnergyType = (EnergyType)2 }] }] }, PortabilityErrorCodes.UnknownEnumValue, "housing[1].energy_providers[1].energy_type"),
            4 => (i with { Housing = [new Housing { EnergyProviders = [provider with { PdlNumber = "123" }] }] }, PortabilityErrorCodes.InvalidUsagePointId, "housing[0].energy_providers[0].pdl_number"),
            5 => (i with { Housing = [new Housing { EnergyProviders = [provider with { GasConsumption = [year with { Months = [new MonthlyConsumption { Month = 13, ConsumptionKwh = 1 }] }] }] }] }, PortabilityErrorCodes.ValueOutOfRange, "housing[0].energy_providers[0].gas_consumption[0].months[0].month"),
            6 => (i with { Housing = [new Housing { EnergyProviders = [provider with { ElectricConsumption = [year with { ConsumptionKwh = -5 }] }] }] }, PortabilityErrorCodes.ValueOutOfRange, "housing[0].energy_providers[0].electric_consumption[0].consumptionkWh"),
            _ => (i with { Contact = new IdentityContact { Email = [new ContactEmail { Address = "" }] } }, PortabilityErrorCodes.RequiredFieldMissing, "contact.email[0].address"),
        };

    public static Gen<string> CustomerId => Digits(11);

    public static Gen<EnedisCustomerIdentity> EnedisIdentity =>
        from id in CustomerId
        from segment in Maybe.Of(Gen.Elements("C5", "C4", "P4"))
        from person in Maybe.Of(
            from title in Maybe.Of(Gen.Elements("Mme", "M."))
            from name in Maybe.Of(Gen.Elements("GERMAINE", "ZOÉ"))
            from last in Maybe.Of(Gen.Elements("DUPOND", "N'DIAYE"))
            select new EnedisNaturalPerson { Title = title, Name = name, LastName = last })
        select new EnedisCustomerIdentity { CustomerId = id, Segment = segment, Identity = new EnedisIdentity { NaturalPerson = person } };

    public static Gen<(EnedisCustomerIdentity Record, string Code, string Field)> BrokenEnedisIdentity =>
        from e in EnedisIdentity
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (e with { CustomerId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "customer_id"),
            1 => (e with { Identity = null! }, PortabilityErrorCodes.RequiredFieldMissing, "identity"),
            _ => (e with { Identity = new EnedisIdentity { NaturalPerson = new EnedisNaturalPerson { LastName = new string('D', 257) } } }, PortabilityErrorCodes.TextTooLong, "identity.natural_person.last_name"),
        };

    public static Gen<EnedisCustomerUsagePoint> EnedisUsagePoint =>
        from id in CustomerId
        from point in Values.UsagePointId
        from power in Maybe.Value(Kva)
        from slot in Maybe.Of(Gen.Elements("", "HC (22H00-6H00)"))
        select new EnedisCustomerUsagePoint { CustomerId = id, UsagePoint = new EnedisUsagePoint { UsagePointId = point, PowerSubscribed = power, TimeSlot = slot } };

    public static Gen<(EnedisCustomerUsagePoint Record, string Code, string Field)> BrokenEnedisUsagePoint =>
        from u in EnedisUsagePoint
        from variant in Gen.Choose(0, 3)
        select variant switch
        {
            0 => (u with { CustomerId = " " }, PortabilityErrorCodes.RequiredFieldMissing, "customer_id"),
            1 => (u with { UsagePoint = u.UsagePoint with { UsagePointId = "01324654321" } }, PortabilityErrorCodes.InvalidUsagePointId, "usage_points.usage_point_id"),
            2 => (u with { UsagePoint = u.UsagePoint with { PowerSubscribed = new Quantity(6000, Unit.Watt) } }, PortabilityErrorCodes.WrongUnit, "usage_points.power_subscribed"),
            _ => (u with { UsagePoint = null! }, PortabilityErrorCodes.RequiredFieldMissing, "usage_points"),
        };

    public static Gen<EnedisUsagePointAddress> EnedisAddress =>
        from id in CustomerId
        from segment in Maybe.Of(Gen.Constant("C5"))
        from point in Maybe.Of(Values.UsagePointId)
        from a in Address
        from extra in Maybe.Of(Gen.Elements("", "BATIMENT B"))
        from insee in Maybe.Of(Gen.Elements("69386", "75111"))
        select new EnedisUsagePointAddress
        {
            CustomerId = id,
            Segment = segment,
            UsagePointId = point,
            Address = new EnedisAddress
            {
                AdditionalAddress1 = extra,
                AdditionalAddress2 = extra,
                StreetNumber = a.Street!.Split(' ')[0],
                Street = a.Street[(a.Street.IndexOf(' ', StringComparison.Ordinal) + 1)..],
                Locality = extra,
                Zip = a.Postcode,
                City = a.City,
                Country = a.Country,
                GeoPoint = insee,
            },
        };

    public static Gen<(EnedisUsagePointAddress Record, string Code, string Field)> BrokenEnedisAddress =>
        from a in EnedisAddress
        from variant in Gen.Choose(0, 2)
        select variant switch
        {
            0 => (a with { CustomerId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "customer_id"),
            1 => (a with { UsagePointId = "0132465432123X" }, PortabilityErrorCodes.InvalidUsagePointId, "usage_point_id"),
            _ => (a with { Address = null! }, PortabilityErrorCodes.RequiredFieldMissing, "usage_point_address"),
        };
}
