using SelfData.Core;
using SelfData.Territory.Release;
using SelfData.Territory.Tables;

namespace SelfData.Territory.Secrecy;

/// <summary>
/// Secondary suppression on a hierarchical area × period table: adds suppressions (<see cref="CellStatus.Secondary"/>)
/// until no suppressed cell can be recomputed from the published cells, the margins (area hierarchy and months → year
/// together) and the public cells of earlier releases.
/// </summary>
/// <remarks>
/// Each suppressed cell is protected by an explicit certificate: a change to the leaf values — <c>α ⊗ β</c>, where
/// <c>α</c> moves one leaf area (or one leaf up and another down) and <c>β</c> one month (or one up and another down)
/// — that leaves every published cell, every margin and every public cell of the ledger unchanged but changes the
/// suppressed cell. The cells it does change are exactly those suppressed; among the candidates the cheapest (sum of
/// the cells' value + 1) is chosen. A cell with such a certificate cannot be recomputed, whatever else is suppressed,
/// so the result is protected by construction — which <see cref="SecrecyAuditor"/>, written independently, checks.
/// Empty cells and cells public in the ledger are never suppressed. Cells of earlier releases that are not in this
/// table are not given certificates here; the auditor checks them and blocks a release that exposes them.
/// </remarks>
public static class SecondarySuppressor
{
    private const int LeavesPerSide = 6;
    private const int Partners = 32;

    /// <summary>Adds secondary suppressions to a table's primary statuses.</summary>
    /// <param name="areas">The area hierarchy.</param>
    /// <param name="periods">The period hierarchy.</param>
    /// <param name="statuses">Each cell's status, cell <c>(a, p)</c> at <c>a × periods.Count + p</c>: primary statuses, and <see cref="CellStatus.Secondary"/> for cells the ledger keeps suppressed.</param>
    /// <param name="values">Each cell's value (sum), at the same index; the cost of suppressing it is the value + 1.</param>
    /// <param name="earlier">The ledger's cells of earlier releases, or <see langword="null"/>.</param>
    /// <returns>The statuses with secondary suppressions, or an <see cref="TerritoryErrorCodes.ReleaseNotProtected"/> error naming a cell no certificate can protect.</returns>
    public static ParseResult<CellStatus[]> Suppress(Hierarchy areas, Hierarchy periods, IReadOnlyList<CellStatus> statuses, IReadOnlyList<Int128> values, IReadOnlyList<LedgerCell>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(values);
        var count = areas.Count * periods.Count;
        if (statuses.Count != count || values.Count != count)
        {
            throw new ArgumentException("One status and one value per cell (areas × periods).");
        }

        var state = new State(areas, periods, [.. statuses], values, earlier ?? []);
        for (var cell = 0; cell < count; cell++)
        {
            if (state.Status[cell] is CellStatus.Published or CellStatus.Empty || state.Covered[cell])
            {
                continue;
            }

            var area = cell / periods.Count;
            var period = cell % periods.Count;
            if (!state.Protect(area, period))
            {
                return ParseResult.ForError<CellStatus[]>(
                    TerritoryErrorCodes.ReleaseNotProtected,
                    $"The suppressed cell ({UntrustedText.Escape(areas.Codes[area])}, {UntrustedText.Escape(periods.Codes[period])}) cannot be protected: every way of hiding it would change an empty cell or a cell already public.");
            }
        }

        return ParseResult.ForValue(state.Status);
    }

    /// <summary>A one-dimensional change: +1 on <see cref="Up"/> (and its ancestors), −1 on <see cref="Down"/> when set.</summary>
    private readonly record struct Move(int Up, int Down);

    private sealed class State
    {
        private readonly Hierarchy _areas;
        private readonly Hierarchy _periods;
        private readonly IReadOnlyList<Int128> _values;
        private readonly Dictionary<string, List<HashSet<string>>> _publicByArea = new(StringComparer.Ordinal);

        public State(Hierarchy areas, Hierarchy periods, CellStatus[] status, IReadOnlyList<Int128> values, IReadOnlyList<LedgerCell> earlier)
        {
            _areas = areas;
            _periods = periods;
            _values = values;
            Status = status;
            Covered = new bool[status.Length];
            foreach (var cell in earlier.Where(c => c.IsPublic))
            {
                if (!_publicByArea.TryGetValue(cell.Area, out var list))
                {
                    _publicByArea[cell.Area] = list = [];
                }

                list.Add(new HashSet<string>(cell.Months, StringComparer.Ordinal));
            }
        }

        public CellStatus[] Status { get; }

        public bool[] Covered { get; }

        public bool Protect(int area, int period)
        {
            var areaMoves = Moves(_areas, area, leaf => Cost(leaf, period));
            var periodMoves = Moves(_periods, period, leaf => Cost(area, leaf));
            List<int>? best = null;
            Int128 bestCost = 0;
            foreach (var a in areaMoves)
            {
                var affectedAreas = Affected(_areas, a);
                foreach (var p in periodMoves)
                {
                    var affectedPeriods = Affected(_periods, p);
                    if (Evaluate(affectedAreas, affectedPeriods, p) is not { } cost)
                    {
                        continue;
                    }

                    if (best is null || cost < bestCost || (cost == bestCost && affectedAreas.Count * affectedPeriods.Count < best.Count))
                    {
                        bestCost = cost;
                        best = [.. affectedAreas.SelectMany(x => affectedPeriods.Select(y => (x * _periods.Count) + y))];
                    }
                }
            }

            if (best is null)
            {
                return false;
            }

            foreach (var cell in best)
            {
                if (Status[cell] == CellStatus.Published)
                {
                    Status[cell] = CellStatus.Secondary;
                }

                Covered[cell] = true;
            }

            return true;
        }

        private Int128 Cost(int area, int period)
        {
            var cell = (area * _periods.Count) + period;
            return Status[cell] switch
            {
                CellStatus.Published => _values[cell] + 1,
                CellStatus.Empty => Int128.MaxValue,
                _ => 0,
            };
        }

        /// <summary>The cost of suppressing every cell a change touches, or null when it touches an empty or public cell.</summary>
        private Int128? Evaluate(List<int> affectedAreas, List<int> affectedPeriods, Move periodMove)
        {
            Int128 cost = 0;
            foreach (var a in affectedAreas)
            {
                foreach (var p in affectedPeriods)
                {
                    var cell = (a * _periods.Count) + p;
                    switch (Status[cell])
                    {
                        case CellStatus.Empty:
                            return null;
                        case CellStatus.Published:
                            cost += _values[cell] + 1;
                            break;
                    }
                }

                if (_publicByArea.TryGetValue(_areas.Codes[a], out var forms) && forms.Any(months => Weight(periodMove, months) != 0))
                {
                    return null;
                }
            }

            return cost;
        }

        private int Weight(Move move, HashSet<string> months) =>
            (months.Contains(_periods.Codes[move.Up]) ? 1 : 0) - (move.Down >= 0 && months.Contains(_periods.Codes[move.Down]) ? 1 : 0);

        /// <summary>The nodes a move changes: ancestors of the raised leaf and of the lowered one, below their common ancestor.</summary>
        private static List<int> Affected(Hierarchy hierarchy, Move move)
        {
            var up = hierarchy.SelfAndAncestors(move.Up);
            if (move.Down < 0)
            {
                return [.. up.ToArray()];
            }

            var down = hierarchy.SelfAndAncestors(move.Down).ToArray();
            var upList = up.ToArray();
            var common = new HashSet<int>(upList.Intersect(down));
            return [.. upList.Where(n => !common.Contains(n)).Concat(down.Where(n => !common.Contains(n)))];
        }

        /// <summary>The moves that change a node: a leaf under it alone, or with a leaf outside it lowered, nearest first.</summary>
        private static List<Move> Moves(Hierarchy hierarchy, int node, Func<int, Int128> cost)
        {
            var under = hierarchy.LeavesUnder(node);
            var inside = under.OrderBy(cost).ThenBy(l => l).Take(LeavesPerSide).ToList();
            var insideSet = new HashSet<int>(under);
            var outside = new List<int>();
            for (var ancestor = hierarchy.Parent(node); ancestor >= 0 && outside.Count < Partners; ancestor = hierarchy.Parent(ancestor))
            {
                outside.AddRange(hierarchy.LeavesUnder(ancestor).Where(l => !insideSet.Contains(l) && !outside.Contains(l)).OrderBy(cost).ThenBy(l => l));
            }

            outside.AddRange(hierarchy.Leaves.Where(l => !insideSet.Contains(l) && !outside.Contains(l)).OrderBy(cost).ThenBy(l => l));
            var moves = new List<Move>(inside.Count * (1 + Partners));
            foreach (var leaf in inside)
            {
                moves.Add(new Move(leaf, -1));
                moves.AddRange(outside.Take(Partners).Select(other => new Move(leaf, other)));
            }

            return moves;
        }
    }
}
