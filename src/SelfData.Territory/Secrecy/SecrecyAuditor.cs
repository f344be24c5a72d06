using System.Numerics;
using SelfData.Core;
using SelfData.Territory.Release;
using SelfData.Territory.Tables;

namespace SelfData.Territory.Secrecy;

/// <summary>A suppressed cell an attacker can recompute exactly from what is public.</summary>
/// <param name="Area">The cell's area.</param>
/// <param name="Period">The cell's period.</param>
/// <param name="Earlier"><see langword="true"/> when the cell is from an earlier release (the ledger).</param>
public sealed record AuditFinding(string Area, string Period, bool Earlier);

/// <summary>What the auditor found: whether the release can be published, and the size of the system it solved.</summary>
/// <param name="Findings">The suppressed cells that can be recomputed; empty when the release passes.</param>
/// <param name="Unknowns">The leaf values not public (the system's unknowns).</param>
/// <param name="Equations">The public cells that involve an unknown (the system's equations).</param>
/// <param name="Rank">The exact rank of those equations.</param>
/// <param name="Suppressed">The suppressed cells checked, this release's and the ledger's.</param>
public sealed record AuditReport(IReadOnlyList<AuditFinding> Findings, int Unknowns, int Equations, int Rank, int Suppressed)
{
    /// <summary>Gets a value indicating whether no suppressed cell can be recomputed.</summary>
    public bool Passed => Findings.Count == 0;
}

/// <summary>
/// The independent check run on every release: can any suppressed cell be recomputed exactly from the published cells,
/// the margins and the public cells of earlier releases? It shares no code with <see cref="SecondarySuppressor"/>.
/// </summary>
/// <remarks>
/// Every cell, margin or not, this release's or an earlier one's, is the sum of leaf values (leaf area × month). The
/// public cells are equations on those values; a leaf published on its own is known. A suppressed cell is
/// recomputable exactly when its row (restricted to the unknown leaves) lies in the span of the public rows: the
/// auditor eliminates the public rows exactly, in integers (<see cref="BigInteger"/>, fraction-free, each row divided
/// by the gcd of its entries) and reduces each suppressed row against them; a zero remainder is a finding. The rank
/// test ignores that values are non-negative: a group of suppressed cells whose total is public and zero is not reported.
/// </remarks>
public static class SecrecyAuditor
{
    /// <summary>Audits a table's statuses, with the ledger's earlier cells.</summary>
    /// <param name="areas">The area hierarchy; every area of the ledger must be in it.</param>
    /// <param name="periods">The period hierarchy of months and years.</param>
    /// <param name="statuses">Each cell's status, cell <c>(a, p)</c> at <c>a × periods.Count + p</c>.</param>
    /// <param name="earlier">The ledger's cells of earlier releases, or <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.LedgerConflict"/> when a ledger area is not in the hierarchy.</exception>
    public static AuditReport Audit(Hierarchy areas, Hierarchy periods, IReadOnlyList<CellStatus> statuses, IReadOnlyList<LedgerCell>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count != areas.Count * periods.Count)
        {
            throw new ArgumentException("One status per cell (areas × periods).", nameof(statuses));
        }

        var areaLeaves = LeafCodes(areas);
        var periodLeaves = LeafCodes(periods);
        var cells = new List<(string Area, string Period, bool Public, bool Earlier, string[] AreaLeaves, string[] Months)>();
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < periods.Count; p++)
            {
                var status = statuses[(a * periods.Count) + p];
                cells.Add((areas.Codes[a], periods.Codes[p], status is CellStatus.Published or CellStatus.Empty, false, areaLeaves[a], periodLeaves[p]));
            }
        }

        foreach (var cell in earlier ?? [])
        {
            if (!areas.TryGetIndex(cell.Area, out var a))
            {
                throw new SelfDataException(TerritoryErrorCodes.LedgerConflict, $"The ledger's area '{UntrustedText.Escape(cell.Area)}' is not in this release's area hierarchy: give a hierarchy that holds every geography released so far.");
            }

            cells.Add((cell.Area, cell.Period, cell.IsPublic, true, areaLeaves[a], [.. cell.Months]));
        }

        // Number the leaf values, and find those a public cell gives on its own.
        var columns = new Dictionary<(string, string), int>();
        var rows = new List<int[]>(cells.Count);
        foreach (var cell in cells)
        {
            var row = new List<int>(cell.AreaLeaves.Length * cell.Months.Length);
            foreach (var leaf in cell.AreaLeaves)
            {
                foreach (var month in cell.Months)
                {
                    if (!columns.TryGetValue((leaf, month), out var column))
                    {
                        columns[(leaf, month)] = column = columns.Count;
                    }

                    row.Add(column);
                }
            }

            rows.Add([.. row]);
        }

        var known = new bool[columns.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Public && rows[i].Length == 1)
            {
                known[rows[i][0]] = true;
            }
        }

        var basis = new EchelonBasis();
        var equations = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Public && Unknown(rows[i], known) is { Count: > 0 } row)
            {
                equations++;
                basis.Insert(row);
            }
        }

        var findings = new List<AuditFinding>();
        var seen = new HashSet<(string, string, bool)>();
        var suppressed = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Public)
            {
                continue;
            }

            suppressed++;
            var row = Unknown(rows[i], known);
            if ((row.Count == 0 || basis.Spans(row)) && seen.Add((cells[i].Area, cells[i].Period, cells[i].Earlier)))
            {
                findings.Add(new AuditFinding(cells[i].Area, cells[i].Period, cells[i].Earlier));
            }
        }

        return new AuditReport(findings, known.Count(k => !k), equations, basis.Rank, suppressed);
    }

    private static string[][] LeafCodes(Hierarchy hierarchy)
    {
        var result = new string[hierarchy.Count][];
        for (var node = 0; node < hierarchy.Count; node++)
        {
            var leaves = new List<string>();
            var stack = new Stack<int>();
            stack.Push(node);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                var children = hierarchy.Children(n);
                if (children.Length == 0)
                {
                    leaves.Add(hierarchy.Codes[n]);
                }

                foreach (var child in children)
                {
                    stack.Push(child);
                }
            }

            result[node] = [.. leaves];
        }

        return result;
    }

    private static SortedDictionary<int, BigInteger> Unknown(int[] columns, bool[] known)
    {
        var row = new SortedDictionary<int, BigInteger>();
        foreach (var column in columns)
        {
            if (!known[column])
            {
                row[column] = row.TryGetValue(column, out var v) ? v + 1 : BigInteger.One;
            }
        }

        return row;
    }

    /// <summary>Rows in echelon form over the integers: each reduced against the earlier ones, keyed by its pivot column.</summary>
    private sealed class EchelonBasis
    {
        private readonly List<(int Pivot, SortedDictionary<int, BigInteger> Row)> _rows = [];

        public int Rank => _rows.Count;

        public void Insert(SortedDictionary<int, BigInteger> row)
        {
            var reduced = Reduce(row);
            if (reduced.Count > 0)
            {
                _rows.Add((reduced.Keys.First(), reduced));
            }
        }

        public bool Spans(SortedDictionary<int, BigInteger> row) => Reduce(row).Count == 0;

        private SortedDictionary<int, BigInteger> Reduce(SortedDictionary<int, BigInteger> row)
        {
            var current = new SortedDictionary<int, BigInteger>(row);
            foreach (var (pivot, basisRow) in _rows)
            {
                if (!current.TryGetValue(pivot, out var factor) || factor.IsZero)
                {
                    continue;
                }

                var scale = basisRow[pivot];
                var next = new SortedDictionary<int, BigInteger>();
                foreach (var (column, value) in current)
                {
                    next[column] = value * scale;
                }

                foreach (var (column, value) in basisRow)
                {
                    var v = (next.TryGetValue(column, out var existing) ? existing : BigInteger.Zero) - (value * factor);
                    if (v.IsZero)
                    {
                        next.Remove(column);
                    }
                    else
                    {
                        next[column] = v;
                    }
                }

                current = Normalise(next);
            }

            return current;
        }

        private static SortedDictionary<int, BigInteger> Normalise(SortedDictionary<int, BigInteger> row)
        {
            var gcd = BigInteger.Zero;
            foreach (var value in row.Values)
            {
                gcd = BigInteger.GreatestCommonDivisor(gcd, value);
                if (gcd.IsOne)
                {
                    return row;
                }
            }

            if (gcd.IsZero)
            {
                return row;
            }

            var result = new SortedDictionary<int, BigInteger>();
            foreach (var (column, value) in row)
            {
                result[column] = value / gcd;
            }

            return result;
        }
    }
}
