using System.Globalization;
using System.Text;

namespace SelfData.Portability.Archives;

/// <summary>The words of <c>index.html</c> in one language: sentences, dataset titles, field labels, and how dates, numbers and money are written.</summary>
internal sealed class IndexPageText
{
    public static readonly IndexPageText English = new(false);
    public static readonly IndexPageText French = new(true);

    private static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] MonthsFr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>Titles and one-line explanations per doctype: English, then French.</summary>
    private static readonly Dictionary<string, (string En, string EnLine, string Fr, string FrLine)> Datasets = new(StringComparer.Ordinal)
    {
        ["org.fing.mesinfos.consumptionstatement"] = ("Consumption statements", "Your electricity or gas consumption as your supplier and meter recorded it.", "Relevés de consommation", "Votre consommation d'électricité ou de gaz telle que votre fournisseur et votre compteur l'ont relevée."),
        ["fr.enedis.api.meteringdata.loadcurve"] = ("Electricity load curve", "Your average power every 30 minutes, as your Linky meter measured it.", "Courbe de charge électrique", "Votre puissance moyenne toutes les 30 minutes, mesurée par votre compteur Linky."),
        ["fr.enedis.api.meteringdata.energy"] = ("Daily electricity consumption", "The energy your home used each day, from your Linky meter.", "Consommation électrique quotidienne", "L'énergie consommée par votre logement chaque jour, d'après votre compteur Linky."),
        ["fr.enedis.api.meteringdata.maxpower"] = ("Daily maximum power", "The highest power your home drew each day.", "Puissance maximale quotidienne", "La puissance la plus élevée appelée par votre logement chaque jour."),
        ["fr.enedis.api.customers.identity"] = ("Your identity at Enedis", "The name under which Enedis knows you.", "Votre identité chez Enedis", "Le nom sous lequel Enedis vous connaît."),
        ["fr.enedis.api.customers.usagepoints"] = ("Your delivery point", "Your meter's number and the power you subscribed.", "Votre point de livraison", "Le numéro de votre compteur et la puissance souscrite."),
        ["fr.enedis.api.customers.usagepointaddress"] = ("Your delivery point's address", "Where your meter is.", "L'adresse de votre point de livraison", "L'adresse de votre compteur."),
        ["com.grandlyon.enedis.minute"] = ("Electricity every 30 minutes", "Your electricity consumption per half hour, in kWh.", "Électricité par demi-heure", "Votre consommation d'électricité par demi-heure, en kWh."),
        ["com.grandlyon.enedis.day"] = ("Electricity per day", "Your electricity consumption each day, in kWh.", "Électricité par jour", "Votre consommation d'électricité chaque jour, en kWh."),
        ["com.grandlyon.enedis.month"] = ("Electricity per month", "Your electricity consumption each month, in kWh.", "Électricité par mois", "Votre consommation d'électricité chaque mois, en kWh."),
        ["com.grandlyon.enedis.year"] = ("Electricity per year", "Your electricity consumption each year, in kWh.", "Électricité par an", "Votre consommation d'électricité chaque année, en kWh."),
        ["com.grandlyon.grdf.day"] = ("Gas per day", "Your gas consumption each day, in kWh.", "Gaz par jour", "Votre consommation de gaz chaque jour, en kWh."),
        ["com.grandlyon.grdf.month"] = ("Gas per month", "Your gas consumption each month, in kWh.", "Gaz par mois", "Votre consommation de gaz chaque mois, en kWh."),
        ["com.grandlyon.grdf.year"] = ("Gas per year", "Your gas consumption each year, in kWh.", "Gaz par an", "Votre consommation de gaz chaque année, en kWh."),
        ["com.grandlyon.egl.day"] = ("Water per day", "The water your home used each day, in litres.", "Eau par jour", "L'eau consommée par votre logement chaque jour, en litres."),
        ["com.grandlyon.egl.month"] = ("Water per month", "The water your home used each month, in litres.", "Eau par mois", "L'eau consommée par votre logement chaque mois, en litres."),
        ["com.grandlyon.egl.year"] = ("Water per year", "The water your home used each year, in litres.", "Eau par an", "L'eau consommée par votre logement chaque année, en litres."),
        ["org.fing.mesinfos.client"] = ("You as a customer", "Your name, address and contact details at your supplier.", "Vous en tant que client", "Votre nom, votre adresse et vos coordonnées chez votre fournisseur."),
        ["org.fing.mesinfos.contract"] = ("Your contracts", "Your supply contracts, their meter and options.", "Vos contrats", "Vos contrats de fourniture, leur compteur et leurs options."),
        ["org.fing.mesinfos.paymentterms"] = ("How you pay", "Your payment method, schedule and last payment.", "Vos modalités de paiement", "Votre moyen de paiement, votre échéancier et votre dernier règlement."),
        ["org.fing.mesinfos.home"] = ("Your home", "Your home as you described it: housing, occupants, heating.", "Votre logement", "Votre logement tel que vous l'avez décrit : habitat, occupants, chauffage."),
        ["io.cozy.identities"] = ("Your identity", "What this organisation knows about you: contact, housing, energy.", "Votre identité", "Ce que cet organisme sait de vous : contact, logement, énergie."),
        ["io.cozy.bills"] = ("Bills", "Your bills and refunds, with their amounts.", "Factures", "Vos factures et remboursements, avec leurs montants."),
        ["io.cozy.files"] = ("Documents", "The documents this archive holds, such as your invoices as PDF files.", "Documents", "Les documents que contient cette archive, comme vos factures en PDF."),
        ["io.cozy.bank.accounts"] = ("Bank accounts", "Your accounts and their balance.", "Comptes bancaires", "Vos comptes et leur solde."),
        ["io.cozy.bank.operations"] = ("Bank transactions", "Every debit and credit on your accounts.", "Opérations bancaires", "Chaque débit et crédit sur vos comptes."),
        ["fr.orange.geopoint"] = ("Where your phone was", "The places your mobile line was seen by the network.", "Où était votre téléphone", "Les lieux où le réseau a vu votre ligne mobile."),
        ["fr.orange.phonecommunicationlog"] = ("Calls and text messages", "Your calls and text messages, when and how long.", "Appels et SMS", "Vos appels et SMS : quand, et combien de temps."),
        ["fr.orange.videostream"] = ("Video on demand", "The films and programmes you ordered or watched.", "Vidéo à la demande", "Les films et programmes que vous avez commandés ou regardés."),
        ["fr.maif.maifuser.contrat"] = ("Insurance contracts", "Your insurance contracts and their premiums.", "Contrats d'assurance", "Vos contrats d'assurance et leurs cotisations."),
        ["fr.maif.maifuser.societaire"] = ("You as a policyholder", "Who you are for your insurer.", "Vous en tant que sociétaire", "Qui vous êtes pour votre assureur."),
        ["fr.maif.maifuser.foyer"] = ("Your household", "The people insured with you.", "Votre foyer", "Les personnes assurées avec vous."),
        ["fr.maif.maifuser.home"] = ("Insured homes", "The homes your contracts cover.", "Logements assurés", "Les logements couverts par vos contrats."),
        ["fr.maif.maifuser.paymentterms"] = ("Insurance payments", "How and when you pay your insurance.", "Paiements d'assurance", "Comment et quand vous payez votre assurance."),
        ["fr.maif.maifuser.sinistre"] = ("Insurance claims", "The claims you declared.", "Sinistres", "Les sinistres que vous avez déclarés."),
        ["io.cozy.timeseries.geojson"] = ("Trips", "Your journeys: where, when, how far and how.", "Trajets", "Vos déplacements : où, quand, sur quelle distance et comment."),
    };

    /// <summary>Field labels for the tables: English, then French; other fields are written out from their names.</summary>
    private static readonly Dictionary<string, (string En, string Fr)> Fields = new(StringComparer.Ordinal)
    {
        ["date"] = ("Date", "Date"), ["amount"] = ("Amount", "Montant"), ["currency"] = ("Currency", "Devise"), ["vendor"] = ("From", "Émetteur"),
        ["label"] = ("Label", "Libellé"), ["type"] = ("Type", "Type"), ["subtype"] = ("Detail", "Détail"), ["isRefund"] = ("Refund", "Remboursement"),
        ["start"] = ("Start", "Début"), ["end"] = ("End", "Fin"), ["value"] = ("Value", "Valeur"), ["unit"] = ("Unit", "Unité"),
        ["load"] = ("Consumption", "Consommation"), ["contractNumber"] = ("Contract", "Contrat"), ["statementCategory"] = ("Source", "Source"),
        ["statementReason"] = ("Reason", "Motif"), ["statementType"] = ("Kind", "Nature"), ["balance"] = ("Balance", "Solde"),
        ["name"] = ("Name", "Nom"), ["number"] = ("Number", "Numéro"), ["clientId"] = ("Customer number", "Numéro client"),
        ["timestamp"] = ("When", "Quand"), ["msisdn"] = ("Line", "Ligne"), ["partner"] = ("With", "Avec"), ["length"] = ("Length", "Durée"),
        ["latitude"] = ("Latitude", "Latitude"), ["longitude"] = ("Longitude", "Longitude"), ["radius"] = ("Radius (m)", "Rayon (m)"),
        ["startDate"] = ("Start", "Début"), ["endDate"] = ("End", "Fin"), ["title"] = ("Title", "Titre"), ["path"] = ("File", "Fichier"),
        ["size"] = ("Size (bytes)", "Taille (octets)"), ["mime"] = ("Format", "Format"), ["account"] = ("Account", "Compte"),
        ["usage_point"] = ("Readings", "Relevés"), ["customer_id"] = ("Customer", "Client"), ["identity"] = ("Identity", "Identité"),
        ["usage_points"] = ("Delivery point", "Point de livraison"), ["usage_point_address"] = ("Address", "Adresse"),
        ["usage_point_id"] = ("Delivery point", "Point de livraison"), ["start_measurement_period"] = ("From", "Du"), ["end_measurement_period"] = ("To", "Au"),
        ["measurement_kind"] = ("Measured", "Mesure"), ["contract_power"] = ("Subscribed power", "Puissance souscrite"),
        ["status"] = ("Status", "Statut"), ["power"] = ("Power", "Puissance"), ["address"] = ("Address", "Adresse"), ["email"] = ("Email", "Courriel"),
    };

    private readonly bool _fr;

    private IndexPageText(bool fr) => _fr = fr;

    public string Lang => _fr ? "fr" : "en";

    public string Title(string holder) => _fr ? $"Vos données chez {holder}" : $"Your data from {holder}";

    public string Intro => _fr
        ? "Cette archive contient les données que cet organisme détient sur vous. Chaque jeu de données est dans un fichier que vous pouvez ouvrir ou confier à un service de votre choix ; cette page en montre l'essentiel."
        : "This archive holds the data this organisation has about you. Each dataset is a file you can open or give to a service of your choice; this page shows what matters in it.";

    public string Exported(string when) => _fr ? $"Exportée le {when}" : $"Exported on {when}";

    public string Covering(string from, string to) => _fr ? $"Période couverte : du {from} au {to}." : $"Period covered: {from} to {to}.";

    public string Changes(string from, string to) => _fr ? $"Changements du {from} au {to}." : $"Changes from {from} to {to}.";

    public string TheBeginning => _fr ? "début" : "the beginning";

    public string Now => _fr ? "maintenant" : "now";

    public string DatasetsHeading => _fr ? "Ce que contient l'archive" : "What the archive holds";

    public string DatasetsCaption => _fr ? "Jeux de données, nombre de documents et fichier de chacun" : "Datasets, how many documents each holds, and its file";

    public string DatasetColumn => _fr ? "Jeu de données" : "Dataset";

    public string DocumentsColumn => _fr ? "Documents" : "Documents";

    public string FileColumn => _fr ? "Fichier" : "File";

    public string SignatureHeading => _fr ? "La signature : comment vérifier cette archive" : "The signature: how to check this archive";

    public string Signature(string holder) => _fr
        ? $"{holder} a signé cette archive. Le fichier manifest.json donne l'empreinte SHA-256 de chaque fichier, et manifest.jws est la signature de ce manifeste par la clé de {holder}. Si un seul octet a changé depuis l'export, la vérification échoue. Pour vérifier : selfdata verify <archive.zip> --keys <clés publiques de {holder} (JWKS)>, ou tout outil JWS avec les clés que {holder} publie."
        : $"{holder} signed this archive. The file manifest.json gives each file's SHA-256 fingerprint, and manifest.jws is {holder}'s signature of that manifest. If a single byte changed since the export, the check fails. To check it: selfdata verify <archive.zip> --keys <{holder}'s public keys (JWKS)>, or any JWS tool with the keys {holder} publishes.";

    public string TotalsCaption(string series) => _fr ? $"{series} : totaux" : $"{series}: totals";

    public string Total => _fr ? "Total sur la période" : "Total over the period";

    public string PerMonth => _fr ? "Moyenne par mois" : "Average per month";

    public string InYear(int year) => _fr ? $"En {year}" : $"In {year}";

    public string Maximum => _fr ? "Maximum" : "Maximum";

    public string On(string date) => _fr ? $"le {date}" : $"on {date}";

    public string MonthlyCaption(string series) => _fr ? $"{series} par mois" : $"{series} per month";

    public string YearlyCaption(string series) => _fr ? $"{series} par an" : $"{series} per year";

    public string DailyCaption(string series, int perPoint) => perPoint > 1
        ? (_fr ? $"{series} par jour (moyenne de {perPoint} jours par point)" : $"{series} per day (average of {perPoint} days per point)")
        : (_fr ? $"{series} par jour" : $"{series} per day");

    public string ChartDescription(string from, string to, string low, string high) => _fr
        ? $"Du {from} au {to}, valeurs de {low} à {high}."
        : $"From {from} to {to}, values from {low} to {high}.";

    public string MonthColumn => _fr ? "Mois" : "Month";

    public string YearColumn => _fr ? "Année" : "Year";

    public string PreviewCaption(int shown, long total) => shown >= total
        ? (_fr ? (total > 1 ? $"les {Count(total)} documents" : "le document") : (total > 1 ? $"all {Count(total)} documents" : "the document"))
        : (_fr ? $"les {shown} premiers documents sur {Count(total)}" : $"the first {shown} of {Count(total)} documents");

    public string NoDocuments => _fr ? "Aucun document." : "No documents.";

    public string Billed => _fr ? "Montant facturé" : "Billed";

    public string Refunded => _fr ? "Remboursé" : "Refunded";

    public string BillsCaption => _fr ? "Totaux des factures" : "Bill totals";

    public string Items(int n) => _fr ? $"{n} élément{(n > 1 ? "s" : string.Empty)}" : $"{n} item{(n > 1 ? "s" : string.Empty)}";

    public string Yes => _fr ? "oui" : "yes";

    public string CurrencyColumn => _fr ? "Devise" : "Currency";

    public string MeasureColumn => _fr ? "Mesure" : "Measure";

    public string ReadingsColumn => _fr ? "Relevés" : "Readings";

    public string SummaryColumn => _fr ? "En résumé" : "In short";

    public string AveragePower(string value) => _fr ? $"puissance moyenne {value}" : $"average power {value}";

    public string Energy(string value) => _fr ? $"énergie {value}" : $"energy {value}";

    public string MeasurementKind(string kind) => kind switch
    {
        "CDC" => _fr ? "courbe de charge (30 min)" : "load curve (30 min)",
        "ENERGIEGLO" => _fr ? "énergie par jour" : "energy per day",
        "PMAX" => _fr ? "puissance maximale par jour" : "maximum power per day",
        _ => kind,
    };

    /// <summary>Gets what separates a label from its value: <c>" : "</c> in French, <c>": "</c> in English.</summary>
    public string Colon => _fr ? "\u00A0: " : ": ";

    public string No => _fr ? "non" : "no";

    public string DatasetTitle(string doctype) =>
        Datasets.TryGetValue(doctype, out var t) ? (_fr ? t.Fr : t.En) : doctype;

    public string DatasetLine(string doctype) =>
        Datasets.TryGetValue(doctype, out var t) ? (_fr ? t.FrLine : t.EnLine)
        : (_fr ? "Des données propres à cet organisme." : "Data of this organisation's own kind.");

    public string FieldLabel(string name)
    {
        if (Fields.TryGetValue(name, out var label))
        {
            return _fr ? label.Fr : label.En;
        }

        // camelCase and snake_case written out: "start_measurement_period" → "Start measurement period".
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-')
            {
                sb.Append(' ');
            }
            else if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
            {
                sb.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Names a consumption series from the recorder's name (<c>linky (kWh)</c>, <c>load (L)</c>).</summary>
    public string SeriesName(string series, string doctype)
    {
        var name = series;
        var open = series.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0)
        {
            name = series[..open];
        }

        return name switch
        {
            "linky" => _fr ? "Électricité (Linky)" : "Electricity (Linky)",
            "gazpar" => _fr ? "Gaz (Gazpar)" : "Gas (Gazpar)",
            "energy from the load curve" => _fr ? "Électricité (courbe de charge)" : "Electricity (load curve)",
            "maximum power" => _fr ? "Puissance maximale" : "Maximum power",
            "energy" => _fr ? "Électricité" : "Electricity",
            "load" when doctype.Contains(".egl.", StringComparison.Ordinal) => _fr ? "Eau" : "Water",
            "load" when doctype.Contains(".grdf.", StringComparison.Ordinal) => _fr ? "Gaz" : "Gas",
            "load" => _fr ? "Électricité" : "Electricity",
            _ => FieldLabel(name),
        };
    }

    public string Date(DateOnly day) => _fr
        ? $"{day.Day} {MonthsFr[day.Month - 1]} {day.Year}"
        : $"{day.Day} {MonthsEn[day.Month - 1]} {day.Year}";

    public string Month(int year, int month) => _fr ? $"{MonthsFr[month - 1]} {year}" : $"{MonthsEn[month - 1]} {year}";

    public string Instant(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var time = utc.ToString("HH:mm", CultureInfo.InvariantCulture);
        return _fr ? $"{Date(DateOnly.FromDateTime(utc.DateTime))} à {time} UTC" : $"{Date(DateOnly.FromDateTime(utc.DateTime))} at {time} UTC";
    }

    /// <summary>Writes a number with the language's separators and at most <paramref name="decimals"/> decimals.</summary>
    public string Number(decimal value, int decimals = 2, bool fixedDecimals = false)
    {
        var format = decimals == 0 ? "#,0" : "#,0." + new string(fixedDecimals ? '0' : '#', decimals);
        var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString(format, CultureInfo.InvariantCulture);

        // French: a narrow no-break space between thousands, a comma before decimals.
        return _fr ? text.Replace(",", "\u202F", StringComparison.Ordinal).Replace('.', ',') : text;
    }

    public string Count(long value) => Number(value, 0);

    public string Money(decimal value, string currency)
    {
        var amount = Number(value, 2, fixedDecimals: true);
        if (_fr)
        {
            return amount + "\u00A0" + (currency == "EUR" ? "€" : currency);
        }

        return currency == "EUR" ? "€" + amount : amount + " " + currency;
    }

    public string Quantity(decimal value, string unit, int decimals = 1) => Number(value, decimals) + "\u00A0" + unit;
}
