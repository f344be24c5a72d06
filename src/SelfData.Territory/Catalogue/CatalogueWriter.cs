using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SelfData.Core;
using SelfData.Territory.Geography;

namespace SelfData.Territory.Catalogue;

/// <summary>A grid cell of a published table on the catalogue's map: its status letter and, when published, its value.</summary>
/// <param name="Cell">The INSPIRE grid cell.</param>
/// <param name="Status">The status letter: <c>V</c> published, <c>A</c>, <c>B</c> or <c>D</c> suppressed.</param>
/// <param name="Value">The published value in the study's unit, for <c>V</c> only.</param>
public sealed record MapCell(GridCell Cell, string Status, Int128? Value);

/// <summary>A published aggregate drawn on the catalogue page: grid cells coloured by value, suppressed cells shown as such.</summary>
/// <param name="Title">What the map shows, for a resident ("Electricity used in 2025, by 1 km cell").</param>
/// <param name="Unit">The unit values are shown in, after dividing by <paramref name="Divisor"/> ("MWh").</param>
/// <param name="Divisor">What the study's fixed-point values are divided by for display (1,000,000 for Wh → MWh).</param>
/// <param name="Cells">The cells.</param>
public sealed record CatalogueMap(string Title, string Unit, long Divisor, IReadOnlyList<MapCell> Cells);

/// <summary>
/// Writes a <see cref="TerritoryCatalogue"/> as JSON-LD (DCAT, DCT, schema.org, W3C DPV) valid against the published
/// schema (<see cref="SchemaJson"/>), and as a static, self-contained HTML page: the catalogue as cards and an SVG map of
/// the territory's grid cells coloured by a published aggregate.
/// </summary>
public static partial class CatalogueWriter
{
    /// <summary>The base of the SDK's own terms in the JSON-LD (typology, doctypes, access, contribution, secrecy).</summary>
    public const string TermsBase = "urn:selfdata:terms:";

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    private static readonly Dictionary<string, string> Frequencies = new(StringComparer.Ordinal)
    {
        ["PT30M"] = "http://publications.europa.eu/resource/authority/frequency/CONT",
        ["P1D"] = "http://publications.europa.eu/resource/authority/frequency/DAILY",
        ["P1W"] = "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
        ["P1M"] = "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        ["P3M"] = "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
        ["P6M"] = "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2",
        ["P1Y"] = "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    };

    /// <summary>Gets the JSON Schema the JSON-LD is valid against (draft 2020-12).</summary>
    public static string SchemaJson { get; } = ReadSchema();

    /// <summary>Writes the catalogue as JSON-LD.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>UTF-8 JSON-LD.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.InvalidCatalogueEntry"/> naming the entry and field.</exception>
    public static byte[] ToJsonLd(TerritoryCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        catalogue.Validate().GetValueOrThrow();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteStartObject("@context");
            json.WriteString("dcat", "http://www.w3.org/ns/dcat#");
            json.WriteString("dct", "http://purl.org/dc/terms/");
            json.WriteString("schema", "https://schema.org/");
            json.WriteString("dpv", "https://w3id.org/dpv#");
            json.WriteString("pd", "https://w3id.org/dpv/pd#");
            json.WriteString("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#");
            json.WriteString("xsd", "http://www.w3.org/2001/XMLSchema#");
            json.WriteString("sd", TermsBase);
            json.WriteEndObject();
            json.WriteString("@id", "urn:selfdata:catalogue:" + catalogue.Territory);
            json.WriteString("@type", "dcat:Catalog");
            json.WriteString("dct:title", catalogue.Title);
            Organization(json, "dct:publisher", catalogue.Publisher);
            Location(json, catalogue.Territory);
            json.WriteStartArray("dcat:dataset");
            foreach (var e in catalogue.Entries)
            {
                json.WriteStartObject();
                json.WriteString("@id", "urn:selfdata:dataset:" + e.Id);
                json.WriteStartArray("@type");
                json.WriteStringValue("dcat:Dataset");
                json.WriteStringValue("schema:Dataset");
                json.WriteEndArray();
                json.WriteString("dct:title", e.Title);
                json.WriteString("dct:description", e.Description);
                Organization(json, "dct:publisher", e.Holder);
                json.WriteStartObject("dpv:hasDataController");
                json.WriteString("@type", "dpv:DataController");
                json.WriteString("schema:name", e.Holder);
                json.WriteEndObject();
                Reference(json, "dpv:hasPersonalData", e.Category);
                Reference(json, "dpv:hasLegalBasis", e.LegalBasis);
                Location(json, e.Coverage);
                if (e.SpatialResolutionInMeters is { } metres)
                {
                    Typed(json, "dcat:spatialResolutionInMeters", metres.ToString(CultureInfo.InvariantCulture), "xsd:decimal");
                }

                Typed(json, "dcat:temporalResolution", e.TemporalResolution, "xsd:duration");
                if (Frequencies.TryGetValue(e.UpdateFrequency, out var frequency))
                {
                    Reference(json, "dct:accrualPeriodicity", frequency);
                }

                Typed(json, "sd:updateFrequency", e.UpdateFrequency, "xsd:duration");
                Typed(json, "sd:historyDepth", e.HistoryDepth, "xsd:duration");
                json.WriteString("sd:typology", e.Typology);
                Strings(json, "sd:doctype", e.Doctypes);
                Strings(json, "sd:accessChannel", e.AccessChannels);
                json.WriteNumber("sd:accessEase", e.AccessEase);
                json.WriteBoolean("sd:contributable", e.Contributable);
                Strings(json, "sd:theme", e.Themes);
                if (e.SecrecyProfile is { } profile)
                {
                    json.WriteString("sd:secrecyProfile", profile);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the catalogue page: self-contained (no script, no external asset, a strict Content-Security-Policy).</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <param name="map">A published aggregate to draw, or <see langword="null"/>.</param>
    /// <param name="language"><c>en</c> or <c>fr</c>.</param>
    /// <returns>The HTML.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.InvalidCatalogueEntry"/> naming the entry and field.</exception>
    /// <exception cref="ArgumentException">The language is not <c>en</c> or <c>fr</c>.</exception>
    public static string ToHtml(TerritoryCatalogue catalogue, CatalogueMap? map = null, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        catalogue.Validate().GetValueOrThrow();
        var t = language switch
        {
            "en" => Words.English,
            "fr" => Words.French,
            _ => throw new ArgumentException("The page is written in 'en' or 'fr'.", nameof(language)),
        };
        var holders = catalogue.Entries.Select(e => e.Holder).Distinct(StringComparer.Ordinal).Count();
        var sb = new StringBuilder(16_384);
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(catalogue.Title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n")
          .Append("<header><h1>").Append(E(catalogue.Title)).Append("</h1><p>")
          .Append(E(string.Format(CultureInfo.InvariantCulture, t.Intro, catalogue.Publisher, catalogue.Entries.Count, holders, catalogue.Territory)))
          .Append("</p></header>\n<main>\n");
        if (map is not null)
        {
            Map(sb, map, t);
        }

        sb.Append("<section aria-labelledby=\"datasets\"><h2 id=\"datasets\">").Append(t.Datasets).Append("</h2>\n<ul class=\"cards\">\n");
        foreach (var e in catalogue.Entries)
        {
            sb.Append("<li><article aria-labelledby=\"e-").Append(E(e.Id)).Append("\"><h3 id=\"e-").Append(E(e.Id)).Append("\">").Append(E(e.Title)).Append("</h3>")
              .Append("<p class=\"holder\">").Append(E(e.Holder)).Append(" · ").Append(E(e.Typology)).Append("</p><p>").Append(E(e.Description)).Append("</p><dl>");
            Item(sb, t.Resolution, (e.SpatialResolutionInMeters is { } m ? m.ToString("N0", t.Numbers) + " m, " : t.PerAddress + ", ") + Duration(e.TemporalResolution, t));
            Item(sb, t.Updated, Duration(e.UpdateFrequency, t));
            Item(sb, t.History, Duration(e.HistoryDepth, t));
            Item(sb, t.Access, string.Join(", ", e.AccessChannels.Select(c => t.Channel(c))) + " · " + t.Ease[e.AccessEase - 1]);
            Item(sb, t.Contribute, e.Contributable ? t.Yes + " — " + string.Join(", ", e.Themes) + (e.SecrecyProfile is { } p ? " (" + p + ")" : string.Empty) : t.No);
            Item(sb, t.LegalBasis, e.LegalBasis);
            if (!e.Doctypes.IsDefaultOrEmpty)
            {
                Item(sb, t.Doctypes, string.Join(", ", e.Doctypes));
            }

            sb.Append("</dl></article></li>\n");
        }

        sb.Append("</ul></section>\n</main>\n<footer><p>").Append(t.Footer).Append("</p></footer>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Map(StringBuilder sb, CatalogueMap map, Words t)
    {
        sb.Append("<section aria-labelledby=\"map\"><h2 id=\"map\">").Append(E(map.Title)).Append("</h2>\n");
        if (map.Cells.Count == 0)
        {
            sb.Append("<p>").Append(t.NoCells).Append("</p></section>\n");
            return;
        }

        var size = map.Cells[0].Cell.Size;
        if (map.Cells.Any(c => c.Cell.Size != size))
        {
            throw new ArgumentException("The map's cells are all of one size.", nameof(map));
        }

        var minE = map.Cells.Min(c => c.Cell.Easting);
        var maxE = map.Cells.Max(c => c.Cell.Easting);
        var minN = map.Cells.Min(c => c.Cell.Northing);
        var maxN = map.Cells.Max(c => c.Cell.Northing);
        var width = ((maxE - minE) / size) + 1;
        var height = ((maxN - minN) / size) + 1;
        var published = map.Cells.Where(c => c.Status == "V" && c.Value is not null).Select(c => c.Value!.Value).Order().ToList();
        var edges = published.Count == 0 ? [] : Enumerable.Range(1, Palette.Length - 1).Select(i => published[Math.Min(published.Count - 1, i * published.Count / Palette.Length)]).ToArray();
        var suppressed = map.Cells.Count(c => c.Status != "V");
        sb.Append("<figure><svg class=\"map\" role=\"img\" aria-labelledby=\"map-title map-desc\" viewBox=\"0 0 ")
          .Append(width.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(height.ToString(CultureInfo.InvariantCulture))
          .Append("\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"map-title\">").Append(E(map.Title)).Append("</title><desc id=\"map-desc\">")
          .Append(E(string.Format(CultureInfo.InvariantCulture, t.MapDescription, map.Cells.Count, size, published.Count, suppressed)))
          .Append("</desc><defs><pattern id=\"hatch\" width=\"0.25\" height=\"0.25\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"0.25\" height=\"0.25\" fill=\"#f0f0f0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"0.25\" stroke=\"#636363\" stroke-width=\"0.08\"/></pattern></defs>");
        foreach (var cell in map.Cells.OrderBy(c => c.Cell.Northing).ThenBy(c => c.Cell.Easting))
        {
            var x = (cell.Cell.Easting - minE) / size;
            var y = (maxN - cell.Cell.Northing) / size;
            var fill = cell.Status == "V" && cell.Value is { } v ? Palette[edges.Count(edge => v >= edge)] : "url(#hatch)";
            sb.Append("<rect x=\"").Append(x.ToString(CultureInfo.InvariantCulture)).Append("\" y=\"").Append(y.ToString(CultureInfo.InvariantCulture))
              .Append("\" width=\"1\" height=\"1\" fill=\"").Append(fill).Append("\" stroke=\"#ffffff\" stroke-width=\"0.04\"><title>")
              .Append(E(cell.Cell.Id)).Append(": ").Append(E(cell.Status == "V" && cell.Value is { } value ? Format(value, map, t) : t.Status(cell.Status))).Append("</title></rect>");
        }

        sb.Append("</svg><figcaption><ul class=\"legend\">");
        for (var i = 0; i < Palette.Length && published.Count > 0; i++)
        {
            var from = i == 0 ? published[0] : edges[i - 1];
            var to = i == Palette.Length - 1 ? published[^1] : edges[i];
            sb.Append("<li><span class=\"swatch\" style=\"background:").Append(Palette[i]).Append("\"></span>")
              .Append(E(Format(from, map, t))).Append(" – ").Append(E(Format(to, map, t))).Append("</li>");
        }

        sb.Append("<li><span class=\"swatch hatch\"></span>").Append(t.Suppressed).Append("</li></ul></figcaption></figure>\n")
          .Append("<details><summary>").Append(t.AsTable).Append("</summary><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(E(map.Title)).Append("\"><table><caption>")
          .Append(E(map.Title)).Append("</caption><thead><tr><th scope=\"col\">").Append(t.Cell).Append("</th><th scope=\"col\">").Append(t.StatusHeading)
          .Append("</th><th scope=\"col\">").Append(E(map.Unit)).Append("</th></tr></thead><tbody>");
        foreach (var cell in map.Cells.OrderBy(c => c.Cell.Id, StringComparer.Ordinal))
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(cell.Cell.Id)).Append("</th><td>").Append(E(t.Status(cell.Status))).Append("</td><td class=\"num\">")
              .Append(cell.Status == "V" && cell.Value is { } value ? E(Format(value, map, t)) : "—").Append("</td></tr>");
        }

        sb.Append("</tbody></table></div></details></section>\n");
    }

    private static readonly string[] Palette = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

    private const string Css = """
        :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
        body{margin:0 auto;max-width:70rem;padding:1rem}
        h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem;margin:0 0 .25rem}
        .cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr));gap:1rem}
        .cards article{border:1px solid #767676;border-radius:.5rem;padding:1rem;height:100%;box-sizing:border-box}
        .holder{color:#4a4a4a;margin:0 0 .5rem;font-size:.95rem}
        dl{margin:.5rem 0 0}dt{font-weight:600;margin-top:.4rem}dd{margin:0;overflow-wrap:anywhere}
        figure{margin:0}.map{width:100%;max-height:70vh;height:auto;display:block;border:1px solid #767676;background:#fafafa}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem}.legend li{display:flex;align-items:center;gap:.4rem}
        .swatch{display:inline-block;width:1.2rem;height:1.2rem;border:1px solid #4a4a4a}
        .hatch{background:repeating-linear-gradient(45deg,#f0f0f0 0 3px,#636363 3px 5px)}
        .scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}
        th,td{border-bottom:1px solid #c0c0c0;padding:.25rem .5rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
        th[scope=row]{font-weight:400;font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
        summary{cursor:pointer;margin:.75rem 0}:focus-visible{outline:3px solid #005a9c;outline-offset:2px}
        footer{margin-top:2rem;color:#4a4a4a;font-size:.9rem}
        @media print{.cards{display:block}.cards li{break-inside:avoid;margin-bottom:1rem}details{display:block}}
        """;

    /// <summary>Formats a value in the map's unit, exactly (no floating point); values beyond the decimal range are shown at its bound.</summary>
    private static string Format(Int128 value, CatalogueMap map, Words t)
    {
        var exact = value > (Int128)decimal.MaxValue ? decimal.MaxValue : value < (Int128)decimal.MinValue ? decimal.MinValue : (decimal)value;
        return (exact / Math.Max(1, map.Divisor)).ToString("N1", t.Numbers) + " " + map.Unit;
    }

    private static string Duration(string iso, Words t)
    {
        var match = DurationParts().Match(iso);
        var parts = new List<string>();
        foreach (var (group, unit) in new[] { ("y", 0), ("mo", 1), ("w", 2), ("d", 3), ("h", 4), ("mi", 5), ("s", 6) })
        {
            if (match.Groups[group].Success)
            {
                var n = int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
                parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? t.Units[unit].One : t.Units[unit].Many));
            }
        }

        return string.Join(" ", parts);
    }

    private static void Item(StringBuilder sb, string term, string value) =>
        sb.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    /// <summary>Escapes the five characters HTML needs escaped, and keeps the rest as UTF-8 (accents stay readable in the source).</summary>
    private static string E(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static void Organization(Utf8JsonWriter json, string property, string name)
    {
        json.WriteStartObject(property);
        json.WriteString("@type", "schema:Organization");
        json.WriteString("schema:name", name);
        json.WriteEndObject();
    }

    private static void Location(Utf8JsonWriter json, string code)
    {
        json.WriteStartObject("dct:spatial");
        json.WriteString("@type", "dct:Location");
        json.WriteString("schema:identifier", code);
        json.WriteEndObject();
    }

    private static void Reference(Utf8JsonWriter json, string property, string id)
    {
        json.WriteStartObject(property);
        json.WriteString("@id", id);
        json.WriteEndObject();
    }

    private static void Typed(Utf8JsonWriter json, string property, string value, string type)
    {
        json.WriteStartObject(property);
        json.WriteString("@value", value);
        json.WriteString("@type", type);
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string property, System.Collections.Immutable.ImmutableArray<string> values)
    {
        json.WriteStartArray(property);
        foreach (var value in values.IsDefault ? [] : values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string ReadSchema()
    {
        using var stream = typeof(CatalogueWriter).Assembly.GetManifestResourceStream("SelfData.Territory.catalogue.schema.json")
            ?? throw new InvalidOperationException("The catalogue schema is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^P(?:(?<y>[0-9]+)Y)?(?:(?<mo>[0-9]+)M)?(?:(?<w>[0-9]+)W)?(?:(?<d>[0-9]+)D)?(?:T(?:(?<h>[0-9]+)H)?(?:(?<mi>[0-9]+)M)?(?:(?<s>[0-9]+)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationParts();

    private sealed record Words(
        NumberFormatInfo Numbers, string Intro, string Datasets, string Resolution, string PerAddress, string Updated, string History, string Access,
        string Contribute, string LegalBasis, string Doctypes, string Yes, string No, string[] Ease, (string One, string Many)[] Units, string MapDescription,
        string Suppressed, string AsTable, string Cell, string StatusHeading, string NoCells, string Footer, Dictionary<string, string> Channels, Dictionary<string, string> Statuses)
    {
        public static Words English { get; } = new(
            NumberFormat(".", ","),
            "{0} lists {1} kinds of personal data held by {2} organisations on territory {3}: what they are, how you get yours back, and whether you can contribute them to studies of your territory.",
            "Who holds what", "Resolution", "per address or meter", "Update frequency", "History kept", "How to get it back", "Residents can contribute", "Legal basis", "Formats (doctypes)",
            "yes", "no", ["on request", "with some effort", "easily"],
            [("year", "years"), ("month", "months"), ("week", "weeks"), ("day", "days"), ("hour", "hours"), ("minute", "minutes"), ("second", "seconds")],
            "{0} grid cells of {1} m; {2} published, {3} withheld under statistical secrecy.",
            "withheld (statistical secrecy)", "Show the cells as a table", "Grid cell", "Status", "No cell is published yet.",
            "Machine-readable: catalogue.jsonld (JSON-LD: DCAT, schema.org, W3C DPV). Every published figure is an aggregate of at least the secrecy profile's number of residents; withheld cells cannot be recomputed from the others.",
            new(StringComparer.Ordinal) { ["portability-export"] = "portability export", ["api"] = "API", ["download"] = "download", ["request"] = "on request", ["open-data"] = "open data" },
            new(StringComparer.Ordinal) { ["V"] = "published", ["A"] = "withheld: too few residents", ["B"] = "withheld: one resident dominates", ["D"] = "withheld: protects another cell" });

        public static Words French { get; } = new(
            NumberFormat(",", "\u202f"),
            "{0} recense {1} types de données personnelles détenues par {2} organismes sur le territoire {3} : ce qu'elles sont, comment récupérer les vôtres, et si vous pouvez les verser à des études de votre territoire.",
            "Qui détient quoi", "Résolution", "par adresse ou compteur", "Fréquence de mise à jour", "Historique conservé", "Comment les récupérer", "Contribution des habitants", "Base légale", "Formats (doctypes)",
            "oui", "non", ["sur demande", "avec quelque effort", "facilement"],
            [("an", "ans"), ("mois", "mois"), ("semaine", "semaines"), ("jour", "jours"), ("heure", "heures"), ("minute", "minutes"), ("seconde", "secondes")],
            "{0} carreaux de {1} m ; {2} publiés, {3} masqués par le secret statistique.",
            "masqué (secret statistique)", "Afficher les carreaux en tableau", "Carreau", "Statut", "Aucun carreau n'est encore publié.",
            "Lisible par machine : catalogue.jsonld (JSON-LD : DCAT, schema.org, W3C DPV). Chaque chiffre publié agrège au moins le nombre d'habitants du profil de secret ; les carreaux masqués ne peuvent pas être recalculés à partir des autres.",
            new(StringComparer.Ordinal) { ["portability-export"] = "export de portabilité", ["api"] = "API", ["download"] = "téléchargement", ["request"] = "sur demande", ["open-data"] = "open data" },
            new(StringComparer.Ordinal) { ["V"] = "publié", ["A"] = "masqué : trop peu d'habitants", ["B"] = "masqué : un habitant domine", ["D"] = "masqué : protège un autre carreau" });

        /// <summary>Number formats of our own: the tool runs with invariant globalization, where cultures other than the invariant one are missing.</summary>
        private static NumberFormatInfo NumberFormat(string decimalSeparator, string groupSeparator)
        {
            var format = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
            format.NumberDecimalSeparator = decimalSeparator;
            format.NumberGroupSeparator = groupSeparator;
            return NumberFormatInfo.ReadOnly(format);
        }

        public string Channel(string code) => Channels.TryGetValue(code, out var text) ? text : code;

        public string Status(string code) => Statuses.TryGetValue(code, out var text) ? text : code;
    }
}
