using SelfData.Portability;
using SelfData.Portability.Bills;
using SelfData.Portability.Customers;
using SelfData.Portability.Energy;
using SelfData.Portability.Mapping;
using SelfData.Portability.Mobility;
using SelfData.Portability.Telecom;

namespace SelfData.Conformance.Tests.Schemas;

/// <summary>
/// The compact definitions every published doctype schema is generated from: one entry per doctype, the fields with
/// their kind and when they are required. Regenerate the files with <c>eng/generate-schemas.sh</c>.
/// </summary>
internal static class DoctypeDefinitions
{
    // Kinds of values.
    private static readonly Shape Text = new TextShape();
    private static readonly Shape Text1 = new TextShape(1);
    private static readonly Shape Instant = new InstantShape();
    private static readonly Shape Date = new DateShape();
    private static readonly Shape Currency = new CurrencyShape();
    private static readonly Shape Bool = new BoolShape();
    private static readonly Shape PilotBool = new BoolShape(Pilot: true);
    private static readonly Shape Number = new NumberShape();
    private static readonly Shape NonNegative = new NumberShape(Min: 0);
    private static readonly Shape PilotNumber = new NumberShape(Strings: StringNumbers.Pilot);
    private static readonly Shape PilotNonNegative = new NumberShape(Min: 0, Strings: StringNumbers.Pilot);
    private static readonly Shape Count = new NumberShape(Min: 0, Integer: true);
    private static readonly Shape Year = new NumberShape(Min: 1000, Max: 2100, Integer: true);
    private static readonly Shape UsagePoint = new TextShape(1, Patterns.UsagePoint);
    private static readonly Shape Msisdn = new TextShape(1, Patterns.Msisdn);
    private static readonly Shape Latitude = new NumberShape(Min: -90, Max: 90);
    private static readonly Shape Longitude = new NumberShape(Min: -180, Max: 180);
    private static readonly Shape Texts = new ArrayShape(Text);

    private static readonly string[] EnergyUnits = ["Wh", "kWh", "MWh"];

    public static IReadOnlyList<DoctypeDefinition> All { get; } =
    [
        ConsumptionStatement(),
        .. EnedisMetering(),
        .. Ecolyo(),
        Client(),
        Contract(),
        PaymentTerms(),
        Home(),
        Identities(),
        EnedisIdentity(),
        EnedisUsagePoints(),
        EnedisUsagePointAddress(),
        Bills(),
        Files(),
        BankAccounts(),
        BankOperations(),
        GeoPoint(),
        PhoneCommunicationLog(),
        VideoStream(),
        .. Maif(),
        Trip(),
    ];

    private static Shape Obj(params Field[] fields) => new ObjectShape(fields);

    private static Shape Arr(Shape items, int minItems = 0) => new ArrayShape(items, minItems);

    private static DoctypeDefinition ConsumptionStatement() => new(
        "org.fing.mesinfos.consumptionstatement",
        "MesInfos consumption statement",
        "The pilot's shared energy doctype: EDF meter readings and Edelia estimates, Linky half-hours, GRDF Gazpar days and months, told apart by statementCategory and statementReason. value is energy (kWh unless unit says otherwise), volume m3.",
        [
            new("contractNumber", Text1, Req.Both, Description: "The contract (EDF) or delivery point (Linky, Gazpar); an identity key."),
            new("statementType", Text1, Req.Both),
            new("statementCategory", Text1, Req.Both),
            new("statementReason", Text1, Req.Both),
            new("start", Instant, Req.Both),
            new("end", Instant, Req.Strict),
            new("value", PilotNonNegative, Req.Strict),
            new("unit", new TextShape(1, StrictValues: EnergyUnits), Req.Strict),
            new("volume", PilotNonNegative),
            new("index", PilotNumber),
            new("volumeToEnergyCoefficient", PilotNonNegative),
            new("period", Text),
            new("billNumber", Text),
            new("cost", PilotNumber),
            new("currency", Currency),
        ],
        StrictDependencies: new Dictionary<string, string[]> { ["cost"] = ["currency"] });

    private static IEnumerable<DoctypeDefinition> EnedisMetering()
    {
        foreach (var (doctype, kind, interval, attribute, unit, what) in new[]
        {
            ("fr.enedis.api.meteringdata.loadcurve", "CDC", "PT30M", "30mn", "W", "30-minute average power (W)"),
            ("fr.enedis.api.meteringdata.energy", "ENERGIEGLO", "P1D", "day", "Wh", "daily energy (Wh)"),
            ("fr.enedis.api.meteringdata.maxpower", "PMAX", "P1D", "day", "W", "daily maximum power (W)"),
        })
        {
            var readingType = new ObjectShape(
                [
                    new("measurement_kind", new ConstShape(kind), Req.Both),
                    new("start_measurement_period", Date, Req.Both),
                    new("end_measurement_period", Date, Req.Both),
                    new("interval_length", new ConstShape(interval, StrictOnly: true), Req.Strict),
                    new("time_attribute", new ConstShape(attribute, StrictOnly: true), Req.Strict),
                    new("unit", new ConstShape(unit), Req.Strict),
                    new("flow_direction", Text, Req.Strict),
                ],
                ClosedAtStrict: true);
            var value = new ObjectShape(
                [
                    new("value", PilotNonNegative, Req.Both),
                    new("reading_number", new NumberShape(Min: 1, Integer: true, Strings: StringNumbers.Pilot), Req.Both),
                ],
                ClosedAtStrict: true);
            var usagePoint = new ObjectShape(
                [
                    new("usage_point_id", UsagePoint, Req.Both),
                    new("meter_reading", new ObjectShape([new("reading_type", readingType, Req.Both), new("interval_block", Arr(value, 1), Req.Both)], ClosedAtStrict: true), Req.Both),
                ],
                ClosedAtStrict: true);
            yield return new(
                doctype,
                "Enedis Data Connect metering: " + what,
                "The API's document mirrored as is, snake_case names kept: usage_point[].meter_reading.reading_type and interval_block[].",
                [
                    new("contract_power", PilotNonNegative, Description: "Subscribed power, kVA."),
                    new("fee_schedule", Text),
                    new("INSEE_code", Text),
                    new("usage_point", new ArrayShape(usagePoint, 1, 1), Req.Both),
                ]);
        }
    }

    private static IEnumerable<DoctypeDefinition> Ecolyo()
    {
        foreach (var (prefix, fluid, unit) in new[] { ("com.grandlyon.enedis", "electricity", "kWh"), ("com.grandlyon.grdf", "gas", "kWh"), ("com.grandlyon.egl", "water", "litres") })
        {
            foreach (var step in new[] { "minute", "day", "month", "year" })
            {
                if (step == "minute" && fluid != "electricity")
                {
                    continue;
                }

                // The parts below the step are fixed at the strict level.
                Shape minute = step == "minute" ? new StepPart([0, 30], 0, 59) : new StepPart([0], 0, 59);
                Shape hour = step == "minute" ? new NumberShape(Min: 0, Max: 23, Integer: true) : new StepPart([0], 0, 23);
                Shape day = step is "month" or "year" ? new StepPart([1], 1, 31) : new NumberShape(Min: 1, Max: 31, Integer: true);
                Shape month = step == "year" ? new StepPart([1], 1, 12) : new NumberShape(Min: 1, Max: 12, Integer: true);
                yield return new(
                    prefix + "." + step,
                    $"Ecolyo {fluid} series, one value per {(step == "minute" ? "30 minutes" : step)}",
                    $"load in {unit}, stamped with the local date parts of the step's start; the parts below the step are fixed.",
                    [
                        new("load", NonNegative, Req.Strict),
                        new("year", Year, Req.Both),
                        new("month", month, Req.Both),
                        new("day", day, Req.Both),
                        new("hour", hour, Req.Both),
                        new("minute", minute, Req.Both),
                    ]);
            }
        }
    }

    private static DoctypeDefinition Client()
    {
        var name = Obj(new Field("prefix", Text), new("family", Text), new("given", Text), new("formated", Text));
        var address = new DefShape("address", Obj(new Field("formated", Text), new("street", Text), new("postcode", Text), new("city", Text), new("country", Text)));
        return new(
            "org.fing.mesinfos.client",
            "MesInfos customer (EDF)",
            "The supplier's customer record, with the pilot's field names (formated, numeroAcc).",
            [
                new("clientId", Text1, Req.Both),
                new("vendor", Text1, Req.Both),
                new("numeroAcc", Text),
                new("name", name),
                new("address", address),
                new("email", Text),
                new("loginEmail", Text),
                new("cellPhone", Text),
                new("homePhone", Text),
                new("coHolder", name),
                new("commercialContact", Obj(new Field("title", Text), new("phone", Text), new("address", address))),
            ]);
    }

    private static DoctypeDefinition Contract() => new(
        "org.fing.mesinfos.contract",
        "MesInfos supply contract (EDF)",
        "An electricity or gas contract with its meter, meter-reading calendar and services.",
        [
            new("number", Text1, Req.Both),
            new("vendor", Text1, Req.Both),
            new("clientId", Text),
            new("name", Text),
            new("start", new DateShape(Nullable: true)),
            new("end", new DateShape(Nullable: true)),
            new("status", Text),
            new("terminationGrounds", new TextShape(Nullable: true)),
            new("pdl", UsagePoint),
            new("energie", Text),
            new("power", new NumberShape(Min: 0, Strings: StringNumbers.Pilot, StringPattern: "^[0-9]+(?:\\.[0-9]+)?(?: ?kVA)?$"), Description: "Subscribed power in kVA; the pilot wrote \"6 kVA\"."),
            new("contractSubcategory1", Text),
            new("contractSubcategory2", Text),
            new("counter", Obj(
                new("type", Text),
                new("comptage", Text),
                new("nombreRoues", Text),
                new("dernierIndex", PilotNonNegative),
                new("annualConsumption", PilotNonNegative),
                new("peakHours", Text))),
            new("statement", Obj(
                new("prochaineReleve", Date),
                new("saisieReleveConfiance", Text),
                new("dateFermetureReleveConfiance", Date),
                new("prochaineDateOuvertureReleveConfiance", Date),
                new("prochaineDateFermetureReleveConfiance", Date),
                new("prochaineDateFermetureReelle", Date),
                new("saisieSuiviConso", Text),
                new("prochaineDateOuvertureSaisieConso", Date))),
            new("services", Arr(Obj(new Field("name", Text1, Req.Strict), new("status", Text), new("valueSubscribed", Text), new("valuesAvailable", Texts)))),
            new("troubleshootingPhone", Text),
        ]);

    private static DoctypeDefinition PaymentTerms() => new(
        "org.fing.mesinfos.paymentterms",
        "MesInfos payment terms (EDF)",
        "How the customer pays: means, frequency, last payment and schedule. Amounts in euros.",
        [
            new("vendor", Text1, Req.Both),
            new("clientId", Text1, Req.Both),
            new("balance", PilotNumber),
            new("paymentMeans", Text),
            new("billFrequency", Text),
            new("nextBillDate", Date),
            new("idPayer", Text),
            new("payerDivergent", PilotBool),
            new("modifBankDetailsAllowed", PilotBool),
            new("encryptedBankDetails", Text),
            new("dernierReglement", Obj(new Field("amount", PilotNumber), new("date", Instant), new("type", Text))),
            new("paymentSchedules", Arr(Obj(
                new("number", new NumberShape(Min: 1, Integer: true, Strings: StringNumbers.Pilot), Req.Strict),
                new("scheduleDate", Date, Req.Strict),
                new("receiptDate", Date),
                new("paid", PilotBool, Req.Strict),
                new("amount", PilotNonNegative, Req.Strict),
                new("amountGas", PilotNonNegative),
                new("amountElectricity", PilotNonNegative)))),
        ]);

    private static DoctypeDefinition Home() => new(
        "org.fing.mesinfos.home",
        "MesInfos home energy profile (Edelia)",
        "The home of one delivery point: housing, occupants, heating.",
        [
            new("pdl", UsagePoint, Req.Strict, Description: "Written by the SDK; neither the pilot's sample nor the EDF konnector's output has it."),
            new("beginTs", Instant),
            new("isProfileValidated", PilotBool),
            new("housingType", Text),
            new("residenceType", Text),
            new("occupationType", Text),
            new("constructionDate", new NumberShape(Min: 1000, Max: 2100, Integer: true, Strings: StringNumbers.Pilot), Description: "The year of construction."),
            new("isBBC", PilotBool),
            new("surface", PilotNonNegative, Description: "m²."),
            new("occupantsCount", new NumberShape(Min: 0, Integer: true, Strings: StringNumbers.Pilot)),
            new("principalHeatingSystemType", Text),
            new("sanitoryHotWaterType", Text),
            new("origin", Text),
        ]);

    private static DoctypeDefinition Identities()
    {
        var consumption = Arr(Obj(
            new("year", Year, Req.Strict),
            new("consumptionkWh", NonNegative, Req.Strict),
            new("months", Arr(Obj(new Field("month", new NumberShape(Min: 1, Max: 12, Integer: true), Req.Strict), new("consumptionkWh", NonNegative, Req.Strict))))));
        var provider = Obj(
            new("vendor", Text1, Req.Strict),
            new("energy_type", new TextShape(1, StrictValues: ["electricity", "gas"]), Req.Strict),
            new("contract_number", Text),
            new("pdl_number", UsagePoint),
            new("pce_number", UsagePoint),
            new("contract_type", Text),
            new("powerkVA", NonNegative),
            new("charging_type", Text),
            new("electric_consumption", consumption),
            new("gas_consumption", consumption));
        return new(
            "io.cozy.identities",
            "Cozy identity",
            "What a holder knows about the person: contact, housing, and one energy provider per energy with yearly and monthly consumption (kWh).",
            [
                new("identifier", Text1, Req.Both),
                new("source", new TextShape(1, StrictValues: ["connector", "manual", "factorized"]), Req.Both),
                new("contact", Obj(
                    new("name", Obj(new Field("familyName", Text), new("givenName", Text))),
                    new("email", Arr(Obj(new Field("address", Text1, Req.Strict)))),
                    new("phone", Arr(Obj(new Field("number", Text1, Req.Strict), new("primary", Bool), new("type", Text)))),
                    new("address", Arr(Obj(new Field("formattedAddress", Text), new("street", Text), new("postcode", Text), new("city", Text)))))),
                new("housing", Arr(Obj(
                    new("construction_year", Year),
                    new("residence_type", Text),
                    new("housing_type", Text),
                    new("residents_number", Count),
                    new("living_space_m2", NonNegative),
                    new("heating_system", Text),
                    new("water_heating_system", Text),
                    new("energy_providers", Arr(provider))))),
            ]);
    }

    private static DoctypeDefinition EnedisIdentity() => new(
        "fr.enedis.api.customers.identity",
        "Enedis Data Connect customer identity",
        "The API's document mirrored as is (name is the given name).",
        [
            new("customer_id", Text1, Req.Both),
            new("segment", Text),
            new("identity", Obj(new Field("natural_person", Obj(new Field("title", Text), new("name", Text), new("last_name", Text)))), Req.Strict),
        ]);

    private static DoctypeDefinition EnedisUsagePoints() => new(
        "fr.enedis.api.customers.usagepoints",
        "Enedis Data Connect usage point",
        "One delivery point per document, as in the pilot; power_subscribed in kVA.",
        [
            new("customer_id", Text1, Req.Strict, Description: "The pilot's sample (mesinfos-dev) has none; the usage point id identifies the document."),
            new("usage_points", Obj(
                new("usage_point_id", UsagePoint, Req.Both),
                new("power_subscribed", PilotNonNegative),
                new("time_slot", Text)), Req.Both),
        ]);

    private static DoctypeDefinition EnedisUsagePointAddress() => new(
        "fr.enedis.api.customers.usagepointaddress",
        "Enedis Data Connect usage point address",
        "The address of a delivery point; geo_point holds the commune's INSEE code.",
        [
            new("customer_id", Text1, Req.Both),
            new("segment", Text),
            new("usage_point_id", UsagePoint),
            new("usage_point_address", Obj(
                new("additional_adress1", Text),
                new("additional_adress2", Text),
                new("street_number", Text),
                new("street", Text),
                new("locality", Text),
                new("zip", Text),
                new("city", Text),
                new("country", Text),
                new("geo_point", Text)), Req.Strict),
        ]);

    private static DoctypeDefinition Bills() => new(
        "io.cozy.bills",
        "Cozy bill",
        "A bill or refund: amount always positive, isRefund for refunds, ISO 4217 currency; the PDF linked as relationships.document and the legacy invoice string.",
        [
            new("vendor", Text1, Req.Both),
            new("date", Instant, Req.Both),
            new("amount", new NumberShape(Min: 0, Strings: StringNumbers.Always), Req.Both, In.Cozy, Description: "Always positive; a refund sets isRefund. The Cozy v2 konnectors wrote it as a string."),
            new("amount", new NumberShape(Min: 0, Strings: StringNumbers.Always), Req.Strict, In.MesInfos, Description: "Always positive; a refund sets isRefund. The EDF pilot wrote value and totalPaymentDue instead."),
            new("currency", Currency, Req.Strict),
            new("isRefund", Bool, Req.Strict),
            new("type", Text),
            new("subtype", Text),
            new("recurrence", new TextShape(StrictValues: ["weekly", "monthly", "bi-monthly", "yearly"])),
            new("vendorRef", Text, Profiles: In.Cozy),
            new("number", Text, Profiles: In.MesInfos, Description: "The EDF invoice number."),
            new("contractId", Text),
            new("contractLabel", Text),
            new("clientId", Text),
            new("fileUrl", new TextShape(Format: "uri"), Profiles: In.Cozy),
            new("pdfurl", new TextShape(Format: "uri"), Profiles: In.MesInfos),
            new("periodStart", Date),
            new("periodEnd", Date),
            new("value", PilotNonNegative, Profiles: In.MesInfos, Description: "The amount due, as the EDF pilot wrote it."),
            new("invoice", new LegacyLinkShape("io.cozy.files"), Description: "Legacy link to the PDF: \"io.cozy.files:<id>\"."),
            new("relationships", Obj(new Field("document", new RelationshipShape("io.cozy.files"))), Profiles: In.Cozy),
        ]);

    private static DoctypeDefinition Files() => new(
        "io.cozy.files",
        "Cozy file metadata",
        "An issued document (invoice, statement, contract) with its Cozy qualification; the content travels next to it in archives.",
        [
            new("type", new TextShape(1, StrictValues: ["file"]), Req.Both, Description: "file (directories, type directory, pass compatible only)."),
            new("name", Text1, Req.Both, Description: "Required at compatible with type: cozy-stack stores a file's name and dir_id, and computes its path; only directories carry path."),
            new("path", new TextShape(1, "^/"), Req.Strict),
            new("mime", Text1, Req.Strict),
            new("class", Text),
            new("size", new NumberShape(Min: 0, Integer: true, Strings: StringNumbers.Always), Req.Strict, Description: "Bytes; cozy-stack itself writes it as a string."),
            new("created_at", Instant, Req.Strict),
            new("md5sum", Text),
            new("metadata", Obj(
                new("qualification", Obj(
                    new("label", new TextShape(1, StrictValues: [.. FileDocumentMapping.QualificationLabels]), Req.Strict),
                    new("sourceCategory", Text),
                    new("sourceSubCategory", Text),
                    new("purpose", Text),
                    new("subjects", Texts)), Req.Strict),
                new("contentAuthor", Text),
                new("issueDate", Date),
                new("datetime", new DateOrInstantShape()),
                new("datetimeLabel", Text),
                new("invoiceNumber", Text),
                new("contractReference", Text)), Req.Strict),
        ],
        FilesMetadata: true);

    private static DoctypeDefinition BankAccounts() => new(
        "io.cozy.bank.accounts",
        "Cozy bank account",
        "A bank account with its balance and ISO 4217 currency.",
        [
            new("label", Text1, Req.Both, Description: "Required at compatible: Cozy Banks lists accounts by label (every account in the cozy-banks fixtures and the cozy-doctypes example has one)."),
            new("shortLabel", Text),
            new("institutionLabel", Text),
            new("balance", Number),
            new("currency", Currency),
            new("type", new TextShape(StrictValues: ["none", "bank", "cash", "asset", "credit card", "liability", "Savings"])),
            new("number", Text),
            new("iban", Text),
            new("vendorId", Text1, Req.Strict, Description: "The SDK's identity key; cozy-doctypes' own example and the delayed-debit fixture have none."),
        ],
        StrictDependencies: new Dictionary<string, string[]> { ["balance"] = ["currency"] });

    private static DoctypeDefinition BankOperations() => new(
        "io.cozy.bank.operations",
        "Cozy bank operation",
        "A debit (negative amount) or credit; date is when the account moves, realisationDate when the operation happened.",
        [
            new("label", Text1, Req.Both, Description: "Required at compatible, with amount and date: what Cozy Banks shows of every operation (all cozy-banks fixtures and the cozy-doctypes example have the three)."),
            new("originalBankLabel", Text),
            new("amount", Number, Req.Both, Description: "Signed: negative for a debit."),
            new("currency", Currency, Req.Strict),
            new("date", Instant, Req.Both),
            new("realisationDate", Instant),
            new("type", new TextShape(StrictValues: ["none", "credit card", "cash", "check", "transfer", "internal transfer", "debit card", "deposit", "financial fee", "direct debit"])),
            new("automaticCategoryId", Text),
            new("account", Text, Description: "The account document's bare _id."),
            new("vendorId", Text1, Req.Strict, Description: "The SDK's identity key; no cozy-banks fixture operation has one."),
            new("vendorAccountId", Text),
            new("bills", Arr(new LegacyLinkShape("io.cozy.bills")), Description: "Legacy links \"io.cozy.bills:<id>\"."),
        ]);

    private static DoctypeDefinition GeoPoint() => new(
        "fr.orange.geopoint",
        "Orange geolocation point",
        "Where the subscriber's line was, WGS 84 degrees, radius in metres.",
        [
            new("msisdn", Msisdn, Req.Both),
            new("timestamp", Instant, Req.Both),
            new("latitude", Latitude, Req.Strict),
            new("longitude", Longitude, Req.Strict),
            new("radius", NonNegative),
        ]);

    private static DoctypeDefinition PhoneCommunicationLog() => new(
        "fr.orange.phonecommunicationlog",
        "Orange call or text message",
        "One communication of the subscriber's line; length in the unit chipType names (s or M).",
        [
            new("msisdn", Msisdn, Req.Both),
            new("timestamp", Instant, Req.Both),
            new("partner", Text),
            new("type", new TextShape(1, StrictValues: ["appel sortant", "appel entrant", "SMS entrant", "SMS sortant"]), Req.Strict),
            new("length", NonNegative),
            new("chipType", new TextShape(StrictValues: ["s", "M"])),
            new("latitude", Latitude),
            new("longitude", Longitude),
            new("networkType", Text),
            new("endCause", Text),
        ],
        StrictDependencies: new Dictionary<string, string[]> { ["length"] = ["chipType"], ["latitude"] = ["longitude"], ["longitude"] = ["latitude"] });

    private static DoctypeDefinition VideoStream() => new(
        "fr.orange.videostream",
        "Orange video on demand",
        "An order or a viewing; price in euros including tax, durations in seconds.",
        [
            new("timestamp", Instant, Req.Both),
            new("clientId", Text1, Req.Both),
            new("action", Text1, Req.Strict),
            new("price", PilotNonNegative),
            new("viewingDuration", PilotNonNegative),
            new("content", Obj(
                new("type", Text),
                new("title", Text),
                new("subTitle", Text),
                new("duration", PilotNonNegative),
                new("quality", Text),
                new("publicationYear", new NumberShape(Integer: true, Strings: StringNumbers.Pilot)),
                new("country", Text),
                new("id", Text),
                new("longId", Text),
                new("csaCode", new NumberShape(Integer: true, Strings: StringNumbers.Pilot)),
                new("adultLevel", new NumberShape(Integer: true, Strings: StringNumbers.Pilot)))),
            new("details", Obj(new Field("offer", Text), new("offerName", Text), new("service", Text), new("network", Text), new("techno", Text), new("device", Text), new("platform", Text))),
        ]);

    private static IEnumerable<DoctypeDefinition> Maif()
    {
        var address = new DefShape("address", Obj(
            new("street", Text), new("postCode", Text), new("city", Text), new("country", Text), new("numeroPays", Text),
            new("deliveryOffice", Text), new("inseeCode", Text), new("residence", Text)));
        var person = new DefShape("personName", Obj(new Field("codeTitrePersonne", Text), new("prefix", Text), new("family", Text1, Req.Strict), new("given", Text), new("maiden", Text)));
        var birthplace = Obj(new Field("city", Text), new("country", Text), new("numeroPays", Text), new("region", Text));
        var policyholder = new Field("societaire", Text1, Req.Both, Description: "The policyholder number.");

        yield return new(
            "fr.maif.maifuser.contrat",
            "MAIF insurance contracts",
            "One document per policyholder wrapping contrat[]; premiums in euros including tax.",
            [
                new("contrat", Arr(Obj(
                    new("name", Text1, Req.Strict, Description: "The product code (NOR, VAM)."),
                    new("formuleBase", Text),
                    new("montantTarifTtc", PilotNonNegative),
                    new("startDate", Instant),
                    new("objects", Obj(
                        new("startDate", Instant),
                        new("lieu", Arr(Obj(new Field("address", address, Req.Strict)))),
                        new("vehicule", Arr(Obj(new Field("immatriculationVehicule", Text1, Req.Strict)))))),
                    policyholder), 1), Req.Both),
            ]);
        yield return new(
            "fr.maif.maifuser.societaire",
            "MAIF policyholder",
            "One document per policyholder wrapping societaire{}.",
            [
                new("societaire", Obj(
                    new("name", person, Req.Strict),
                    new("email", Text),
                    new("telMobile", Text),
                    new("birthdate", Date),
                    new("birthplace", birthplace),
                    new("codeProfessionSocietaire", Text),
                    new("profession", Text),
                    new("codeSituationFamiliale", Text),
                    new("familySituation", Text),
                    new("codeActif", Text),
                    new("codeEtat", Text),
                    new("dateEtat", Date),
                    new("referenceClient", Text1, Req.Both),
                    new("timestampModification", Instant)), Req.Both),
            ]);
        yield return new(
            "fr.maif.maifuser.foyer",
            "MAIF household",
            "One document per household wrapping foyer{} and its members.",
            [
                new("foyer", Obj(
                    new("name", Text1, Req.Both, Description: "The household reference."),
                    new("address", address),
                    new("membres", Arr(Obj(
                        new("name", person, Req.Strict),
                        new("email", Text),
                        new("telMobile", Text),
                        new("birthdate", Date),
                        new("birthplace", birthplace),
                        new("codeProfessionSocietaire", Text),
                        new("profession", Text),
                        new("codeQualitePersonne", Text),
                        new("quality", Text))))), Req.Both),
            ]);
        yield return new(
            "fr.maif.maifuser.home",
            "MAIF insured homes",
            "One document per policyholder wrapping home[].",
            [
                new("home", Arr(Obj(
                    new("address", address),
                    new("codeJuridique", Text),
                    new("codeNatureLieuRisque", Text),
                    new("codePieceLieuRisque", Text),
                    new("codeTrancheMobilier", Text),
                    new("natureLieu", Text),
                    new("nombrePieces", Text),
                    new("patrimoineMobilier", Text),
                    new("situationJuridiqueLieu", Text),
                    policyholder), 1), Req.Both),
            ]);
        yield return new(
            "fr.maif.maifuser.paymentterms",
            "MAIF payment terms",
            "One document per policyholder wrapping paymentterms{}.",
            [
                new("paymentterms", Obj(
                    new("rib", Obj(new Field("bic", Text), new("iban", Text1, Req.Strict))),
                    new("modePaiement", Text),
                    policyholder), Req.Both),
            ]);
        yield return new(
            "fr.maif.maifuser.sinistre",
            "MAIF claims",
            "One document per policyholder wrapping sinistre[]; type tells home (Habitation) and vehicle (Vehicule) claims apart.",
            [
                new("sinistre", Arr(Obj(
                    new("type", new TextShape(1, StrictValues: ["Habitation", "Vehicule"]), Req.Strict),
                    new("timestamp", Instant),
                    new("lieuSurvenance", Text),
                    new("ref", Text1, Req.Strict),
                    new("typeLieuSurvenance", Text),
                    new("natureLieu", Text),
                    new("address", address),
                    new("immatriculationVehicule", Text),
                    new("driver", Obj(new Field("prefix", Text), new("family", Text), new("given", Text))),
                    policyholder), 1), Req.Strict, Description: "Written by the SDK and the MAIF konnector; the pilot's samples (mesinfos-dev) hold one claim per document, its fields at the root."),
                new("type", Text, Description: "A claim at the root, as in the pilot's samples."),
                new("timestamp", Instant, Description: "A claim at the root, as in the pilot's samples."),
                new("ref", Text, Description: "A claim at the root, as in the pilot's samples."),
                new("societaire", Text, Description: "A claim at the root, as in the pilot's samples."),
            ]);
    }

    private static DoctypeDefinition Trip()
    {
        var position = new DefShape("position", new Raw(() => new System.Text.Json.Nodes.JsonObject
        {
            ["description"] = "A GeoJSON position: [longitude, latitude], optionally an altitude.",
            ["type"] = "array",
            ["prefixItems"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["type"] = "number", ["minimum"] = -180, ["maximum"] = 180 },
                new System.Text.Json.Nodes.JsonObject { ["type"] = "number", ["minimum"] = -90, ["maximum"] = 90 },
                new System.Text.Json.Nodes.JsonObject { ["type"] = "number" }),
            ["minItems"] = 2,
            ["maxItems"] = 3,
        }));
        var point = new DefShape("point", new ObjectShape([new("type", new ConstShape("Point"), Req.Both), new("coordinates", position, Req.Both)]));
        var lineString = new ObjectShape([new("type", new ConstShape("LineString"), Req.Both), new("coordinates", Arr(position, 2), Req.Both)]);
        var geometry = new ObjectShape([new("type", Text1, Req.Both), new("coordinates", new ArrayShape(new Raw(() => [])))]);
        var place = new DefShape("place", new ObjectShape(
            [
                new("type", new ConstShape("Feature"), Req.Both),
                new("geometry", new LevelShape(point, geometry), Req.Both, Description: "A Point; older Coach CO2 trips and cozy-doctypes' example also hold sections as LineString features."),
                new("properties", Obj(
                    new("feature_type", new TextShape(1, StrictValues: ["start_place", "end_place"]), Req.Strict),
                    new("display_name", Text),
                    new("enter_fmt_time", Instant),
                    new("exit_fmt_time", Instant),
                    new("duration", NonNegative))),
            ]));
        var section = new DefShape("section", new ObjectShape(
            [
                new("type", new ConstShape("FeatureCollection"), Req.Both),
                new("features", Arr(new ObjectShape(
                    [
                        new("type", new ConstShape("Feature"), Req.Both),
                        new("geometry", lineString, Req.Both),
                        new("properties", Obj(
                            new("times", Arr(Number)),
                            new("timestamps", Arr(new NumberShape(Integer: true))),
                            new("start_fmt_time", Instant, Req.Strict),
                            new("end_fmt_time", Instant, Req.Strict),
                            new("duration", NonNegative),
                            new("speeds", Arr(NonNegative)),
                            new("distances", Arr(NonNegative)),
                            new("distance", NonNegative),
                            new("sensed_mode", Text),
                            new("manual_mode", Text),
                            new("feature_type", new ConstShape("section", StrictOnly: true), Req.Strict),
                            new("source", Text))),
                    ]), 1), Req.Both),
            ]));
        var trip = new ObjectShape(
            [
                new("type", new ConstShape("FeatureCollection", StrictOnly: true), Req.Both, Description: "A FeatureCollection; cozy-doctypes' example holds a single Feature."),
                new("properties", Obj(
                    new("start_fmt_time", Instant, Req.Strict),
                    new("end_fmt_time", Instant, Req.Strict),
                    new("duration", NonNegative),
                    new("distance", NonNegative, Description: "Metres."),
                    new("start_loc", point),
                    new("end_loc", point),
                    new("manual_purpose", Text),
                    new("confidence_threshold", new NumberShape(Min: 0, Max: 1))), Req.Strict),
                new("features", Arr(new ByTypeShape("FeatureCollection", section, place)), Req.Strict),
            ]);
        return new(
            "io.cozy.timeseries.geojson",
            "Cozy trip (Coach CO2)",
            "One trip: a time series whose series holds one GeoJSON FeatureCollection of the start place, the end place and one FeatureCollection per section. Positions are [longitude, latitude].",
            [
                new("startDate", Instant, Req.Both),
                new("endDate", Instant, Req.Strict),
                new("source", Text1, Req.Both),
                new("theme", Text),
                new("title", Text),
                new("series", new ArrayShape(trip, 1, 1), Req.Both),
            ]);
    }
}

/// <summary>A date part fixed by the series' step at the strict level (<c>minute</c> 0 in a day series); an ordinary range at the compatible level.</summary>
internal sealed record StepPart(IReadOnlyList<int> Values, int Min, int Max) : Shape
{
    public override System.Text.Json.Nodes.JsonObject ToJson(Emit e) =>
        e.Strict
            ? Values.Count == 1
                ? new System.Text.Json.Nodes.JsonObject { ["const"] = Values[0] }
                : new System.Text.Json.Nodes.JsonObject { ["enum"] = new System.Text.Json.Nodes.JsonArray([.. Values.Select(v => (System.Text.Json.Nodes.JsonNode)v)]) }
            : new System.Text.Json.Nodes.JsonObject { ["type"] = "integer", ["minimum"] = Min, ["maximum"] = Max };
}
