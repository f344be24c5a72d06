using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SelfData.Core;
using SelfData.Territory.Aggregation;

namespace SelfData.Territory.Tables;

/// <summary>
/// Every cell of an area × period table, margins included, as <see cref="CellAggregate"/>s: what
/// <see cref="TableAggregator"/> produces and what secrecy and release work on. Immutable; tables of shards merge
/// cell by cell into the table of one pass.
/// </summary>
public sealed class AggregateTable
{
    private readonly CellAggregate[] _cells;

    internal AggregateTable(Hierarchy areas, Hierarchy periods, CellAggregate[] cells)
    {
        Areas = areas;
        Periods = periods;
        _cells = cells;
    }

    /// <summary>Gets the area hierarchy.</summary>
    public Hierarchy Areas { get; }

    /// <summary>Gets the period hierarchy.</summary>
    public Hierarchy Periods { get; }

    /// <summary>Gets the number of cells: areas × periods.</summary>
    public int Count => _cells.Length;

    /// <summary>Gets a cell by its area and period indexes.</summary>
    /// <param name="area">The area's index.</param>
    /// <param name="period">The period's index.</param>
    /// <returns>The cell's aggregate.</returns>
    public CellAggregate this[int area, int period] => _cells[(area * Periods.Count) + period];

    /// <summary>Gets a cell by its area and period codes.</summary>
    /// <param name="area">The area's code.</param>
    /// <param name="period">The period's code.</param>
    /// <returns>The cell's aggregate.</returns>
    /// <exception cref="KeyNotFoundException">A code is not in the hierarchies.</exception>
    public CellAggregate Cell(string area, string period) =>
        Areas.TryGetIndex(area, out var a) && Periods.TryGetIndex(period, out var p) ? this[a, p] : throw new KeyNotFoundException("No such cell.");

    /// <summary>Merges the table of another shard: same hierarchies, disjoint contributors.</summary>
    /// <param name="other">The other table.</param>
    /// <returns>The merged table.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.AggregatesNotMergeable"/> for other hierarchies, edges or a shared contributor; <see cref="TerritoryErrorCodes.AggregateOverflow"/>.</exception>
    public AggregateTable Merge(AggregateTable other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Areas.SameAs(other.Areas) || !Periods.SameAs(other.Periods))
        {
            throw new SelfDataException(TerritoryErrorCodes.AggregatesNotMergeable, "The tables have different area or period hierarchies.");
        }

        var cells = new CellAggregate[_cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = _cells[i].Merge(other._cells[i]);
        }

        return new AggregateTable(Areas, Periods, cells);
    }

    /// <summary>The version byte of the serialisation <see cref="ToBytes"/> writes.</summary>
    public const byte FormatVersion = 1;

    /// <summary>
    /// Writes the canonical serialisation: the version, the SHA-256 of the two hierarchies' codes and parents (so bytes
    /// are never read against another table), then every cell's <see cref="CellAggregate.ToBytes"/> with its length.
    /// Equal tables have equal bytes; shards' partials are stored and compared this way.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var cells = _cells.Select(c => c.ToBytes()).ToList();
        var buffer = new byte[1 + 32 + 4 + cells.Sum(c => 4 + c.Length)];
        buffer[0] = FormatVersion;
        ShapeHash(Areas, Periods).CopyTo(buffer.AsSpan(1));
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(33), cells.Count);
        var at = 37;
        foreach (var cell in cells)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), cell.Length);
            cell.CopyTo(buffer.AsSpan(at + 4));
            at += 4 + cell.Length;
        }

        return buffer;
    }

    /// <summary>Reads a table written by <see cref="ToBytes"/> for the same hierarchies.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="areas">The area hierarchy the table was written with.</param>
    /// <param name="periods">The period hierarchy.</param>
    /// <returns>The table, or an <see cref="TerritoryErrorCodes.UnreadableAggregate"/> error (another version, other hierarchies, truncated or not canonical).</returns>
    public static ParseResult<AggregateTable> FromBytes(ReadOnlySpan<byte> bytes, Hierarchy areas, Hierarchy periods)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(periods);
        var count = areas.Count * periods.Count;
        if (bytes.Length < 37 || bytes[0] != FormatVersion)
        {
            return Unreadable("it does not start with version " + FormatVersion + ".");
        }

        if (!bytes.Slice(1, 32).SequenceEqual(ShapeHash(areas, periods)))
        {
            return Unreadable("it was written for other hierarchies.");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(bytes[33..]) != count)
        {
            return Unreadable("its number of cells does not match the hierarchies.");
        }

        var cells = new CellAggregate[count];
        var at = 37;
        for (var i = 0; i < count; i++)
        {
            if (at + 4 > bytes.Length)
            {
                return Unreadable("it is truncated.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            if (length < 0 || at + 4 + length > bytes.Length)
            {
                return Unreadable("it is truncated.");
            }

            var cell = CellAggregate.FromBytes(bytes.Slice(at + 4, length));
            if (!cell.Success)
            {
                return ParseResult.ForError<AggregateTable>(cell.Error!);
            }

            cells[i] = cell.Value;
            at += 4 + length;
        }

        return at == bytes.Length ? ParseResult.ForValue(new AggregateTable(areas, periods, cells)) : Unreadable("it has bytes after its last cell.");
    }

    private static byte[] ShapeHash(Hierarchy areas, Hierarchy periods)
    {
        var text = new StringBuilder();
        foreach (var hierarchy in new[] { areas, periods })
        {
            for (var i = 0; i < hierarchy.Count; i++)
            {
                var parent = hierarchy.Parent(i);
                text.Append(hierarchy.Codes[i]).Append('\u001f').Append(parent < 0 ? string.Empty : hierarchy.Codes[parent]).Append('\u001e');
            }

            text.Append('\u001d');
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static ParseResult<AggregateTable> Unreadable(string why) =>
        ParseResult.ForError<AggregateTable>(TerritoryErrorCodes.UnreadableAggregate, "The bytes are not a serialised aggregate table: " + why);
}
