using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

public sealed partial class MyDataValidator
{
    /// <summary>
    /// Validates a MyData data request (architecture 1.2.1, 1.3 and 2.0): the service link record with the service's and
    /// the account owner's signatures, the Source consent record signed with the link's <c>cr_keys</c>, the status
    /// chain (latest Active, chain intact, no withdrawal in the status store), the operator's token verified with the
    /// consent record's <c>token_issuer_key</c>, the <c>PoP</c> request signature verified with its <c>pop_key</c>,
    /// and that the consent covers the export.
    /// </summary>
    /// <param name="presentation">The records, the token and the proof of possession.</param>
    /// <param name="request">The export asked for.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The result: what was verified, or the code of the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConsentKeySourceException">The service key source could not be read (<c>SD1039</c>).</exception>
    /// <exception cref="ConsentStoreException">A store failed (<c>SD1100</c>, <c>SD1101</c>).</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    /// <remarks>
    /// Failure codes: <see cref="ConsentErrorCodes.InvalidOptions"/> when <see cref="ConsentTokenValidatorOptions.ServiceLinkKeys"/>
    /// is not set; the JWS codes (<c>SD1001</c>–<c>SD1036</c>), the record codes (<c>SD1070</c>–<c>SD1080</c>),
    /// the token codes (<c>SD1050</c>–<c>SD1065</c>, <see cref="ConsentErrorCodes.TokenConsentMismatch"/>,
    /// <see cref="ConsentErrorCodes.ConsentIdAliasNotAccepted"/>), the proof-of-possession codes (<c>SD1083</c>–<c>SD1087</c>)
    /// and the coverage codes (<c>SD1090</c>–<c>SD1092</c>).
    /// </remarks>
    public async ValueTask<ConsentValidationResult> ValidateMyDataRequestAsync(MyDataPresentation presentation, ExportRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ValidateMyDataRequestCoreAsync(presentation, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or DecoderFallbackException or System.Security.Cryptography.CryptographicException)
        {
            // Defence in depth: malformed input that slipped past the checks still comes back as a result.
            return Fail(JoseErrorCodes.MalformedJson, "The input could not be read: " + e.GetType().Name + ".");
        }
    }

    private async ValueTask<ConsentValidationResult> ValidateMyDataRequestCoreAsync(MyDataPresentation presentation, ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(request);
        using var keys = _recordKeys.Open();
        var records = await ValidateRecordsAsync(presentation, keys, cancellationToken).ConfigureAwait(false);
        if (records.Error is not null)
        {
            return ConsentValidationResult.Failure(records.Error, records.StatusChange);
        }

        var cr = records.ConsentRecord!;
        string? popPayloadToken = null;
        JwsMessage? pop = null;
        JsonDocument? popDocument = null;
        try
        {
            if (presentation.ProofOfPossession is not null)
            {
                var error = ReadProofOfPossession(presentation.ProofOfPossession, out pop, out popDocument, out popPayloadToken);
                if (error is not null)
                {
                    return Fail(error);
                }
            }
            else if (_options.RequireProofOfPossession)
            {
                return Fail(ConsentErrorCodes.ProofOfPossessionMissing, "The request carries no PoP authorization; MyData data requests are signed with the Sink's key.");
            }

            var token = presentation.AuthorizationToken ?? popPayloadToken;
            if (token is null)
            {
                return Fail(ConsentErrorCodes.ProofOfPossessionMissing, "The request carries no authorisation token.");
            }

            if (popPayloadToken is not null && !string.Equals(popPayloadToken, token, StringComparison.Ordinal))
            {
                return Fail(ConsentErrorCodes.ProofOfPossessionMismatch, "The PoP authorization signs another token than the one presented.", "at");
            }

            var tokenResult = ValidateOperatorToken(token, cr, request, out var tokenInfo);
            if (tokenResult is not null)
            {
                return Fail(tokenResult);
            }

            string? proofKeyId = null;
            if (pop is not null)
            {
                var error = CheckProofOfPossession(pop, popDocument!.RootElement, cr, request);
                if (error is not null)
                {
                    return Fail(error);
                }

                proofKeyId = cr.ProofKey!.KeyId;
            }

            var coverage = records.Grant!.Covers(request, _options);
            if (coverage is not null)
            {
                return ConsentValidationResult.Failure(coverage.Error, coverage.Missing);
            }

            // Decide, then record: the signed request is spent only once every other check passed.
            if (pop is not null && _options.RejectReplayedTokens)
            {
                var id = "pop " + Base64Url.Encode(SHA256.HashData(pop.Signatures[0].Value.Span));
                if (!await _replayStore!.TryAddAsync(id, _time.GetUtcNow() + _options.ProofOfPossessionWindow + _options.ClockSkew, cancellationToken).ConfigureAwait(false))
                {
                    return Fail(ConsentErrorCodes.TokenReplayed, "This signed request was already used.");
                }
            }

            return ConsentValidationResult.Success(new ValidatedConsent
            {
                Kind = ConsentTokenKind.MyDataAuthorizationToken,
                Issuer = tokenInfo.Issuer,
                Subject = cr.SurrogateId,
                ConsentId = cr.ConsentId,
                Purposes = cr.Purposes ?? [],
                Doctypes = records.Grant.Doctypes,
                Datasets = cr.Datasets,
                NotBefore = tokenInfo.NotBefore,
                NotAfter = tokenInfo.NotAfter,
                SigningKeyId = tokenInfo.KeyId,
                Algorithm = tokenInfo.Algorithm,
                TokenId = tokenInfo.TokenId,
                ProofKeyId = proofKeyId,
                RecordVersion = cr.Version,
                StatusRecordId = records.LatestStatusRecordId,
                Status = ConsentStatus.Active,
            });
        }
        finally
        {
            popDocument?.Dispose();
        }
    }

    /// <summary>
    /// Validates MyData records without a token: the service link record, the Source consent record and its status chain,
    /// and, when a request is given, that the consent covers it. Use it when a consent record is delivered, before storing it.
    /// </summary>
    /// <param name="presentation">The records; the token and proof of possession, if any, are ignored.</param>
    /// <param name="request">The export to check coverage for, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The result: what was verified, or the code of the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConsentKeySourceException">The service key source could not be read (<c>SD1039</c>).</exception>
    /// <exception cref="ConsentStoreException">The status store failed (<c>SD1100</c>).</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    /// <remarks>Failure codes: <see cref="ConsentErrorCodes.InvalidOptions"/> without <see cref="ConsentTokenValidatorOptions.ServiceLinkKeys"/>, the JWS codes, the record codes (<c>SD1070</c>–<c>SD1080</c>) and the coverage codes.</remarks>
    public async ValueTask<ConsentValidationResult> ValidateMyDataRecordsAsync(MyDataPresentation presentation, ExportRequest? request = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ValidateMyDataRecordsCoreAsync(presentation, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or DecoderFallbackException or System.Security.Cryptography.CryptographicException)
        {
            // Defence in depth: malformed input that slipped past the checks still comes back as a result.
            return Fail(JoseErrorCodes.MalformedJson, "The input could not be read: " + e.GetType().Name + ".");
        }
    }

    private async ValueTask<ConsentValidationResult> ValidateMyDataRecordsCoreAsync(MyDataPresentation presentation, ExportRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        using var keys = _recordKeys.Open();
        var records = await ValidateRecordsAsync(presentation, keys, cancellationToken).ConfigureAwait(false);
        if (records.Error is not null)
        {
            return ConsentValidationResult.Failure(records.Error, records.StatusChange);
        }

        var cr = records.ConsentRecord!;
        if (request is not null)
        {
            var coverage = records.Grant!.Covers(request, _options);
            if (coverage is not null)
            {
                return ConsentValidationResult.Failure(coverage.Error, coverage.Missing);
            }
        }

        return ConsentValidationResult.Success(new ValidatedConsent
        {
            Kind = ConsentTokenKind.MyDataConsentRecord,
            Issuer = cr.Operator,
            Subject = cr.SurrogateId,
            ConsentId = cr.ConsentId,
            Purposes = cr.Purposes ?? [],
            Doctypes = records.Grant!.Doctypes,
            Datasets = cr.Datasets,
            NotBefore = cr.NotBefore ?? cr.IssuedAt,
            NotAfter = cr.Expires ?? DateTimeOffset.MaxValue,
            SigningKeyId = records.ConsentRecordKeyId!,
            Algorithm = records.ConsentRecordAlgorithm!,
            RecordVersion = cr.Version,
            StatusRecordId = records.LatestStatusRecordId,
            Status = ConsentStatus.Active,
        });
    }

    private async ValueTask<RecordsCheck> ValidateRecordsAsync(MyDataPresentation presentation, TrustedKeyCache.Lease keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentation.ServiceLinkRecord, nameof(presentation));
        ArgumentNullException.ThrowIfNull(presentation.ConsentRecord, nameof(presentation));
        ArgumentNullException.ThrowIfNull(presentation.StatusRecords, nameof(presentation));
        var serviceKeys = _options.ServiceLinkKeys;
        if (serviceKeys is null)
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.InvalidOptions, "This validator is configured for OAuth access tokens only: MyData validation needs ServiceLinkKeys, the Source's own service keys."));
        }

        // Service link record: signed by this service and by the account owner (one of its cr_keys). A record read
        // before is not read again, but its signatures are verified again below like any other.
        var error = ReadRecord(_serviceLinks, presentation.ServiceLinkRecord, "The service link record", keys, ServiceLinkRecord.Read, out var slrKept, out var slrMessage, out var slr)
            ?? CheckVersion(slr!.Version);
        if (error is not null)
        {
            return new RecordsCheck(error);
        }

        // Signed by this service (its own keys) and by the account owner (one of the link's cr_keys).
        var link = slr!;
        var (slrError, slrSigners) = await _signatures.VerifyAllAsync(slrMessage!, async (keyId, ct) =>
        {
            var service = await serviceKeys.FindKeyAsync(keyId, ct).ConfigureAwait(false);
            return service is not null ? (service, true) : (link.ConsentRecordKeys.Find(keyId), false);
        }, "the service keys or the link's cr_keys", cancellationToken).ConfigureAwait(false);
        if (slrError is not null)
        {
            return new RecordsCheck(slrError);
        }

        var serviceSigned = slrSigners.Exists(s => s.Flag);
        var ownerSigned = slrSigners.Exists(s => !s.Flag);
        if (!serviceSigned || !ownerSigned)
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.ServiceLinkSignatureMissing, serviceSigned
                ? "The service link record is not signed by the account owner (a key of its cr_keys)."
                : "The service link record is not signed by this service."));
        }

        // This service signed the link: its keys are trusted from now on, and the record is kept read.
        if (keys.TrustPending() && !slrKept)
        {
            _serviceLinks.Remember(presentation.ServiceLinkRecord, slrMessage!, link);
        }

        // Consent record: signed with the link's cr_keys only.
        error = ReadRecord(_consentRecords, presentation.ConsentRecord, "The consent record", keys, ConsentRecord.Read, out var crKept, out var crMessage, out var cr)
            ?? CheckVersion(cr!.Version);
        if (error is not null)
        {
            return new RecordsCheck(error);
        }

        var consent = cr!;
        var (crError, crSigners) = await _signatures.VerifyAllAsync(crMessage!, (keyId, _) => new((link.ConsentRecordKeys.Find(keyId), false)), "the service link's cr_keys", cancellationToken).ConfigureAwait(false);
        if (crError is not null)
        {
            return new RecordsCheck(crError);
        }

        string? crKeyId = crSigners.Count > 0 ? crSigners[0].KeyId : null, crAlgorithm = crSigners.Count > 0 ? crSigners[0].Algorithm : null;

        // Signed with the link's cr_keys: the consent record's own keys (pop_key, token_issuer_key) are trusted too.
        if (keys.TrustPending() && !crKept)
        {
            _consentRecords.Remember(presentation.ConsentRecord, crMessage!, consent);
        }

        if (!string.Equals(consent.ServiceLinkId, link.LinkId, StringComparison.Ordinal) || !string.Equals(consent.SurrogateId, link.SurrogateId, StringComparison.Ordinal))
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.RecordLinkMismatch, "The consent record's slr_id or surrogate_id is not the service link record's."));
        }

        if (!string.Equals(consent.Role, "Source", StringComparison.OrdinalIgnoreCase))
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.ConsentRecordNotSource, $"The consent record is for the role '{UntrustedText.Escape(consent.Role)}', not Source.", "role"));
        }

        if (consent.ProofKey is null || consent.TokenIssuerKey is null)
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.RecordMalformed, "A Source consent record needs pop_key and token_issuer_key.", "role_specific_part"));
        }

        var now = _time.GetUtcNow();
        if (consent.NotBefore is not null && consent.NotBefore > now + _options.ClockSkew)
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.ConsentRecordNotYetValid, $"The consent record is valid from {Rfc3339.Format(consent.NotBefore.Value)}.", "nbf"));
        }

        if (consent.Expires is not null && now > consent.Expires + _options.ClockSkew)
        {
            return new RecordsCheck(new SelfDataError(ConsentErrorCodes.ConsentRecordExpired, $"The consent record expired at {Rfc3339.Format(consent.Expires.Value)}.", "exp"));
        }

        // Status chain: every record verified, chained from the first, latest Active.
        var status = await CheckStatusChainAsync(presentation.StatusRecords, link, consent, keys, cancellationToken).ConfigureAwait(false);
        if (status.Error is not null)
        {
            return new RecordsCheck(status.Error) { StatusChange = status.Change };
        }

        var grant = new ConsentGrant
        {
            Doctypes = ConsentGrant.MapDatasets(consent.Datasets, _options),
            Datasets = consent.Datasets,
            Purposes = consent.Purposes,
        };
        return new RecordsCheck(null) { ConsentRecord = consent, Grant = grant, LatestStatusRecordId = status.LatestId, ConsentRecordKeyId = crKeyId, ConsentRecordAlgorithm = crAlgorithm };
    }

    private async ValueTask<(SelfDataError? Error, string? LatestId, ConsentStatusChange? Change)> CheckStatusChainAsync(IReadOnlyList<string> texts, ServiceLinkRecord slr, ConsentRecord cr, TrustedKeyCache.Lease keys, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return (new SelfDataError(ConsentErrorCodes.StatusRecordsMissing, "No consent status record was supplied; the latest must be Active."), null, null);
        }

        var records = new List<ConsentStatusRecord>(texts.Count);
        foreach (var text in texts)
        {
            if (text is null)
            {
                return (new SelfDataError(ConsentErrorCodes.RecordMalformed, "A consent status record is null."), null, null);
            }

            var error = ReadRecord(_statusRecords, text, "A consent status record", keys, static (JsonElement payload, TrustedKeyCache.Lease _, out ConsentStatusRecord? read) => ConsentStatusRecord.Read(payload, out read), out var kept, out var message, out var record);
            if (error is not null)
            {
                return (error, null, null);
            }

            var operatorSigned = _options.AcceptOperatorSignedStatusRecords ? slr.OperatorKey : null;
            (error, _) = await _signatures.VerifyAllAsync(message!, (keyId, _) => new((slr.ConsentRecordKeys.Find(keyId) ?? (operatorSigned?.KeyId == keyId ? operatorSigned : null), false)), "the service link's cr_keys or operator_key", cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return (error, null, null);
            }

            if (!kept)
            {
                _statusRecords.Remember(text, message!, record!);
            }

            if (!string.Equals(record!.ConsentId, cr.ConsentId, StringComparison.Ordinal) || !string.Equals(record.SurrogateId, cr.SurrogateId, StringComparison.Ordinal))
            {
                return (new SelfDataError(ConsentErrorCodes.RecordLinkMismatch, $"The status record '{UntrustedText.Escape(record.RecordId)}' is for another consent or surrogate id."), null, null);
            }

            records.Add(record);
        }

        // Rebuild the chain from its first record (no predecessor); every record must be on it exactly once, in time order.
        var byPrevious = new Dictionary<string, ConsentStatusRecord>(StringComparer.Ordinal);
        ConsentStatusRecord? first = null;
        foreach (var record in records)
        {
            if (record.PreviousRecordId is null)
            {
                if (first is not null)
                {
                    return (Broken("two status records claim to be the first"), null, null);
                }

                first = record;
            }
            else if (!byPrevious.TryAdd(record.PreviousRecordId, record))
            {
                return (Broken($"two status records follow '{UntrustedText.Escape(record.PreviousRecordId)}'"), null, null);
            }
        }

        if (first is null)
        {
            return (Broken("no status record is the first of the chain (prev_record_id null)"), null, null);
        }

        var latest = first;
        var seen = new HashSet<string>(StringComparer.Ordinal) { first.RecordId };
        while (byPrevious.TryGetValue(latest.RecordId, out var next))
        {
            if (!seen.Add(next.RecordId) || next.IssuedAt < latest.IssuedAt)
            {
                return (Broken($"the record '{UntrustedText.Escape(next.RecordId)}' loops back or is older than its predecessor"), null, null);
            }

            latest = next;
        }

        if (seen.Count != records.Count)
        {
            return (Broken("some status records are not on the chain from the first"), null, null);
        }

        // Validation records nothing: a verified Disabled or Withdrawn status comes back with the failure, for the
        // caller to record in its status store (ConsentValidationResult.StatusChange).
        if (latest.Status == ConsentStatus.Withdrawn)
        {
            return (new SelfDataError(ConsentErrorCodes.ConsentWithdrawn, $"The consent '{UntrustedText.Escape(cr.ConsentId)}' was withdrawn (status record '{UntrustedText.Escape(latest.RecordId)}')."), null, Change(latest));
        }

        if (latest.Status == ConsentStatus.Disabled)
        {
            return (new SelfDataError(ConsentErrorCodes.ConsentDisabled, $"The consent '{UntrustedText.Escape(cr.ConsentId)}' is disabled (status record '{UntrustedText.Escape(latest.RecordId)}')."), null, Change(latest));
        }

        var stored = await SignatureVerifier.CheckStatusStoreAsync(_statusStore, cr.ConsentId, latest.IssuedAt, cancellationToken).ConfigureAwait(false);
        return (stored, latest.RecordId, null);

        ConsentStatusChange Change(ConsentStatusRecord record) => new(cr.ConsentId, record.Status, record.IssuedAt, record.RecordId);
    }

    /// <summary>Reads a record from its text, or takes the one already read from the same text (its signatures are the caller's to verify).</summary>
    private SelfDataError? ReadRecord<T>(ParsedRecordCache<T> cache, string text, string what, TrustedKeyCache.Lease keys, RecordReader<T> read, out bool kept, out JwsMessage? message, out T? record)
        where T : class
    {
        kept = cache.TryGet(text, out message, out record);
        if (kept)
        {
            return null;
        }

        var error = _signatures.ReadRecord(text, what, out message, out var document);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            return read(document!.RootElement, keys, out record);
        }
    }

    private static SelfDataError Broken(string why) => new(ConsentErrorCodes.StatusChainBroken, "The consent status chain is broken: " + why + ".");

    private SelfDataError? CheckVersion(string? version) =>
        version is not null && !_options.RecordVersions.Contains(version, StringComparer.Ordinal)
            ? new SelfDataError(ConsentErrorCodes.RecordVersionUnsupported, $"The record version '{UntrustedText.Escape(version)}' is not accepted here.", "version")
            : null;

    private SelfDataError? ValidateOperatorToken(string token, ConsentRecord cr, ExportRequest request, out TokenInfo info)
    {
        info = default;
        var error = _signatures.ReadToken(token, "The authorisation token", out var message, out var signature, out var document);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            var payload = document!.RootElement;

            // MyData tokens define no typ: absent or JWT. Anything else, or claims of another kind of token, is confusion.
            var type = signature!.Type;
            if ((type is not null && !string.Equals(type, "JWT", StringComparison.OrdinalIgnoreCase))
                || SignatureVerifier.HasForeignClaims(payload))
            {
                return new SelfDataError(ConsentErrorCodes.TokenTypeMismatch, $"The token is not a MyData authorisation token (typ '{UntrustedText.Escape(type ?? "none")}').");
            }

            error = SignatureVerifier.KeyIdOf(signature, out var keyId);
            if (error is not null)
            {
                return error;
            }

            var key = cr.TokenIssuerKey!;
            if (!string.Equals(keyId, key.KeyId, StringComparison.Ordinal))
            {
                return SignatureVerifier.KeyNotFound(signature, keyId, "the consent record's token_issuer_key");
            }

            error = _signatures.Verify(message!, signature, key);
            if (error is not null)
            {
                return error;
            }

            error = Claims.String(payload, "iss", out var issuer);
            if (error is not null)
            {
                return error;
            }

            if (string.IsNullOrEmpty(issuer))
            {
                return new SelfDataError(ConsentErrorCodes.IssuerMissing, "The token has no iss claim.", "iss");
            }

            var expectedIssuer = _options.OperatorIssuers.TryGetValue(cr.Operator, out var mapped) ? mapped : cr.Operator;
            if (!string.Equals(issuer, expectedIssuer, StringComparison.Ordinal))
            {
                return new SelfDataError(ConsentErrorCodes.IssuerKeyMismatch, $"The token claims the issuer '{UntrustedText.Escape(issuer)}' but is signed with the token key of the operator '{cr.Operator}'.", "iss");
            }

            error = Claims.Lifetime(payload, _time.GetUtcNow(), _options, out var notBefore, out var notAfter);
            if (error is not null)
            {
                return error;
            }

            error = Claims.Audiences(payload, out var audiences);
            if (error is not null)
            {
                return error;
            }

            if (!audiences.Any(a => UrlPattern.Matches(a, request, _options.Patterns)))
            {
                return new SelfDataError(ConsentErrorCodes.AudienceMismatch, "No audience pattern of the token matches the request URL.", "aud");
            }

            error = Claims.First(Claims.String(payload, "cr_id", out var crId), Claims.String(payload, "pi_id", out var piId), Claims.String(payload, "jti", out var tokenId));
            if (error is not null)
            {
                return error;
            }

            if (crId is null && piId is not null)
            {
                if (!_options.AcceptPiIdAlias)
                {
                    return new SelfDataError(ConsentErrorCodes.ConsentIdAliasNotAccepted, "The token names its consent with pi_id; set AcceptPiIdAlias to accept the reference implementation's tokens.", "pi_id");
                }

                crId = piId;
            }

            if (crId is null)
            {
                return new SelfDataError(ConsentErrorCodes.ConsentIdMissing, "The token has no cr_id.", "cr_id");
            }

            if (!string.Equals(crId, cr.ConsentId, StringComparison.Ordinal))
            {
                return new SelfDataError(ConsentErrorCodes.TokenConsentMismatch, $"The token is for the consent '{UntrustedText.Escape(crId)}', not '{cr.ConsentId}'.", "cr_id");
            }

            if (payload.TryGetProperty("cnf", out var cnf) || _options.RequireProofOfPossession)
            {
                if (cnf.ValueKind != JsonValueKind.Object || Claims.String(cnf, "kid", out var cnfKid) is not null || cnfKid is null)
                {
                    return new SelfDataError(ConsentErrorCodes.ProofKeyMismatch, "The token has no cnf.kid naming the Sink's proof-of-possession key.", "cnf");
                }

                if (!string.Equals(cnfKid, cr.ProofKey!.KeyId, StringComparison.Ordinal))
                {
                    return new SelfDataError(ConsentErrorCodes.ProofKeyMismatch, $"The token's cnf.kid '{UntrustedText.Escape(cnfKid)}' is not the consent record's pop_key.", "cnf");
                }
            }

            info = new TokenInfo(issuer, keyId, signature.Algorithm!, tokenId, notBefore, notAfter);
            return null;
        }
    }

    private SelfDataError? ReadProofOfPossession(string header, out JwsMessage? message, out JsonDocument? document, out string? token)
    {
        message = null;
        document = null;
        token = null;
        var value = header.AsSpan().Trim();
        if (value.Length < 5 || !value[..4].Equals("PoP ", StringComparison.OrdinalIgnoreCase))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The Authorization header is not 'PoP <JWS>'.");
        }

        var error = _signatures.ReadToken(value[4..].Trim().ToString(), "The PoP authorization", out message, out _, out document);
        if (error is not null)
        {
            return error;
        }

        var payload = document!.RootElement;
        if (!payload.TryGetProperty("at", out var at))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The PoP payload has no at (the token).", "at");
        }

        // The MyData reference implementation wraps the token as {"auth_token": "..."}.
        if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty("auth_token", out var inner))
        {
            at = inner;
        }

        if (at.ValueKind != JsonValueKind.String)
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The PoP at is not a token string.", "at");
        }

        token = at.GetString();
        return null;
    }

    private SelfDataError? CheckProofOfPossession(JwsMessage message, JsonElement payload, ConsentRecord cr, ExportRequest request)
    {
        var signature = message.Signatures[0];
        var error = SignatureVerifier.KeyIdOf(signature, out var keyId);
        if (error is not null)
        {
            return error;
        }

        var key = cr.ProofKey!;
        if (!string.Equals(keyId, key.KeyId, StringComparison.Ordinal))
        {
            return SignatureVerifier.KeyNotFound(signature, keyId, "the consent record's pop_key");
        }

        error = _signatures.Verify(message, signature, key);
        if (error is not null)
        {
            return error;
        }

        error = Claims.First(
            Claims.Time(payload, "ts", out var ts, ConsentErrorCodes.ProofOfPossessionMalformed),
            Claims.String(payload, "m", out var method, ConsentErrorCodes.ProofOfPossessionMalformed),
            Claims.String(payload, "u", out var host, ConsentErrorCodes.ProofOfPossessionMalformed),
            Claims.String(payload, "p", out var path, ConsentErrorCodes.ProofOfPossessionMalformed));
        if (error is not null)
        {
            return error;
        }

        if (ts is null || method is null || path is null)
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The PoP payload must carry ts, m and p.");
        }

        var now = _time.GetUtcNow();
        if ((now - ts.Value).Duration() > _options.ProofOfPossessionWindow)
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionStale, $"The PoP timestamp {Rfc3339.Format(ts.Value)} is outside the {_options.ProofOfPossessionWindow.TotalSeconds:0} s window.", "ts");
        }

        if (!string.Equals(method, request.Method, StringComparison.OrdinalIgnoreCase))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMismatch, "The PoP signs another HTTP method.", "m");
        }

        if (host is not null && !string.Equals(host, request.Endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMismatch, "The PoP signs another host.", "u");
        }

        if (!string.Equals(path, request.Endpoint.AbsolutePath, StringComparison.Ordinal))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMismatch, "The PoP signs another path.", "p");
        }

        return CheckQueryHash(payload, request.Endpoint);
    }

    private static SelfDataError? CheckQueryHash(JsonElement payload, Uri endpoint)
    {
        var parameters = ProofOfPossessionQuery.Parse(endpoint);
        if (!payload.TryGetProperty("q", out var q) || q.ValueKind == JsonValueKind.Null)
        {
            return parameters.Count == 0 ? null : new SelfDataError(ConsentErrorCodes.ProofOfPossessionMismatch, "The request has a query but the PoP does not sign it (q).", "q");
        }

        if (q.ValueKind != JsonValueKind.Array || q.GetArrayLength() != 2 || q[1].ValueKind != JsonValueKind.String || q[0].ValueKind != JsonValueKind.Array)
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The PoP q is not [[names], hash].", "q");
        }

        var names = new List<string>();
        foreach (var name in q[0].EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMalformed, "The PoP q names are not strings.", "q");
            }

            names.Add(name.GetString()!);
        }

        var expected = ProofOfPossessionQuery.Hash(names, parameters);
        if (expected is null || !string.Equals(expected, q[1].GetString(), StringComparison.Ordinal))
        {
            return new SelfDataError(ConsentErrorCodes.ProofOfPossessionMismatch, "The PoP signs another query, or not every query parameter.", "q");
        }

        return null;
    }

    private readonly record struct TokenInfo(string Issuer, string KeyId, string Algorithm, string? TokenId, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    private sealed record RecordsCheck(SelfDataError? Error)
    {
        public ConsentRecord? ConsentRecord { get; init; }

        public ConsentGrant? Grant { get; init; }

        public string? LatestStatusRecordId { get; init; }

        public string? ConsentRecordKeyId { get; init; }

        public string? ConsentRecordAlgorithm { get; init; }

        public ConsentStatusChange? StatusChange { get; init; }
    }
}

/// <summary>
/// Computes the query hash of a MyData proof of possession (draft-ietf-oauth-signed-http-request-03 §3): the listed
/// parameters, each <c>name=value</c> as written in the URL, joined with <c>&amp;</c>, hashed with SHA-256, base64url.
/// Every query parameter must be listed.
/// </summary>
public static class ProofOfPossessionQuery
{
    /// <summary>Splits the query of a URL into its parameters, as written (still percent-encoded).</summary>
    /// <param name="url">The URL.</param>
    /// <returns>The parameters in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.IsAbsoluteUri ? url.Query : string.Empty;
        var list = new List<KeyValuePair<string, string>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            list.Add(eq < 0 ? new(part, string.Empty) : new(part[..eq], part[(eq + 1)..]));
        }

        return list;
    }

    /// <summary>Computes the hash over the named parameters, taking each name's occurrences in order.</summary>
    /// <param name="names">The names, in the order the signer chose; a name repeats once per occurrence.</param>
    /// <param name="parameters">The request's parameters.</param>
    /// <returns>The base64url SHA-256 hash, or <see langword="null"/> when the names do not cover every parameter exactly once.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string? Hash(IReadOnlyList<string> names, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(parameters);
        if (names.Count != parameters.Count)
        {
            return null;
        }

        var used = new bool[parameters.Count];
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            var index = -1;
            for (var i = 0; i < parameters.Count; i++)
            {
                if (!used[i] && string.Equals(parameters[i].Key, name, StringComparison.Ordinal))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return null;
            }

            used[index] = true;
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(parameters[index].Value);
        }

        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
