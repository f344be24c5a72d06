using System.Collections.Immutable;
using SelfData.Territory.Secrecy;

namespace SelfData.Territory.Release;

/// <summary>
/// A cell of an earlier release as the release ledger keeps it: its area, its period and the months that period
/// covered when it was released (a year released in March covers three months), its status, and — only when it was
/// published — its contributor count and value, re-served as they were.
/// </summary>
/// <param name="Area">The area's code.</param>
/// <param name="Period">The period's code (<c>YYYY-MM</c> or <c>YYYY</c>).</param>
/// <param name="Months">The months the value covered, in order.</param>
/// <param name="Status">The status it was released with.</param>
/// <param name="Fingerprint">SHA-256 (hex) of the cell's aggregate when released: a later release with other data for the same cell is a revision, refused.</param>
/// <param name="Contributors">The published contributor count, or <see langword="null"/>.</param>
/// <param name="Value">The published value (noisy when released with differential privacy), or <see langword="null"/>.</param>
public sealed record LedgerCell(string Area, string Period, ImmutableArray<string> Months, CellStatus Status, string Fingerprint, long? Contributors = null, Int128? Value = null)
{
    /// <summary>Gets a value indicating whether the cell's value is public: published, or known empty.</summary>
    public bool IsPublic => Status is CellStatus.Published or CellStatus.Empty;

    /// <summary>Gets the key that identifies the quantity the cell released: its area and the months it covered.</summary>
    public string FormKey => Key(Area, Months);

    /// <summary>Gets the fingerprint of an aggregate: SHA-256 of its canonical bytes, in lowercase hex.</summary>
    /// <param name="aggregate">The cell's aggregate.</param>
    /// <returns>The fingerprint.</returns>
    public static string FingerprintOf(SelfData.Territory.Aggregation.CellAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(aggregate.ToBytes())).ToLowerInvariant();
    }

    internal static string Key(string area, IEnumerable<string> months) => area + "|" + string.Join(",", months);
}
