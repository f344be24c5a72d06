using BenchmarkDotNet.Attributes;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Benchmarks.Territory;

/// <summary>
/// 830,000 residents × 12 months (9.96 million contributions; and a tenth of it, to show memory does not grow) over 500 IRIS in 9 arrondissements: the full territorial
/// aggregation (every cell and margin: distinct contributors, Int128 sum and sum of squares, min, max, top two) with
/// secrecy, secondary suppression and the audit, against a plain dictionary sum of the same values by (IRIS, month)
/// in the same run; and merging 64 shard partials of the same table.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class TerritoryAggregationBenchmarks
{
    private const int Months = 12;
    private const int IrisCount = 500;

    private Hierarchy _areas = null!;
    private Hierarchy _periods = null!;
    private ContributorKey[] _keys = null!;
    private int[] _home = null!;
    private long[] _values = null!;
    private int[] _leafAreas = null!;
    private int[] _leafMonths = null!;
    private AggregateTable[] _shards = null!;

    /// <summary>Gets or sets the number of residents: memory must stay the same when it grows tenfold (bounded by cells).</summary>
    [Params(83_000, 830_000)]
    public int Residents { get; set; } = 830_000;

    [GlobalSetup]
    public void Setup()
    {
        var iris = Enumerable.Range(0, IrisCount).Select(i => $"6938{1 + (i % 9)}{1000 + i:0000}").ToList();
        _areas = Hierarchy.IrisCommunes(iris).GetValueOrThrow();
        _periods = Hierarchy.Months(Enumerable.Range(1, Months).Select(m => $"2025-{m:00}")).GetValueOrThrow();
        _leafAreas = [.. iris.Select(code => _areas.TryGetIndex(code, out var index) ? index : throw new InvalidOperationException())];
        _leafMonths = [.. _periods.Leaves];
        var random = new Random(2025);
        var secret = new byte[32];
        random.NextBytes(secret);
        _keys = new ContributorKey[Residents];
        _home = new int[Residents];
        _values = new long[Residents * Months];
        var bytes = new byte[ContributorKey.Length];
        for (var r = 0; r < Residents; r++)
        {
            random.NextBytes(bytes);
            _keys[r] = ContributorKey.FromBytes(bytes);
            _home[r] = random.Next(IrisCount);
            for (var m = 0; m < Months; m++)
            {
                _values[(r * Months) + m] = random.Next(50_000, 900_000);
            }
        }

        var shards = Enumerable.Range(0, 64).Select(_ => new TableAggregator(_areas, _periods)).ToArray();
        var buffer = new LeafContribution[Months];
        for (var r = 0; r < Residents; r++)
        {
            Fill(r, buffer);
            shards[_keys[r].Bytes[0] % 64].AddContributor(_keys[r], buffer);
        }

        _shards = [.. shards.Select(s => s.ToTable())];
        if (AggregateWithSecrecy() != MergeShardsWithSecrecy() || DictionarySum() <= 0)
        {
            throw new InvalidOperationException("The shards do not merge to the one-pass table.");
        }
    }

    [Benchmark(Baseline = true, Description = "Dictionary sum by (IRIS, month)")]
    public long DictionarySum()
    {
        var sums = new Dictionary<(int Area, int Month), long>();
        for (var r = 0; r < Residents; r++)
        {
            var area = _leafAreas[_home[r]];
            for (var m = 0; m < Months; m++)
            {
                var key = (area, m);
                sums[key] = sums.GetValueOrDefault(key) + _values[(r * Months) + m];
            }
        }

        return sums.Count;
    }

    [Benchmark(Description = "Aggregate every cell and margin, with secrecy and audit")]
    public int AggregateWithSecrecy()
    {
        var aggregator = new TableAggregator(_areas, _periods);
        var buffer = new LeafContribution[Months];
        for (var r = 0; r < Residents; r++)
        {
            Fill(r, buffer);
            aggregator.AddContributor(_keys[r], buffer);
        }

        return Publish(aggregator.ToTable());
    }

    [Benchmark(Description = "Merge 64 shard partials, with secrecy and audit")]
    public int MergeShardsWithSecrecy()
    {
        var table = _shards[0];
        for (var i = 1; i < _shards.Length; i++)
        {
            table = table.Merge(_shards[i]);
        }

        return Publish(table);
    }

    private int Publish(AggregateTable table)
    {
        var release = TableReleaser.Release(table, SecrecyRules.PersonsDefault).GetValueOrThrow();
        return release.Cells.Count(c => c.Status == CellStatus.Published) ^ (int)(release.Cells[^1].Value ?? 0);
    }

    private void Fill(int resident, LeafContribution[] buffer)
    {
        var area = _leafAreas[_home[resident]];
        for (var m = 0; m < Months; m++)
        {
            buffer[m] = new LeafContribution(area, _leafMonths[m], _values[(resident * Months) + m]);
        }
    }
}
