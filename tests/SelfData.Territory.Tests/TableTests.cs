using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Tables;

namespace SelfData.Territory.Tests;

public class TableTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];
    private static readonly ImmutableArray<long> Edges = [100, 1_000, 10_000];

    internal static ContributorKey Key(int person) => ContributorKey.Derive(Secret, new SubjectId("resident-" + person));

    [Fact]
    public void Months_go_under_their_year_and_French_areas_under_commune_and_total()
    {
        var months = Hierarchy.Months(["2025-02", "2024-12", "2025-01", "2025-01"]).Value;
        Assert.Equal(["2024-12", "2025-01", "2025-02", "2024", "2025"], months.Codes.ToArray());
        Assert.True(months.TryGetIndex("2025-02", out var feb));
        Assert.Equal("2025", months.Codes[months.Parent(feb)]);
        Assert.Equal(3, months.Leaves.Length);

        var areas = Hierarchy.IrisCommunes(["691230102", "691230101", "69381", "2A004"]).Value;
        Assert.Equal(["691230101", "691230102", "2A004", "69123", "69381", "total"], areas.Codes.ToArray());
        Assert.True(areas.TryGetIndex("691230101", out var iris));
        Assert.Equal(["691230101", "69123", "total"], areas.SelfAndAncestors(iris).ToArray().Select(i => areas.Codes[i]));
        Assert.True(areas.IsLeaf(areas.Codes.IndexOf("2A004")));
        Assert.False(areas.IsLeaf(areas.Codes.IndexOf("69123")));
    }

    [Theory]
    [InlineData("2025-13", TerritoryErrorCodes.InvalidPeriod)]
    [InlineData("2025-1", TerritoryErrorCodes.InvalidPeriod)]
    [InlineData("2025", TerritoryErrorCodes.InvalidPeriod)]
    public void A_period_that_is_not_a_month_is_refused_with_its_code(string period, string code)
    {
        var result = Hierarchy.Months(["2025-01", period]);
        Assert.Equal(code, result.Error?.Code);
        Assert.Contains(period, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_areas_and_cycles_are_refused_with_their_codes()
    {
        Assert.Equal(TerritoryErrorCodes.InvalidIrisCode, Hierarchy.IrisCommunes(["69123010X"]).Error?.Code);
        Assert.Equal(TerritoryErrorCodes.InvalidCommuneCode, Hierarchy.IrisCommunes(["20004"]).Error?.Code);
        var cycle = Hierarchy.Create([new("a", "b"), new("b", "c"), new("c", "a")]);
        Assert.Equal(TerritoryErrorCodes.InvalidHierarchy, cycle.Error?.Code);
        Assert.Equal(TerritoryErrorCodes.InvalidHierarchy, Hierarchy.Create([new("a", "t"), new("a", "u")]).Error?.Code);
        var grid = Hierarchy.Create([new("CRS3035RES200mN2530000E3840000", "691230101"), new("691230101", "69123"), new("69123", null)]).Value;
        Assert.Equal(3, grid.Count);
        Assert.Equal(-1, grid.Parent(2));
    }

    [Fact]
    public void A_contributor_counts_once_in_each_margin_with_the_sum_of_what_they_brought()
    {
        var areas = Hierarchy.IrisCommunes(["691230101", "691230102"]).Value;
        var months = Hierarchy.Months(["2025-01", "2025-02"]).Value;
        var aggregator = new TableAggregator(areas, months, Edges);
        aggregator.AddContributor(Key(1), [("691230101", "2025-01", 300L), ("691230101", "2025-02", 200L), ("691230102", "2025-02", 50L), ("691230101", "2025-01", 1L)]);
        aggregator.AddContributor(Key(2), [("691230102", "2025-02", 7_000L)]);
        var table = aggregator.ToTable();

        Assert.Equal(2, aggregator.Contributors);
        Assert.Equal(301, table.Cell("691230101", "2025-01").Sum);
        Assert.Equal(1, table.Cell("691230101", "2025-01").Contributors);
        Assert.Equal(501, table.Cell("691230101", "2025").Sum);
        Assert.Equal(1, table.Cell("691230101", "2025").Contributors);
        var total = table.Cell("total", "2025");
        Assert.Equal(2, total.Contributors);
        Assert.Equal(7_551, total.Sum);
        Assert.Equal(7_000, total.Largest?.Value);
        Assert.Equal(551, total.SecondLargest?.Value);
        Assert.Equal([0L, 1, 1, 0], total.Histogram.ToArray());
        Assert.Equal(0, table.Cell("691230102", "2025-01").Contributors);
    }

    [Fact]
    public void A_contribution_to_a_margin_or_a_negative_value_is_refused_and_nothing_of_that_contributor_is_added()
    {
        var areas = Hierarchy.IrisCommunes(["691230101"]).Value;
        var months = Hierarchy.Months(["2025-01"]).Value;
        var aggregator = new TableAggregator(areas, months);
        var margin = Assert.Throws<SelfDataException>(() => aggregator.AddContributor(Key(1), [("691230101", "2025-01", 5L), ("69123", "2025-01", 5L)]));
        Assert.Equal(TerritoryErrorCodes.InvalidContribution, margin.Code);
        Assert.Contains("69123", margin.Message, StringComparison.Ordinal);
        var negative = Assert.Throws<SelfDataException>(() => aggregator.AddContributor(Key(2), [("691230101", "2025-01", -1L)]));
        Assert.Equal(TerritoryErrorCodes.InvalidContribution, negative.Code);
        var unknown = Assert.Throws<SelfDataException>(() => aggregator.AddContributor(Key(3), [("691230199", "2025-01", 1L)]));
        Assert.Contains("691230199", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(0, aggregator.Contributors);
        Assert.Equal(0, aggregator.ToTable().Cell("total", "2025").Contributors);
    }

    private static readonly string[] Iris = ["691230101", "691230102", "691230201", "693810101", "693810102"];
    private static readonly string[] Months = ["2025-01", "2025-02", "2025-03", "2026-01"];

    private static readonly Gen<List<List<(int Iris, int Month, long Value)>>> People =
        Gen.Choose(0, 4).SelectMany(i => Gen.Choose(0, 3).SelectMany(m => Gen.Choose(0, 20_000).Select(v => (i, m, (long)v))))
            .ListOf().Select(l => l.Take(6).ToList()).ListOf().Select(p => p.Take(40).ToList());

    [Fact]
    public void Each_cell_equals_the_fold_of_every_contributors_sum_over_it()
    {
        var areas = Hierarchy.IrisCommunes(Iris).Value;
        var months = Hierarchy.Months(Months).Value;
        Prop.ForAll(People.ToArbitrary(), people =>
        {
            var aggregator = new TableAggregator(areas, months, Edges);
            for (var person = 0; person < people.Count; person++)
            {
                aggregator.AddContributor(Key(person), people[person].Select(c => (Iris[c.Iris], Months[c.Month], c.Value)));
            }

            var table = aggregator.ToTable();
            for (var a = 0; a < areas.Count; a++)
            {
                for (var p = 0; p < months.Count; p++)
                {
                    var expected = CellAggregate.EmptyWithHistogram(Edges).Value;
                    for (var person = 0; person < people.Count; person++)
                    {
                        var mine = people[person].Where(c => areas.TryGetIndex(Iris[c.Iris], out var leaf) && areas.SelfAndAncestors(leaf).Contains(a)
                            && months.TryGetIndex(Months[c.Month], out var m) && months.SelfAndAncestors(m).Contains(p)).ToList();
                        if (mine.Count > 0)
                        {
                            expected = expected.Add(Key(person), mine.Sum(c => c.Value));
                        }
                    }

                    if (!table[a, p].ToBytes().SequenceEqual(expected.ToBytes()))
                    {
                        return false;
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Shards_of_contributors_merged_in_random_order_give_the_bytes_of_one_pass()
    {
        var areas = Hierarchy.IrisCommunes(Iris).Value;
        var months = Hierarchy.Months(Months).Value;
        Prop.ForAll(People.ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (people, shards, seed) =>
        {
            var random = new Random(seed);
            var onePass = new TableAggregator(areas, months, Edges);
            var parts = Enumerable.Range(0, shards).Select(_ => new TableAggregator(areas, months, Edges)).ToArray();
            for (var person = 0; person < people.Count; person++)
            {
                var contributions = people[person].Select(c => (Iris[c.Iris], Months[c.Month], c.Value)).ToList();
                onePass.AddContributor(Key(person), contributions);
                parts[random.Next(shards)].AddContributor(Key(person), contributions);
            }

            var merged = parts.Select(p => p.ToTable()).OrderBy(_ => random.Next()).Aggregate((x, y) => x.Merge(y));
            var expected = onePass.ToTable();
            return Enumerable.Range(0, areas.Count).All(a => Enumerable.Range(0, months.Count).All(p => merged[a, p].ToBytes().SequenceEqual(expected[a, p].ToBytes())));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tables_over_other_hierarchies_do_not_merge()
    {
        var months = Hierarchy.Months(["2025-01"]).Value;
        var one = new TableAggregator(Hierarchy.IrisCommunes(["691230101"]).Value, months).ToTable();
        var other = new TableAggregator(Hierarchy.IrisCommunes(["691230102"]).Value, months).ToTable();
        Assert.Equal(TerritoryErrorCodes.AggregatesNotMergeable, Assert.Throws<SelfDataException>(() => one.Merge(other)).Code);
    }

    [Fact]
    public void A_table_round_trips_through_its_canonical_bytes_and_refuses_other_hierarchies()
    {
        var areas = Hierarchy.IrisCommunes(Iris).Value;
        var months = Hierarchy.Months(Months).Value;
        var aggregator = new TableAggregator(areas, months, Edges);
        for (var person = 0; person < 30; person++)
        {
            aggregator.AddContributor(Key(person), [(Iris[person % Iris.Length], Months[person % Months.Length], 100L * person)]);
        }

        var table = aggregator.ToTable();
        var bytes = table.ToBytes();
        var back = AggregateTable.FromBytes(bytes, areas, months).Value;
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(table.Cell("total", "2025").Sum, back.Cell("total", "2025").Sum);

        var otherMonths = Hierarchy.Months(["2025-01", "2025-02", "2025-03", "2026-02"]).Value;
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, AggregateTable.FromBytes(bytes, areas, otherMonths).Error?.Code);
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, AggregateTable.FromBytes(bytes.AsSpan(0, bytes.Length - 1), areas, months).Error?.Code);
        bytes[0] = 2;
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, AggregateTable.FromBytes(bytes, areas, months).Error?.Code);
    }
}
