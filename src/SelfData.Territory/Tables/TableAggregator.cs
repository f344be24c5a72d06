using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SelfData.Core;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Tables;

/// <summary>One contribution to a leaf cell of a table, by index into its hierarchies.</summary>
/// <param name="Area">The index of a leaf of the area hierarchy.</param>
/// <param name="Period">The index of a leaf of the period hierarchy.</param>
/// <param name="Value">The value, a non-negative fixed-point integer in the study's unit (Wh, L, cents, m, s).</param>
public readonly record struct LeafContribution(int Area, int Period, long Value);

/// <summary>
/// Aggregates a study's contributions into every cell of an area × period table, margins included: each contributor
/// counts once in every cell their contributions reach, with the sum of what they brought to it (so a margin's
/// dominance rule sees people, not readings). Memory is bounded by the number of cells, whatever the number of
/// contributions: give each contributor's contributions in one call.
/// </summary>
/// <remarks>
/// Not thread-safe: aggregate shards with one aggregator each and merge their tables (<see cref="AggregateTable.Merge"/>),
/// which gives the same bytes as one pass. A contributor given in two calls of one aggregator, or in two shards, would
/// count twice; the caller's contribution store keys contributions by contributor (the SQLite store does).
/// </remarks>
public sealed class TableAggregator
{
    private readonly Accumulator[] _cells;
    private readonly long[] _scratch;
    private readonly int[] _stamps;
    private readonly List<int> _touched = [];
    private readonly int _periodCount;
    private int _stamp;
    private bool _faulted;

    /// <summary>Initializes a new instance of the <see cref="TableAggregator"/> class.</summary>
    /// <param name="areas">The area hierarchy.</param>
    /// <param name="periods">The period hierarchy.</param>
    /// <param name="histogramEdges">Histogram edges for every cell, or default for none.</param>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.InvalidHistogramEdges"/>.</exception>
    public TableAggregator(Hierarchy areas, Hierarchy periods, ImmutableArray<long> histogramEdges = default)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(periods);
        Areas = areas;
        Periods = periods;
        EmptyCell = histogramEdges.IsDefaultOrEmpty ? CellAggregate.Empty : CellAggregate.EmptyWithHistogram(histogramEdges).GetValueOrThrow();
        _periodCount = periods.Count;
        _cells = new Accumulator[areas.Count * periods.Count];
        _scratch = new long[_cells.Length];
        _stamps = new int[_cells.Length];
    }

    /// <summary>Gets the area hierarchy.</summary>
    public Hierarchy Areas { get; }

    /// <summary>Gets the period hierarchy.</summary>
    public Hierarchy Periods { get; }

    /// <summary>Gets the number of contributors added.</summary>
    public long Contributors { get; private set; }

    private CellAggregate EmptyCell { get; }

    /// <summary>Adds one contributor's contributions; several to one leaf cell (several meters) are summed.</summary>
    /// <param name="contributor">The contributor's pseudonym in the study.</param>
    /// <param name="contributions">All of their contributions.</param>
    /// <exception cref="SelfDataException">
    /// <see cref="TerritoryErrorCodes.InvalidContribution"/> for an index that is not a leaf or a negative value (nothing of the
    /// contributor is added), or <see cref="TerritoryErrorCodes.AggregateOverflow"/> (the aggregator is then unusable).
    /// </exception>
    public void AddContributor(ContributorKey contributor, ReadOnlySpan<LeafContribution> contributions)
    {
        if (_faulted)
        {
            throw new InvalidOperationException("An overflow left this aggregator incomplete; start again with bounded contributions.");
        }

        if (contributor.Bytes.Length != ContributorKey.Length)
        {
            throw new ArgumentException("The contributor key is the default value.", nameof(contributor));
        }

        // One stamp per call marks the cells this contributor reached; their sums sit in a scratch array the size of the table.
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 1;
        }

        var touched = _touched;
        touched.Clear();
        foreach (var c in contributions)
        {
            if ((uint)c.Area >= (uint)Areas.Count || !Areas.IsLeaf(c.Area) || (uint)c.Period >= (uint)_periodCount || !Periods.IsLeaf(c.Period) || c.Value < 0)
            {
                _stamp++;
                throw new SelfDataException(TerritoryErrorCodes.InvalidContribution, Describe(c));
            }

            foreach (var a in Areas.SelfAndAncestors(c.Area))
            {
                var row = a * _periodCount;
                foreach (var p in Periods.SelfAndAncestors(c.Period))
                {
                    var cell = row + p;
                    if (_stamps[cell] != _stamp)
                    {
                        _stamps[cell] = _stamp;
                        _scratch[cell] = 0;
                        touched.Add(cell);
                    }

                    // Values are non-negative: a sum below its part has wrapped.
                    var sum = unchecked(_scratch[cell] + c.Value);
                    if (sum < c.Value)
                    {
                        _stamp++;
                        throw new SelfDataException(TerritoryErrorCodes.AggregateOverflow, "A contributor's contributions to one cell add up beyond 64 bits; bound them first.");
                    }

                    _scratch[cell] = sum;
                }
            }
        }

        if (touched.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var cell in touched)
            {
                _cells[cell].Add(contributor, _scratch[cell], EmptyCell.Edges);
            }
        }
        catch (OverflowException)
        {
            _faulted = true;
            throw new SelfDataException(TerritoryErrorCodes.AggregateOverflow, "A cell's count, sum or sum of squares would overflow; it is refused, never wrapped.");
        }

        Contributors++;
    }

    /// <summary>Adds one contributor's contributions given by codes.</summary>
    /// <param name="contributor">The contributor's pseudonym in the study.</param>
    /// <param name="contributions">All of their contributions: (area leaf code, period leaf code, value).</param>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.InvalidContribution"/> naming an unknown or non-leaf code or a negative value.</exception>
    public void AddContributor(ContributorKey contributor, IEnumerable<(string Area, string Period, long Value)> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var list = new List<LeafContribution>();
        foreach (var (area, period, value) in contributions)
        {
            if (!Areas.TryGetIndex(area, out var a) || !Periods.TryGetIndex(period, out var p))
            {
                throw new SelfDataException(TerritoryErrorCodes.InvalidContribution, $"The area '{UntrustedText.Escape(area)}' or the period '{UntrustedText.Escape(period)}' is not in the table's hierarchies.");
            }

            list.Add(new LeafContribution(a, p, value));
        }

        AddContributor(contributor, CollectionsMarshal.AsSpan(list));
    }

    /// <summary>Gets the table of every cell's aggregate.</summary>
    /// <returns>An immutable table.</returns>
    public AggregateTable ToTable()
    {
        var cells = new CellAggregate[_cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _cells[i].ToAggregate(EmptyCell);
        }

        return new AggregateTable(Areas, Periods, cells);
    }

    private string Describe(LeafContribution c)
    {
        if (c.Value < 0)
        {
            return $"A contribution's value is {c.Value}: values are non-negative fixed-point integers.";
        }

        var area = (uint)c.Area < (uint)Areas.Count ? "'" + UntrustedText.Escape(Areas.Codes[c.Area]) + "'" : c.Area.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var period = (uint)c.Period < (uint)_periodCount ? "'" + UntrustedText.Escape(Periods.Codes[c.Period]) + "'" : c.Period.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"A contribution goes to area {area} and period {period}: contributions go to leaves (margins are computed), and both must be in the hierarchies.";
    }

    /// <summary>A cell's running aggregate, mutable, with the same order of the top two as <see cref="CellAggregate.Merge"/>.</summary>
    private struct Accumulator
    {
        private long _count;
        private Int128 _sum;
        private Int128 _squares;
        private long _min;
        private long _max;
        private TopContribution _first;
        private TopContribution _second;
        private long[]? _histogram;

        public void Add(ContributorKey contributor, long value, ImmutableArray<long> edges)
        {
            var high = Math.BigMul(value, value, out var low);
            checked
            {
                _sum += value;
                _squares += new Int128((ulong)high, (ulong)low);
                _count++;
            }

            var top = new TopContribution(contributor, value);
            if (_count == 1)
            {
                _min = value;
                _max = value;
                _first = top;
            }
            else
            {
                _min = Math.Min(_min, value);
                _max = Math.Max(_max, value);
                if (Before(top, _first))
                {
                    _second = _first;
                    _first = top;
                }
                else if (_count == 2 || Before(top, _second))
                {
                    _second = top;
                }
            }

            if (edges.Length > 0)
            {
                _histogram ??= new long[edges.Length + 1];
                _histogram[CellAggregate.BucketOf(edges, value)]++;
            }
        }

        public readonly CellAggregate ToAggregate(CellAggregate empty)
        {
            if (_count == 0)
            {
                return empty;
            }

            var histogram = empty.Edges.Length == 0 || _histogram is null ? [_count] : ImmutableArray.Create(_histogram);
            return CellAggregate.FromParts(_count, _sum, _squares, _min, _max, _first, _count > 1 ? _second : null, empty.Edges, histogram);
        }

        private static bool Before(TopContribution a, TopContribution b) =>
            a.Value > b.Value || (a.Value == b.Value && a.Contributor.CompareTo(b.Contributor) < 0);
    }
}
