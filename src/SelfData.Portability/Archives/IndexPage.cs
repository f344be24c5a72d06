using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Archives;

/// <summary>
/// Builds <c>index.html</c>: one self-contained page (no script, no external asset) that shows a person what the
/// archive holds — holder, period, counts per dataset, the first documents of each dataset as a table, and an inline
/// SVG chart of every consumption series. Every value is HTML-encoded.
/// </summary>
internal sealed class IndexPage(PortabilityExport export, int previewRows)
{
    private const int MaxChartPoints = 400;
    private readonly Dictionary<Doctype, DatasetPreview> _datasets = [];

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
        var html = HtmlEncoder.Default;
        var sb = new StringBuilder(16 * 1024);
        var holder = html.Encode(export.Holder.DisplayName);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>Your data from ").Append(holder).Append("</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}")
          .Append("table{border-collapse:collapse;font-size:.8rem;display:block;overflow-x:auto}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top;white-space:nowrap}")
          .Append("th{background:#f3f3f3}.muted{color:#666}svg{background:#fafafa;border:1px solid #ddd;margin:.5rem 0}")
          .Append("</style></head><body>\n");
        sb.Append("<h1>Your data from ").Append(holder).Append("</h1>\n<p>");
        sb.Append("Exported on <strong>").Append(html.Encode(Rfc3339.Format(export.TransactionTime))).Append("</strong> for <code>")
          .Append(html.Encode(export.Subject.Value)).Append("</code>");
        if (export.Since is not null || export.Until is not null)
        {
            sb.Append(", changes from ").Append(html.Encode(export.Since is { } s ? Rfc3339.Format(s) : "the beginning"))
              .Append(" to ").Append(html.Encode(export.Until is { } u ? Rfc3339.Format(u) : "now"));
        }

        sb.Append(". Profile: ").Append(export.Profile == ExportProfile.Cozy ? "Cozy" : "MesInfos").Append(".</p>\n");
        sb.Append("<p class=\"muted\">This archive is signed by the holder: <code>manifest.json</code> lists every file with its SHA-256, and <code>manifest.jws</code> signs the manifest.</p>\n");
        sb.Append("<h2>Datasets</h2>\n<table><tr><th>Dataset</th><th>Documents</th><th>File</th></tr>\n");
        foreach (var file in files.Where(f => f.Kind == "documents"))
        {
            sb.Append("<tr><td>").Append(html.Encode(file.Doctype)).Append("</td><td>")
              .Append(file.Count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td><code>")
              .Append(html.Encode(file.Path)).Append("</code></td></tr>\n");
        }

        sb.Append("</table>\n");
        foreach (var dataset in _datasets.Values)
        {
            dataset.Render(sb, html);
        }

        sb.Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Keeps the first documents of a dataset and its consumption as daily totals.</summary>
    internal sealed class DatasetPreview(Doctype doctype, int rows)
    {
        private readonly List<byte[]> _rows = [];

        public ConsumptionRecorder Consumption { get; } = new();

        public void Observe(ReadOnlySpan<byte> json)
        {
            if (_rows.Count < rows)
            {
                _rows.Add(json.ToArray());
            }
        }
        public void Render(StringBuilder sb, HtmlEncoder html)
        {
            sb.Append("<h2>").Append(html.Encode(doctype.Name)).Append("</h2>\n");
            foreach (var series in Consumption.Series.Order(StringComparer.Ordinal))
            {
                Chart(sb, html, series, Consumption.Totals(series));
            }

            if (_rows.Count == 0)
            {
                sb.Append("<p class=\"muted\">No documents.</p>\n");
                return;
            }

            var docs = _rows.Select(r => JsonDocument.Parse(r)).ToList();
            try
            {
                var columns = new List<string>();
                foreach (var doc in docs)
                {
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        if (property.Name is not ("cozyMetadata" or "docTypeVersion") && !columns.Contains(property.Name))
                        {
                            columns.Add(property.Name);
                        }
                    }
                }

                sb.Append("<p class=\"muted\">First ").Append(docs.Count.ToString(CultureInfo.InvariantCulture)).Append(" documents:</p>\n<table><tr>");
                foreach (var column in columns)
                {
                    sb.Append("<th>").Append(html.Encode(column)).Append("</th>");
                }

                sb.Append("</tr>\n");
                foreach (var doc in docs)
                {
                    sb.Append("<tr>");
                    foreach (var column in columns)
                    {
                        sb.Append("<td>");
                        if (doc.RootElement.TryGetProperty(column, out var value))
                        {
                            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                            sb.Append(html.Encode(text.Length > 120 ? text[..120] + "…" : text));
                        }

                        sb.Append("</td>");
                    }

                    sb.Append("</tr>\n");
                }

                sb.Append("</table>\n");
            }
            finally
            {
                docs.ForEach(d => d.Dispose());
            }
        }

        private static void Chart(StringBuilder sb, HtmlEncoder html, string title, IReadOnlyList<KeyValuePair<DateOnly, decimal>> all)
        {
            if (all.Count == 0)
            {
                return;
            }

            var bucket = Math.Max(1, (all.Count + MaxChartPoints - 1) / MaxChartPoints);
            var values = new List<(DateOnly Day, double Value)>();
            for (var i = 0; i < all.Count; i += bucket)
            {
                var slice = all.Skip(i).Take(bucket).ToList();
                values.Add((slice[0].Key, (double)slice.Average(p => p.Value)));
            }

            const int Width = 800, Height = 220, Left = 60, Bottom = 30, Top = 10;
            var max = Math.Max(values.Max(v => v.Value), 1e-9);
            var step = values.Count > 1 ? (Width - Left - 10.0) / (values.Count - 1) : 0;
            var polyline = string.Join(' ', values.Select((v, i) =>
                (Left + (i * step)).ToString("0.#", CultureInfo.InvariantCulture) + "," +
                (Height - Bottom - ((Height - Bottom - Top) * v.Value / max)).ToString("0.#", CultureInfo.InvariantCulture)));
            var label = bucket > 1 ? $"average of {bucket} days per point" : "one point per day";
            sb.Append("<figure><figcaption>").Append(html.Encode(title)).Append(" — daily total, ").Append(html.Encode(label)).Append("</figcaption>\n");
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(Height)
              .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"").Append(html.Encode(title)).Append("\">");
            sb.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(Height - Bottom).Append("\" x2=\"").Append(Width - 10).Append("\" y2=\"").Append(Height - Bottom).Append("\" stroke=\"#999\"/>");
            sb.Append("<line x1=\"").Append(Left).Append("\" y1=\"").Append(Top).Append("\" x2=\"").Append(Left).Append("\" y2=\"").Append(Height - Bottom).Append("\" stroke=\"#999\"/>");
            sb.Append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"1.5\" points=\"").Append(polyline).Append("\"/>");
            sb.Append("<text x=\"4\" y=\"").Append(Top + 10).Append("\" font-size=\"11\">").Append(html.Encode(max.ToString("0.##", CultureInfo.InvariantCulture))).Append("</text>");
            sb.Append("<text x=\"4\" y=\"").Append(Height - Bottom).Append("\" font-size=\"11\">0</text>");
            sb.Append("<text x=\"").Append(Left).Append("\" y=\"").Append(Height - 8).Append("\" font-size=\"11\">").Append(html.Encode(Rfc3339.FormatDate(values[0].Day))).Append("</text>");
            sb.Append("<text x=\"").Append(Width - 90).Append("\" y=\"").Append(Height - 8).Append("\" font-size=\"11\">").Append(html.Encode(Rfc3339.FormatDate(values[^1].Day))).Append("</text>");
            sb.Append("</svg></figure>\n");
        }
    }
}
