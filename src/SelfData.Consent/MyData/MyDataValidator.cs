using SelfData.Core;

namespace SelfData.Consent;

/// <summary>
/// Validates MyData consent (architecture 1.2.1, 1.3 and 2.0) before a Source releases an export: the service link
/// record signed by this service and by the account owner, the Source consent record signed with the link's
/// <c>cr_keys</c>, its status chain, the operator's authorisation token and the request's proof of possession, and
/// that the consent covers the export. Bad input never throws: it comes back as a failed
/// <see cref="ConsentValidationResult"/> carrying an <c>SD1xxx</c> code.
/// </summary>
/// <remarks>
/// Infrastructure failures are thrown: <see cref="ConsentKeySourceException"/> when the service key source cannot be
/// read and <see cref="ConsentStoreException"/> when a store fails. Cancellation throws <see cref="OperationCanceledException"/>.
/// An instance is thread-safe and meant to be shared. The keys records carry are imported once and kept, but only
/// after the record that carries them verified. Validation records nothing in the status store: a verified
/// withdrawal comes back in <see cref="ConsentValidationResult.StatusChange"/> for the caller to record.
/// </remarks>
public sealed partial class MyDataValidator
{
    private readonly ConsentTokenValidatorOptions _options;
    private readonly TimeProvider _time;
    private readonly IConsentStatusStore? _statusStore;
    private readonly ITokenReplayStore? _replayStore;
    private readonly SignatureVerifier _signatures;
    private readonly TrustedKeyCache _recordKeys = new(1024);
    private readonly ParsedRecordCache<ServiceLinkRecord> _serviceLinks = new(1024);
    private readonly ParsedRecordCache<ConsentRecord> _consentRecords = new(1024);
    private readonly ParsedRecordCache<ConsentStatusRecord> _statusRecords = new(4096);

    /// <summary>Initializes a new instance of the <see cref="MyDataValidator"/> class.</summary>
    /// <param name="options">The configuration, with <see cref="ConsentTokenValidatorOptions.ServiceLinkKeys"/>; it is copied and checked once, here: changing it later changes nothing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <param name="statusStore">The consent status store, or <see langword="null"/> to rely on status records alone.</param>
    /// <param name="replayStore">The replay store; required when <see cref="ConsentTokenValidatorOptions.RejectReplayedTokens"/> is set.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent or have no service link keys (<c>SD1120</c>).</exception>
    public MyDataValidator(ConsentTokenValidatorOptions options, TimeProvider? timeProvider = null, IConsentStatusStore? statusStore = null, ITokenReplayStore? replayStore = null)
        : this(ConsentValidation.Check(options, replayStore, requireServiceLinkKeys: true), timeProvider, statusStore, replayStore, null)
    {
    }

    internal MyDataValidator(ConsentTokenValidatorOptions snapshot, TimeProvider? timeProvider, IConsentStatusStore? statusStore, ITokenReplayStore? replayStore, SignatureVerifier? signatures)
    {
        _options = snapshot;
        _time = timeProvider ?? TimeProvider.System;
        _statusStore = statusStore;
        _replayStore = replayStore;
        _signatures = signatures ?? new SignatureVerifier(snapshot);
    }

    /// <summary>Gets the number of record keys cached (tests check that hostile records cannot fill the cache).</summary>
    internal int CachedRecordKeyCount => _recordKeys.Count;

    /// <summary>Gets the number of records kept already read (tests check that only verified records are kept).</summary>
    internal int CachedRecordCount => _serviceLinks.Count + _consentRecords.Count + _statusRecords.Count;

    /// <summary>Reads a record's fields from its payload; keys it carries come from the call's lease.</summary>
    private delegate SelfDataError? RecordReader<T>(System.Text.Json.JsonElement payload, TrustedKeyCache.Lease keys, out T? record)
        where T : class;

    private static ConsentValidationResult Fail(SelfDataError error) => ConsentValidationResult.Failure(error);

    private static ConsentValidationResult Fail(string code, string message, string? field = null) => ConsentValidationResult.Failure(new SelfDataError(code, message, field));
}
