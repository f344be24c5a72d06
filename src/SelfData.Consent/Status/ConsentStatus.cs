namespace SelfData.Consent;

/// <summary>Represents the state of a consent (MyData consent status records use the same three states).</summary>
public enum ConsentStatus
{
    /// <summary>Processing is allowed.</summary>
    Active = 0,

    /// <summary>Processing is temporarily not allowed; the consent can be re-activated.</summary>
    Disabled = 1,

    /// <summary>The consent was withdrawn for good; a new consent is needed.</summary>
    Withdrawn = 2,
}

/// <summary>Represents a change of a consent's status, as recorded by an <see cref="IConsentStatusStore"/>.</summary>
public sealed class ConsentStatusChange
{
    /// <summary>Initializes a new instance of the <see cref="ConsentStatusChange"/> class.</summary>
    /// <param name="consentId">The consent id (a MyData <c>cr_id</c>, or the consent or grant id of an OAuth token).</param>
    /// <param name="status">The new status.</param>
    /// <param name="changedAt">When the status changed.</param>
    /// <param name="recordId">The id of the status record that carried the change (a MyData CSR <c>record_id</c>), if any.</param>
    /// <exception cref="ArgumentException"><paramref name="consentId"/> is null or empty.</exception>
    public ConsentStatusChange(string consentId, ConsentStatus status, DateTimeOffset changedAt, string? recordId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(consentId);
        ConsentId = consentId;
        Status = status;
        ChangedAt = changedAt;
        RecordId = recordId;
    }

    /// <summary>Gets the consent id.</summary>
    public string ConsentId { get; }

    /// <summary>Gets the status.</summary>
    public ConsentStatus Status { get; }

    /// <summary>Gets when the status changed.</summary>
    public DateTimeOffset ChangedAt { get; }

    /// <summary>Gets the id of the status record that carried the change, or <see langword="null"/>.</summary>
    public string? RecordId { get; }

    /// <summary>Merges a recorded change with a new one: a withdrawal is final; otherwise the later change wins.</summary>
    /// <param name="recorded">The change already recorded, or <see langword="null"/>.</param>
    /// <param name="incoming">The new change.</param>
    /// <returns>The change to keep.</returns>
    internal static ConsentStatusChange Merge(ConsentStatusChange? recorded, ConsentStatusChange incoming)
    {
        if (recorded is null)
        {
            return incoming;
        }

        if (recorded.Status == ConsentStatus.Withdrawn)
        {
            return recorded;
        }

        return incoming.Status == ConsentStatus.Withdrawn || incoming.ChangedAt >= recorded.ChangedAt ? incoming : recorded;
    }
}

/// <summary>
/// Represents a store of consent status changes. The validator reads it on every validation, so a consent withdrawn
/// through the store fails at once even while its token is unexpired; it also records the withdrawals it sees in
/// MyData status records, so an older status chain cannot bring a withdrawn consent back.
/// </summary>
/// <remarks>A withdrawal is final: recording <see cref="ConsentStatus.Active"/> after <see cref="ConsentStatus.Withdrawn"/> keeps the withdrawal.</remarks>
public interface IConsentStatusStore
{
    /// <summary>Gets the effective status of a consent: its withdrawal if it was ever withdrawn, else its latest change.</summary>
    /// <param name="consentId">The consent id.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The effective change, or <see langword="null"/> when nothing was recorded.</returns>
    /// <exception cref="ConsentStoreException">The store could not be read (<c>SD1100</c>).</exception>
    ValueTask<ConsentStatusChange?> GetAsync(string consentId, CancellationToken cancellationToken = default);

    /// <summary>Records a status change.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    /// <exception cref="ConsentStoreException">The store could not be written (<c>SD1100</c>).</exception>
    ValueTask RecordAsync(ConsentStatusChange change, CancellationToken cancellationToken = default);
}

/// <summary>Represents a store of the token ids (<c>jti</c>) already seen, to reject replayed tokens.</summary>
public interface ITokenReplayStore
{
    /// <summary>Records a token id unless it is already recorded and not yet expired.</summary>
    /// <param name="tokenId">The token id, qualified by its issuer.</param>
    /// <param name="expiresAt">When the entry may be forgotten (the token's expiry plus the clock skew).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the id was new; <see langword="false"/> when it is a replay.</returns>
    /// <exception cref="ConsentStoreException">The store could not be read or written (<c>SD1101</c>).</exception>
    ValueTask<bool> TryAddAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
