using System.Security.Cryptography;
using SelfData.Core;

namespace SelfData.Territory.Aggregation;

/// <summary>One contribution of a contributor to a cell of a study's table, in the study's fixed-point unit (Wh, L, cents…).</summary>
/// <typeparam name="TCell">The cell: an area and a period, such as <c>(IrisCode, "2024-01")</c>.</typeparam>
/// <param name="Contributor">The contributor's pseudonym in the study.</param>
/// <param name="Cell">The cell.</param>
/// <param name="Value">The value.</param>
public readonly record struct Contribution<TCell>(ContributorKey Contributor, TCell Cell, long Value)
    where TCell : notnull;

/// <summary>
/// Bounds what each contributor brings to a table before it is aggregated: a person's several contributions to one
/// cell (several meters, several readings) become one, their sum; each sum is clamped to <c>[0, MaxValue]</c> when a
/// maximum is set; and a contributor keeps at most <c>MaxCellsPerContributor</c> cells, chosen uniformly at random
/// with a cryptographic generator when there are more. The bounds are what differential privacy's sensitivity is
/// derived from, and what keeps one person from dominating a cell.
/// </summary>
public sealed class ContributionBounder
{
    /// <summary>Initializes a new instance of the <see cref="ContributionBounder"/> class.</summary>
    /// <param name="maxCellsPerContributor">The most cells one contributor keeps (L0), or <see langword="null"/> for no limit.</param>
    /// <param name="maxValue">The largest value one contribution keeps (U); values are then clamped to <c>[0, U]</c>. <see langword="null"/> for values as they are.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is zero or negative.</exception>
    public ContributionBounder(int? maxCellsPerContributor = null, long? maxValue = null)
    {
        if (maxCellsPerContributor is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCellsPerContributor), maxCellsPerContributor, "At least one cell per contributor.");
        }

        if (maxValue is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "The largest value is positive.");
        }

        MaxCellsPerContributor = maxCellsPerContributor;
        MaxValue = maxValue;
    }

    /// <summary>Gets the most cells one contributor keeps, or <see langword="null"/>.</summary>
    public int? MaxCellsPerContributor { get; }

    /// <summary>Gets the largest value one contribution keeps, or <see langword="null"/>.</summary>
    public long? MaxValue { get; }

    /// <summary>Bounds contributions: one per contributor and cell, clamped, at most L0 cells per contributor.</summary>
    /// <typeparam name="TCell">The cell type.</typeparam>
    /// <param name="contributions">The contributions, in any order; held in memory per contributor and cell.</param>
    /// <returns>The bounded contributions, by contributor then in the order cells were first seen.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.AggregateOverflow"/> when a person's contributions to one cell add up beyond <see cref="long"/>.</exception>
    public IReadOnlyList<Contribution<TCell>> Bound<TCell>(IEnumerable<Contribution<TCell>> contributions)
        where TCell : notnull
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var byContributor = new Dictionary<ContributorKey, Dictionary<TCell, long>>();
        var order = new List<ContributorKey>();
        foreach (var contribution in contributions)
        {
            if (!byContributor.TryGetValue(contribution.Contributor, out var cells))
            {
                cells = [];
                byContributor[contribution.Contributor] = cells;
                order.Add(contribution.Contributor);
            }

            try
            {
                cells[contribution.Cell] = checked(cells.GetValueOrDefault(contribution.Cell) + contribution.Value);
            }
            catch (OverflowException)
            {
                throw new SelfDataException(TerritoryErrorCodes.AggregateOverflow, "A contributor's values for one cell add up beyond the range of a 64-bit integer.");
            }
        }

        var bounded = new List<Contribution<TCell>>();
        foreach (var contributor in order)
        {
            var cells = byContributor[contributor].ToList();
            if (MaxCellsPerContributor is { } limit && cells.Count > limit)
            {
                // A uniform choice of L0 cells: a partial Fisher–Yates shuffle with a cryptographic generator.
                for (var i = 0; i < limit; i++)
                {
                    var j = RandomNumberGenerator.GetInt32(i, cells.Count);
                    (cells[i], cells[j]) = (cells[j], cells[i]);
                }

                cells.RemoveRange(limit, cells.Count - limit);
            }

            foreach (var (cell, value) in cells)
            {
                bounded.Add(new Contribution<TCell>(contributor, cell, MaxValue is { } max ? Math.Clamp(value, 0, max) : value));
            }
        }

        return bounded;
    }
}
