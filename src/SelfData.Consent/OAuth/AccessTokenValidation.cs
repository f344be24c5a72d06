using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

public sealed partial class AccessTokenValidator
{
    /// <summary>
    /// Validates an OAuth 2.0 JWT access token (RFC 9068) and checks that it covers an export: signature with the
    /// issuer's own keys, <c>typ</c>, lifetime, audience, subject, replay, consent status, and the RFC 9396
    /// <c>authorization_details</c> of the export type or the scopes mapped to doctypes.
    /// </summary>
    /// <param name="token">The compact JWT, without the <c>Bearer</c> prefix.</param>
    /// <param name="request">The export asked for.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The result: what was verified, or the code of the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConsentKeySourceException">The issuer's key source could not be read (<c>SD1039</c>).</exception>
    /// <exception cref="ConsentStoreException">A store failed (<c>SD1100</c>, <c>SD1101</c>).</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    /// <remarks>
    /// Failure codes: the JWS codes (<c>SD1001</c>–<c>SD1036</c>), <see cref="ConsentErrorCodes.TokenTypeMismatch"/>,
    /// <see cref="ConsentErrorCodes.IssuerMissing"/>, <see cref="ConsentErrorCodes.IssuerUnknown"/>,
    /// <see cref="ConsentErrorCodes.IssuerKeyMismatch"/>, the lifetime codes (<c>SD1050</c>–<c>SD1055</c>),
    /// <see cref="ConsentErrorCodes.AudienceMissing"/>, <see cref="ConsentErrorCodes.AudienceMismatch"/>,
    /// <see cref="ConsentErrorCodes.SubjectMissing"/>, <see cref="ConsentErrorCodes.TokenIdMissing"/>,
    /// <see cref="ConsentErrorCodes.TokenReplayed"/>, <see cref="ConsentErrorCodes.ConsentIdMissing"/>,
    /// <see cref="ConsentErrorCodes.ConsentWithdrawn"/>, <see cref="ConsentErrorCodes.ConsentDisabled"/>,
    /// <see cref="ConsentErrorCodes.AuthorizationDetailsInvalid"/>, <see cref="ConsentErrorCodes.NoExportGrant"/> and the
    /// coverage codes (<c>SD1090</c>–<c>SD1095</c>).
    /// </remarks>
    public ValueTask<ConsentValidationResult> ValidateAccessTokenAsync(string token, ExportRequest request, CancellationToken cancellationToken = default) =>
        ValidateAccessTokenAsync(token, request, null, cancellationToken);

    /// <summary>
    /// Validates an OAuth 2.0 JWT access token presented with a DPoP proof (RFC 9449), or as a Bearer token when
    /// <paramref name="proof"/> is <see langword="null"/>, and checks that it covers an export. Everything
    /// <see cref="ValidateAccessTokenAsync(string, ExportRequest, CancellationToken)"/> checks is checked, and the
    /// proof against the token (<c>ath</c>, <c>cnf.jkt</c>) and the request (<c>htm</c> = <see cref="ExportRequest.Method"/>,
    /// <c>htu</c> = <see cref="ExportRequest.Endpoint"/> without query).
    /// </summary>
    /// <param name="token">The compact JWT, without the <c>DPoP</c> or <c>Bearer</c> scheme.</param>
    /// <param name="request">The export asked for, with the request's method and URL.</param>
    /// <param name="proof">The DPoP proof from the request's <c>DPoP</c> header, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The result: what was verified (with <see cref="ValidatedConsent.DPoPKeyThumbprint"/>), or the code of the first failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> or <paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ConsentKeySourceException">The issuer's key source could not be read (<c>SD1039</c>).</exception>
    /// <exception cref="ConsentStoreException">A store failed (<c>SD1100</c>, <c>SD1101</c>).</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    /// <remarks>
    /// Failure codes: those of <see cref="ValidateAccessTokenAsync(string, ExportRequest, CancellationToken)"/>, and the
    /// DPoP codes <c>SD1130</c>–<c>SD1142</c>: a bound token (<c>cnf.jkt</c>) without a proof is
    /// <see cref="ConsentErrorCodes.DPoPProofMissing"/>, a proof with an unbound token <see cref="ConsentErrorCodes.DPoPTokenNotBound"/>.
    /// The proof's <c>jti</c> goes to the replay store, when one is configured, after every other check passed.
    /// </remarks>
    public ValueTask<ConsentValidationResult> ValidateAccessTokenAsync(string token, ExportRequest request, DPoPProof? proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(request);

        // Usually complete at once (static keys, in-memory stores): no second state machine then. The token's bytes are
        // decoded into a rented buffer, given back once nothing reads them any more (the result holds only strings).
        var buffer = token.Length <= _options.MaxTokenLength ? ArrayPool<byte>.Shared.Rent(Math.Max(64, JwsMessage.DecodedLengthLimit(token))) : null;
        ValueTask<ConsentValidationResult> pending;
        try
        {
            pending = ValidateAccessTokenCore(token, request, proof, buffer, cancellationToken);
        }
        catch (Exception e) when (IsMalformedInput(e))
        {
            GiveBack(buffer);
            return new(Malformed(e));
        }

        if (pending.IsCompletedSuccessfully)
        {
            GiveBack(buffer);
            return pending;
        }

        return CompleteAsync(pending, buffer);
    }

    private static void GiveBack(byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<ConsentValidationResult> CompleteAsync(ValueTask<ConsentValidationResult> pending, byte[]? buffer)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformedInput(e))
        {
            return Malformed(e);
        }
        finally
        {
            GiveBack(buffer);
        }
    }

    private static bool IsMalformedInput(Exception e) => e is JsonException or FormatException or DecoderFallbackException or System.Security.Cryptography.CryptographicException;

    // Defence in depth: malformed input that slipped past the checks still comes back as a result.
    private static ConsentValidationResult Malformed(Exception e) => Fail(JoseErrorCodes.MalformedJson, "The input could not be read: " + e.GetType().Name + ".");

    private ValueTask<ConsentValidationResult> ValidateAccessTokenCore(string token, ExportRequest request, DPoPProof? proof, byte[]? buffer, CancellationToken cancellationToken)
    {
        var error = _signatures.ReadToken(token, "The access token", out var message, out var signature, out _, parsePayload: false, buffer);
        if (error is not null)
        {
            return new(Fail(error));
        }

        // The usual token (well-formed, claims of the expected types, no member named twice) is read in one forward
        // pass; anything else goes through the document, which reports every problem exactly.
        if (!DocumentPathOnly && WellFormedAccessTokenClaims.TryRead(message!.Payload.Span, _signatures.ReadOptions.MaxDepth, _options, _issuers, out var wellFormed))
        {
            return ValidateClaimsAsync(token, message, signature!, wellFormed, request, proof, cancellationToken);
        }

        return message!.TryGetJsonPayload(out var document, out error)
            ? ValidateDocumentAsync(token, message, signature!, document, request, proof, cancellationToken)
            : new(Fail(error));
    }

    private async ValueTask<ConsentValidationResult> ValidateDocumentAsync(string token, JwsMessage message, JwsSignature signature, JsonDocument document, ExportRequest request, DPoPProof? proof, CancellationToken cancellationToken)
    {
        using (document)
        {
            var claims = AccessTokenClaims.Read(document.RootElement);
            return await ValidateClaimsAsync(token, message, signature, claims, request, proof, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the claims of a token whose payload was read, in the order the failure codes are documented.</summary>
    private async ValueTask<ConsentValidationResult> ValidateClaimsAsync<TClaims>(string token, JwsMessage message, JwsSignature signature, TClaims claims, ExportRequest request, DPoPProof? proof, CancellationToken cancellationToken)
        where TClaims : IAccessTokenClaims
    {
        if (!IsAccessTokenType(signature.Type) || claims.HasMyDataClaims)
        {
            return Fail(ConsentErrorCodes.TokenTypeMismatch, $"The token is not an OAuth access token (typ '{UntrustedText.Escape(signature.Type ?? "none")}'); access tokens use typ at+jwt (RFC 9068).");
        }

        var error = claims.ReadIssuer(out var issuerName);
        if (error is not null)
        {
            return Fail(error);
        }

        if (string.IsNullOrEmpty(issuerName))
        {
            return Fail(ConsentErrorCodes.IssuerMissing, "The token has no iss claim.", "iss");
        }

        if (!_issuers.TryGetValue(issuerName, out var issuer))
        {
            return Fail(ConsentErrorCodes.IssuerUnknown, $"The issuer '{UntrustedText.Escape(issuerName)}' is not trusted.", "iss");
        }

        error = SignatureVerifier.KeyIdOf(signature, out var keyId);
        if (error is not null)
        {
            return Fail(error);
        }

        var key = await issuer.Keys.FindKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            foreach (var other in _issuers.Values)
            {
                if (!ReferenceEquals(other, issuer) && other.Keys.FindLoadedKey(keyId) is not null)
                {
                    return Fail(ConsentErrorCodes.IssuerKeyMismatch, $"The key '{UntrustedText.Escape(keyId)}' belongs to the issuer '{other.Issuer}', not to '{issuerName}'.");
                }
            }

            return Fail(SignatureVerifier.KeyNotFound(signature, keyId, $"the keys of '{issuerName}'"));
        }

        error = _signatures.Verify(message, signature, key);
        if (error is not null)
        {
            return Fail(error);
        }

        var now = _time.GetUtcNow();
        error = claims.ReadLifetime(now, _options, out var notBefore, out var notAfter);
        if (error is not null)
        {
            return Fail(error);
        }

        error = claims.ReadAudience(out var audience, out var audiences);
        if (error is not null)
        {
            return Fail(error);
        }

        if (!IsAudience(audience, audiences, request))
        {
            return Fail(ConsentErrorCodes.AudienceMismatch, "No audience of the token is this export endpoint.", "aud");
        }

        error = claims.ReadNames(out var subject, out var tokenId, out var consentId, out var grantId);
        if (error is not null)
        {
            return Fail(error);
        }

        if (string.IsNullOrEmpty(subject))
        {
            return Fail(ConsentErrorCodes.SubjectMissing, "The token has no sub claim.", "sub");
        }

        error = claims.ReadClientId(out var clientId);
        if (error is not null)
        {
            return Fail(error);
        }

        error = claims.ReadConfirmation(out var boundThumbprint);
        if (error is not null)
        {
            return Fail(error);
        }

        error = CheckDPoP(token, boundThumbprint, proof, request, out var proofThumbprint, out var proofId, out var proofIssuedAt);
        if (error is not null)
        {
            return Fail(error);
        }

        error = claims.ReadGrants(_options, out var grants);
        if (error is not null)
        {
            return Fail(error);
        }

        consentId ??= grantId ?? grants.Select(g => g.Identifier).FirstOrDefault(i => i is not null);
        if (string.IsNullOrEmpty(consentId))
        {
            // A token that names no consent (most authorization servers issue such tokens): its own lifetime stands
            // for the consent. With a status store, a withdrawal could not be looked up for it.
            consentId = null;
            if (_statusStore is not null && !_options.AllowTokensWithoutConsentId)
            {
                return Fail(ConsentErrorCodes.ConsentIdMissing, "The token names no consent (consent_id, grant_id or an authorization detail identifier), so its withdrawal cannot be checked in the status store; set AllowTokensWithoutConsentId to accept such tokens.", "consent_id");
            }
        }

        if (_options.RejectReplayedTokens && string.IsNullOrEmpty(tokenId))
        {
            return Fail(ConsentErrorCodes.TokenIdMissing, "The token has no jti; replay detection needs one.", "jti");
        }

        if (consentId is not null)
        {
            error = await SignatureVerifier.CheckStatusStoreAsync(_statusStore, consentId, null, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return Fail(error);
            }
        }

        if (grants.Count == 0)
        {
            return Fail(ConsentErrorCodes.NoExportGrant, $"The token grants no export: no authorization detail of type '{_options.ExportAuthorizationType}' and no scope mapped to doctypes.");
        }

        ConsentGrant? granted = null;
        CoverageGap? firstFailure = null;
        foreach (var grant in grants)
        {
            var failure = grant.Covers(request, _options);
            if (failure is null)
            {
                granted = grant;
                break;
            }

            firstFailure ??= failure;
        }

        if (granted is null)
        {
            return ConsentValidationResult.Failure(firstFailure!.Error, firstFailure.Missing);
        }

        // Decide, then record: the token is spent only once every other check passed, so a refused request
        // (one doctype too many) leaves it usable for the corrected retry.
        if (_options.RejectReplayedTokens && !await _replayStore!.TryAddAsync(issuerName + " " + tokenId, notAfter + _options.ClockSkew, cancellationToken).ConfigureAwait(false))
        {
            return Fail(ConsentErrorCodes.TokenReplayed, $"The token '{UntrustedText.Escape(tokenId)}' was already used.", "jti");
        }

        if (proofId is not null && _replayStore is not null
            && !await _replayStore.TryAddAsync("dpop " + proofThumbprint + " " + proofId, proofIssuedAt + _options.DPoPProofLifetime + _options.ClockSkew + _options.ClockSkew, cancellationToken).ConfigureAwait(false))
        {
            return Fail(ConsentErrorCodes.DPoPProofReplayed, "This DPoP proof was already used.", "jti");
        }

        return ConsentValidationResult.Success(new ValidatedConsent
        {
            Kind = ConsentTokenKind.OAuthAccessToken,
            Issuer = issuerName,
            Subject = subject,
            ConsentId = consentId,
            Purposes = granted.Purposes ?? [],
            Doctypes = granted.Doctypes,
            Datasets = granted.Datasets,
            GrantedPeriod = granted.Period,
            NotBefore = notBefore,
            NotAfter = notAfter,
            SigningKeyId = key.KeyId,
            Algorithm = signature.Algorithm!,
            TokenId = tokenId,
            ClientId = clientId,
            DPoPKeyThumbprint = proofThumbprint,
        });
    }

    /// <summary>Tells whether one audience (a single one, or one of a list) is this export endpoint.</summary>
    private bool IsAudience(string? single, List<string>? audiences, ExportRequest request)
    {
        if (single is not null)
        {
            return IsAudience(single, request);
        }

        foreach (var audience in audiences!)
        {
            if (IsAudience(audience, request))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsAudience(string audience, ExportRequest request)
    {
        var configured = _options.Audiences;
        if (configured.Count == 0)
        {
            return UrlPattern.Matches(audience, request, _options.Patterns);
        }

        foreach (var accepted in configured)
        {
            if (string.Equals(accepted, audience, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsAccessTokenType(string? type)
    {
        if (type is null)
        {
            return false;
        }

        var bare = type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? type["application/".Length..] : type;
        foreach (var accepted in _accessTokenTypes)
        {
            if (string.Equals(accepted, bare, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the export grants: each RFC 9396 detail of the export type, then the scopes mapped to doctypes.</summary>
    internal static SelfDataError? ReadGrants(AccessTokenClaims claims, ConsentTokenValidatorOptions options, out List<ConsentGrant> grants)
    {
        grants = [];
        var details = claims.AuthorizationDetails;
        if (details.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
        {
            if (details.ValueKind != JsonValueKind.Array)
            {
                return Invalid("authorization_details is not an array.");
            }

            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return Invalid("every authorization detail is an object with a string type (RFC 9396 §2).");
                }

                if (!type.ValueEquals(options.ExportAuthorizationType))
                {
                    continue;
                }

                var error = ReadExportDetail(detail, out var grant);
                if (error is not null)
                {
                    return error;
                }

                grants.Add(grant!);
            }
        }

        List<string>? scopes = null;
        var scope = claims.Scope;
        if (scope.ValueKind != JsonValueKind.Undefined)
        {
            if (scope.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(ConsentErrorCodes.InvalidClaim, "scope is not a space-separated string.", "scope");
            }

            scopes = [.. scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        var error2 = Claims.StringsValue(claims.Scopes, "scp", out var scp, ConsentErrorCodes.InvalidClaim);
        if (error2 is not null)
        {
            return error2;
        }

        if (scp is not null)
        {
            (scopes ??= []).AddRange(scp);
        }

        AddScopeGrant(grants, scopes, options);
        return null;
    }

    /// <summary>
    /// Adds the grant of the scopes that stand for doctypes, if any: a scope mapped in
    /// <see cref="ConsentTokenValidatorOptions.ScopeDoctypes"/> grants its doctypes, and an unmapped scope that is
    /// itself a doctype name (such as <c>io.cozy.bills</c>) grants that doctype.
    /// </summary>
    internal static void AddScopeGrant(List<ConsentGrant> grants, List<string>? scopes, ConsentTokenValidatorOptions options)
    {
        if (scopes is null || scopes.Count == 0)
        {
            return;
        }

        var datasets = new List<string>();
        var doctypes = new List<Doctype>();
        foreach (var scope in scopes)
        {
            if (datasets.Contains(scope, StringComparer.Ordinal))
            {
                continue;
            }

            if (options.ScopeDoctypes.TryGetValue(scope, out var mapped))
            {
                datasets.Add(scope);
                doctypes.AddRange(mapped.Where(d => !doctypes.Contains(d)));
            }
            else if (scope.Contains('.', StringComparison.Ordinal) && Doctype.Parse(scope).TryGetValue(out var doctype))
            {
                datasets.Add(scope);
                if (!doctypes.Contains(doctype))
                {
                    doctypes.Add(doctype);
                }
            }
        }

        if (doctypes.Count > 0)
        {
            grants.Add(new ConsentGrant { Doctypes = doctypes, Datasets = datasets });
        }
    }

    private static SelfDataError? ReadExportDetail(JsonElement detail, out ConsentGrant? grant)
    {
        grant = null;

        // One pass over the members (names are unique: the payload was parsed strictly), then the checks in order.
        JsonElement datatypesElement = default, actionsElement = default, locationsElement = default, purposesElement = default;
        JsonElement purposeElement = default, identifierElement = default, periodElement = default;
        foreach (var member in detail.EnumerateObject())
        {
            var value = member.Value;
            var raw = JsonMarshal.GetRawUtf8PropertyName(member);
            if (raw.Contains((byte)'\\'))
            {
                // An escaped name: compare it unescaped.
                if (member.NameEquals("datatypes"u8)) { datatypesElement = value; }
                else if (member.NameEquals("actions"u8)) { actionsElement = value; }
                else if (member.NameEquals("locations"u8)) { locationsElement = value; }
                else if (member.NameEquals("purposes"u8)) { purposesElement = value; }
                else if (member.NameEquals("purpose"u8)) { purposeElement = value; }
                else if (member.NameEquals("identifier"u8)) { identifierElement = value; }
                else if (member.NameEquals("period"u8)) { periodElement = value; }
            }
            else if (raw.SequenceEqual("datatypes"u8)) { datatypesElement = value; }
            else if (raw.SequenceEqual("actions"u8)) { actionsElement = value; }
            else if (raw.SequenceEqual("locations"u8)) { locationsElement = value; }
            else if (raw.SequenceEqual("purposes"u8)) { purposesElement = value; }
            else if (raw.SequenceEqual("purpose"u8)) { purposeElement = value; }
            else if (raw.SequenceEqual("identifier"u8)) { identifierElement = value; }
            else if (raw.SequenceEqual("period"u8)) { periodElement = value; }
        }

        const string Code = ConsentErrorCodes.AuthorizationDetailsInvalid;
        var error = Claims.StringsValue(datatypesElement, "datatypes", out var datatypes, Code);
        var actionsError = Claims.StringsValue(actionsElement, "actions", out var actions, Code);
        var locationsError = Claims.StringsValue(locationsElement, "locations", out var locations, Code);
        var purposesError = Claims.StringsValue(purposesElement, "purposes", out var purposes, Code);
        var purposeError = Claims.StringValue(purposeElement, "purpose", out var purpose, Code);
        var identifierError = Claims.StringValue(identifierElement, "identifier", out var identifier, Code);
        error ??= actionsError ?? locationsError ?? purposesError ?? purposeError ?? identifierError;
        if (error is not null)
        {
            return error;
        }

        if (datatypes is null || datatypes.Count == 0)
        {
            return Invalid("an export authorization detail lists no datatypes.");
        }

        var doctypes = new List<Doctype>(datatypes.Count);
        foreach (var name in datatypes)
        {
            if (!Doctype.Parse(name).TryGetValue(out var doctype))
            {
                return Invalid($"the datatype '{UntrustedText.Escape(name)}' is not a doctype.");
            }

            doctypes.Add(doctype);
        }

        Interval? period = null;
        if (periodElement.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
        {
            if (periodElement.ValueKind != JsonValueKind.Object
                || Claims.String(periodElement, "start", out var start) is not null || Claims.String(periodElement, "end", out var end) is not null
                || start is null || end is null)
            {
                return Invalid("period is an object with RFC 3339 start and end.");
            }

            var from = Rfc3339.Parse(start);
            var to = Rfc3339.Parse(end);
            if (!from.Success || !to.Success || to.Value < from.Value)
            {
                return Invalid("period has a bound that is not an RFC 3339 instant, or ends before it starts.");
            }

            period = new Interval(from.Value, to.Value);
        }

        if (purposes is not null && purpose is not null)
        {
            purposes.Add(purpose);
        }

        grant = new ConsentGrant
        {
            Doctypes = doctypes,
            Datasets = datatypes,
            Period = period,
            Purposes = purposes ?? (purpose is null ? null : [purpose]),
            Locations = locations,
            Actions = actions,
            Identifier = identifier,
        };
        return null;
    }

    internal static SelfDataError Invalid(string message) => new(ConsentErrorCodes.AuthorizationDetailsInvalid, "Invalid authorization_details: " + message, "authorization_details");
}

/// <summary>The claims of an access token, found in one pass over the payload.</summary>
internal readonly struct AccessTokenClaims : IAccessTokenClaims
{
    public SelfDataError? ReadIssuer(out string? issuer) => Claims.StringValue(Issuer, "iss", out issuer);

    public SelfDataError? ReadLifetime(DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter) =>
        Claims.Lifetime(Expires, NotBefore, IssuedAt, now, options, out notBefore, out notAfter);

    public SelfDataError? ReadAudience(out string? single, out List<string>? audiences)
    {
        audiences = null;
        if (Audience.ValueKind == JsonValueKind.String)
        {
            // The usual single audience, without a list.
            single = Audience.GetString()!;
            return null;
        }

        single = null;
        return Claims.AudiencesOf(Audience, out audiences);
    }

    public SelfDataError? ReadNames(out string? subject, out string? tokenId, out string? consentId, out string? grantId)
    {
        var error = Claims.StringValue(Subject, "sub", out subject);
        var tokenIdError = Claims.StringValue(TokenId, "jti", out tokenId);
        var consentIdError = Claims.StringValue(ConsentId, "consent_id", out consentId);
        var grantIdError = Claims.StringValue(GrantId, "grant_id", out grantId);
        return error ?? tokenIdError ?? consentIdError ?? grantIdError;
    }

    public SelfDataError? ReadClientId(out string? clientId) => Claims.StringValue(ClientId, "client_id", out clientId);

    public SelfDataError? ReadGrants(ConsentTokenValidatorOptions options, out List<ConsentGrant> grants) => AccessTokenValidator.ReadGrants(this, options, out grants);

    public SelfDataError? ReadConfirmation(out string? thumbprint)
    {
        thumbprint = null;
        if (Confirmation.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        if (Confirmation.ValueKind != JsonValueKind.Object)
        {
            return new SelfDataError(ConsentErrorCodes.InvalidClaim, "cnf is not an object (RFC 7800).", "cnf");
        }

        if (Confirmation.TryGetProperty("jkt"u8, out var jkt))
        {
            if (jkt.ValueKind != JsonValueKind.String || !Base64Url.IsCanonical(jkt.GetString()) || jkt.GetString()!.Length != 43)
            {
                return new SelfDataError(ConsentErrorCodes.InvalidClaim, "cnf.jkt is not the base64url SHA-256 thumbprint of a key (RFC 9449 §6.1).", "cnf.jkt");
            }

            thumbprint = jkt.GetString();
        }

        return null;
    }

    public JsonElement Payload { get; private init; }

    public JsonElement Issuer { get; private init; }

    public JsonElement Subject { get; private init; }

    public JsonElement Audience { get; private init; }

    public JsonElement Expires { get; private init; }

    public JsonElement NotBefore { get; private init; }

    public JsonElement IssuedAt { get; private init; }

    public JsonElement TokenId { get; private init; }

    public JsonElement ClientId { get; private init; }

    public JsonElement ConsentId { get; private init; }

    public JsonElement GrantId { get; private init; }

    public JsonElement AuthorizationDetails { get; private init; }

    public JsonElement Scope { get; private init; }

    public JsonElement Scopes { get; private init; }

    public JsonElement Confirmation { get; private init; }

    /// <summary>Gets a value indicating whether the payload has a claim only MyData records and tokens carry.</summary>
    public bool HasMyDataClaims { get; private init; }

    public static AccessTokenClaims Read(JsonElement payload)
    {
        JsonElement iss = default, sub = default, aud = default, exp = default, nbf = default, iat = default, jti = default, client = default;
        JsonElement consent = default, grant = default, details = default, scope = default, scp = default, cnf = default;
        var myData = false;

        // The payload was parsed strictly: no member is named twice.
        foreach (var claim in payload.EnumerateObject())
        {
            var value = claim.Value;
            var raw = JsonMarshal.GetRawUtf8PropertyName(claim);
            var escaped = raw.Contains((byte)'\\');
            switch (escaped ? ClassifyEscaped(claim) : Classify(raw))
            {
                case Claim.Issuer: iss = value; break;
                case Claim.Subject: sub = value; break;
                case Claim.Audience: aud = value; break;
                case Claim.Expires: exp = value; break;
                case Claim.NotBefore: nbf = value; break;
                case Claim.IssuedAt: iat = value; break;
                case Claim.TokenId: jti = value; break;
                case Claim.ClientId: client = value; break;
                case Claim.ConsentId: consent = value; break;
                case Claim.GrantId: grant = value; break;
                case Claim.AuthorizationDetails: details = value; break;
                case Claim.Scope: scope = value; break;
                case Claim.Scopes: scp = value; break;
                case Claim.Confirmation: cnf = value; break;
                case Claim.MyData: myData = true; break;
            }
        }

        return new AccessTokenClaims
        {
            Payload = payload,
            Issuer = iss,
            Subject = sub,
            Audience = aud,
            Expires = exp,
            NotBefore = nbf,
            IssuedAt = iat,
            TokenId = jti,
            ClientId = client,
            ConsentId = consent,
            GrantId = grant,
            AuthorizationDetails = details,
            Scope = scope,
            Scopes = scp,
            Confirmation = cnf,
            HasMyDataClaims = myData,
        };
    }

    /// <summary>Names a claim by its raw UTF-8 name (one length test and a byte comparison); escaped names are unescaped first.</summary>
    internal static Claim Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("iss"u8) => Claim.Issuer,
        3 when name.SequenceEqual("sub"u8) => Claim.Subject,
        3 when name.SequenceEqual("aud"u8) => Claim.Audience,
        3 when name.SequenceEqual("exp"u8) => Claim.Expires,
        3 when name.SequenceEqual("nbf"u8) => Claim.NotBefore,
        3 when name.SequenceEqual("iat"u8) => Claim.IssuedAt,
        3 when name.SequenceEqual("jti"u8) => Claim.TokenId,
        3 when name.SequenceEqual("scp"u8) => Claim.Scopes,
        3 when name.SequenceEqual("cnf"u8) => Claim.Confirmation,
        5 when name.SequenceEqual("scope"u8) => Claim.Scope,
        5 when name.SequenceEqual("cr_id"u8) || name.SequenceEqual("pi_id"u8) => Claim.MyData,
        7 when name.SequenceEqual("link_id"u8) => Claim.MyData,
        8 when name.SequenceEqual("grant_id"u8) => Claim.GrantId,
        9 when name.SequenceEqual("client_id"u8) => Claim.ClientId,
        10 when name.SequenceEqual("consent_id"u8) => Claim.ConsentId,
        11 when name.SequenceEqual("common_part"u8) => Claim.MyData,
        14 when name.SequenceEqual("consent_status"u8) => Claim.MyData,
        21 when name.SequenceEqual("authorization_details"u8) => Claim.AuthorizationDetails,
        _ => Claim.Other,
    };

    private static Claim ClassifyEscaped(JsonProperty claim)
    {
        Span<byte> buffer = stackalloc byte[32];
        var name = claim.Name;
        return name.Length <= 21 && System.Text.Encoding.UTF8.TryGetBytes(name, buffer, out var written) ? Classify(buffer[..written]) : Claim.Other;
    }

    internal enum Claim
    {
        Other,
        Issuer,
        Subject,
        Audience,
        Expires,
        NotBefore,
        IssuedAt,
        TokenId,
        ClientId,
        ConsentId,
        GrantId,
        AuthorizationDetails,
        Scope,
        Scopes,
        MyData,
        Confirmation,
    }
}
