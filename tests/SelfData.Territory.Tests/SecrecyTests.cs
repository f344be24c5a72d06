using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Secrecy;

namespace SelfData.Territory.Tests;

public class SecrecyTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(50, 32).Select(i => (byte)i)];

    private static ContributorKey Key(int person) => ContributorKey.Derive(Secret, new SubjectId("p" + person));

    private static CellAggregate Cell(params long[] values) =>
        values.Select((v, i) => (v, i)).Aggregate(CellAggregate.Empty, (a, c) => a.Add(Key(c.i), c.v));

    public static TheoryData<string, int> Presets() => new()
    {
        { nameof(SecrecyRules.EnergyResidential), 10 },
        { nameof(SecrecyRules.PersonsDefault), 11 },
        { nameof(SecrecyRules.BusinessInsee), 3 },
    };

    private static SecrecyRules Preset(string name) => name switch
    {
        nameof(SecrecyRules.EnergyResidential) => SecrecyRules.EnergyResidential,
        nameof(SecrecyRules.PersonsDefault) => SecrecyRules.PersonsDefault,
        _ => SecrecyRules.BusinessInsee,
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void The_frequency_rule_holds_at_k_minus_1_k_and_k_plus_1(string preset, int k)
    {
        var rules = Preset(preset);
        Assert.Equal(k, rules.MinContributors);
        Assert.False(string.IsNullOrWhiteSpace(rules.Source));
        Assert.Equal(CellStatus.Frequency, rules.Classify(Cell([.. Enumerable.Repeat(100L, k - 1)])));
        Assert.Equal(CellStatus.Published, rules.Classify(Cell([.. Enumerable.Repeat(100L, k)])));
        Assert.Equal(CellStatus.Published, rules.Classify(Cell([.. Enumerable.Repeat(100L, k + 1)])));
        Assert.Equal(CellStatus.Empty, rules.Classify(CellAggregate.Empty));
    }

    [Fact]
    public void Dominance_is_compared_exactly_strictly_above_the_share()
    {
        var rules = SecrecyRules.BusinessInsee; // one unit above 85 %
        Assert.Equal(CellStatus.Published, rules.Classify(Cell(85, 10, 5)));      // exactly 85 %: not above
        Assert.Equal(CellStatus.Dominance, rules.Classify(Cell(86, 9, 5)));       // 86 %
        Assert.Equal(CellStatus.Published, rules.Classify(Cell(8_500_000_000_000_000, 1_000_000_000_000_000, 500_000_000_000_000)));
        Assert.Equal(CellStatus.Dominance, rules.Classify(Cell(8_500_000_000_000_001, 1_000_000_000_000_000, 499_999_999_999_999)));
        var twoLargest = new SecrecyRules("n2", "test", 3, new DominanceRule(2, 90));
        Assert.Equal(CellStatus.Published, twoLargest.Classify(Cell(50, 40, 10)));  // the two largest are 90 %
        Assert.Equal(CellStatus.Dominance, twoLargest.Classify(Cell(50, 41, 9)));
    }

    [Fact]
    public void A_published_cell_never_breaks_its_rules()
    {
        var cells = Gen.Choose(0, 15).SelectMany(n => Gen.Choose(0, 1_000).ListOf(n));
        Prop.ForAll(cells.ToArbitrary(), values =>
        {
            var cell = Cell([.. values.Select(v => (long)v)]);
            var status = SecrecyRules.BusinessInsee.Classify(cell);
            var total = values.Sum();
            var published = status == CellStatus.Published;
            return published == (values.Count >= 3 && (total == 0 || values.Max() * 100 <= 85 * total))
                && (status == CellStatus.Empty) == (values.Count == 0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Unusable_rules_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SecrecyRules("x", "x", 0).Classify(Cell(1)));
        Assert.Throws<ArgumentException>(() => new SecrecyRules("x", "x", 3, new DominanceRule(3, 85)).Classify(Cell(1)));
        Assert.Throws<ArgumentException>(() => new SecrecyRules("x", "x", 3, new DominanceRule(1, 100)).Classify(Cell(1)));
    }
}
