using System.Numerics;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Privacy;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;
using Xunit.Abstractions;

namespace SelfData.Territory.Tests;

public class PrivacyTests(ITestOutputHelper output)
{
    /// <summary>A seeded generator, so the distribution tests are reproducible.</summary>
    private sealed class SeededGenerator(int seed) : RandomNumberGenerator
    {
        private readonly Random _random = new(seed);

        public override void GetBytes(byte[] data) => _random.NextBytes(data);
    }

    private static double ChiSquare(Dictionary<BigInteger, int> counts, int samples, Func<int, double> probability, int range)
    {
        double statistic = 0;
        double inside = 0;
        for (var x = -range; x <= range; x++)
        {
            var expected = probability(x) * samples;
            inside += probability(x);
            var observed = counts.TryGetValue(x, out var c) ? c : 0;
            statistic += (observed - expected) * (observed - expected) / expected;
        }

        var tailExpected = (1 - inside) * samples;
        var tailObserved = counts.Where(kv => BigInteger.Abs(kv.Key) > range).Sum(kv => kv.Value);
        statistic += (tailObserved - tailExpected) * (tailObserved - tailExpected) / tailExpected;
        return statistic;
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(5, 2, 2)]
    public void The_discrete_Laplace_sampler_follows_its_distribution(int numerator, int denominator, int seed)
    {
        var noise = new DiscreteNoise(new SeededGenerator(seed));
        const int samples = 20_000;
        var counts = new Dictionary<BigInteger, int>();
        for (var i = 0; i < samples; i++)
        {
            var x = noise.Laplace(numerator, denominator);
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        var q = Math.Exp(-(double)denominator / numerator);
        double Probability(int x) => (1 - q) / (1 + q) * Math.Pow(q, Math.Abs(x));
        const int range = 7;
        var statistic = ChiSquare(counts, samples, Probability, range);

        // 2 × 7 + 1 bins and a tail: 15 degrees of freedom; 37.7 is the 0.1 % critical value.
        output.WriteLine($"σ = {numerator}/{denominator}: χ² = {statistic:0.0}, mean {counts.Sum(kv => (double)kv.Key * kv.Value) / samples:0.000}");
        Assert.True(statistic < 37.7, $"χ² = {statistic}");
        Assert.True(counts.ContainsKey(-range) && counts.ContainsKey(range));
    }

    [Fact]
    public void The_discrete_Gaussian_sampler_follows_its_distribution()
    {
        var noise = new DiscreteNoise(new SeededGenerator(3));
        const int samples = 20_000;
        var counts = new Dictionary<BigInteger, int>();
        for (var i = 0; i < samples; i++)
        {
            var x = noise.Gaussian(9, 2);
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        // σ² = 4.5: P(x) ∝ exp(−x² / 9).
        var normaliser = Enumerable.Range(-60, 121).Sum(x => Math.Exp(-x * x / 9.0));
        double Probability(int x) => Math.Exp(-x * x / 9.0) / normaliser;
        var statistic = ChiSquare(counts, samples, Probability, 5);
        output.WriteLine($"σ² = 9/2: χ² = {statistic:0.0}");
        Assert.True(statistic < 31.3, $"χ² = {statistic}");
    }

    [Fact]
    public void Bernoulli_of_exp_minus_gamma_is_exact_in_frequency_for_gamma_below_and_above_one()
    {
        var noise = new DiscreteNoise(new SeededGenerator(4));
        foreach (var (n, d) in new[] { (1, 3), (7, 3) })
        {
            const int samples = 40_000;
            var hits = Enumerable.Range(0, samples).Count(_ => noise.BernoulliExpMinus(n, d));
            var p = Math.Exp(-(double)n / d);
            var sd = Math.Sqrt(p * (1 - p) / samples);
            Assert.InRange((double)hits / samples, p - (4 * sd), p + (4 * sd));
        }
    }

    [Fact]
    public void The_budget_is_never_exceeded_whatever_the_sequence_of_spends()
    {
        var spends = Gen.Choose(1, 40).Select(i => i / 100m).ListOf();
        Prop.ForAll(spends.ToArbitrary(), list =>
        {
            var budget = new InMemoryPrivacyBudget();
            foreach (var epsilon in list)
            {
                var before = budget.SpentAsync("s").AsTask().Result;
                try
                {
                    var remaining = budget.SpendAsync("s", epsilon, 1m).AsTask().Result;
                    if (remaining != 1m - before - epsilon)
                    {
                        return false;
                    }
                }
                catch (AggregateException e) when (e.InnerException is SelfDataException { Code: TerritoryErrorCodes.BudgetExhausted })
                {
                    if (before + epsilon <= 1m || budget.SpentAsync("s").AsTask().Result != before)
                    {
                        return false;
                    }
                }
            }

            return budget.SpentAsync("s").AsTask().Result <= 1m;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task A_budget_total_is_set_once()
    {
        var budget = new InMemoryPrivacyBudget();
        await budget.SpendAsync("s", 0.5m, 1m);
        var other = await Assert.ThrowsAsync<SelfDataException>(() => budget.SpendAsync("s", 0.1m, 2m).AsTask());
        Assert.Equal(TerritoryErrorCodes.InvalidNoise, other.Code);
        Assert.Equal(0.5m, await budget.SpentAsync("s"));
    }

    private static AggregateTable Bounded(int people, long maxValue, int months = 1)
    {
        var areas = Hierarchy.IrisCommunes(["691230101", "691230102", "693810101"]).Value;
        var periods = Hierarchy.Months(Enumerable.Range(1, months).Select(m => $"2026-{m:00}")).Value;
        var bounder = new ContributionBounder(3, maxValue);
        var aggregator = new TableAggregator(areas, periods);
        for (var person = 0; person < people; person++)
        {
            var home = areas.Codes[areas.Leaves[person % areas.Leaves.Length]];
            var raw = periods.Leaves.Select(m => new Contribution<(string, string)>(TableTests.Key(person), (home, periods.Codes[m]), ((person * 37) + (m * 1_011)) % 3_000));
            aggregator.AddContributor(TableTests.Key(person), bounder.Bound(raw).Select(c => (c.Cell.Item1, c.Cell.Item2, c.Value)));
        }

        return aggregator.ToTable();
    }

    [Fact]
    public async Task Noisy_values_are_stored_and_re_served_never_redrawn_and_a_spent_budget_refuses_the_release()
    {
        var ledger = new InMemoryReleaseLedger();
        var budget = new InMemoryPrivacyBudget();
        var options = new ReleaseOptions(SecrecyRules.PersonsDefault) { Noise = new NoiseOptions(0.5m, 3, 2_000) { Sampler = new DiscreteNoise(new SeededGenerator(5)) } };
        var table = Bounded(90, 2_000);

        var first = (await TableReleaser.ReleaseAsync(table, options, "study", ledger, budget, 1m)).Value;
        Assert.True(first.NoiseDrawn);
        Assert.Equal(0.5m, await budget.SpentAsync("study"));
        var published = first.Cells.Where(c => c.Status == CellStatus.Published).ToList();
        Assert.NotEmpty(published);
        Assert.Contains(published, c => c.Value != table.Cell(c.Area, c.Period).Sum);

        // The same table again: every value comes from the ledger, nothing is drawn, nothing is spent.
        var again = (await TableReleaser.ReleaseAsync(table, options, "study", ledger, budget, 1m)).Value;
        Assert.False(again.NoiseDrawn);
        foreach (var (x, y) in first.Cells.Zip(again.Cells).Where(p => p.First != p.Second))
        {
            output.WriteLine($"{x} vs {y}");
        }

        Assert.Equal(first.Cells, again.Cells);
        Assert.Equal(0.5m, await budget.SpentAsync("study"));

        // A new month draws noise and spends; a third would exceed the budget and is refused.
        var twoMonths = Bounded(90, 2_000, 2);
        var second = (await TableReleaser.ReleaseAsync(twoMonths, options, "study", ledger, budget, 1m)).Value;
        Assert.True(second.NoiseDrawn);
        Assert.Equal(1m, await budget.SpentAsync("study"));
        var threeMonths = Bounded(90, 2_000, 3);
        var refused = await Assert.ThrowsAsync<SelfDataException>(() => TableReleaser.ReleaseAsync(threeMonths, options, "study", ledger, budget, 1m).AsTask());
        Assert.Equal(TerritoryErrorCodes.BudgetExhausted, refused.Code);
        Assert.Equal(2, (await ledger.ReadAsync("study")).Version);
    }

    [Fact]
    public void Noise_needs_bounded_contributions()
    {
        var table = Bounded(30, 2_000);
        var options = new ReleaseOptions(SecrecyRules.PersonsDefault) { Noise = new NoiseOptions(1m, 3, 100) };
        var result = TableReleaser.Release(table, options);
        Assert.Equal(TerritoryErrorCodes.InvalidNoise, result.Error?.Code);
        Assert.Contains("above U = 100", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_computed_on_a_stale_ledger_does_not_land()
    {
        var ledger = new InMemoryReleaseLedger();
        var snapshot = await ledger.ReadAsync("s");
        await ledger.AppendAsync("s", snapshot.Version, []);
        var stale = await Assert.ThrowsAsync<SelfDataException>(() => ledger.AppendAsync("s", snapshot.Version, []).AsTask());
        Assert.Equal(TerritoryErrorCodes.LedgerConflict, stale.Code);
    }
}
