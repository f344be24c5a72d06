using System.Buffers.Binary;
using System.Collections.Immutable;
using SelfData.Core;

namespace SelfData.Territory.Aggregation;

/// <summary>One of the two largest contributions of a cell, with its contributor (for the dominance rule).</summary>
/// <param name="Contributor">The contributor.</param>
/// <param name="Value">The contribution.</param>
public readonly record struct TopContribution(ContributorKey Contributor, long Value);

/// <summary>
/// What one cell of a territorial table knows of its contributions, in integers only: how many contributors, the
/// exact sum and sum of squares (<see cref="Int128"/>, checked), the smallest and largest contribution, the two
/// largest with their contributors, and a histogram over fixed edges. Immutable; <see cref="Empty"/>
/// and <see cref="Merge"/> form a commutative monoid, so partials from shards merge in any order to the same bytes.
/// </summary>
/// <remarks>
/// Each contributor contributes at most once per cell (the bounder sums a person's several meters first) and shards
/// split contributors, so merged partials never share one: a contributor seen in the top two of both sides is refused
/// (<see cref="TerritoryErrorCodes.AggregatesNotMergeable"/>). Min, max and the top two are kept for the secrecy rules
/// and are never published. The canonical serialisation (<see cref="ToBytes"/>) starts with a version byte.
/// </remarks>
public sealed class CellAggregate : IEquatable<CellAggregate>
{
    /// <summary>The version byte of the serialisation <see cref="ToBytes"/> writes.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The most histogram edges an aggregate holds.</summary>
    public const int MaxEdges = 64;

    private CellAggregate(long contributors, Int128 sum, Int128 sumOfSquares, long min, long max, TopContribution? largest, TopContribution? second, ImmutableArray<long> edges, ImmutableArray<long> histogram)
    {
        Contributors = contributors;
        Sum = sum;
        SumOfSquares = sumOfSquares;
        MinValue = min;
        MaxValue = max;
        Largest = largest;
        SecondLargest = second;
        Edges = edges;
        Histogram = histogram;
    }

    /// <summary>Gets the number of contributors.</summary>
    public long Contributors { get; }

    /// <summary>Gets the exact sum of the contributions.</summary>
    public Int128 Sum { get; }

    /// <summary>Gets the exact sum of the squares of the contributions.</summary>
    public Int128 SumOfSquares { get; }

    /// <summary>Gets the smallest contribution, or <see langword="null"/> when the cell is empty.</summary>
    public long? Min => Contributors == 0 ? null : MinValue;

    /// <summary>Gets the largest contribution, or <see langword="null"/> when the cell is empty.</summary>
    public long? Max => Contributors == 0 ? null : MaxValue;

    /// <summary>Gets the largest contribution and its contributor (ties: the smaller key first), or <see langword="null"/>.</summary>
    public TopContribution? Largest { get; }

    /// <summary>Gets the second largest contribution and its contributor, or <see langword="null"/>.</summary>
    public TopContribution? SecondLargest { get; }

    /// <summary>Gets the histogram's edges, strictly increasing: bucket <c>i</c> holds values below <c>Edges[i]</c> and at or above <c>Edges[i-1]</c>.</summary>
    public ImmutableArray<long> Edges { get; }

    /// <summary>Gets the number of contributions in each bucket: one more bucket than edges.</summary>
    public ImmutableArray<long> Histogram { get; }

    private long MinValue { get; }

    private long MaxValue { get; }

    /// <summary>Gets the empty aggregate with no histogram: the monoid's identity.</summary>
    public static CellAggregate Empty { get; } = new(0, 0, 0, 0, 0, null, null, [], [0]);

    /// <summary>Gets the empty aggregate with a histogram over the given edges.</summary>
    /// <param name="edges">Strictly increasing edges, at most <see cref="MaxEdges"/>.</param>
    /// <returns>The aggregate, or an <see cref="TerritoryErrorCodes.InvalidHistogramEdges"/> error.</returns>
    public static ParseResult<CellAggregate> EmptyWithHistogram(ImmutableArray<long> edges)
    {
        if (edges.IsDefault || edges.Length > MaxEdges || Enumerable.Range(1, Math.Max(0, edges.Length - 1)).Any(i => edges[i] <= edges[i - 1]))
        {
            return ParseResult.ForError<CellAggregate>(TerritoryErrorCodes.InvalidHistogramEdges, $"Histogram edges are strictly increasing, at most {MaxEdges}.");
        }

        return ParseResult.ForValue(new CellAggregate(0, 0, 0, 0, 0, null, null, edges, [.. new long[edges.Length + 1]]));
    }

    /// <summary>Gets the aggregate of one contribution, with this aggregate's histogram edges.</summary>
    /// <param name="contributor">The contributor.</param>
    /// <param name="value">The contribution, a fixed-point integer (Wh, L, cents…).</param>
    /// <returns>The aggregate of that one contribution.</returns>
    public CellAggregate Of(ContributorKey contributor, long value)
    {
        var histogram = new long[Edges.Length + 1];
        histogram[Bucket(value)] = 1;
        var square = (Int128)value * value;
        return new CellAggregate(1, value, square, value, value, new TopContribution(contributor, value), null, Edges, [.. histogram]);
    }

    /// <summary>Adds one contribution.</summary>
    /// <param name="contributor">The contributor (at most once per cell).</param>
    /// <param name="value">The contribution.</param>
    /// <returns>The new aggregate.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.AggregateOverflow"/> or <see cref="TerritoryErrorCodes.AggregatesNotMergeable"/>.</exception>
    public CellAggregate Add(ContributorKey contributor, long value) => Merge(Of(contributor, value));

    /// <summary>Merges two aggregates of disjoint contributors: commutative and associative, with <see cref="Empty"/> as identity.</summary>
    /// <param name="other">The other aggregate, with the same histogram edges.</param>
    /// <returns>The merged aggregate.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.AggregateOverflow"/> when a total would overflow; <see cref="TerritoryErrorCodes.AggregatesNotMergeable"/> for different edges or a shared contributor.</exception>
    public CellAggregate Merge(CellAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Edges.SequenceEqual(other.Edges))
        {
            throw new SelfDataException(TerritoryErrorCodes.AggregatesNotMergeable, "The aggregates have different histogram edges.");
        }

        if (other.Contributors == 0)
        {
            return this;
        }

        if (Contributors == 0)
        {
            return other;
        }

        var tops = new List<TopContribution>(4);
        AddTop(tops, Largest);
        AddTop(tops, SecondLargest);
        foreach (var top in new[] { other.Largest, other.SecondLargest })
        {
            if (top is { } t && tops.Any(x => x.Contributor == t.Contributor))
            {
                throw new SelfDataException(TerritoryErrorCodes.AggregatesNotMergeable, "The same contributor is in both aggregates: shards must split contributors, and a contributor contributes once per cell.");
            }

            AddTop(tops, top);
        }

        tops.Sort(static (a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : a.Contributor.CompareTo(b.Contributor));
        var histogram = new long[Histogram.Length];
        try
        {
            checked
            {
                for (var i = 0; i < histogram.Length; i++)
                {
                    histogram[i] = Histogram[i] + other.Histogram[i];
                }

                return new CellAggregate(
                    Contributors + other.Contributors,
                    Sum + other.Sum,
                    SumOfSquares + other.SumOfSquares,
                    Math.Min(MinValue, other.MinValue),
                    Math.Max(MaxValue, other.MaxValue),
                    tops.Count > 0 ? tops[0] : null,
                    tops.Count > 1 ? tops[1] : null,
                    Edges,
                    [.. histogram]);
            }
        }
        catch (OverflowException)
        {
            throw new SelfDataException(TerritoryErrorCodes.AggregateOverflow, "The merged count, sum or sum of squares would overflow; it is refused, never wrapped.");
        }
    }

    /// <summary>Writes the canonical little-endian serialisation: version, count, sum, sum of squares, min, max, the top two, edges and histogram.</summary>
    /// <returns>The bytes; equal aggregates have equal bytes.</returns>
    public byte[] ToBytes()
    {
        var tops = (Largest is null ? 0 : 1) + (SecondLargest is null ? 0 : 1);
        var buffer = new byte[1 + 8 + 16 + 16 + 8 + 8 + 1 + (tops * (ContributorKey.Length + 8)) + 2 + (Edges.Length * 8) + (Histogram.Length * 8)];
        var span = buffer.AsSpan();
        span[0] = FormatVersion;
        var at = 1;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], Contributors);
        at += 8;
        BinaryPrimitives.WriteInt128LittleEndian(span[at..], Sum);
        at += 16;
        BinaryPrimitives.WriteInt128LittleEndian(span[at..], SumOfSquares);
        at += 16;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], Contributors == 0 ? 0 : MinValue);
        at += 8;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], Contributors == 0 ? 0 : MaxValue);
        at += 8;
        span[at++] = (byte)tops;
        foreach (var top in new[] { Largest, SecondLargest })
        {
            if (top is { } t)
            {
                t.Contributor.Bytes.CopyTo(span[at..]);
                at += ContributorKey.Length;
                BinaryPrimitives.WriteInt64LittleEndian(span[at..], t.Value);
                at += 8;
            }
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)Edges.Length);
        at += 2;
        foreach (var edge in Edges)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], edge);
            at += 8;
        }

        foreach (var count in Histogram)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], count);
            at += 8;
        }

        return buffer;
    }

    /// <summary>Reads the canonical serialisation back, refusing anything <see cref="ToBytes"/> would not write.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The aggregate, or an <see cref="TerritoryErrorCodes.UnreadableAggregate"/> error.</returns>
    public static ParseResult<CellAggregate> FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (bytes.Length < 1 || bytes[0] != FormatVersion)
            {
                return Unreadable("it does not start with version " + FormatVersion + ".");
            }

            var at = 1;
            var contributors = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            at += 8;
            var sum = BinaryPrimitives.ReadInt128LittleEndian(bytes[at..]);
            at += 16;
            var squares = BinaryPrimitives.ReadInt128LittleEndian(bytes[at..]);
            at += 16;
            var min = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            at += 8;
            var max = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            at += 8;
            var topCount = bytes[at++];
            if (topCount > 2 || contributors < 0 || topCount > contributors || (contributors > 0 && topCount != Math.Min(2, contributors)))
            {
                return Unreadable("its counts are inconsistent.");
            }

            var tops = new TopContribution[topCount];
            for (var i = 0; i < topCount; i++)
            {
                tops[i] = new TopContribution(ContributorKey.FromBytes(bytes.Slice(at, ContributorKey.Length)), BinaryPrimitives.ReadInt64LittleEndian(bytes[(at + ContributorKey.Length)..]));
                at += ContributorKey.Length + 8;
            }

            int edgeCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            at += 2;
            if (edgeCount > MaxEdges || bytes.Length != at + (edgeCount * 8) + ((edgeCount + 1) * 8))
            {
                return Unreadable("its length does not match its histogram.");
            }

            var edges = new long[edgeCount];
            for (var i = 0; i < edgeCount; i++, at += 8)
            {
                edges[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            }

            var histogram = new long[edgeCount + 1];
            for (var i = 0; i <= edgeCount; i++, at += 8)
            {
                histogram[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
            }

            var empty = EmptyWithHistogram([.. edges]);
            if (!empty.Success || histogram.Any(c => c < 0) || histogram.Sum() != contributors || (contributors == 0 && (sum != 0 || squares != 0 || min != 0 || max != 0)))
            {
                return Unreadable("its histogram or totals are inconsistent.");
            }

            var aggregate = new CellAggregate(contributors, sum, squares, min, max, topCount > 0 ? tops[0] : null, topCount > 1 ? tops[1] : null, [.. edges], [.. histogram]);
            return aggregate.ToBytes().AsSpan().SequenceEqual(bytes) ? ParseResult.ForValue(aggregate) : Unreadable("it is not in canonical form.");
        }
        catch (ArgumentException)
        {
            return Unreadable("it is truncated.");
        }
    }

    /// <inheritdoc />
    public bool Equals(CellAggregate? other) => other is not null && ToBytes().AsSpan().SequenceEqual(other.ToBytes());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CellAggregate);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Contributors, Sum, SumOfSquares);

    /// <summary>Builds an aggregate from parts a table accumulator has kept consistent.</summary>
    internal static CellAggregate FromParts(long contributors, Int128 sum, Int128 squares, long min, long max, TopContribution? largest, TopContribution? second, ImmutableArray<long> edges, ImmutableArray<long> histogram) =>
        new(contributors, sum, squares, min, max, largest, second, edges, histogram);

    /// <summary>Gets the bucket of a value over edges: the number of edges at or below it.</summary>
    internal static int BucketOf(ImmutableArray<long> edges, long value)
    {
        var index = 0;
        while (index < edges.Length && value >= edges[index])
        {
            index++;
        }

        return index;
    }

    private static ParseResult<CellAggregate> Unreadable(string why) =>
        ParseResult.ForError<CellAggregate>(TerritoryErrorCodes.UnreadableAggregate, "The bytes are not a serialised cell aggregate: " + why);

    private static void AddTop(List<TopContribution> tops, TopContribution? top)
    {
        if (top is { } t)
        {
            tops.Add(t);
        }
    }

    private int Bucket(long value) => BucketOf(Edges, value);
}
