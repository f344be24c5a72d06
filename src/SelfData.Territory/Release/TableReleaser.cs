using System.Collections.Immutable;
using SelfData.Core;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Territory.Release;

/// <summary>A cell as released: only a published (<c>V</c>) cell carries its contributor count and value.</summary>
/// <param name="Area">The area's code (an IRIS, a commune, the territory…).</param>
/// <param name="Period">The period's code (<c>YYYY-MM</c> or <c>YYYY</c>).</param>
/// <param name="Status">The status.</param>
/// <param name="Contributors">The number of contributors, for a published cell only.</param>
/// <param name="Value">The value, for a published cell only.</param>
public sealed record ReleasedCell(string Area, string Period, CellStatus Status, long? Contributors = null, Int128? Value = null)
{
    /// <summary>Gets the status letter: <c>V</c> published, <c>A</c> frequency, <c>B</c> dominance, <c>D</c> secondary, <c>0</c> empty.</summary>
    public string StatusCode => Status switch
    {
        CellStatus.Published => "V",
        CellStatus.Frequency => "A",
        CellStatus.Dominance => "B",
        CellStatus.Secondary => "D",
        _ => "0",
    };
}

/// <summary>A table ready to publish: its cells, the audit it passed, and the cells to append to the ledger.</summary>
/// <param name="Cells">Every cell of the table, margins included, area by area and period by period.</param>
/// <param name="Audit">The auditor's report (passed).</param>
/// <param name="NewLedgerCells">The cells no earlier release held, to append to the ledger once published.</param>
public sealed record TableRelease(IReadOnlyList<ReleasedCell> Cells, AuditReport Audit, IReadOnlyList<LedgerCell> NewLedgerCells);

/// <summary>
/// Turns an aggregate table into a release: primary rules, consistency with the ledger's earlier releases, secondary
/// suppression, and the independent audit, which blocks the release when any suppressed cell — this release's or an
/// earlier one's — can be recomputed.
/// </summary>
public static class TableReleaser
{
    /// <summary>Releases a table under secrecy rules, consistently with earlier releases.</summary>
    /// <param name="table">The aggregate table.</param>
    /// <param name="rules">The primary rules.</param>
    /// <param name="earlier">The ledger's cells of earlier releases of the same study, or <see langword="null"/>.</param>
    /// <returns>
    /// The release, or an error: <see cref="TerritoryErrorCodes.LedgerConflict"/> when a cell released before would be
    /// released with another value or status (a revision lets the difference be computed), an area of the ledger is
    /// missing from the table's hierarchy; <see cref="TerritoryErrorCodes.ReleaseNotProtected"/> when the audit finds a recomputable cell.
    /// </returns>
    public static ParseResult<TableRelease> Release(AggregateTable table, SecrecyRules rules, IReadOnlyList<LedgerCell>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rules);
        earlier ??= [];
        var areas = table.Areas;
        var periods = table.Periods;
        if (earlier.FirstOrDefault(c => !areas.TryGetIndex(c.Area, out _)) is { } stranger)
        {
            return ParseResult.ForError<TableRelease>(TerritoryErrorCodes.LedgerConflict, $"The ledger's area '{UntrustedText.Escape(stranger.Area)}' is not in this release's area hierarchy: give a hierarchy that holds every geography released so far.");
        }

        var ledger = new Dictionary<string, LedgerCell>(StringComparer.Ordinal);
        foreach (var cell in earlier)
        {
            ledger.TryAdd(cell.FormKey, cell);
        }

        var months = new ImmutableArray<string>[periods.Count];
        for (var p = 0; p < periods.Count; p++)
        {
            months[p] = [.. periods.LeavesUnder(p).Select(l => periods.Codes[l])];
        }

        var count = table.Count;
        var statuses = new CellStatus[count];
        var values = new Int128[count];
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < periods.Count; p++)
            {
                var index = (a * periods.Count) + p;
                var aggregate = table[a, p];
                values[index] = aggregate.Sum;
                var status = rules.Classify(aggregate);
                if (ledger.TryGetValue(LedgerCell.Key(areas.Codes[a], months[p]), out var before))
                {
                    if (before.IsPublic)
                    {
                        if (status != before.Status || (status == CellStatus.Published && (before.Contributors != aggregate.Contributors || before.Value != aggregate.Sum)))
                        {
                            return ParseResult.ForError<TableRelease>(
                                TerritoryErrorCodes.LedgerConflict,
                                $"The cell ({UntrustedText.Escape(areas.Codes[a])}, {UntrustedText.Escape(periods.Codes[p])}) was released before with other data: a revision of a released cell lets the difference be computed. Release new periods, not revisions.");
                        }
                    }
                    else if (status == CellStatus.Published)
                    {
                        status = CellStatus.Secondary;
                    }
                }

                statuses[index] = status;
            }
        }

        var suppressed = SecondarySuppressor.Suppress(areas, periods, statuses, values, earlier);
        if (!suppressed.Success)
        {
            return ParseResult.ForError<TableRelease>(suppressed.Error!);
        }

        var final = suppressed.Value;
        var audit = SecrecyAuditor.Audit(areas, periods, final, earlier);
        if (!audit.Passed)
        {
            var first = audit.Findings[0];
            return ParseResult.ForError<TableRelease>(
                TerritoryErrorCodes.ReleaseNotProtected,
                $"The audit blocks the release: {audit.Findings.Count} suppressed cell(s) can be recomputed, the first ({UntrustedText.Escape(first.Area)}, {UntrustedText.Escape(first.Period)}){(first.Earlier ? " from an earlier release" : string.Empty)}.");
        }

        var cells = new List<ReleasedCell>(count);
        var appended = new List<LedgerCell>();
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < periods.Count; p++)
            {
                var index = (a * periods.Count) + p;
                var aggregate = table[a, p];
                var status = final[index];
                var published = status == CellStatus.Published;
                cells.Add(new ReleasedCell(areas.Codes[a], periods.Codes[p], status, published ? aggregate.Contributors : null, published ? aggregate.Sum : null));
                var key = LedgerCell.Key(areas.Codes[a], months[p]);
                if (!ledger.ContainsKey(key))
                {
                    var cell = new LedgerCell(areas.Codes[a], periods.Codes[p], months[p], status, published ? aggregate.Contributors : null, published ? aggregate.Sum : null);
                    ledger[key] = cell;
                    appended.Add(cell);
                }
            }
        }

        return ParseResult.ForValue(new TableRelease(cells, audit, appended));
    }
}
