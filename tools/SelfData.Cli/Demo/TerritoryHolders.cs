using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Banking;
using SelfData.Portability.Bills;
using SelfData.Portability.Customers;
using SelfData.Portability.Energy;
using SelfData.Portability.Insurance;
using SelfData.Portability.Mapping;
using SelfData.Portability.Mobility;
using SelfData.Portability.Telecom;

namespace SelfData.Cli.Demo;

/// <summary>One resident as the territory's holders know them.</summary>
internal sealed record Resident(long Id, string Subject, string Given, string Family, string Email, string Msisdn, string Street, string Postcode, string City, string Prm, string Pce, string ClientId, string Iban, string Heating, int Surface, int Occupants, double Latitude, double Longitude, DateOnly BirthDate);

/// <summary>A holder of the territory and how it maps its rows to typed records.</summary>
internal sealed record TerritoryHolder(HolderId Id, string Sector, Func<DemoTerritory, Resident, HolderSink, HolderSink> AddData);

/// <summary>The eight holders of the demo territory, each exporting from the SQLite rows.</summary>
internal static class TerritoryHolders
{
    public static IReadOnlyList<TerritoryHolder> All { get; } =
    [
        new(new HolderId("enedis", "fr.enedis", "Enedis"), "electricity network", Enedis),
        new(new HolderId("edf", "fr.edf", "EDF"), "electricity supplier", Edf),
        new(new HolderId("grdf", "fr.grdf", "GRDF"), "gas network", Grdf),
        new(new HolderId("eau-du-grand-lyon", "com.grandlyon", "Eau du Grand Lyon"), "water utility", Water),
        new(new HolderId("orange", "fr.orange", "Orange"), "telecom operator", Orange),
        new(new HolderId("banque-lyonnaise", "fr.banquelyonnaise", "Banque Lyonnaise"), "bank", Bank),
        new(new HolderId("maif", "fr.maif", "MAIF"), "insurer", Maif),
        new(new HolderId("tcl", "fr.tcl", "TCL"), "mobility service", Tcl),
    ];

    public static Resident LoadResident(DemoTerritory territory, long id)
    {
        using var connection = territory.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM resident WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, $"Resident {id} does not exist; the territory has {territory.Residents}.");
        }

        return new Resident(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8),
            r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12), r.GetString(13), r.GetInt32(14), r.GetInt32(15), r.GetDouble(16), r.GetDouble(17),
            DateOnly.ParseExact(r.GetString(18), "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>The bill records of one holder, built the same way by the holder that issues them and the bank that links them.</summary>
    public static async IAsyncEnumerable<(Bill Bill, long RowId)> Bills(DemoTerritory territory, Resident resident, string holder, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var vendor = All.Single(h => h.Id.Id == holder).Id.DisplayName;
        await foreach (var row in Query(territory, "SELECT id, date, cents, reference, type FROM bill WHERE resident = $r AND holder = $h ORDER BY id", [("$r", resident.Id), ("$h", holder)], cancellationToken).ConfigureAwait(false))
        {
            var date = Date(row.GetString(1));
            yield return (new Bill
            {
                Vendor = vendor,
                Date = DemoTerritory.Local(date.ToDateTime(TimeOnly.MinValue)),
                Amount = new Money(row.GetInt64(2) / 100m, CurrencyCode.Eur),
                Type = row.GetString(4),
                Recurrence = "monthly",
                VendorRef = row.GetString(3),
                ContractId = holder.ToUpperInvariant() + "-" + resident.ClientId,
                ClientId = resident.ClientId,
                PeriodStart = date.AddDays(1 - date.Day).AddMonths(-1),
                PeriodEnd = date.AddDays(-date.Day),
            }, row.GetInt64(0));
        }
    }

    private static HolderSink Enedis(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(ElectricityDoctypes.LinkyStatements, LoadCurve(t, r))
        .Add(ElectricityDoctypes.LoadCurve, EnedisMeterReading.GroupByDayAsync(LoadCurve(t, r)))
        .Add(ElectricityDoctypes.DailyEnergy, EnedisMeterReading.GroupByMonthAsync(Daily(t, r, max: false), Unit.WattHour))
        .Add(ElectricityDoctypes.MaxPower, EnedisMeterReading.GroupByMonthAsync(Daily(t, r, max: true), Unit.Watt))
        .Add(CustomerDoctypes.EnedisIdentities, [new EnedisCustomerIdentity { CustomerId = "C" + r.ClientId, Segment = "C5", Identity = new EnedisIdentity { NaturalPerson = new EnedisNaturalPerson { Title = "M/Mme", Name = r.Given, LastName = r.Family } } }])
        .Add(CustomerDoctypes.EnedisUsagePoints, [new EnedisCustomerUsagePoint { CustomerId = "C" + r.ClientId, UsagePoint = new EnedisUsagePoint { UsagePointId = r.Prm, PowerSubscribed = new Quantity(r.Heating == "electric" ? 9 : 6, Unit.KilovoltAmpere), TimeSlot = "HC (22H00-6H00)" } }])
        .Add(CustomerDoctypes.EnedisUsagePointAddresses, [new EnedisUsagePointAddress { CustomerId = "C" + r.ClientId, Segment = "C5", UsagePointId = r.Prm, Address = new EnedisAddress { Street = r.Street, Zip = r.Postcode, City = r.City, Country = "France" } }])

        // What Ecolyo shows the resident, from the same meter: half-hours, days, months and years in kWh.
        .Add(ElectricityDoctypes.EcolyoHalfHour, HalfHours(t, r))
        .Add(ElectricityDoctypes.EcolyoDay, Series(Daily(t, r, max: false).Select(d => (d.Date, d.Value.ConvertTo(Unit.KilowattHour).Value)), Unit.KilowattHour, Step.Day))
        .Add(ElectricityDoctypes.EcolyoMonth, Series(Daily(t, r, max: false).Select(d => (d.Date, d.Value.ConvertTo(Unit.KilowattHour).Value)), Unit.KilowattHour, Step.Month))
        .Add(ElectricityDoctypes.EcolyoYear, Series(Daily(t, r, max: false).Select(d => (d.Date, d.Value.ConvertTo(Unit.KilowattHour).Value)), Unit.KilowattHour, Step.Year));

    private static HolderSink Edf(DemoTerritory t, Resident r, HolderSink b)
    {
        return b
            .Add(CustomerDoctypes.Clients, [new Customer { ClientId = r.ClientId, Vendor = "EDF", Name = new CustomerName { Given = r.Given, Family = r.Family }, Address = new CustomerAddress { Street = r.Street, Postcode = r.Postcode, City = r.City, Country = "France" }, Email = r.Email }])
            .Add(CustomerDoctypes.Contracts, [new SupplyContract { Number = "EDF-" + r.ClientId, Vendor = "EDF", ClientId = r.ClientId, Name = "Tarif Bleu", Start = t.Start, Status = "CONTRAT_ACTIF", Pdl = r.Prm, Energy = "Électricité", Power = new Quantity(r.Heating == "electric" ? 9 : 6, Unit.KilovoltAmpere) }])
            .Add(CustomerDoctypes.PaymentTerms, [new SupplyPaymentTerms
            {
                Vendor = "EDF",
                ClientId = r.ClientId,
                Balance = 0m,
                PaymentMeans = "PRELEVEMENT",
                BillFrequency = "MENS",
                NextBillDate = t.End.AddDays(14 - t.End.Day),
                PayerDivergent = false,
                BankDetailsChangeAllowed = true,
                LastPayment = new SupplyLastPayment { Amount = 48.00m, Date = DemoTerritory.Local(t.End.AddDays(-20).ToDateTime(TimeOnly.MinValue)), Type = "ENCAISSEMENT_PRELEVEMENT" },
            }])
            .Add(CustomerDoctypes.Homes, [new HomeEnergyProfile
            {
                Pdl = r.Prm,
                BeginTs = DemoTerritory.Local(t.Start.ToDateTime(TimeOnly.MinValue)),
                IsProfileValidated = true,
                HousingType = r.Surface > 90 ? "maison" : "appartement",
                ResidenceType = "principale",
                OccupationType = "proprietaire",
                ConstructionYear = 1950 + (int)(r.Id * 7 % 70),
                Surface = r.Surface,
                OccupantsCount = r.Occupants,
                PrincipalHeatingSystemType = r.Heating == "electric" ? "electrique" : "gaz",
                SanitaryHotWaterType = r.Heating == "electric" ? "ballon_electrique" : "chaudiere_gaz",
                Origin = "declaratif",
            }])
            .Add(CustomerDoctypes.Identities, [new PersonIdentity
            {
                Identifier = r.Email,
                Source = IdentitySource.Connector,
                Contact = new IdentityContact
                {
                    Name = new ContactName { GivenName = r.Given, FamilyName = r.Family },
                    Email = [new ContactEmail { Address = r.Email }],
                    Phone = [new ContactPhone { Number = "+" + r.Msisdn, Primary = true, Type = "mobile" }],
                    Address = [new ContactAddress { Street = r.Street, Postcode = r.Postcode, City = r.City, FormattedAddress = $"{r.Street}, {r.Postcode} {r.City}" }],
                },
                Housing = [new Housing { ResidenceType = "primary", HousingType = r.Surface > 90 ? "house" : "apartment", ResidentsNumber = r.Occupants, LivingSpaceM2 = r.Surface }],
            }])
            .Add(BillingDoctypes.Files, Invoices(t, r, "edf"))
            .Add(BillingDoctypes.Bills, LinkedBills(t, r, "edf"));
    }

    private static HolderSink Grdf(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(GasDoctypes.GazparDailyStatements, Query(t, "SELECT day, litres, wh, meter_index FROM gas_day WHERE resident = $r ORDER BY day", [("$r", r.Id)])
            .Select(row => new GasDailyReading(r.Pce, Date(row.GetString(0)), new Quantity(row.GetInt64(2) / 1000m, Unit.KilowattHour), new Quantity(row.GetInt64(1) / 1000m, Unit.CubicMetre), row.GetInt64(3), 11.2m)))
        .Add(GasDoctypes.EcolyoDay, Series(GasDays(t, r), Unit.KilowattHour, Step.Day))
        .Add(GasDoctypes.EcolyoMonth, Series(GasDays(t, r), Unit.KilowattHour, Step.Month))
        .Add(GasDoctypes.EcolyoYear, Series(GasDays(t, r), Unit.KilowattHour, Step.Year));

    private static HolderSink Water(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(WaterDoctypes.EcolyoDay, Query(t, "SELECT day, litres FROM water_day WHERE resident = $r ORDER BY day", [("$r", r.Id)])
            .Select(row => new EcolyoLoad(Date(row.GetString(0)).ToDateTime(TimeOnly.MinValue), new Quantity(row.GetInt64(1), Unit.Litre))))
        .Add(WaterDoctypes.EcolyoMonth, Query(t, "SELECT substr(day, 1, 7) || '-01', SUM(litres) FROM water_day WHERE resident = $r GROUP BY substr(day, 1, 7) ORDER BY 1", [("$r", r.Id)])
            .Select(row => new EcolyoLoad(Date(row.GetString(0)).ToDateTime(TimeOnly.MinValue), new Quantity(row.GetInt64(1), Unit.Litre))))
        .Add(WaterDoctypes.EcolyoYear, Query(t, "SELECT substr(day, 1, 4) || '-01-01', SUM(litres) FROM water_day WHERE resident = $r GROUP BY substr(day, 1, 4) ORDER BY 1", [("$r", r.Id)])
            .Select(row => new EcolyoLoad(Date(row.GetString(0)).ToDateTime(TimeOnly.MinValue), new Quantity(row.GetInt64(1), Unit.Litre))))
        .Add(BillingDoctypes.Bills, LinkedBills(t, r, "eau-du-grand-lyon"));

    private static HolderSink Orange(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(TelecomDoctypes.GeoPoints, Query(t, "SELECT at, lat, lon, radius FROM position WHERE resident = $r ORDER BY at", [("$r", r.Id)])
            .Select(row => new GeoPoint { Msisdn = r.Msisdn, Timestamp = Instant(row.GetString(0)), Latitude = Math.Round(row.GetDouble(1), 6), Longitude = Math.Round(row.GetDouble(2), 6), Radius = row.GetInt32(3) }))
        .Add(TelecomDoctypes.CommunicationLogs, Query(t, "SELECT at, partner, type, length, lat, lon FROM communication WHERE resident = $r ORDER BY at", [("$r", r.Id)])
            .Select(row => new PhoneCommunicationLog
            {
                Msisdn = r.Msisdn,
                Timestamp = Instant(row.GetString(0)),
                Partner = row.GetString(1),
                Type = row.GetString(2),
                Length = row.GetInt64(3),
                ChipType = row.GetString(2).StartsWith("SMS", StringComparison.Ordinal) ? "M" : "s",
                Latitude = Math.Round(row.GetDouble(4), 6),
                Longitude = Math.Round(row.GetDouble(5), 6),
                NetworkType = "4G",
            }))
        .Add(TelecomDoctypes.VideoStreams, Videos(t, r))
        .Add(BillingDoctypes.Bills, LinkedBills(t, r, "orange"));

    private static HolderSink Bank(DemoTerritory t, Resident r, HolderSink b)
    {
        var account = new BankAccount { VendorId = "ACC-" + r.ClientId, Label = "Compte courant", InstitutionLabel = "Banque Lyonnaise", Type = BankAccountType.Bank, Number = r.Iban[^11..], Iban = r.Iban, Balance = new Money(1_250.42m, CurrencyCode.Eur) };
        return b
            .Add(BankingDoctypes.Accounts, [account])
            .Add(BankingDoctypes.Operations, Operations(t, r, BankAccountMapping.GetDocumentId(account.VendorId)));
    }

    private static HolderSink Maif(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(InsuranceDoctypes.Policyholders, [new MaifPolicyholder { Name = new MaifPersonName { Family = r.Family, Given = r.Given }, Email = r.Email, MobilePhone = r.Msisdn, BirthDate = r.BirthDate, ClientReference = "MAIF-" + r.ClientId }])
        .Add(InsuranceDoctypes.Contracts, [new MaifContracts { PolicyholderId = "MAIF-" + r.ClientId, Contracts = [new MaifContract { ProductCode = "RAQVAM", BaseFormula = "Formule Essentielle", PremiumIncludingTax = 464.40m, StartDate = DemoTerritory.Local(t.Start.ToDateTime(TimeOnly.MinValue)) }] }])
        .Add(InsuranceDoctypes.Households, [new MaifHousehold
        {
            Reference = "FOYER-" + r.ClientId,
            Address = new MaifAddress { Street = r.Street, PostCode = r.Postcode, City = r.City, Country = "FRANCE" },
            Members = [.. Enumerable.Range(0, r.Occupants).Select(i => new MaifHouseholdMember
            {
                Name = new MaifPersonName { Family = r.Family, Given = i == 0 ? r.Given : FirstNames[(int)((r.Id + i) % FirstNames.Length)] },
                BirthDate = i == 0 ? r.BirthDate : i == 1 ? r.BirthDate.AddYears(2) : new DateOnly(2005 + i, 1 + (i * 3 % 12), 10),
                Quality = i == 0 ? "Sociétaire" : i == 1 ? "Conjoint" : "Enfant",
            })],
        }])
        .Add(InsuranceDoctypes.Homes, [new MaifHomes
        {
            PolicyholderId = "MAIF-" + r.ClientId,
            Homes = [new MaifHome { Address = new MaifAddress { Street = r.Street, PostCode = r.Postcode, City = r.City, Country = "FRANCE" }, PlaceKind = r.Surface > 90 ? "Maison" : "Appartement", Rooms = (2 + (r.Surface / 30)).ToString(CultureInfo.InvariantCulture) + " pièces", LegalSituation = "Propriétaire occupant" }],
        }])
        .Add(InsuranceDoctypes.PaymentTerms, [new MaifPaymentTerms { PolicyholderId = "MAIF-" + r.ClientId, PaymentMethod = "Prélèvement mensuel", BankAccount = new MaifBankAccount { Iban = r.Iban, Bic = "BLYOFRPPXXX" } }])
        .Add(InsuranceDoctypes.Claims, [new MaifClaims
        {
            PolicyholderId = "MAIF-" + r.ClientId,
            Claims = r.Id % 3 == 0
                ? [new MaifClaim { Type = "Habitation", Timestamp = DemoTerritory.Local(t.Start.AddDays(130).ToDateTime(new TimeOnly(19, 0))), Reference = "SIN-" + r.ClientId + "-1", Place = r.City, PlaceType = "Agglomération", PlaceKind = "Dégât des eaux" }]
                : [new MaifClaim { Type = "Vehicule", Timestamp = DemoTerritory.Local(t.Start.AddDays(40 + (int)(r.Id % 200)).ToDateTime(new TimeOnly(8, 15))), Reference = "SIN-" + r.ClientId + "-1", Place = r.City, PlaceType = "Agglomération", VehicleRegistration = "GA-" + (r.Id % 900 + 100).ToString(CultureInfo.InvariantCulture) + "-LY" }],
        }])
        .Add(BillingDoctypes.Bills, LinkedBills(t, r, "maif"));

    private static HolderSink Tcl(DemoTerritory t, Resident r, HolderSink b) => b
        .Add(MobilityDoctypes.Trips, Query(t, "SELECT start, end, mode, metres, from_lat, from_lon, to_lat, to_lon FROM trip WHERE resident = $r ORDER BY start", [("$r", r.Id)])
            .Select(row =>
            {
                var start = Instant(row.GetString(0));
                var end = Instant(row.GetString(1));
                var from = new GeoCoordinate(Math.Round(row.GetDouble(4), 6), Math.Round(row.GetDouble(5), 6));
                var to = new GeoCoordinate(Math.Round(row.GetDouble(6), 6), Math.Round(row.GetDouble(7), 6));
                var distance = new Quantity(row.GetInt64(3), Unit.Metre);
                return new Trip
                {
                    StartDate = start,
                    EndDate = end,
                    Source = "tcl.fr",
                    Theme = "timeline",
                    Distance = distance,
                    StartPlace = new TripPlace { Location = from, DisplayName = "Domicile" },
                    EndPlace = new TripPlace { Location = to, DisplayName = "Travail" },
                    Sections = [new TripSection { Start = start, End = end, Distance = distance, ManualMode = row.GetString(2), Coordinates = [from, to] }],
                };
            }));

    private static async IAsyncEnumerable<Bill> LinkedBills(DemoTerritory t, Resident r, string holder)
    {
        await foreach (var (bill, _) in Bills(t, r, holder).ConfigureAwait(false))
        {
            yield return holder == "edf" ? bill with { DocumentId = DocumentId.Compute(BillingDoctypes.Files, Invoice(bill)) } : bill;
        }
    }

    private static async IAsyncEnumerable<FileDocument> Invoices(DemoTerritory t, Resident r, string holder)
    {
        await foreach (var (bill, _) in Bills(t, r, holder).ConfigureAwait(false))
        {
            yield return Invoice(bill);
        }
    }

    private static FileDocument Invoice(Bill bill)
    {
        var path = $"/Administratif/{bill.Vendor}/{bill.Date:yyyy-MM} facture {bill.VendorRef}.pdf";
        var content = InvoicePdf.Render(bill);
        return new FileDocument
        {
            Path = path,
            Mime = "application/pdf",
            Size = content.Length,
            CreatedAt = bill.Date,
            Qualification = "energy_invoice",
            ContentAuthor = bill.Vendor.ToLowerInvariant(),
            IssueDate = DateOnly.FromDateTime(bill.Date.DateTime),
            InvoiceNumber = bill.VendorRef,
            ContractReference = bill.ContractId,
#pragma warning disable CA5351 // Cozy's io.cozy.files records MD5 as a checksum, not for security.
            Md5Sum = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(content)),
#pragma warning restore CA5351
            Content = FileContent.FromBytes(path, content),
        };
    }

    private static async IAsyncEnumerable<BankOperation> Operations(DemoTerritory t, Resident r, string accountId)
    {
        var bills = new Dictionary<long, string>();
        foreach (var holder in new[] { "edf", "eau-du-grand-lyon", "orange", "maif" })
        {
            await foreach (var (bill, row) in Bills(t, r, holder).ConfigureAwait(false))
            {
                var linked = holder == "edf" ? bill with { DocumentId = DocumentId.Compute(BillingDoctypes.Files, Invoice(bill)) } : bill;
                bills[row] = DocumentId.Compute(BillingDoctypes.Bills, linked);
            }
        }

        await foreach (var row in Query(t, "SELECT id, date, realisation, cents, label, type, bill FROM bank_operation WHERE resident = $r ORDER BY id", [("$r", r.Id)]).ConfigureAwait(false))
        {
            var type = row.GetString(5) switch
            {
                "direct debit" => BankOperationType.DirectDebit,
                "credit card" => BankOperationType.CreditCard,
                _ => BankOperationType.Transfer,
            };
            yield return new BankOperation
            {
                VendorId = "OP-" + row.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                Label = row.GetString(4),
                OriginalBankLabel = row.GetString(4),
                Amount = new Money(row.GetInt64(3) / 100m, CurrencyCode.Eur),
                Date = DemoTerritory.Local(Date(row.GetString(1)).ToDateTime(TimeOnly.MinValue)),
                RealisationDate = DemoTerritory.Local(Date(row.GetString(2)).ToDateTime(TimeOnly.MinValue)),
                Type = type,
                AccountId = accountId,
                BillIds = row.IsDBNull(6) ? null : [bills[row.GetInt64(6)]],
            };
        }
    }

    private static async IAsyncEnumerable<LoadCurveReading> LoadCurve(DemoTerritory t, Resident r)
    {
        await foreach (var row in Query(t, "SELECT day, watts FROM load_curve_day WHERE resident = $r ORDER BY day", [("$r", r.Id)]).ConfigureAwait(false))
        {
            var date = Date(row.GetString(0));
            var blob = (byte[])row.GetValue(1);

            // Half-hours run in real time: 46 on the spring clock change, 50 in autumn.
            var midnight = DemoTerritory.Local(date.ToDateTime(TimeOnly.MinValue));
            var slots = (int)((DemoTerritory.Local(date.AddDays(1).ToDateTime(TimeOnly.MinValue)) - midnight).Ticks / TimeSpan.FromMinutes(30).Ticks);
            for (var slot = 0; slot < slots; slot++)
            {
                var start = DemoTerritory.InParis(midnight.AddMinutes(30 * slot));
                yield return new LoadCurveReading(r.Prm, start, TimeSpan.FromMinutes(30), new Quantity(BitConverter.ToUInt16(blob, Math.Min(slot, 47) * 2), Unit.Watt));
            }
        }
    }

    /// <summary>A resident's electricity per day (kWh), as Ecolyo's <c>com.grandlyon.enedis.day</c> records.</summary>
    internal static IAsyncEnumerable<EcolyoLoad> ElectricityDays(DemoTerritory t, Resident r) =>
        Daily(t, r, max: false).Select(d => new EcolyoLoad(d.Date.ToDateTime(TimeOnly.MinValue), d.Value.ConvertTo(Unit.KilowattHour)));

    /// <summary>A resident's water per day (L), as Ecolyo's <c>com.grandlyon.egl.day</c> records.</summary>
    internal static IAsyncEnumerable<EcolyoLoad> WaterDays(DemoTerritory t, Resident r) =>
        Query(t, "SELECT day, litres FROM water_day WHERE resident = $r ORDER BY day", [("$r", r.Id)])
            .Select(row => new EcolyoLoad(Date(row.GetString(0)).ToDateTime(TimeOnly.MinValue), new Quantity(row.GetInt64(1), Unit.Litre)));

    private static async IAsyncEnumerable<DailyReading> Daily(DemoTerritory t, Resident r, bool max)
    {
        await foreach (var row in Query(t, "SELECT day, watts FROM load_curve_day WHERE resident = $r ORDER BY day", [("$r", r.Id)]).ConfigureAwait(false))
        {
            var blob = (byte[])row.GetValue(1);
            decimal total = 0, peak = 0;
            for (var slot = 0; slot < 48; slot++)
            {
                var w = BitConverter.ToUInt16(blob, slot * 2);
                total += w / 2m;
                peak = Math.Max(peak, w);
            }

            yield return new DailyReading(r.Prm, Date(row.GetString(0)), max ? new Quantity(peak, Unit.Watt) : new Quantity(total, Unit.WattHour));
        }
    }

    private static readonly string[] FirstNames = ["Camille", "Louise", "Jules", "Emma", "Hugo", "Léa", "Nathan", "Chloé"];

    private static readonly (string Title, string Type, int Year, decimal Price, int Minutes)[] Catalogue =
    [
        ("Les Misérables", "film", 2019, 4.99m, 104), ("La Nuit du 12", "film", 2022, 4.99m, 114), ("Anatomie d'une chute", "film", 2023, 5.99m, 151),
        ("Le Bureau des légendes", "série", 2015, 2.99m, 52), ("Astérix et Obélix : L'Empire du Milieu", "film", 2023, 5.99m, 111), ("Un p'tit truc en plus", "film", 2024, 5.99m, 99),
    ];

    private enum Step
    {
        Day,
        Month,
        Year,
    }

    /// <summary>Daily totals folded into Ecolyo records of a step, stamped with the local start of each period.</summary>
    private static async IAsyncEnumerable<EcolyoLoad> Series(IAsyncEnumerable<(DateOnly Day, decimal Value)> days, Unit unit, Step step)
    {
        DateOnly? current = null;
        decimal total = 0;
        await foreach (var (day, value) in days.ConfigureAwait(false))
        {
            var start = step switch { Step.Day => day, Step.Month => new DateOnly(day.Year, day.Month, 1), _ => new DateOnly(day.Year, 1, 1) };
            if (current is { } open && open != start)
            {
                yield return new EcolyoLoad(open.ToDateTime(TimeOnly.MinValue), new Quantity(Math.Round(total, 3), unit));
                total = 0;
            }

            current = start;
            total += value;
        }

        if (current is { } last)
        {
            yield return new EcolyoLoad(last.ToDateTime(TimeOnly.MinValue), new Quantity(Math.Round(total, 3), unit));
        }
    }

    /// <summary>Half-hours on the local clock, as Ecolyo keys them: the two half-hours the autumn clock change repeats are added together.</summary>
    private static async IAsyncEnumerable<EcolyoLoad> HalfHours(DemoTerritory t, Resident r)
    {
        var day = new SortedDictionary<DateTime, decimal>();
        DateOnly? current = null;
        await foreach (var reading in LoadCurve(t, r).ConfigureAwait(false))
        {
            var local = reading.Start.DateTime;
            if (current is { } open && DateOnly.FromDateTime(local) != open)
            {
                foreach (var (start, kwh) in day)
                {
                    yield return new EcolyoLoad(start, new Quantity(Math.Round(kwh, 4), Unit.KilowattHour));
                }

                day.Clear();
            }

            current = DateOnly.FromDateTime(local);
            day[local] = day.GetValueOrDefault(local) + (reading.AveragePower.ConvertTo(Unit.Watt).Value * (decimal)reading.Length.TotalHours / 1000m);
        }

        foreach (var (start, kwh) in day)
        {
            yield return new EcolyoLoad(start, new Quantity(Math.Round(kwh, 4), Unit.KilowattHour));
        }
    }

    private static IAsyncEnumerable<(DateOnly Day, decimal Value)> GasDays(DemoTerritory t, Resident r) =>
        Query(t, "SELECT day, wh FROM gas_day WHERE resident = $r ORDER BY day", [("$r", r.Id)]).Select(row => (Date(row.GetString(0)), row.GetInt64(1) / 1000m));

    /// <summary>A few video orders and viewings a month, from a small catalogue, on evenings and weekends.</summary>
    private static async IAsyncEnumerable<VideoStreamEvent> Videos(DemoTerritory t, Resident r)
    {
        for (var month = t.Start; month < t.End; month = month.AddMonths(1))
        {
            var count = DemoTerritory.Mix((int)r.Id, month.Year, month.Month, "vod") % 3;
            for (var i = 0; i < count; i++)
            {
                var pick = Catalogue[DemoTerritory.Mix((int)r.Id, month.Year, month.Month, i, "title") % Catalogue.Length];
                // Distinct days in the month, so no two orders share an instant (the doctype's identity).
                var day = month.AddDays((i * 10) + (DemoTerritory.Mix((int)r.Id, month.Year, month.Month, i, "day") % 9));
                var ordered = DemoTerritory.Local(day.ToDateTime(new TimeOnly(20, 30 + (i * 7))));
                var content = new VideoContent { Type = pick.Type, Title = pick.Title, Duration = pick.Minutes * 60, Quality = "HD", PublicationYear = pick.Year, Country = "FR" };
                var details = new VideoStreamDetails { Offer = "VOD", OfferName = "Orange VOD", Service = "TV d'Orange", Network = "Livebox", Device = "Décodeur TV" };
                yield return new VideoStreamEvent { Timestamp = ordered, ClientId = r.ClientId, Action = "Commande", Price = pick.Price, Content = content, Details = details };
                yield return new VideoStreamEvent { Timestamp = ordered.AddMinutes(2), ClientId = r.ClientId, Action = "Visualisation", ViewingDuration = pick.Minutes * 60, Content = content, Details = details };
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<SqliteDataReader> Query(DemoTerritory territory, string sql, (string Name, object Value)[] parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = territory.Open();
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return reader;
                }
            }
        }
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) => Rfc3339.Parse(text).GetValueOrThrow();
}

/// <summary>
/// Where a holder's rows go: every doctype to a builder (the demo), or only the requested ones (the server's data
/// source, which must add nothing beyond the request).
/// </summary>
internal sealed class HolderSink(PortabilityExportBuilder builder, Func<Doctype, bool>? keep = null)
{
    public PortabilityExportBuilder Builder => builder;

    public HolderSink Add<TRecord>(IDoctypeMapping<TRecord> mapping, IAsyncEnumerable<TRecord> records)
    {
        if (keep is null || keep(mapping.Doctype))
        {
            builder.Add(mapping, records);
        }

        return this;
    }

    public HolderSink Add<TRecord>(IDoctypeMapping<TRecord> mapping, IEnumerable<TRecord> records)
    {
        if (keep is null || keep(mapping.Doctype))
        {
            builder.Add(mapping, records);
        }

        return this;
    }
}
