using FsCheck;
using FsCheck.Fluent;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;
using Xunit.Abstractions;

namespace SelfData.Territory.Tests;

public class SuppressionTests(ITestOutputHelper output)
{
    private static Hierarchy Flat(string total, params string[] leaves) =>
        Hierarchy.Create(leaves.Select(l => new KeyValuePair<string, string?>(l, total))).Value;

    private static int Index(Hierarchy areas, Hierarchy periods, string area, string period)
    {
        Assert.True(areas.TryGetIndex(area, out var a));
        Assert.True(periods.TryGetIndex(period, out var p));
        return (a * periods.Count) + p;
    }

    [Fact]
    public void The_classic_trap_two_suppressions_in_every_row_and_column_yet_one_cell_recomputable_ends_protected()
    {
        var areas = Flat("total", "r1", "r2", "r3", "r4");
        var months = Hierarchy.Months(["2025-01", "2025-02", "2025-03", "2025-04"]).Value;
        var statuses = Enumerable.Repeat(CellStatus.Published, areas.Count * months.Count).ToArray();
        var values = Enumerable.Range(0, statuses.Length).Select(i => (Int128)(100 + i)).ToArray();
        string[] rows = ["r1", "r2", "r3", "r4"];
        string[] columns = ["2025-01", "2025-02", "2025-03", "2025-04"];
        (string, string)[] pattern =
        [
            ("r1", "2025-01"), ("r1", "2025-02"), ("r2", "2025-01"), ("r2", "2025-02"),
            ("r3", "2025-03"), ("r3", "2025-04"), ("r4", "2025-03"), ("r4", "2025-04"),
            ("r1", "2025-03"),
        ];
        foreach (var (area, period) in pattern)
        {
            statuses[Index(areas, months, area, period)] = CellStatus.Frequency;
        }

        // Every row and every column of the 4 × 4 body already holds at least two suppressions...
        Assert.All(rows, r => Assert.True(pattern.Count(c => c.Item1 == r) >= 2));
        Assert.All(columns, m => Assert.True(pattern.Count(c => c.Item2 == m) >= 2));

        // ...yet the bridge (r1, 2025-03) is the row total minus a 2 × 2 block whose sum the columns give away.
        var before = SecrecyAuditor.Audit(areas, months, statuses);
        Assert.Equal([new AuditFinding("r1", "2025-03", false)], before.Findings);

        var after = SecondarySuppressor.Suppress(areas, months, statuses, values).Value;
        var audit = SecrecyAuditor.Audit(areas, months, after);
        Assert.True(audit.Passed, string.Join(", ", audit.Findings));
        Assert.All(pattern, c => Assert.Equal(CellStatus.Frequency, after[Index(areas, months, c.Item1, c.Item2)]));
        Assert.Contains(CellStatus.Secondary, after);
        output.WriteLine($"secondary cells: {after.Count(s => s == CellStatus.Secondary)}, unknowns {audit.Unknowns}, equations {audit.Equations}, rank {audit.Rank}");
    }

    [Fact]
    public void A_lone_suppression_in_a_row_with_its_margin_is_found_by_the_auditor_and_hidden_by_a_rectangle()
    {
        var areas = Flat("total", "a", "b", "c");
        var months = Hierarchy.Months(["2025-01", "2025-02", "2025-03"]).Value;
        var statuses = Enumerable.Repeat(CellStatus.Published, areas.Count * months.Count).ToArray();
        var target = Index(areas, months, "b", "2025-02");
        statuses[target] = CellStatus.Dominance;
        Assert.Equal([new AuditFinding("b", "2025-02", false)], SecrecyAuditor.Audit(areas, months, statuses).Findings);

        var values = Enumerable.Repeat((Int128)1_000, statuses.Length).ToArray();
        values[Index(areas, months, "c", "2025-03")] = 5;
        values[Index(areas, months, "b", "2025-03")] = 5;
        values[Index(areas, months, "c", "2025-02")] = 5;
        var after = SecondarySuppressor.Suppress(areas, months, statuses, values).Value;
        Assert.True(SecrecyAuditor.Audit(areas, months, after).Passed);
        var secondary = Enumerable.Range(0, after.Length).Where(i => after[i] == CellStatus.Secondary).Select(i => (areas.Codes[i / months.Count], months.Codes[i % months.Count])).ToList();
        Assert.Equal([("b", "2025-03"), ("c", "2025-02"), ("c", "2025-03")], secondary.Order());
    }

    /// <summary>A random table from random contributions: areas total → communes → IRIS, months under one or two years.</summary>
    private static (Hierarchy Areas, Hierarchy Months, CellStatus[] Statuses, Int128[] Values) RandomTable(int seed, int communes, int irisPerCommune, int monthCount, int people, SecrecyRules rules)
    {
        var random = new Random(seed);
        var nodes = new List<KeyValuePair<string, string?>>();
        var leaves = new List<string>();
        for (var c = 0; c < communes; c++)
        {
            var count = random.Next(1, irisPerCommune + 1);
            for (var i = 0; i < count; i++)
            {
                nodes.Add(new($"c{c}i{i}", $"c{c}"));
                leaves.Add($"c{c}i{i}");
            }

            nodes.Add(new($"c{c}", "total"));
        }

        var areas = Hierarchy.Create(nodes).Value;
        var months = Hierarchy.Months(Enumerable.Range(0, monthCount).Select(m => $"{2024 + (m / 3)}-{1 + (m % 3):00}")).Value;
        var aggregator = new TableAggregator(areas, months);
        for (var person = 0; person < people; person++)
        {
            var home = leaves[random.Next(leaves.Count)];
            var contributions = months.Leaves.Where(_ => random.Next(3) > 0).Select(m => (home, months.Codes[m], (long)random.Next(1, 1_000))).ToList();
            aggregator.AddContributor(TableTests.Key((seed * 1_000) + person), contributions);
        }

        var table = aggregator.ToTable();
        var statuses = new CellStatus[table.Count];
        var values = new Int128[table.Count];
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < months.Count; p++)
            {
                statuses[(a * months.Count) + p] = rules.Classify(table[a, p]);
                values[(a * months.Count) + p] = table[a, p].Sum;
            }
        }

        return (areas, months, statuses, values);
    }

    [Fact]
    public void On_random_one_and_two_dimensional_hierarchical_tables_the_auditor_finds_nothing_recomputable_after_suppression()
    {
        var rules = new SecrecyRules("test", "test", 3, new DominanceRule(1, 85));
        var shapes = Gen.Choose(1, 4).SelectMany(c => Gen.Choose(1, 4).SelectMany(i => Gen.Choose(1, 6).SelectMany(m => Gen.Choose(0, 60).SelectMany(n => Gen.Choose(0, int.MaxValue).Select(seed => (c, i, m, n, seed))))));
        var suppressedSomething = 0;
        Prop.ForAll(shapes.ToArbitrary(), shape =>
        {
            var (areas, months, statuses, values) = RandomTable(shape.seed, shape.c, shape.i, shape.m, shape.n, rules);
            var after = SecondarySuppressor.Suppress(areas, months, statuses, values).Value;
            var audit = SecrecyAuditor.Audit(areas, months, after);
            suppressedSomething += after.Contains(CellStatus.Secondary) ? 1 : 0;
            return audit.Passed
                && Enumerable.Range(0, statuses.Length).All(i => statuses[i] == CellStatus.Published ? after[i] is CellStatus.Published or CellStatus.Secondary : after[i] == statuses[i]);
        }).QuickCheckThrowOnFailure();
        Assert.True(suppressedSomething > 10, $"only {suppressedSomething} tables needed secondary suppression");
        output.WriteLine($"tables with secondary suppressions: {suppressedSomething} of 100");
    }

    [Fact]
    public void The_suppressor_against_the_brute_force_optimum_on_tables_of_at_most_12_cells()
    {
        var rules = new SecrecyRules("test", "test", 3);
        var (optimal, within, cases, worst) = (0, 0, 0, 1.0);
        for (var seed = 0; cases < 150; seed++)
        {
            var random = new Random(seed);
            var (areas, months, statuses, values) = RandomTable(seed, 1, 3, random.Next(1, 4), random.Next(4, 16), rules);
            if (statuses.Length > 12 || !statuses.Any(s => s is CellStatus.Frequency))
            {
                continue;
            }

            cases++;
            var after = SecondarySuppressor.Suppress(areas, months, statuses, values).Value;
            Assert.True(SecrecyAuditor.Audit(areas, months, after).Passed);
            var cost = Cost(after, values);

            // The cheapest set of extra suppressions the auditor passes, over every subset of publishable cells.
            var candidates = Enumerable.Range(0, statuses.Length).Where(i => statuses[i] == CellStatus.Published).ToArray();
            var best = Enumerable.Range(0, 1 << candidates.Length)
                .Select(mask => (mask, cost: Enumerable.Range(0, candidates.Length).Where(b => (mask & (1 << b)) != 0).Aggregate(Int128.Zero, (s, b) => s + values[candidates[b]] + 1)))
                .OrderBy(x => x.cost)
                .First(x =>
                {
                    var trial = (CellStatus[])statuses.Clone();
                    for (var b = 0; b < candidates.Length; b++)
                    {
                        if ((x.mask & (1 << b)) != 0)
                        {
                            trial[candidates[b]] = CellStatus.Secondary;
                        }
                    }

                    return SecrecyAuditor.Audit(areas, months, trial).Passed;
                }).cost;

            Assert.True(cost >= best, "the brute force missed a cheaper protected table");
            optimal += cost == best ? 1 : 0;
            var ratio = best == 0 ? 1.0 : (double)cost / (double)best;
            within += ratio <= 1.5 ? 1 : 0;
            worst = Math.Max(worst, ratio);
        }

        output.WriteLine($"{cases} tables: optimal {optimal}, within 1.5× {within}, worst ratio {worst:0.00}");
        Assert.True(optimal >= cases * 9 / 10, $"optimal on {optimal} of {cases}");
        Assert.True(worst <= 2.0, $"worst ratio {worst}");
    }

    private static Int128 Cost(CellStatus[] statuses, Int128[] values) =>
        Enumerable.Range(0, statuses.Length).Where(i => statuses[i] == CellStatus.Secondary).Aggregate(Int128.Zero, (s, i) => s + values[i] + 1);

    [Fact]
    public void Month_t_month_t_plus_1_and_the_cumulative_total_released_one_after_another_cannot_be_differenced()
    {
        var rules = new SecrecyRules("test", "test", 3);
        var areas = Flat("total", "a1", "a2", "a3");

        // Residents 0-29 live in a1, a2, a3 (ten each); in February only one resident of a1 contributes.
        AggregateTable Table(params string[] months)
        {
            var aggregator = new TableAggregator(areas, Hierarchy.Months(months).Value);
            for (var person = 0; person < 30; person++)
            {
                var home = "a" + (1 + (person / 10));
                var mine = new List<(string, string, long)>();
                if (months.Contains("2026-01"))
                {
                    mine.Add((home, "2026-01", 100 + person));
                }

                if (months.Contains("2026-02") && (home != "a1" || person == 0))
                {
                    mine.Add((home, "2026-02", 200 + person));
                }

                aggregator.AddContributor(TableTests.Key(person), mine);
            }

            return aggregator.ToTable();
        }

        var ledger = new List<LedgerCell>();
        var january = TableReleaser.Release(Table("2026-01"), rules, ledger).Value;
        Assert.All(january.Cells, c => Assert.Equal(CellStatus.Published, c.Status));
        ledger.AddRange(january.NewLedgerCells);

        var february = TableReleaser.Release(Table("2026-02"), rules, ledger).Value;
        Assert.Equal(CellStatus.Frequency, february.Cells.Single(c => c is { Area: "a1", Period: "2026-02" }).Status);
        ledger.AddRange(february.NewLedgerCells);

        // The cumulative table: January again (the same values, re-served) and February, with the year to date.
        var cumulativeTable = Table("2026-01", "2026-02");
        var cumulative = TableReleaser.Release(cumulativeTable, rules, ledger);
        Assert.True(cumulative.Success, cumulative.Error?.Message);
        Assert.True(cumulative.Value.Audit.Passed);
        Assert.Equal(CellStatus.Frequency, cumulative.Value.Cells.Single(c => c is { Area: "a1", Period: "2026-02" }).Status);
        Assert.NotEqual(CellStatus.Published, cumulative.Value.Cells.Single(c => c is { Area: "a1", Period: "2026" }).Status);
        foreach (var cell in january.Cells.Where(c => c.Period == "2026-01"))
        {
            Assert.Equal(cell, cumulative.Value.Cells.Single(c => c.Area == cell.Area && c.Period == cell.Period));
        }

        // Released on its own, without the ledger, the same table would let a1's February be computed.
        var alone = TableReleaser.Release(cumulativeTable, rules).Value;
        var statuses = alone.Cells.Select(c => c.Status).ToList();
        var audit = SecrecyAuditor.Audit(cumulativeTable.Areas, cumulativeTable.Periods, statuses, ledger);
        Assert.False(audit.Passed);
        output.WriteLine("differenced without the ledger: " + string.Join(", ", audit.Findings));
    }

    [Fact]
    public void A_released_cell_released_again_with_other_data_is_refused()
    {
        var rules = new SecrecyRules("test", "test", 2);
        var areas = Flat("total", "a1", "a2");
        var months = Hierarchy.Months(["2026-01"]).Value;
        AggregateTable Table(int late)
        {
            var aggregator = new TableAggregator(areas, months);
            for (var person = 0; person < 6 + late; person++)
            {
                aggregator.AddContributor(TableTests.Key(person), [("a" + (1 + (person % 2)), "2026-01", 10L)]);
            }

            return aggregator.ToTable();
        }

        var first = TableReleaser.Release(Table(0), rules).Value;
        Assert.True(TableReleaser.Release(Table(0), rules, first.NewLedgerCells).Success);
        var revised = TableReleaser.Release(Table(1), rules, first.NewLedgerCells);
        Assert.Equal(TerritoryErrorCodes.LedgerConflict, revised.Error?.Code);
        Assert.Contains("a1", revised.Error!.Message, StringComparison.Ordinal);

        var stranger = new LedgerCell("a9", "2026-01", ["2026-01"], CellStatus.Published, "00", 3, 30);
        Assert.Equal(TerritoryErrorCodes.LedgerConflict, TableReleaser.Release(Table(0), rules, [stranger]).Error?.Code);
    }

    [Fact]
    public void Only_published_cells_carry_a_count_and_a_value()
    {
        var (areas, months, _, _) = RandomTable(11, 3, 3, 4, 40, SecrecyRules.EnergyResidential);
        var aggregator = new TableAggregator(areas, months);
        var random = new Random(5);
        for (var person = 0; person < 60; person++)
        {
            var leaf = areas.Codes[areas.Leaves[random.Next(areas.Leaves.Length)]];
            aggregator.AddContributor(TableTests.Key(person), months.Leaves.Select(m => (leaf, months.Codes[m], (long)random.Next(1, 500))).ToList());
        }

        var release = TableReleaser.Release(aggregator.ToTable(), SecrecyRules.EnergyResidential).Value;
        Assert.Contains(release.Cells, c => c.Status == CellStatus.Published);
        Assert.Contains(release.Cells, c => c.Status != CellStatus.Published);
        Assert.All(release.Cells, c => Assert.Equal(c.Status == CellStatus.Published, c.Value is not null && c.Contributors is not null));
        Assert.All(release.Cells.Where(c => c.Status == CellStatus.Published), c => Assert.True(c.Contributors >= 10));
        Assert.True(release.Audit.Passed);
    }

    [Fact]
    public void A_release_by_grid_cell_after_a_release_by_IRIS_is_audited_with_it_and_cannot_be_differenced()
    {
        var rules = new SecrecyRules("test", "test", 3);
        var months = Hierarchy.Months(["2026-01"]).Value;

        // g1 and g2 are the grid cells of IRIS i1, g3 and g4 those of i2; g2 has one resident.
        (string Cell, string Iris, int People, long Value)[] homes = [("g1", "i1", 11, 900), ("g2", "i1", 1, 500), ("g3", "i2", 6, 10), ("g4", "i2", 6, 800)];
        AggregateTable Table(Hierarchy areas, bool byIris)
        {
            var aggregator = new TableAggregator(areas, months);
            var person = 0;
            foreach (var (cell, iris, people, value) in homes)
            {
                for (var i = 0; i < people; i++, person++)
                {
                    aggregator.AddContributor(TableTests.Key(person), [(byIris ? iris : cell, "2026-01", value)]);
                }
            }

            return aggregator.ToTable();
        }

        var irisAreas = Hierarchy.Create([new("i1", "c"), new("i2", "c")]).Value;
        var byIris = TableReleaser.Release(Table(irisAreas, byIris: true), rules).Value;
        Assert.All(byIris.Cells, c => Assert.Equal(CellStatus.Published, c.Status));

        // The second geography, with the caller's table cell → IRIS → commune: i1 is public, so g1 would give g2 away.
        var both = Hierarchy.Create([new("g1", "i1"), new("g2", "i1"), new("g3", "i2"), new("g4", "i2"), new("i1", "c"), new("i2", "c")]).Value;
        var byGrid = TableReleaser.Release(Table(both, byIris: false), rules, byIris.NewLedgerCells).Value;
        Assert.Equal(CellStatus.Frequency, byGrid.Cells.Single(c => c.Area == "g2" && c.Period == "2026-01").Status);
        Assert.Equal(CellStatus.Secondary, byGrid.Cells.Single(c => c.Area == "g1" && c.Period == "2026-01").Status);
        Assert.Equal(byIris.Cells.Single(c => c.Area == "i1" && c.Period == "2026"), byGrid.Cells.Single(c => c.Area == "i1" && c.Period == "2026"));

        // Released by grid alone (cells under the commune), the cheapest partner of g2 is g3, and g1 is published:
        // with the IRIS release, g2 = i1 − g1.
        var gridOnly = Hierarchy.Create([new("g1", "c"), new("g2", "c"), new("g3", "c"), new("g4", "c")]).Value;
        var alone = TableReleaser.Release(Table(gridOnly, byIris: false), rules).Value;
        Assert.Equal(CellStatus.Published, alone.Cells.Single(c => c.Area == "g1" && c.Period == "2026-01").Status);
        var statuses = new CellStatus[both.Count * months.Count];
        for (var a = 0; a < both.Count; a++)
        {
            for (var p = 0; p < months.Count; p++)
            {
                statuses[(a * months.Count) + p] = alone.Cells.FirstOrDefault(c => c.Area == both.Codes[a] && c.Period == months.Codes[p])?.Status ?? CellStatus.Published;
            }
        }

        var audit = SecrecyAuditor.Audit(both, months, statuses, byIris.NewLedgerCells);
        Assert.Contains(new AuditFinding("g2", "2026-01", false), audit.Findings);
    }
}
