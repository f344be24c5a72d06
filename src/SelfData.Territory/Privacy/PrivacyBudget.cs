using SelfData.Core;

namespace SelfData.Territory.Privacy;

/// <summary>
/// A study's differential-privacy budget, persisted: each release with noise spends its ε, and a release that would
/// take the total beyond the study's budget is refused. Amounts are decimals, added exactly.
/// </summary>
public interface IPrivacyBudget
{
    /// <summary>Spends ε of a study's budget, atomically.</summary>
    /// <param name="study">The study.</param>
    /// <param name="epsilon">The ε to spend, positive.</param>
    /// <param name="total">The study's total budget; recorded on first use, and must not change after.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What remains after spending.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.BudgetExhausted"/> when ε is more than what remains (nothing is spent); <see cref="TerritoryErrorCodes.InvalidNoise"/> for another total than the recorded one.</exception>
    ValueTask<decimal> SpendAsync(string study, decimal epsilon, decimal total, CancellationToken cancellationToken = default);

    /// <summary>Gets what a study has spent.</summary>
    /// <param name="study">The study.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ε spent so far, 0 for a new study.</returns>
    ValueTask<decimal> SpentAsync(string study, CancellationToken cancellationToken = default);
}

/// <summary>A privacy budget in memory, for tests and a single process that keeps no history; use a persisted one in production.</summary>
public sealed class InMemoryPrivacyBudget : IPrivacyBudget
{
    private readonly Dictionary<string, (decimal Total, decimal Spent)> _studies = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<decimal> SpendAsync(string study, decimal epsilon, decimal total, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_studies)
        {
            var current = _studies.TryGetValue(study, out var found) ? found : (Total: total, Spent: 0m);
            try
            {
                var remaining = PrivacyBudgets.Check(study, epsilon, total, current.Total, current.Spent);
                _studies[study] = (current.Total, current.Spent + epsilon);
                return ValueTask.FromResult(remaining);
            }
            catch (SelfDataException e)
            {
                return ValueTask.FromException<decimal>(e);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<decimal> SpentAsync(string study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_studies)
        {
            return ValueTask.FromResult(_studies.TryGetValue(study, out var found) ? found.Spent : 0m);
        }
    }
}

/// <summary>The rule every budget store applies.</summary>
public static class PrivacyBudgets
{
    /// <summary>Checks a spend against a study's recorded total and what it has spent.</summary>
    /// <param name="study">The study, for messages.</param>
    /// <param name="epsilon">The ε to spend.</param>
    /// <param name="total">The total the caller gives.</param>
    /// <param name="recordedTotal">The total recorded for the study.</param>
    /// <param name="spent">What the study has spent.</param>
    /// <returns>What remains after the spend.</returns>
    /// <exception cref="SelfDataException"><see cref="TerritoryErrorCodes.InvalidNoise"/> or <see cref="TerritoryErrorCodes.BudgetExhausted"/>.</exception>
    public static decimal Check(string study, decimal epsilon, decimal total, decimal recordedTotal, decimal spent)
    {
        if (epsilon <= 0 || total <= 0)
        {
            throw new SelfDataException(TerritoryErrorCodes.InvalidNoise, "ε and the total budget are positive.");
        }

        if (total != recordedTotal)
        {
            throw new SelfDataException(TerritoryErrorCodes.InvalidNoise, $"The study '{UntrustedText.Escape(study)}' has a total budget of {recordedTotal}, not {total}: a budget is set once.");
        }

        if (spent + epsilon > recordedTotal)
        {
            throw new SelfDataException(TerritoryErrorCodes.BudgetExhausted, $"The study '{UntrustedText.Escape(study)}' has spent ε = {spent} of {recordedTotal}: a release of ε = {epsilon} would exceed it, and is refused.");
        }

        return recordedTotal - spent - epsilon;
    }
}
