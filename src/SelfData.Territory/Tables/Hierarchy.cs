using System.Collections.Immutable;
using System.Globalization;
using SelfData.Core;
using SelfData.Territory.Geography;

namespace SelfData.Territory.Tables;

/// <summary>
/// One dimension of a territorial table: nodes named by codes, each with at most one parent, whose leaves receive
/// contributions and whose other nodes are margins (the sum of their children). Areas (IRIS → commune → total, or
/// grid cell → IRIS → …, from a table the caller supplies) and periods (months → year) are both hierarchies.
/// </summary>
/// <remarks>Immutable. Nodes are numbered 0…<see cref="Count"/>−1 in a stable order: the order of <see cref="Create"/>'s input, parents added after.</remarks>
public sealed class Hierarchy
{
    private readonly ImmutableArray<string> _codes;
    private readonly int[] _parents;
    private readonly int[][] _children;
    private readonly int[][] _ancestors;
    private readonly int[][] _leavesUnder;
    private readonly Dictionary<string, int> _index;

    private Hierarchy(List<string> codes, int[] parents)
    {
        _codes = [.. codes];
        _parents = parents;
        _index = new Dictionary<string, int>(codes.Count, StringComparer.Ordinal);
        for (var i = 0; i < codes.Count; i++)
        {
            _index[codes[i]] = i;
        }

        var children = new List<int>[codes.Count];
        for (var i = 0; i < codes.Count; i++)
        {
            children[i] = [];
        }

        for (var i = 0; i < codes.Count; i++)
        {
            if (parents[i] >= 0)
            {
                children[parents[i]].Add(i);
            }
        }

        _children = [.. children.Select(c => c.ToArray())];
        _ancestors = new int[codes.Count][];
        for (var i = 0; i < codes.Count; i++)
        {
            var chain = new List<int>(4);
            for (var n = i; n >= 0; n = parents[n])
            {
                chain.Add(n);
            }

            _ancestors[i] = [.. chain];
        }

        Leaves = [.. Enumerable.Range(0, codes.Count).Where(i => _children[i].Length == 0)];
        var under = Enumerable.Range(0, codes.Count).Select(_ => new List<int>()).ToArray();
        foreach (var leaf in Leaves)
        {
            foreach (var ancestor in _ancestors[leaf])
            {
                under[ancestor].Add(leaf);
            }
        }

        _leavesUnder = [.. under.Select(l => l.ToArray())];
    }

    /// <summary>Gets the number of nodes.</summary>
    public int Count => _codes.Length;

    /// <summary>Gets the nodes' codes, by index.</summary>
    public ImmutableArray<string> Codes => _codes;

    /// <summary>Gets the indexes of the leaves: the nodes contributions go to.</summary>
    public ImmutableArray<int> Leaves { get; }

    /// <summary>
    /// Creates a hierarchy from each node's parent (<see langword="null"/> for a root). A parent that is not itself
    /// listed becomes a root.
    /// </summary>
    /// <param name="parents">Pairs of (node, parent).</param>
    /// <returns>The hierarchy, or an <see cref="TerritoryErrorCodes.InvalidHierarchy"/> error naming the node (listed twice, its own ancestor, or an empty code).</returns>
    public static ParseResult<Hierarchy> Create(IEnumerable<KeyValuePair<string, string?>> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        var codes = new List<string>();
        var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (node, parent) in parents)
        {
            if (string.IsNullOrEmpty(node) || parent is { Length: 0 })
            {
                return ParseResult.ForError<Hierarchy>(TerritoryErrorCodes.InvalidHierarchy, "A node or parent code is empty.");
            }

            if (!parentOf.TryAdd(node, parent))
            {
                return ParseResult.ForError<Hierarchy>(TerritoryErrorCodes.InvalidHierarchy, $"The node '{UntrustedText.Escape(node)}' is listed twice.");
            }

            codes.Add(node);
        }

        foreach (var parent in codes.Select(c => parentOf[c]).ToList())
        {
            if (parent is not null && parentOf.TryAdd(parent, null))
            {
                codes.Add(parent);
            }
        }

        var index = new Dictionary<string, int>(codes.Count, StringComparer.Ordinal);
        for (var i = 0; i < codes.Count; i++)
        {
            index[codes[i]] = i;
        }

        var parentIndexes = new int[codes.Count];
        for (var i = 0; i < codes.Count; i++)
        {
            parentIndexes[i] = parentOf[codes[i]] is { } p ? index[p] : -1;
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var steps = 0;
            for (var n = parentIndexes[i]; n >= 0; n = parentIndexes[n])
            {
                if (n == i || ++steps > codes.Count)
                {
                    return ParseResult.ForError<Hierarchy>(TerritoryErrorCodes.InvalidHierarchy, $"The node '{UntrustedText.Escape(codes[i])}' is its own ancestor.");
                }
            }
        }

        return ParseResult.ForValue(new Hierarchy(codes, parentIndexes));
    }

    /// <summary>The period hierarchy of months (<c>YYYY-MM</c>) under their years (<c>YYYY</c>), months in calendar order.</summary>
    /// <param name="months">The months, in any order; duplicates are ignored.</param>
    /// <returns>The hierarchy, or an <see cref="TerritoryErrorCodes.InvalidPeriod"/> error naming the first period that is not a month.</returns>
    public static ParseResult<Hierarchy> Months(IEnumerable<string> months)
    {
        ArgumentNullException.ThrowIfNull(months);
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var month in months)
        {
            if (!IsMonth(month))
            {
                return ParseResult.ForError<Hierarchy>(TerritoryErrorCodes.InvalidPeriod, $"The period '{UntrustedText.Escape(month ?? string.Empty)}' is not a month (YYYY-MM).");
            }

            set.Add(month);
        }

        return Create(set.Select(m => new KeyValuePair<string, string?>(m, m[..4])));
    }

    /// <summary>
    /// The area hierarchy of French codes: IRIS (nine characters) under their commune, communes (five characters)
    /// under <paramref name="total"/>. A commune is a leaf when no IRIS of it is listed; a study is at one level per commune.
    /// </summary>
    /// <param name="areas">IRIS and commune codes, in any order; duplicates are ignored.</param>
    /// <param name="total">The code of the whole territory.</param>
    /// <returns>The hierarchy, or an <see cref="TerritoryErrorCodes.InvalidIrisCode"/> / <see cref="TerritoryErrorCodes.InvalidCommuneCode"/> error naming the code.</returns>
    public static ParseResult<Hierarchy> IrisCommunes(IEnumerable<string> areas, string total = "total")
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentException.ThrowIfNullOrEmpty(total);
        var iris = new SortedSet<string>(StringComparer.Ordinal);
        var communes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var area in areas)
        {
            if (area is { Length: 9 })
            {
                var parsed = IrisCode.Parse(area);
                if (!parsed.Success)
                {
                    return ParseResult.ForError<Hierarchy>(parsed.Error!);
                }

                iris.Add(area);
                communes.Add(area[..5]);
            }
            else
            {
                var parsed = CommuneCode.Parse(area ?? string.Empty);
                if (!parsed.Success)
                {
                    return ParseResult.ForError<Hierarchy>(parsed.Error!);
                }

                communes.Add(area!);
            }
        }

        var nodes = iris.Select(i => new KeyValuePair<string, string?>(i, i[..5]))
            .Concat(communes.Select(c => new KeyValuePair<string, string?>(c, total)));
        return Create(nodes);
    }

    /// <summary>Gets the index of a code.</summary>
    /// <param name="code">The code.</param>
    /// <param name="index">The index, when found.</param>
    /// <returns><see langword="true"/> when the hierarchy has the code.</returns>
    public bool TryGetIndex(string code, out int index) => _index.TryGetValue(code, out index);

    /// <summary>Gets a node's parent, or −1 for a root.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>The parent's index, or −1.</returns>
    public int Parent(int node) => _parents[node];

    /// <summary>Gets a node's children.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>The children's indexes; empty for a leaf.</returns>
    public ReadOnlySpan<int> Children(int node) => _children[node];

    /// <summary>Gets a node and its ancestors, the node first, its root last.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>The chain.</returns>
    public ReadOnlySpan<int> SelfAndAncestors(int node) => _ancestors[node];

    /// <summary>Gets a value indicating whether a node is a leaf.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns><see langword="true"/> when it has no child.</returns>
    public bool IsLeaf(int node) => _children[node].Length == 0;

    /// <summary>Gets the leaves under a node (the node itself for a leaf), in index order.</summary>
    /// <param name="node">The node's index.</param>
    /// <returns>The leaves.</returns>
    public IReadOnlyList<int> LeavesUnder(int node) => _leavesUnder[node];

    /// <summary>Gets a value indicating whether two hierarchies have the same codes and parents.</summary>
    /// <param name="other">The other hierarchy.</param>
    /// <returns><see langword="true"/> when they are the same hierarchy.</returns>
    public bool SameAs(Hierarchy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) || (_codes.SequenceEqual(other._codes, StringComparer.Ordinal) && _parents.AsSpan().SequenceEqual(other._parents));
    }

    private static bool IsMonth(string? s) =>
        s is { Length: 7 } && s[4] == '-' && DateTime.TryParseExact(s, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
