using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SelfData.Core;

namespace SelfData.Portability.Archives;

/// <summary>
/// Builds <c>index.html</c>: one self-contained page (no script, no external asset, a strict Content-Security-Policy)
/// written for the person the data is about, in English or French — what each dataset is, the period covered, totals
/// with their units, a monthly bar chart and a daily line of every consumption series, the first documents as named
/// columns with formatted values, and what the signature means. Accessible (landmarks, headings, captions, header
/// scopes, SVG titles and descriptions, focusable scroll regions), fits a phone, prints. Every value is HTML-encoded.
/// </summary>
internal sealed class IndexPage(PortabilityExport export, int previewRows, IndexPageLanguage language)
{
    private const int MaxChartPoints = 400;
    private const int Width = 800, Height = 240, Left = 64, Right = 10, Top = 14, Bottom = 34;
    private const int MaxCellText = 160;

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly HashSet<string> HiddenFields = new(StringComparer.Ordinal)
    {
        "_id", "_rev", "cozyMetadata", "docTypeVersion", "docType", "relationships",
    };

    private readonly Dictionary<Doctype, DatasetPreview> _datasets = [];
    private readonly IndexPageText _text = language == IndexPageLanguage.French ? IndexPageText.French : IndexPageText.English;
    private int _ids;
    private string? _heading;

    public DatasetPreview Dataset(Doctype doctype)
    {
        if (!_datasets.TryGetValue(doctype, out var preview))
        {
            preview = new DatasetPreview(doctype, previewRows);
            _datasets[doctype] = preview;
        }

        return preview;
    }

    public byte[] Render(IReadOnlyList<ManifestFile> files)
    {
        var t = _text;
        _heading = null;
        var sb = new StringBuilder(32 * 1024);
        var holder = export.Holder.DisplayName;
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(t.Lang).Append("\"><head><meta charset=\"utf-8\">")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(t.Title(holder))).Append("</title><style>")
          .Append("*{box-sizing:border-box}body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;padding:1rem;max-width:60rem;color:#1a1a1a;background:#fff;line-height:1.45}")
          .Append("h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2.5rem;border-top:1px solid #d0d7de;padding-top:1rem}h3{font-size:1.05rem;margin-top:1.5rem}")
          .Append(".muted{color:#595959}code{font-size:.85em;overflow-wrap:anywhere}p{overflow-wrap:anywhere}")
          .Append(".scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}.scroll:focus{outline:2px solid #1f5f99;outline-offset:2px}.tall{max-height:22rem;overflow-y:auto}")
          .Append("table{border-collapse:collapse;font-size:.875rem}caption{text-align:left;font-weight:600;padding:.25rem 0}")
          .Append("th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;max-width:22rem;overflow-wrap:break-word}")
          .Append("thead th{background:#eef2f6}td.n{text-align:right;white-space:nowrap}")
          .Append("figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}svg{width:100%;height:auto;display:block}")
          .Append("@media print{.scroll,.tall{overflow:visible;max-height:none}figure,table{break-inside:avoid}h2,h3{break-after:avoid}body{max-width:none}}")
          .Append("</style></head><body>\n");

        sb.Append("<header><h1>").Append(E(t.Title(holder))).Append("</h1>\n<p>").Append(E(t.Intro)).Append("</p>\n<p>")
          .Append(E(t.Exported(t.Instant(export.TransactionTime)))).Append(". ");
        var covered = CoveredDays();
        if (covered is { } days)
        {
            sb.Append(E(t.Covering(t.Date(days.First), t.Date(days.Last))));
        }
        else if (export.Since is not null || export.Until is not null)
        {
            sb.Append(E(t.Changes(
                export.Since is { } s ? t.Date(DateOnly.FromDateTime(s.UtcDateTime)) : t.TheBeginning,
                export.Until is { } u ? t.Date(DateOnly.FromDateTime(u.UtcDateTime)) : t.Now)));
        }

        sb.Append("</p></header>\n<main>\n");

        var counts = files.Where(f => f.Kind == "documents").GroupBy(f => f.Doctype, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.Count), StringComparer.Ordinal);
        var id = NextId();
        sb.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(E(t.DatasetsHeading)).Append("</h2>\n");
        OpenTable(sb, t.DatasetsCaption, [t.DatasetColumn, t.DocumentsColumn, t.FileColumn]);
        foreach (var file in files.Where(f => f.Kind == "documents"))
        {
            sb.Append("<tr><th scope=\"row\">").Append(E(t.DatasetTitle(file.Doctype))).Append("<br><code class=\"muted\">").Append(E(file.Doctype)).Append("</code></th><td class=\"n\">")
              .Append(E(t.Count(file.Count))).Append("</td><td><code>").Append(E(file.Path)).Append("</code></td></tr>\n");
        }

        CloseTable(sb);
        sb.Append("</section>\n");

        foreach (var dataset in _datasets.Values)
        {
            RenderDataset(sb, dataset, counts.GetValueOrDefault(dataset.Doctype.Name));
        }

        id = NextId();
        sb.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(E(t.SignatureHeading)).Append("</h2>\n<p>")
          .Append(E(t.Signature(holder))).Append("</p></section>\n");
        sb.Append("</main>\n</body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string E(string text) => Html.Encode(text);

    private string NextId() => "s" + (++_ids).ToString(CultureInfo.InvariantCulture);

    private (DateOnly First, DateOnly Last)? CoveredDays()
    {
        DateOnly? first = null, last = null;
        foreach (var dataset in _datasets.Values)
        {
            foreach (var series in dataset.Consumption.Series)
            {
                var totals = dataset.Consumption.Totals(series);
                if (totals.Count == 0)
                {
                    continue;
                }

                first = first is { } f && f <= totals[0].Key ? f : totals[0].Key;
                last = last is { } l && l >= totals[^1].Key ? l : totals[^1].Key;
            }
        }

        return first is { } a && last is { } b ? (a, b) : null;
    }

    /// <summary>Opens a table in a focusable scroll region labelled by its caption.</summary>
    private void OpenTable(StringBuilder sb, string caption, IReadOnlyList<string> columns, bool tall = false)
    {
        var id = NextId();
        // Named by the section's heading and the caption, so that every region's name is unique on the page.
        sb.Append("<div class=\"scroll").Append(tall ? " tall" : string.Empty).Append("\" role=\"region\" tabindex=\"0\" aria-labelledby=\"").Append(_heading is null ? id : _heading + " " + id).Append("\">")
          .Append("<table><caption id=\"").Append(id).Append("\">").Append(E(caption)).Append("</caption><thead><tr>");
        foreach (var column in columns)
        {
            sb.Append("<th scope=\"col\">").Append(E(column)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>\n");
    }

    private static void CloseTable(StringBuilder sb) => sb.Append("</tbody></table></div>\n");

    private void RenderDataset(StringBuilder sb, DatasetPreview dataset, long documents)
    {
        var t = _text;
        var doctype = dataset.Doctype.Name;
        var id = NextId();
        _heading = id;
        sb.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">").Append(E(t.DatasetTitle(doctype))).Append("</h2>\n<p>")
          .Append(E(t.DatasetLine(doctype))).Append(" <code class=\"muted\">").Append(E(doctype)).Append("</code></p>\n");

        if (dataset.Money.Count > 0)
        {
            OpenTable(sb, t.BillsCaption, [t.CurrencyColumn, t.Billed, t.Refunded]);
            foreach (var (currency, (billed, refunded)) in dataset.Money.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                sb.Append("<tr><th scope=\"row\">").Append(E(currency)).Append("</th><td class=\"n\">").Append(E(t.Money(billed, currency)))
                  .Append("</td><td class=\"n\">").Append(E(t.Money(refunded, currency))).Append("</td></tr>\n");
            }

            CloseTable(sb);
        }

        foreach (var series in dataset.Consumption.Series.Order(StringComparer.Ordinal))
        {
            RenderSeries(sb, doctype, series, dataset.Consumption.Totals(series));
        }

        var rows = dataset.Rows;
        if (rows.Count == 0)
        {
            sb.Append("<p class=\"muted\">").Append(E(t.NoDocuments)).Append("</p>\n</section>\n");
            return;
        }

        var docs = rows.Select(r => JsonDocument.Parse(r)).ToList();
        try
        {
            RenderPreview(sb, docs.Select(d => d.RootElement).ToList(), Math.Max(documents, rows.Count), t.DatasetTitle(doctype));
        }
        finally
        {
            docs.ForEach(d => d.Dispose());
        }

        sb.Append("</section>\n");
    }

    private void RenderSeries(StringBuilder sb, string doctype, string series, IReadOnlyList<KeyValuePair<DateOnly, decimal>> daily)
    {
        if (daily.Count == 0)
        {
            return;
        }

        var t = _text;
        var unit = series.LastIndexOf(" (", StringComparison.Ordinal) is var open and > 0 && series.EndsWith(')') ? series[(open + 2)..^1] : string.Empty;
        var name = t.SeriesName(series, doctype);
        var power = unit is "W" or "kW" or "VA" or "kVA";

        // Shown in the unit a person reads: kWh for energy, kW for power, litres (and m³) for water.
        var (factor, shown) = unit switch
        {
            "Wh" => (0.001m, "kWh"),
            "MWh" => (1000m, "kWh"),
            "W" => (0.001m, "kW"),
            "VA" => (0.001m, "kVA"),
            "m3" or "m³" => (1000m, "L"),
            _ => (1m, unit),
        };
        var values = daily.Select(p => new KeyValuePair<DateOnly, decimal>(p.Key, p.Value * factor)).ToList();
        var step = doctype.EndsWith(".year", StringComparison.Ordinal) || (values.Count > 1 && values.All(p => p.Key is { Day: 1, Month: 1 })) ? Step.Year
            : doctype.EndsWith(".month", StringComparison.Ordinal) || (values.Count > 1 && values.All(p => p.Key.Day == 1)) ? Step.Month
            : Step.Day;

        var id = NextId();
        sb.Append("<h3 id=\"").Append(id).Append("\">").Append(E(name)).Append(" (").Append(E(shown)).Append(")</h3>\n");

        var months = values.GroupBy(p => (p.Key.Year, p.Key.Month)).Select(g => (g.Key.Year, g.Key.Month, Value: power ? g.Max(p => p.Value) : g.Sum(p => p.Value))).OrderBy(m => (m.Year, m.Month)).ToList();
        var years = values.GroupBy(p => p.Key.Year).Select(g => (Year: g.Key, Value: power ? g.Max(p => p.Value) : g.Sum(p => p.Value))).OrderBy(y => y.Year).ToList();

        OpenTable(sb, t.TotalsCaption(name), [t.MeasureColumn, shown]);
        if (power)
        {
            var peak = values.MaxBy(p => p.Value);
            Row(sb, t.Maximum, t.Quantity(peak.Value, shown, 2) + " " + t.On(t.Date(peak.Key)));
        }
        else
        {
            var total = values.Sum(p => p.Value);
            Row(sb, t.Total, Volume(total, shown));
            Row(sb, t.PerMonth, Volume(total / months.Count, shown));
            foreach (var (year, value) in years.TakeLast(10))
            {
                Row(sb, t.InYear(year), Volume(value, shown));
            }
        }

        CloseTable(sb);

        if (step == Step.Year)
        {
            BarChart(sb, t.YearlyCaption(name), [.. years.Select(y => (y.Year.ToString(CultureInfo.InvariantCulture), y.Value))], shown);
            return;
        }

        BarChart(sb, t.MonthlyCaption(name), [.. months.Select(m => (t.Month(m.Year, m.Month), m.Value))], shown);
        OpenTable(sb, t.MonthlyCaption(name), [t.MonthColumn, shown], tall: true);
        foreach (var (year, month, value) in months)
        {
            Row(sb, t.Month(year, month), t.Quantity(value, shown, 2));
        }

        CloseTable(sb);
        if (step == Step.Day && values.Count > 1)
        {
            LineChart(sb, name, values, shown);
        }
    }

    private string Volume(decimal value, string unit) =>
        unit == "L" ? _text.Quantity(value, "L", 0) + " (" + _text.Quantity(value / 1000m, "m³", 2) + ")" : _text.Quantity(value, unit, 1);

    private static void Row(StringBuilder sb, string label, string value) =>
        sb.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th><td class=\"n\">").Append(E(value)).Append("</td></tr>\n");

    private void BarChart(StringBuilder sb, string caption, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        if (bars.Count == 0)
        {
            return;
        }

        var max = Math.Max(bars.Max(b => b.Value), 0.000001m);
        var slot = (Width - Left - Right) / (double)bars.Count;
        OpenChart(sb, caption, bars[0].Label, bars[^1].Label, bars.Min(b => b.Value), max, unit);
        for (var i = 0; i < bars.Count; i++)
        {
            var h = (Height - Top - Bottom) * (double)(bars[i].Value / max);
            sb.Append("<rect x=\"").Append(F(Left + (i * slot) + (slot * 0.1))).Append("\" y=\"").Append(F(Height - Bottom - h)).Append("\" width=\"").Append(F(slot * 0.8))
              .Append("\" height=\"").Append(F(h)).Append("\" fill=\"#1f5f99\"><title>").Append(E(bars[i].Label + _text.Colon + _text.Quantity(bars[i].Value, unit, 2))).Append("</title></rect>");
        }

        sb.Append("</svg></figure>\n");
    }

    private void LineChart(StringBuilder sb, string name, List<KeyValuePair<DateOnly, decimal>> all, string unit)
    {
        var bucket = Math.Max(1, (all.Count + MaxChartPoints - 1) / MaxChartPoints);
        var points = new List<(DateOnly Day, decimal Value)>();
        for (var i = 0; i < all.Count; i += bucket)
        {
            var slice = all.Skip(i).Take(bucket).ToList();
            points.Add((slice[0].Key, slice.Average(p => p.Value)));
        }

        var max = Math.Max(points.Max(p => p.Value), 0.000001m);
        var stepX = points.Count > 1 ? (Width - Left - Right) / (double)(points.Count - 1) : 0;
        OpenChart(sb, _text.DailyCaption(name, bucket), _text.Date(points[0].Day), _text.Date(points[^1].Day), points.Min(p => p.Value), max, unit);
        sb.Append("<polyline fill=\"none\" stroke=\"#1f5f99\" stroke-width=\"1.5\" points=\"");
        for (var i = 0; i < points.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : " ").Append(F(Left + (i * stepX))).Append(',').Append(F(Height - Bottom - ((Height - Top - Bottom) * (double)(points[i].Value / max))));
        }

        sb.Append("\"/></svg></figure>\n");
    }

    /// <summary>Opens a chart: the figure and its caption, the SVG with its title and description, and the axes.</summary>
    private void OpenChart(StringBuilder sb, string caption, string first, string last, decimal low, decimal max, string unit)
    {
        var titleId = NextId();
        var descId = NextId();
        var high = _text.Quantity(max, unit, 1);
        sb.Append("<figure><figcaption>").Append(E(caption)).Append("</figcaption>")
          .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-labelledby=\"")
          .Append(titleId).Append(' ').Append(descId).Append("\"><title id=\"").Append(titleId).Append("\">").Append(E(caption)).Append("</title><desc id=\"").Append(descId).Append("\">")
          .Append(E(_text.ChartDescription(first, last, _text.Quantity(low, unit, 1), high))).Append("</desc>");
        Axes(sb, high, first, last);
    }

    private static void Axes(StringBuilder sb, string max, string first, string last)
    {
        sb.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(Height - Bottom).Append("\" x2=\"").Append(Width - Right).Append("\" y2=\"").Append(Height - Bottom).Append("\" stroke=\"#595959\"/>")
          .Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(Top).Append("\" x2=\"").Append(Left).Append("\" y2=\"").Append(Height - Bottom).Append("\" stroke=\"#595959\"/>")
          .Append("<text x=\"").Append(Left - 4).Append("\" y=\"").Append(Top + 4).Append("\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">").Append(E(ShortNumber(max))).Append("</text>")
          .Append("<text x=\"").Append(Left - 4).Append("\" y=\"").Append(Height - Bottom).Append("\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">0</text>")
          .Append("<text x=\"").Append(Left).Append("\" y=\"").Append(Height - 10).Append("\" font-size=\"13\" fill=\"#1a1a1a\">").Append(E(first)).Append("</text>")
          .Append("<text x=\"").Append(Width - Right).Append("\" y=\"").Append(Height - 10).Append("\" font-size=\"13\" text-anchor=\"end\" fill=\"#1a1a1a\">").Append(E(last)).Append("</text>");
    }

    /// <summary>The axis label: the number without its unit when it is long (the caption names the unit).</summary>
    private static string ShortNumber(string quantity)
    {
        var space = quantity.LastIndexOf('\u00A0');
        return space > 0 && quantity.Length > 9 ? quantity[..space] : quantity;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private void RenderPreview(StringBuilder sb, List<JsonElement> docs, long total, string dataset)
    {
        var t = _text;

        if (docs.All(d => MeterReading(d) is not null))
        {
            RenderMeterReadings(sb, docs, total, dataset);
            return;
        }

        // Ecolyo-style date parts become one date column.
        var dated = docs.All(d => d.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number && d.TryGetProperty("month", out var m) && m.ValueKind == JsonValueKind.Number);
        var columns = new List<string>();
        foreach (var doc in docs)
        {
            foreach (var property in doc.EnumerateObject())
            {
                if (HiddenFields.Contains(property.Name) || columns.Contains(property.Name) || (dated && property.Name is "year" or "month" or "day" or "hour" or "minute"))
                {
                    continue;
                }

                columns.Add(property.Name);
            }
        }

        // A column that says nothing in any row (absent, null, empty, zero) is left out.
        columns.RemoveAll(c => docs.All(d => !d.TryGetProperty(c, out var v) || IsBlank(v)));
        var headers = new List<string>();
        if (dated)
        {
            headers.Add(t.FieldLabel("date"));
        }

        headers.AddRange(columns.Select(t.FieldLabel));
        OpenTable(sb, dataset + t.Colon + t.PreviewCaption(docs.Count, total), headers);
        foreach (var doc in docs)
        {
            sb.Append("<tr>");
            if (dated)
            {
                sb.Append("<td>").Append(E(DateParts(doc))).Append("</td>");
            }

            foreach (var column in columns)
            {
                sb.Append("<td>");
                if (doc.TryGetProperty(column, out var value))
                {
                    var currency = column is "amount" or "balance" && doc.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String && c.GetString()!.Length == 3 ? c.GetString() : null;
                    var text = Format(value, currency, 0);
                    sb.Append(E(text.Length > MaxCellText ? text[..MaxCellText] + "…" : text));
                }

                sb.Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        CloseTable(sb);
    }

    /// <summary>The Enedis Data Connect mirror's reading: <c>usage_point[0]</c>, its <c>meter_reading</c>, or <see langword="null"/>.</summary>
    private static (string UsagePoint, JsonElement Reading)? MeterReading(JsonElement doc)
    {
        if (doc.TryGetProperty("usage_point", out var points) && points.ValueKind == JsonValueKind.Array && points.GetArrayLength() > 0
            && points[0] is { ValueKind: JsonValueKind.Object } point && point.TryGetProperty("meter_reading", out var reading) && reading.ValueKind == JsonValueKind.Object
            && reading.TryGetProperty("reading_type", out var type) && type.ValueKind == JsonValueKind.Object
            && reading.TryGetProperty("interval_block", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            return (point.TryGetProperty("usage_point_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty, reading);
        }

        return null;
    }

    /// <summary>Enedis metering documents as a person reads them: the period, what was measured, how many readings, their total or peak.</summary>
    private void RenderMeterReadings(StringBuilder sb, List<JsonElement> docs, long total, string dataset)
    {
        var t = _text;
        OpenTable(sb, dataset + t.Colon + t.PreviewCaption(docs.Count, total), [t.FieldLabel("usage_point_id"), t.FieldLabel("start_measurement_period"), t.FieldLabel("end_measurement_period"), t.FieldLabel("measurement_kind"), t.ReadingsColumn, t.SummaryColumn]);
        foreach (var doc in docs)
        {
            var (usagePoint, reading) = MeterReading(doc)!.Value;
            var type = reading.GetProperty("reading_type");
            string Text(string name) => type.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
            var kind = Text("measurement_kind");
            var unit = Text("unit");
            var values = reading.GetProperty("interval_block").EnumerateArray()
                .Select(b => b.TryGetProperty("value", out var v) ? v : default)
                .Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : (decimal?)null)
                .Where(v => v is not null).Select(v => v!.Value).ToList();
            var summary = values.Count == 0 ? "—"
                : kind == "CDC" ? t.AveragePower(t.Quantity(values.Average() / 1000m, "kW", 2)) + " · " + t.Energy(t.Quantity(values.Sum() / 2000m, "kWh", 2))
                : unit == "Wh" ? t.Quantity(values.Sum() / 1000m, "kWh", 2)
                : unit is "W" or "VA" ? t.Maximum + t.Colon + t.Quantity(values.Max() / 1000m, unit == "W" ? "kW" : "kVA", 2)
                : t.Number(values.Sum(), 3) + " " + unit;
            sb.Append("<tr><td>").Append(E(usagePoint)).Append("</td><td>").Append(E(Temporal(Text("start_measurement_period")) ?? Text("start_measurement_period")))
              .Append("</td><td>").Append(E(Temporal(Text("end_measurement_period")) ?? Text("end_measurement_period"))).Append("</td><td>").Append(E(t.MeasurementKind(kind)))
              .Append("</td><td class=\"n\">").Append(E(t.Count(values.Count))).Append("</td><td>").Append(E(summary)).Append("</td></tr>\n");
        }

        CloseTable(sb);
    }

    private static bool IsBlank(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Number => value.TryGetDecimal(out var d) && d == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        _ => false,
    };

    private string DateParts(JsonElement doc)
    {
        int Part(string name, int fallback) => doc.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : fallback;
        var year = Part("year", 1);
        var month = Math.Clamp(Part("month", 1), 1, 12);
        var day = Math.Clamp(Part("day", 1), 1, DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month));
        var hour = Part("hour", 0);
        var minute = Part("minute", 0);
        var date = _text.Date(new DateOnly(Math.Clamp(year, 1, 9999), month, day));
        return hour == 0 && minute == 0 ? date : date + ", " + hour.ToString("00", CultureInfo.InvariantCulture) + ":" + minute.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a value for a person: dates in words, numbers with separators, money with its currency, objects and lists as labelled text — never JSON.</summary>
    private string Format(JsonElement value, string? currency, int depth)
    {
        var t = _text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var s = value.GetString()!;
                return Temporal(s) ?? s;
            case JsonValueKind.Number:
                return value.TryGetDecimal(out var d) ? (currency is not null ? t.Money(d, currency) : t.Number(d, 3)) : value.GetRawText();
            case JsonValueKind.True:
                return t.Yes;
            case JsonValueKind.False:
                return t.No;
            case JsonValueKind.Null:
                return "—";
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (items.Count == 0)
                {
                    return "—";
                }

                if (items.All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
                {
                    return string.Join(", ", items.Take(5).Select(i => Format(i, null, depth + 1))) + (items.Count > 5 ? ", …" : string.Empty);
                }

                return items.Count == 1 ? Format(items[0], null, depth + 1) : t.Items(items.Count) + " — " + Format(items[0], null, depth + 1);
            case JsonValueKind.Object:
                if (depth > 3)
                {
                    return "…";
                }

                var parts = new List<string>();
                foreach (var property in value.EnumerateObject())
                {
                    if (HiddenFields.Contains(property.Name) || IsBlank(property.Value))
                    {
                        continue;
                    }

                    var inner = Format(property.Value, null, depth + 1);
                    parts.Add(property.Value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() == 1 ? inner : t.FieldLabel(property.Name) + t.Colon + inner);
                }

                return parts.Count == 0 ? "—" : string.Join(" · ", parts);
            default:
                return string.Empty;
        }
    }

    /// <summary>A date or date-time string in words, or <see langword="null"/> when the string is not one.</summary>
    private string? Temporal(string s)
    {
        if (s.Length < 10 || s.Length > 40 || s[4] != '-' || s[7] != '-')
        {
            return null;
        }

        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return _text.Date(day);
        }

        var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 19 && s[^6] is '+' or '-' && s[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            // The local time as written, with its offset: what the holder recorded.
            var local = instant.DateTime;
            var date = _text.Date(DateOnly.FromDateTime(local));
            return local.TimeOfDay == TimeSpan.Zero ? date : date + ", " + local.ToString("HH:mm", CultureInfo.InvariantCulture) + (instant.Offset == TimeSpan.Zero ? " UTC" : string.Empty);
        }

        if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
        {
            var date = _text.Date(DateOnly.FromDateTime(plain));
            return plain.TimeOfDay == TimeSpan.Zero ? date : date + ", " + plain.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        return null;
    }

    private enum Step
    {
        Day,
        Month,
        Year,
    }

    /// <summary>Keeps the first documents of a dataset, its consumption as daily totals, and the money its bills hold.</summary>
    internal sealed class DatasetPreview(Doctype doctype, int rows)
    {
        private readonly List<byte[]> _rows = [];

        public Doctype Doctype { get; } = doctype;

        public ConsumptionRecorder Consumption { get; } = new();

        public IReadOnlyList<byte[]> Rows => _rows;

        /// <summary>Gets the bills' totals per currency: billed (not refunds) and refunded.</summary>
        public Dictionary<string, (decimal Billed, decimal Refunded)> Money { get; } = new(StringComparer.Ordinal);

        public void Observe(ReadOnlySpan<byte> json)
        {
            if (_rows.Count < rows)
            {
                _rows.Add(json.ToArray());
            }

            if (Doctype.Name == "io.cozy.bills")
            {
                AddBill(json);
            }
        }

        private void AddBill(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            decimal? amount = null;
            string? currency = null;
            var refund = false;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
                    {
                        reader.Skip();
                    }

                    continue;
                }

                var isAmount = reader.ValueTextEquals("amount"u8);
                var isCurrency = reader.ValueTextEquals("currency"u8);
                var isRefund = reader.ValueTextEquals("isRefund"u8);
                reader.Read();
                if (isAmount && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var a))
                {
                    amount = a;
                }
                else if (isCurrency && reader.TokenType == JsonTokenType.String)
                {
                    currency = reader.GetString();
                }
                else if (isRefund)
                {
                    refund = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            if (amount is { } value)
            {
                var key = currency is { Length: 3 } ? currency : "EUR";
                var (billed, refunded) = Money.GetValueOrDefault(key);
                Money[key] = refund ? (billed, refunded + value) : (billed + value, refunded);
            }
        }
    }
}
