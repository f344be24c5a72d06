using System.Collections.Immutable;
using System.Numerics;
using SelfData.Core;
using SelfData.Territory.Privacy;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Territory.Release;

/// <summary>A cell as released: only a published (<c>V</c>) cell carries its contributor count and value.</summary>
/// <param name="Area">The area's code (an IRIS, a commune, the territory…).</param>
/// <param name="Period">The period's code (<c>YYYY-MM</c> or <c>YYYY</c>).</param>
/// <param name="Status">The status.</param>
/// <param name="Contributors">The number of contributors, for a published cell only (noisy with differential privacy).</param>
/// <param name="Value">The value, for a published cell only (noisy with differential privacy).</param>
public sealed record ReleasedCell(string Area, string Period, CellStatus Status, long? Contributors = null, Int128? Value = null)
{
    /// <summary>
    /// Gets the status letter: <c>V</c> published, <c>A</c> frequency, <c>B</c> dominance, <c>D</c> secondary. An empty
    /// cell is <c>A</c> too (fewer than k contributors: none); suppression and the audit assume an attacker knows it is empty.
    /// </summary>
    public string StatusCode => Status switch
    {
        CellStatus.Published => "V",
        CellStatus.Frequency => "A",
        CellStatus.Dominance => "B",
        CellStatus.Secondary => "D",
        _ => "A",
    };
}

/// <summary>A table ready to publish: its cells, the audit it passed, and the cells to append to the ledger.</summary>
/// <param name="Cells">Every cell of the table, margins included, area by area and period by period.</param>
/// <param name="Audit">The auditor's report (passed).</param>
/// <param name="NewLedgerCells">The cells no earlier release held, to append to the ledger once published.</param>
/// <param name="NoiseDrawn">Whether new noise was drawn (the release spends its ε); <see langword="false"/> without noise or when every published value is re-served.</param>
public sealed record TableRelease(IReadOnlyList<ReleasedCell> Cells, AuditReport Audit, IReadOnlyList<LedgerCell> NewLedgerCells, bool NoiseDrawn);

/// <summary>
/// Differential privacy for a release: discrete Laplace noise on every published count and value, ε split evenly
/// between the two, with the sensitivity the contribution bounds give.
/// </summary>
/// <param name="Epsilon">The ε a release spends, positive.</param>
/// <param name="MaxCellsPerContributor">L0: the most leaf cells one contributor reaches (the bounder's limit).</param>
/// <param name="MaxValue">U: the largest value of one contribution to a leaf cell (the bounder's clamp).</param>
public sealed record NoiseOptions(decimal Epsilon, int MaxCellsPerContributor, long MaxValue)
{
    /// <summary>Gets the sampler; a cryptographic generator by default.</summary>
    public DiscreteNoise Sampler { get; init; } = new();
}

/// <summary>How a table is released.</summary>
/// <param name="Rules">The primary secrecy rules.</param>
public sealed record ReleaseOptions(SecrecyRules Rules)
{
    /// <summary>Gets the differential-privacy noise, or <see langword="null"/> for exact values.</summary>
    public NoiseOptions? Noise { get; init; }
}

/// <summary>
/// Turns an aggregate table into a release: primary rules, consistency with the ledger's earlier releases, secondary
/// suppression, the independent audit (which blocks the release when any suppressed cell — this release's or an
/// earlier one's — can be recomputed), and optional differential-privacy noise on what is published.
/// </summary>
public static class TableReleaser
{
    /// <summary>Releases a table under secrecy rules, consistently with earlier releases.</summary>
    /// <param name="table">The aggregate table.</param>
    /// <param name="rules">The primary rules.</param>
    /// <param name="earlier">The ledger's cells of earlier releases of the same study, or <see langword="null"/>.</param>
    /// <returns>The release, or an error (see <see cref="Release(AggregateTable, ReleaseOptions, IReadOnlyList{LedgerCell}?)"/>).</returns>
    public static ParseResult<TableRelease> Release(AggregateTable table, SecrecyRules rules, IReadOnlyList<LedgerCell>? earlier = null) =>
        Release(table, new ReleaseOptions(rules), earlier);

    /// <summary>Releases a table, consistently with earlier releases.</summary>
    /// <param name="table">The aggregate table.</param>
    /// <param name="options">The rules, and the noise if any.</param>
    /// <param name="earlier">The ledger's cells of earlier releases of the same study, or <see langword="null"/>.</param>
    /// <returns>
    /// The release, or an error: <see cref="TerritoryErrorCodes.LedgerConflict"/> when a cell released before would be
    /// released with other data (a revision lets the difference be computed) or an area of the ledger is missing from
    /// the table's hierarchy; <see cref="TerritoryErrorCodes.ReleaseNotProtected"/> when the audit finds a recomputable
    /// cell; <see cref="TerritoryErrorCodes.InvalidNoise"/> when the noise's bounds are not positive or a leaf holds a contribution above U.
    /// </returns>
    public static ParseResult<TableRelease> Release(AggregateTable table, ReleaseOptions options, IReadOnlyList<LedgerCell>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        earlier ??= [];
        var areas = table.Areas;
        var periods = table.Periods;
        if (earlier.FirstOrDefault(c => !areas.TryGetIndex(c.Area, out _)) is { } stranger)
        {
            return Error(TerritoryErrorCodes.LedgerConflict, $"The ledger's area '{UntrustedText.Escape(stranger.Area)}' is not in this release's area hierarchy: give a hierarchy that holds every geography released so far.");
        }

        if (options.Noise is { } check && NoiseProblem(table, check) is { } problem)
        {
            return Error(TerritoryErrorCodes.InvalidNoise, problem);
        }

        var ledger = new Dictionary<string, LedgerCell>(StringComparer.Ordinal);
        foreach (var cell in earlier)
        {
            ledger.TryAdd(cell.FormKey, cell);
        }

        var months = new ImmutableArray<string>[periods.Count];
        for (var p = 0; p < periods.Count; p++)
        {
            months[p] = [.. periods.LeavesUnder(p).Select(l => periods.Codes[l])];
        }

        var count = table.Count;
        var statuses = new CellStatus[count];
        var values = new Int128[count];
        var fingerprints = new string[count];
        var before = new LedgerCell?[count];
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < periods.Count; p++)
            {
                var index = (a * periods.Count) + p;
                var aggregate = table[a, p];
                values[index] = aggregate.Sum;
                fingerprints[index] = LedgerCell.FingerprintOf(aggregate);
                var status = options.Rules.Classify(aggregate);
                if (ledger.TryGetValue(LedgerCell.Key(areas.Codes[a], months[p]), out var earlierCell))
                {
                    before[index] = earlierCell;
                    if (earlierCell.IsPublic && earlierCell.Fingerprint != fingerprints[index])
                    {
                        return Error(
                            TerritoryErrorCodes.LedgerConflict,
                            $"The cell ({UntrustedText.Escape(areas.Codes[a])}, {UntrustedText.Escape(periods.Codes[p])}) was released before with other data: a revision of a released cell lets the difference be computed. Release new periods, not revisions.");
                    }

                    status = earlierCell.IsPublic ? earlierCell.Status : status == CellStatus.Published ? CellStatus.Secondary : status;
                }

                statuses[index] = status;
            }
        }

        var suppressed = SecondarySuppressor.Suppress(areas, periods, statuses, values, earlier);
        if (!suppressed.Success)
        {
            return ParseResult.ForError<TableRelease>(suppressed.Error!);
        }

        var final = suppressed.Value;
        var audit = SecrecyAuditor.Audit(areas, periods, final, earlier);
        if (!audit.Passed)
        {
            var first = audit.Findings[0];
            return Error(
                TerritoryErrorCodes.ReleaseNotProtected,
                $"The audit blocks the release: {audit.Findings.Count} suppressed cell(s) can be recomputed, the first ({UntrustedText.Escape(first.Area)}, {UntrustedText.Escape(first.Period)}){(first.Earlier ? " from an earlier release" : string.Empty)}.");
        }

        var scales = options.Noise is { } n ? Scales(areas, periods, n) : default;
        var cells = new List<ReleasedCell>(count);
        var appended = new List<LedgerCell>();
        var drew = false;
        for (var a = 0; a < areas.Count; a++)
        {
            for (var p = 0; p < periods.Count; p++)
            {
                var index = (a * periods.Count) + p;
                var aggregate = table[a, p];
                var status = final[index];
                long? contributors = null;
                Int128? value = null;
                var key = LedgerCell.Key(areas.Codes[a], months[p]);
                if (before[index] is { IsPublic: true } served)
                {
                    (contributors, value) = (served.Contributors, served.Value);
                }
                else if (status == CellStatus.Published && ledger.TryGetValue(key, out var same) && same.Status == CellStatus.Published)
                {
                    // Another cell of this release is the same quantity (a year of one month, a commune of one IRIS): one draw for both.
                    (contributors, value) = (same.Contributors, same.Value);
                }
                else if (status == CellStatus.Published)
                {
                    (contributors, value) = (aggregate.Contributors, aggregate.Sum);
                    if (options.Noise is { } noise)
                    {
                        contributors = (long)BigInteger.Max(0, aggregate.Contributors + noise.Sampler.Laplace(scales.Count, scales.Denominator));
                        value = (Int128)BigInteger.Max(0, (BigInteger)aggregate.Sum + noise.Sampler.Laplace(scales.Value, scales.Denominator));
                        drew = true;
                    }
                }

                cells.Add(new ReleasedCell(areas.Codes[a], periods.Codes[p], status, contributors, value));
                if (before[index] is null && !ledger.ContainsKey(key))
                {
                    var cell = new LedgerCell(areas.Codes[a], periods.Codes[p], months[p], status, fingerprints[index], contributors, value);
                    ledger[key] = cell;
                    appended.Add(cell);
                }
            }
        }

        return ParseResult.ForValue(new TableRelease(cells, audit, appended, drew));
    }

    /// <summary>Releases a table against a persisted ledger (and budget, with noise): read, release, spend, append.</summary>
    /// <param name="table">The aggregate table.</param>
    /// <param name="options">The rules, and the noise if any.</param>
    /// <param name="study">The study the ledger and budget are kept for.</param>
    /// <param name="ledger">The study's release ledger.</param>
    /// <param name="budget">The study's privacy budget; required with noise.</param>
    /// <param name="totalBudget">The study's total ε; required with noise.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The release, recorded in the ledger, or the error of <see cref="Release(AggregateTable, ReleaseOptions, IReadOnlyList{LedgerCell}?)"/>.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.BudgetExhausted"/>, or <see cref="TerritoryErrorCodes.LedgerConflict"/> when another release landed first.</exception>
    public static async ValueTask<ParseResult<TableRelease>> ReleaseAsync(AggregateTable table, ReleaseOptions options, string study, IReleaseLedger ledger, IPrivacyBudget? budget = null, decimal? totalBudget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ledger);
        if (options.Noise is not null && (budget is null || totalBudget is null))
        {
            throw new ArgumentException("A release with noise needs a privacy budget and its total.", nameof(budget));
        }

        var snapshot = await ledger.ReadAsync(study, cancellationToken).ConfigureAwait(false);
        var release = Release(table, options, snapshot.Cells);
        if (!release.Success)
        {
            return release;
        }

        if (release.Value.NoiseDrawn)
        {
            await budget!.SpendAsync(study, options.Noise!.Epsilon, totalBudget!.Value, cancellationToken).ConfigureAwait(false);
        }

        if (release.Value.NewLedgerCells.Count > 0)
        {
            // Nothing new (a table released again) publishes only what is already public: no append, no version.
            await ledger.AppendAsync(study, snapshot.Version, release.Value.NewLedgerCells, cancellationToken).ConfigureAwait(false);
        }
        return release;
    }

    /// <summary>The Laplace scales of counts and values, over one denominator: σ = Δ / (ε / 2) = 2Δ / ε.</summary>
    private static (BigInteger Count, BigInteger Value, BigInteger Denominator) Scales(Hierarchy areas, Hierarchy periods, NoiseOptions noise)
    {
        // A contributor reaches at most L0 leaves, and each leaf is in (area depth) × (period depth) cells.
        var depth = (BigInteger)areas.Leaves.Max(l => areas.SelfAndAncestors(l).Length) * periods.Leaves.Max(l => periods.SelfAndAncestors(l).Length);
        var countSensitivity = noise.MaxCellsPerContributor * depth;
        var valueSensitivity = countSensitivity * noise.MaxValue;
        var (numerator, denominator) = Rational(noise.Epsilon);
        return (2 * countSensitivity * denominator, 2 * valueSensitivity * denominator, numerator);
    }

    /// <summary>A decimal as an exact fraction: its 96-bit mantissa over 10 to its scale.</summary>
    internal static (BigInteger Numerator, BigInteger Denominator) Rational(decimal value)
    {
        var bits = decimal.GetBits(value);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return (bits[3] < 0 ? -mantissa : mantissa, BigInteger.Pow(10, scale));
    }

    private static string? NoiseProblem(AggregateTable table, NoiseOptions noise)
    {
        if (noise.Epsilon <= 0 || noise.MaxCellsPerContributor <= 0 || noise.MaxValue <= 0)
        {
            return "Noise needs ε, L0 and U positive.";
        }

        foreach (var a in table.Areas.Leaves)
        {
            foreach (var p in table.Periods.Leaves)
            {
                if (table[a, p].Max > noise.MaxValue)
                {
                    return $"The cell ({UntrustedText.Escape(table.Areas.Codes[a])}, {UntrustedText.Escape(table.Periods.Codes[p])}) holds a contribution above U = {noise.MaxValue}: bound contributions (ContributionBounder) before a release with noise.";
                }
            }
        }

        return null;
    }

    private static ParseResult<TableRelease> Error(string code, string message) => ParseResult.ForError<TableRelease>(code, message);
}
