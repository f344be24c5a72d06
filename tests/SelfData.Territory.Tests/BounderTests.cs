using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Tests;

public class BounderTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];

    private static ContributorKey Key(int person) => ContributorKey.Derive(Secret, new SubjectId("resident-" + person));

    [Fact]
    public void Each_contributor_brings_one_clamped_sum_per_cell_to_at_most_L0_cells()
    {
        var raw = Gen.Choose(1, 8).Zip(Gen.Choose(1, 6)).Zip(Gen.Choose(-500, 400_000)).Select(t => (Person: t.Item1.Item1, Cell: t.Item1.Item2, Value: (long)t.Item2)).ListOf();
        Prop.ForAll(raw.ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (input, limit) =>
        {
            const long U = 250_000;
            var bounded = new ContributionBounder(limit, U).Bound(input.Select(c => new Contribution<int>(Key(c.Person), c.Cell, c.Value)));
            var sums = input.GroupBy(c => (Key(c.Person), c.Cell)).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
            var perContributor = input.GroupBy(c => c.Person).ToDictionary(g => Key(g.Key), g => g.Select(c => c.Cell).Distinct().Count());
            return bounded.GroupBy(b => (b.Contributor, b.Cell)).All(g => g.Count() == 1)
                && bounded.GroupBy(b => b.Contributor).All(g => g.Count() == Math.Min(limit, perContributor[g.Key]))
                && bounded.All(b => b.Value == Math.Clamp(sums[(b.Contributor, b.Cell)], 0, U))
                && bounded.Select(b => b.Contributor).Distinct().Count() == perContributor.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Without_bounds_a_persons_meters_are_only_summed_per_cell()
    {
        var bounded = new ContributionBounder().Bound(
        [
            new Contribution<string>(Key(1), "691230101/2024-01", 120_000),
            new Contribution<string>(Key(1), "691230101/2024-01", 30_000), // a second meter
            new Contribution<string>(Key(1), "691230102/2024-01", -5),
            new Contribution<string>(Key(2), "691230101/2024-01", 9_000_000),
        ]);
        Assert.Equal(
            [new Contribution<string>(Key(1), "691230101/2024-01", 150_000), new Contribution<string>(Key(1), "691230102/2024-01", -5), new Contribution<string>(Key(2), "691230101/2024-01", 9_000_000)],
            bounded);
    }

    [Fact]
    public void The_cells_a_contributor_keeps_are_chosen_uniformly()
    {
        var bounder = new ContributionBounder(maxCellsPerContributor: 2);
        var input = Enumerable.Range(0, 4).Select(c => new Contribution<int>(Key(1), c, 10)).ToList();
        var kept = new int[4];
        for (var run = 0; run < 2_000; run++)
        {
            foreach (var contribution in bounder.Bound(input))
            {
                kept[contribution.Cell]++;
            }
        }

        // Each cell is kept with probability 1/2: 1,000 times expected, standard deviation about 22.
        Assert.All(kept, count => Assert.InRange(count, 880, 1_120));
        Assert.Equal(4_000, kept.Sum());
    }

    [Fact]
    public void Overflowing_sums_and_meaningless_bounds_are_refused()
    {
        var overflow = Assert.Throws<SelfDataException>(() => new ContributionBounder().Bound(
            [new Contribution<int>(Key(1), 1, long.MaxValue), new Contribution<int>(Key(1), 1, 1)]));
        Assert.Equal(TerritoryErrorCodes.AggregateOverflow, overflow.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContributionBounder(maxCellsPerContributor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContributionBounder(maxValue: -1));
    }

    [Fact]
    public void Bounded_contributions_aggregate_into_cells_whose_top_contribution_is_at_most_U()
    {
        var bounded = new ContributionBounder(maxCellsPerContributor: 1, maxValue: 1_000).Bound(
            Enumerable.Range(0, 30).Select(p => new Contribution<string>(Key(p), p % 3 == 0 ? "a" : "b", p * 100)));
        var cells = bounded.GroupBy(b => b.Cell).ToDictionary(g => g.Key, g => g.Aggregate(CellAggregate.Empty, (a, b) => a.Add(b.Contributor, b.Value)));
        Assert.Equal(30, cells.Values.Sum(c => c.Contributors));
        Assert.All(cells.Values, c => Assert.True(c.Max <= 1_000));
        Assert.Equal(1_000, cells["b"].Largest!.Value.Value);
    }
}
