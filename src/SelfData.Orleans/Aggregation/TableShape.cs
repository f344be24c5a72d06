using System.Collections.Immutable;
using SelfData.Core;
using SelfData.Territory.Tables;

namespace SelfData.Orleans.Aggregation;

/// <summary>The hierarchies of a study's table, as plain values a grain call carries: area codes with their parents, and months.</summary>
/// <param name="AreaCodes">The area hierarchy's codes, in index order.</param>
/// <param name="AreaParents">Each area's parent code, or <see langword="null"/> for a root.</param>
/// <param name="Months">The months (<c>YYYY-MM</c>).</param>
[GenerateSerializer]
[Immutable]
public sealed record TableShape(
    [property: Id(0)] ImmutableArray<string> AreaCodes,
    [property: Id(1)] ImmutableArray<string?> AreaParents,
    [property: Id(2)] ImmutableArray<string> Months)
{
    /// <summary>Describes a table's hierarchies.</summary>
    /// <param name="areas">The area hierarchy.</param>
    /// <param name="periods">The period hierarchy of months (built with <see cref="Hierarchy.Months"/>).</param>
    /// <returns>The shape.</returns>
    public static TableShape Of(Hierarchy areas, Hierarchy periods)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(periods);
        return new TableShape(
            areas.Codes,
            [.. Enumerable.Range(0, areas.Count).Select(i => areas.Parent(i) is var p and >= 0 ? areas.Codes[p] : null)],
            [.. periods.Leaves.Select(l => periods.Codes[l])]);
    }

    /// <summary>Builds the hierarchies back, identical to those described.</summary>
    /// <returns>The areas and periods, or the hierarchy error.</returns>
    public ParseResult<(Hierarchy Areas, Hierarchy Periods)> Build()
    {
        var areas = Hierarchy.Create(AreaCodes.Zip(AreaParents, (code, parent) => new KeyValuePair<string, string?>(code, parent)));
        if (!areas.Success)
        {
            return ParseResult.ForError<(Hierarchy, Hierarchy)>(areas.Error!);
        }

        var periods = Hierarchy.Months(Months);
        return periods.Success ? ParseResult.ForValue((areas.Value, periods.Value)) : ParseResult.ForError<(Hierarchy, Hierarchy)>(periods.Error!);
    }
}
