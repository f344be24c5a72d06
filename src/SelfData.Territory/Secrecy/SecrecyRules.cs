using System.Numerics;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Secrecy;

/// <summary>A cell's status in a released table; only <see cref="Published"/> cells carry a value and a count.</summary>
public enum CellStatus
{
    /// <summary>Published (<c>V</c>).</summary>
    Published,

    /// <summary>Suppressed by the frequency rule: fewer contributors than the threshold (<c>A</c>).</summary>
    Frequency,

    /// <summary>Suppressed by the dominance rule: the largest contributions make too much of the cell (<c>B</c>).</summary>
    Dominance,

    /// <summary>Suppressed so that no primary cell can be recomputed from published cells and margins (<c>D</c>).</summary>
    Secondary,

    /// <summary>No contributor: nothing to publish and nobody to protect.</summary>
    Empty,
}

/// <summary>
/// The (n, p) dominance rule: a cell is sensitive when its <see cref="Contributions"/> largest contributions make
/// strictly more than <see cref="Percent"/> % of its total — compared exactly, in integers
/// (<c>100 × top &gt; p × total</c>).
/// </summary>
/// <param name="Contributions">n: 1 or 2 (the aggregate keeps the two largest).</param>
/// <param name="Percent">p, strictly between 0 and 100.</param>
public sealed record DominanceRule(int Contributions, int Percent)
{
    /// <summary>Gets a value indicating whether a cell is dominated.</summary>
    /// <param name="cell">The cell.</param>
    /// <returns><see langword="true"/> when its n largest contributions exceed p % of its total.</returns>
    public bool IsDominated(CellAggregate cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Contributors == 0 || cell.Sum <= 0)
        {
            return false;
        }

        var top = new BigInteger(cell.Largest?.Value ?? 0);
        if (Contributions == 2)
        {
            top += cell.SecondLargest?.Value ?? 0;
        }

        return top * 100 > (BigInteger)Percent * (BigInteger)cell.Sum;
    }
}

/// <summary>
/// The primary secrecy rules of a table: the frequency rule (a cell with fewer than <see cref="MinContributors"/>
/// contributors is not published) and, when set, a dominance rule. Presets carry their source.
/// </summary>
/// <param name="Name">The preset's name.</param>
/// <param name="Source">Where the thresholds come from.</param>
/// <param name="MinContributors">k: a cell needs at least k contributors (fewer is status <c>A</c>).</param>
/// <param name="Dominance">The dominance rule, or <see langword="null"/>.</param>
public sealed record SecrecyRules(string Name, string Source, int MinContributors, DominanceRule? Dominance = null)
{
    /// <summary>
    /// Residential energy by IRIS: at least 10 delivery points (Code de l'énergie, art. D111-53 II 1°, décret
    /// 2020-196: aggregates "with more than nine points"). No dominance threshold is published for it.
    /// </summary>
    public static SecrecyRules EnergyResidential { get; } = new("EnergyResidential", "Code de l'énergie D111-53 II 1° (décret 2020-196): more than nine delivery points", 10);

    /// <summary>Statistics on persons and households: at least 11 (DGFiP's rule for tax data on natural persons, INSEE's 200 m grid).</summary>
    public static SecrecyRules PersonsDefault { get; } = new("PersonsDefault", "DGFiP and INSEE: no cell of fewer than 11 persons or households", 11);

    /// <summary>Business statistics: at least 3 units, and no unit above 85 % of the cell (INSEE, manuel de protection des tableaux).</summary>
    public static SecrecyRules BusinessInsee { get; } = new("BusinessInsee", "INSEE, manuel de protection des tableaux: fewer than 3 units, or one unit above 85 %", 3, new DominanceRule(1, 85));

    /// <summary>Gets a cell's primary status: <see cref="CellStatus.Empty"/>, <see cref="CellStatus.Frequency"/>, <see cref="CellStatus.Dominance"/> or <see cref="CellStatus.Published"/>.</summary>
    /// <param name="cell">The cell.</param>
    /// <returns>The status; secondary suppression comes after, on the whole table.</returns>
    /// <exception cref="ArgumentException">The rules are not usable: k below 1, or a dominance rule with n other than 1 or 2 or p outside (0, 100).</exception>
    public CellStatus Classify(CellAggregate cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (MinContributors < 1 || Dominance is { Contributions: not (1 or 2) } or { Percent: <= 0 or >= 100 })
        {
            throw new ArgumentException("Secrecy rules need k ≥ 1 and a dominance rule with n of 1 or 2 and p strictly between 0 and 100.");
        }

        if (cell.Contributors == 0)
        {
            return CellStatus.Empty;
        }

        if (cell.Contributors < MinContributors)
        {
            return CellStatus.Frequency;
        }

        return Dominance?.IsDominated(cell) == true ? CellStatus.Dominance : CellStatus.Published;
    }
}
