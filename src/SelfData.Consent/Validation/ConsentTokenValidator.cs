using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// Validates what a data holder receives before releasing an export: MyData records with the operator's token and the
/// request's proof of possession, and OAuth 2.0 JWT access tokens with RFC 9396 authorization details. Every check is
/// strict by default, keys come only from configuration or from records the trust chain allows, and bad input never
/// throws: it comes back as a failed <see cref="ConsentValidationResult"/> carrying an <c>SD1xxx</c> code.
/// </summary>
/// <remarks>
/// Infrastructure failures are thrown: <see cref="ConsentKeySourceException"/> when a key source cannot be read and
/// <see cref="ConsentStoreException"/> when a store fails. Cancellation throws <see cref="OperationCanceledException"/>.
/// An instance is thread-safe and meant to be shared. It is a façade over <see cref="AccessTokenValidator"/> and
/// <see cref="MyDataValidator"/>, which share one signature verifier; use either alone when a holder accepts one kind.
/// </remarks>
public sealed class ConsentTokenValidator
{
    private readonly AccessTokenValidator _accessTokens;
    private readonly MyDataValidator _myData;

    /// <summary>Initializes a new instance of the <see cref="ConsentTokenValidator"/> class.</summary>
    /// <param name="options">The configuration; it is copied and checked once, here: changing it later changes nothing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="statusStore">The consent status store, or <see langword="null"/> to rely on status records alone.</param>
    /// <param name="replayStore">The token replay store; required when <see cref="ConsentTokenValidatorOptions.RejectReplayedTokens"/> is set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataArgumentException">The options are inconsistent (<c>SD1120</c>), every problem in <see cref="SelfDataArgumentException.Errors"/>.</exception>
    public ConsentTokenValidator(ConsentTokenValidatorOptions options, TimeProvider? timeProvider = null, IConsentStatusStore? statusStore = null, ITokenReplayStore? replayStore = null)
    {
        var snapshot = ConsentValidation.Check(options, replayStore);
        var signatures = new SignatureVerifier(snapshot);
        _accessTokens = new AccessTokenValidator(snapshot, timeProvider, statusStore, replayStore, signatures);
        _myData = new MyDataValidator(snapshot, timeProvider, statusStore, replayStore, signatures);
    }

    /// <summary>Gets the access-token validator this façade uses.</summary>
    public AccessTokenValidator AccessTokens => _accessTokens;

    /// <summary>Gets the MyData validator this façade uses.</summary>
    public MyDataValidator MyData => _myData;

    internal int CachedHeaderCount => _accessTokens.CachedHeaderCount;

    internal int CachedRecordKeyCount => _myData.CachedRecordKeyCount;

    internal int CachedRecordCount => _myData.CachedRecordCount;

    /// <inheritdoc cref="AccessTokenValidator.ValidateAccessTokenAsync(string, ExportRequest, CancellationToken)"/>
    public ValueTask<ConsentValidationResult> ValidateAccessTokenAsync(string token, ExportRequest request, CancellationToken cancellationToken = default) =>
        _accessTokens.ValidateAccessTokenAsync(token, request, cancellationToken);

    /// <inheritdoc cref="AccessTokenValidator.ValidateAccessTokenAsync(string, ExportRequest, DPoPProof?, CancellationToken)"/>
    public ValueTask<ConsentValidationResult> ValidateAccessTokenAsync(string token, ExportRequest request, DPoPProof? proof, CancellationToken cancellationToken = default) =>
        _accessTokens.ValidateAccessTokenAsync(token, request, proof, cancellationToken);

    /// <inheritdoc cref="MyDataValidator.ValidateMyDataRequestAsync(MyDataPresentation, ExportRequest, CancellationToken)"/>
    public ValueTask<ConsentValidationResult> ValidateMyDataRequestAsync(MyDataPresentation presentation, ExportRequest request, CancellationToken cancellationToken = default) =>
        _myData.ValidateMyDataRequestAsync(presentation, request, cancellationToken);

    /// <inheritdoc cref="MyDataValidator.ValidateMyDataRecordsAsync(MyDataPresentation, ExportRequest?, CancellationToken)"/>
    public ValueTask<ConsentValidationResult> ValidateMyDataRecordsAsync(MyDataPresentation presentation, ExportRequest? request = null, CancellationToken cancellationToken = default) =>
        _myData.ValidateMyDataRecordsAsync(presentation, request, cancellationToken);
}

/// <summary>The configuration check every consent validator makes once, at construction.</summary>
internal static class ConsentValidation
{
    /// <summary>Copies the options, checks the copy, and returns it; throws with every problem at once.</summary>
    public static ConsentTokenValidatorOptions Check(ConsentTokenValidatorOptions options, ITokenReplayStore? replayStore, bool requireIssuers = false, bool requireServiceLinkKeys = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Snapshot();
        var problems = snapshot.Validate().ToList();
        if (snapshot.RejectReplayedTokens && replayStore is null)
        {
            problems.Add(new SelfDataError(ConsentErrorCodes.InvalidOptions, "RejectReplayedTokens needs a token replay store."));
        }

        if (requireIssuers && snapshot.AccessTokenIssuers.Count == 0)
        {
            problems.Add(new SelfDataError(ConsentErrorCodes.InvalidOptions, "An access-token validator needs at least one AccessTokenIssuers entry."));
        }

        if (requireServiceLinkKeys && snapshot.ServiceLinkKeys is null)
        {
            problems.Add(new SelfDataError(ConsentErrorCodes.InvalidOptions, "A MyData validator needs ServiceLinkKeys, the Source's own service keys."));
        }

        return problems.Count > 0 ? throw new SelfDataArgumentException(problems, nameof(options)) : snapshot;
    }
}
