using SelfData.Core;

namespace SelfData.Territory.Release;

/// <summary>A study's ledger as read: every cell released so far, and the version to append after.</summary>
/// <param name="Cells">The cells of earlier releases.</param>
/// <param name="Version">The number of releases appended; an append names it, so two concurrent releases cannot both land.</param>
public sealed record LedgerSnapshot(IReadOnlyList<LedgerCell> Cells, long Version);

/// <summary>
/// The release ledger of a study: every cell ever released, with its status and (when published) its value, so a
/// later release — next month, another geography — keeps suppressed what was suppressed, re-serves what was published,
/// and is audited together with everything already public.
/// </summary>
public interface IReleaseLedger
{
    /// <summary>Reads a study's ledger.</summary>
    /// <param name="study">The study.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The cells and the version.</returns>
    ValueTask<LedgerSnapshot> ReadAsync(string study, CancellationToken cancellationToken = default);

    /// <summary>Appends one release's new cells, atomically, if no other release landed since <paramref name="expectedVersion"/>.</summary>
    /// <param name="study">The study.</param>
    /// <param name="expectedVersion">The version read before the release was computed.</param>
    /// <param name="cells">The release's new cells.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the release is recorded.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.LedgerConflict"/> when another release landed first, or a cell is already in the ledger.</exception>
    ValueTask AppendAsync(string study, long expectedVersion, IReadOnlyList<LedgerCell> cells, CancellationToken cancellationToken = default);
}

/// <summary>A release ledger in memory, for tests and examples; a study's ledger must outlive the process (SQLite in <c>SelfData.Sqlite</c>).</summary>
public sealed class InMemoryReleaseLedger : IReleaseLedger
{
    private readonly Dictionary<string, (List<LedgerCell> Cells, long Version)> _studies = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<LedgerSnapshot> ReadAsync(string study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_studies)
        {
            return ValueTask.FromResult(_studies.TryGetValue(study, out var s) ? new LedgerSnapshot([.. s.Cells], s.Version) : new LedgerSnapshot([], 0));
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(string study, long expectedVersion, IReadOnlyList<LedgerCell> cells, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(cells);
        lock (_studies)
        {
            var current = _studies.TryGetValue(study, out var s) ? s : ([], 0);
            if (current.Version != expectedVersion)
            {
                return ValueTask.FromException(new SelfDataException(TerritoryErrorCodes.LedgerConflict, $"Another release of '{UntrustedText.Escape(study)}' landed first (version {current.Version}, expected {expectedVersion}): compute the release again."));
            }

            var keys = new HashSet<string>(current.Cells.Select(c => c.FormKey), StringComparer.Ordinal);
            if (cells.FirstOrDefault(c => !keys.Add(c.FormKey)) is { } duplicate)
            {
                return ValueTask.FromException(new SelfDataException(TerritoryErrorCodes.LedgerConflict, $"The cell ({UntrustedText.Escape(duplicate.Area)}, {UntrustedText.Escape(duplicate.Period)}) is already in the ledger."));
            }

            _studies[study] = ([.. current.Cells, .. cells], current.Version + 1);
        }

        return ValueTask.CompletedTask;
    }
}
