using System.Buffers.Binary;
using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Tests;

public class AggregateTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly ImmutableArray<long> Edges = [1_000, 10_000, 100_000];
    private static readonly CellAggregate Zero = CellAggregate.EmptyWithHistogram(Edges).Value;

    private static ContributorKey Key(int person) => ContributorKey.Derive(Secret, new SubjectId("person-" + person));

    private static readonly Gen<List<(int Person, long Value)>> Contributions =
        Gen.Choose(0, 40).SelectMany(n => Gen.Choose(0, 250_000).ListOf(n).Select(values => values.Select((v, i) => (i, (long)v)).ToList()));

    private static CellAggregate Fold(IEnumerable<(int Person, long Value)> contributions) =>
        contributions.Aggregate(Zero, (a, c) => a.Add(Key(c.Person), c.Value));

    [Fact]
    public void Empty_and_merge_form_a_commutative_monoid_byte_for_byte()
    {
        var three = Gen.Choose(0, 2).ListOf(40);
        Prop.ForAll(Contributions.ToArbitrary(), three.ToArbitrary(), (contributions, sides) =>
        {
            // Split one population into three disjoint parts.
            var parts = Enumerable.Range(0, 3).Select(p => Fold(contributions.Where((_, i) => sides[i % sides.Count] == p))).ToArray();
            var (a, b, c) = (parts[0], parts[1], parts[2]);
            return a.Merge(Zero).ToBytes().SequenceEqual(a.ToBytes())
                && Zero.Merge(a).ToBytes().SequenceEqual(a.ToBytes())
                && a.Merge(b).ToBytes().SequenceEqual(b.Merge(a).ToBytes())
                && a.Merge(b).Merge(c).ToBytes().SequenceEqual(a.Merge(b.Merge(c)).ToBytes());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_shards_merged_in_random_order_equal_one_pass()
    {
        Prop.ForAll(Contributions.ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (contributions, shards, seed) =>
        {
            var random = new Random(seed);
            var partials = Enumerable.Range(0, shards).Select(s => Fold(contributions.Where(c => Math.Abs(Key(c.Person).GetHashCode()) % shards == s))).OrderBy(_ => random.Next()).ToList();
            var merged = partials.Aggregate(Zero, (x, y) => x.Merge(y));
            var onePass = Fold(contributions);
            return merged.Equals(onePass)
                && onePass.Contributors == contributions.Count
                && onePass.Sum == contributions.Aggregate(Int128.Zero, (t, c) => t + c.Value)
                && onePass.SumOfSquares == contributions.Aggregate(Int128.Zero, (s, c) => s + ((Int128)c.Value * c.Value))
                && onePass.Histogram.Sum() == contributions.Count
                && (contributions.Count == 0 || onePass.Max == contributions.Max(c => c.Value));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_two_largest_contributions_are_kept_with_their_contributors_for_dominance()
    {
        var cell = Fold([(1, 500), (2, 90_000), (3, 7_000), (4, 90_000)]);
        var first = Key(2) < Key(4) ? Key(2) : Key(4); // ties: the smaller key first, so merges are order-free
        Assert.Equal(new TopContribution(first, 90_000), cell.Largest);
        Assert.Equal(90_000, cell.SecondLargest!.Value.Value);
        Assert.Equal(500, cell.Min);
        Assert.Equal(new long[] { 1, 1, 2, 0 }, cell.Histogram.ToArray());
        Assert.Equal(187_500, cell.Sum);
    }

    [Fact]
    public void Sums_beyond_long_are_exact_and_shared_contributors_or_other_edges_cannot_be_merged()
    {
        const long Large = 3_000_000_000_000_000_000; // four of them exceed long; their squares still fit in Int128
        var big = CellAggregate.Empty;
        for (var i = 0; i < 4; i++)
        {
            big = big.Add(Key(i), Large);
        }

        Assert.Equal((Int128)Large * 4, big.Sum);
        Assert.Equal((Int128)Large * Large * 4, big.SumOfSquares);
        var self = Assert.Throws<SelfDataException>(() => big.Merge(big));
        Assert.Equal(TerritoryErrorCodes.AggregatesNotMergeable, self.Code);

        var shared = Assert.Throws<SelfDataException>(() => Zero.Add(Key(1), 5).Merge(Zero.Add(Key(1), 7)));
        Assert.Equal(TerritoryErrorCodes.AggregatesNotMergeable, shared.Code);
        var edges = Assert.Throws<SelfDataException>(() => Zero.Add(Key(1), 5).Merge(CellAggregate.Empty.Add(Key(2), 7)));
        Assert.Equal(TerritoryErrorCodes.AggregatesNotMergeable, edges.Code);
        Assert.Equal(TerritoryErrorCodes.InvalidHistogramEdges, CellAggregate.EmptyWithHistogram([5, 5]).Error!.Code);
    }

    [Fact]
    public void Sums_of_squares_beyond_Int128_are_refused()
    {
        // Each square is just under 2^126: two fit in Int128 (up to 2^127 - 1), three do not.
        var left = CellAggregate.Empty.Add(Key(1), long.MaxValue);
        var right = CellAggregate.Empty.Add(Key(2), long.MaxValue).Add(Key(3), long.MaxValue);
        var error = Assert.Throws<SelfDataException>(() => left.Merge(right));
        Assert.Equal(TerritoryErrorCodes.AggregateOverflow, error.Code);
    }

    [Fact]
    public void The_canonical_bytes_round_trip_and_match_the_golden_file()
    {
        var cell = Fold([(1, 500), (2, 90_000), (3, 7_000)]);
        var bytes = cell.ToBytes();
        Assert.Equal(cell, CellAggregate.FromBytes(bytes).Value);

        // The layout, read independently of the reader: version, count, sum (Int128), sum of squares (Int128), min, max.
        Assert.Equal(1, bytes[0]);
        Assert.Equal(3, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(1)));
        Assert.Equal(97_500, (long)BinaryPrimitives.ReadInt128LittleEndian(bytes.AsSpan(9)));
        Assert.Equal(500L * 500 + 90_000L * 90_000 + 7_000L * 7_000, (long)BinaryPrimitives.ReadInt128LittleEndian(bytes.AsSpan(25)));
        Assert.Equal(500, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(41)));
        Assert.Equal(90_000, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(49)));

        var golden = Path.Combine(AppContext.BaseDirectory, "TestData", "cell-aggregate-v1.hex");
        if (Environment.GetEnvironmentVariable("SELFDATA_WRITE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(RepositoryTests(), "TestData", "cell-aggregate-v1.hex"), Convert.ToHexString(bytes) + "\n");
            return;
        }

        Assert.Equal(File.ReadAllText(golden).Trim(), Convert.ToHexString(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("01")]
    public void Bytes_that_are_not_a_canonical_aggregate_are_refused(string hex)
    {
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, CellAggregate.FromBytes(Convert.FromHexString(hex)).Error!.Code);
        var bytes = Fold([(1, 500), (2, 90_000)]).ToBytes();
        bytes[1] = 9; // a count the histogram does not add up to
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, CellAggregate.FromBytes(bytes).Error!.Code);
        Assert.Equal(TerritoryErrorCodes.UnreadableAggregate, CellAggregate.FromBytes(bytes.AsSpan(0, 60)).Error!.Code);
    }

    [Fact]
    public void A_contributor_key_is_a_keyed_pseudonym_per_study()
    {
        var other = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(Key(1), ContributorKey.Derive(Secret, new SubjectId("person-1")));
        Assert.NotEqual(Key(1), ContributorKey.Derive(other, new SubjectId("person-1")));
        Assert.NotEqual(Key(1), Key(2));
        Assert.DoesNotContain("person", Key(1).ToString(), StringComparison.Ordinal);
        Assert.Equal(64, Key(1).ToString().Length);
        Assert.Throws<ArgumentException>(() => ContributorKey.Derive(new byte[16], new SubjectId("person-1")));
    }

    private static string RepositoryTests()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SelfData.Territory.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..");
    }
}
