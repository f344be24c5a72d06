using SelfData.Core;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Tables;

/// <summary>
/// Every cell of an area × period table, margins included, as <see cref="CellAggregate"/>s: what
/// <see cref="TableAggregator"/> produces and what secrecy and release work on. Immutable; tables of shards merge
/// cell by cell into the table of one pass.
/// </summary>
public sealed class AggregateTable
{
    private readonly CellAggregate[] _cells;

    internal AggregateTable(Hierarchy areas, Hierarchy periods, CellAggregate[] cells)
    {
        Areas = areas;
        Periods = periods;
        _cells = cells;
    }

    /// <summary>Gets the area hierarchy.</summary>
    public Hierarchy Areas { get; }

    /// <summary>Gets the period hierarchy.</summary>
    public Hierarchy Periods { get; }

    /// <summary>Gets the number of cells: areas × periods.</summary>
    public int Count => _cells.Length;

    /// <summary>Gets a cell by its area and period indexes.</summary>
    /// <param name="area">The area's index.</param>
    /// <param name="period">The period's index.</param>
    /// <returns>The cell's aggregate.</returns>
    public CellAggregate this[int area, int period] => _cells[(area * Periods.Count) + period];

    /// <summary>Gets a cell by its area and period codes.</summary>
    /// <param name="area">The area's code.</param>
    /// <param name="period">The period's code.</param>
    /// <returns>The cell's aggregate.</returns>
    /// <exception cref="KeyNotFoundException">A code is not in the hierarchies.</exception>
    public CellAggregate Cell(string area, string period) =>
        Areas.TryGetIndex(area, out var a) && Periods.TryGetIndex(period, out var p) ? this[a, p] : throw new KeyNotFoundException("No such cell.");

    /// <summary>Merges the table of another shard: same hierarchies, disjoint contributors.</summary>
    /// <param name="other">The other table.</param>
    /// <returns>The merged table.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.AggregatesNotMergeable"/> for other hierarchies, edges or a shared contributor; <see cref="TerritoryErrorCodes.AggregateOverflow"/>.</exception>
    public AggregateTable Merge(AggregateTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Areas.SameAs(other.Areas) || !Periods.SameAs(other.Periods))
        {
            throw new SelfDataException(TerritoryErrorCodes.AggregatesNotMergeable, "The tables have different area or period hierarchies.");
        }

        var cells = new CellAggregate[_cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _cells[i].Merge(other._cells[i]);
        }

        return new AggregateTable(Areas, Periods, cells);
    }
}
