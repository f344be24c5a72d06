using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Consent;

public sealed partial class ConsentTokenValidator
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
    public async ValueTask<ConsentValidationResult> ValidateAccessTokenAsync(string token, ExportRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ValidateAccessTokenCoreAsync(token, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or DecoderFallbackException or System.Security.Cryptography.CryptographicException)
        {
            // Defence in depth: malformed input that slipped past the checks still comes back as a result.
            return Fail(ConsentErrorCodes.MalformedJson, "The input could not be read: " + e.GetType().Name + ".");
        }
    }

    private async ValueTask<ConsentValidationResult> ValidateAccessTokenCoreAsync(string token, ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(request);
        var error = ReadToken(token, "The access token", out var message, out var signature, out var document);
        if (error is not null)
        {
            return Fail(error);
        }

        using (document)
        {
            var payload = document!.RootElement;
            var claims = AccessTokenClaims.Read(payload);
            if (!IsAccessTokenType(signature!.Type) || claims.HasMyDataClaims)
            {
                return Fail(ConsentErrorCodes.TokenTypeMismatch, $"The token is not an OAuth access token (typ '{JwsMessage.Printable(signature.Type ?? "none")}'); access tokens use typ at+jwt (RFC 9068).");
            }

            error = Claims.StringValue(claims.Issuer, "iss", out var issuerName);
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
                return Fail(ConsentErrorCodes.IssuerUnknown, $"The issuer '{JwsMessage.Printable(issuerName)}' is not trusted.", "iss");
            }

            error = KeyIdOf(signature, out var keyId);
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
                        return Fail(ConsentErrorCodes.IssuerKeyMismatch, $"The key '{JwsMessage.Printable(keyId)}' belongs to the issuer '{other.Issuer}', not to '{issuerName}'.");
                    }
                }

                return Fail(KeyNotFound(signature, keyId, $"the keys of '{issuerName}'"));
            }

            error = VerifyToken(message!, signature, key);
            if (error is not null)
            {
                return Fail(error);
            }

            var now = _time.GetUtcNow();
            error = Claims.Lifetime(claims.Expires, claims.NotBefore, claims.IssuedAt, now, _options, out var notBefore, out var notAfter);
            if (error is not null)
            {
                return Fail(error);
            }

            error = Claims.AudiencesOf(claims.Audience, out var audiences);
            if (error is not null)
            {
                return Fail(error);
            }

            if (!audiences.Any(a => _options.Audiences.Count > 0 ? _options.Audiences.Contains(a, StringComparer.Ordinal) : UrlPattern.Matches(a, request)))
            {
                return Fail(ConsentErrorCodes.AudienceMismatch, "No audience of the token is this export endpoint.", "aud");
            }

            error = Claims.First(Claims.StringValue(claims.Subject, "sub", out var subject), Claims.StringValue(claims.TokenId, "jti", out var tokenId), Claims.StringValue(claims.ConsentId, "consent_id", out var consentId), Claims.StringValue(claims.GrantId, "grant_id", out var grantId));
            if (error is not null)
            {
                return Fail(error);
            }

            if (string.IsNullOrEmpty(subject))
            {
                return Fail(ConsentErrorCodes.SubjectMissing, "The token has no sub claim.", "sub");
            }

            error = ReadGrants(claims, out var grants);
            if (error is not null)
            {
                return Fail(error);
            }

            consentId ??= grantId ?? grants.Select(g => g.Identifier).FirstOrDefault(i => i is not null);
            if (string.IsNullOrEmpty(consentId))
            {
                return Fail(ConsentErrorCodes.ConsentIdMissing, "The token names no consent (consent_id, grant_id or an authorization detail identifier).", "consent_id");
            }

            if (_options.RejectReplayedTokens)
            {
                if (string.IsNullOrEmpty(tokenId))
                {
                    return Fail(ConsentErrorCodes.TokenIdMissing, "The token has no jti; replay detection needs one.", "jti");
                }

                if (!await _replayStore!.TryAddAsync(issuerName + " " + tokenId, notAfter + _options.ClockSkew, cancellationToken).ConfigureAwait(false))
                {
                    return Fail(ConsentErrorCodes.TokenReplayed, $"The token '{JwsMessage.Printable(tokenId)}' was already used.", "jti");
                }
            }

            error = await CheckStatusStoreAsync(consentId, null, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return Fail(error);
            }

            if (grants.Count == 0)
            {
                return Fail(ConsentErrorCodes.NoExportGrant, $"The token grants no export: no authorization detail of type '{_options.ExportAuthorizationType}' and no scope mapped to doctypes.");
            }

            CoverageGap? firstFailure = null;
            foreach (var grant in grants)
            {
                var failure = grant.Covers(request, _options);
                if (failure is null)
                {
                    return ConsentValidationResult.Success(new ValidatedConsent
                    {
                        Kind = ConsentTokenKind.OAuthAccessToken,
                        Issuer = issuerName,
                        Subject = subject,
                        ConsentId = consentId,
                        Purposes = grant.Purposes ?? [],
                        Doctypes = grant.Doctypes,
                        Datasets = grant.Datasets,
                        GrantedPeriod = grant.Period,
                        NotBefore = notBefore,
                        NotAfter = notAfter,
                        SigningKeyId = key.KeyId,
                        Algorithm = signature.Algorithm!,
                        TokenId = tokenId,
                    });
                }

                firstFailure ??= failure;
            }

            return ConsentValidationResult.Failure(firstFailure!.Error, firstFailure.Missing);
        }
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
    private SelfDataError? ReadGrants(AccessTokenClaims claims, out List<ConsentGrant> grants)
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
                if (detail.ValueKind != JsonValueKind.Object || !detail.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return Invalid("every authorization detail is an object with a string type (RFC 9396 §2).");
                }

                if (!string.Equals(type.GetString(), _options.ExportAuthorizationType, StringComparison.Ordinal))
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

        var scopes = new List<string>();
        var scope = claims.Scope;
        if (scope.ValueKind != JsonValueKind.Undefined)
        {
            if (scope.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(ConsentErrorCodes.InvalidClaim, "scope is not a space-separated string.", "scope");
            }

            scopes.AddRange(scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        List<string>? scp = null;
        var error2 = claims.Scopes.ValueKind == JsonValueKind.Undefined ? null : Claims.Strings(claims.Payload, "scp", out scp, ConsentErrorCodes.InvalidClaim);
        if (error2 is not null)
        {
            return error2;
        }

        scopes.AddRange(scp ?? []);
        var mapped = scopes.Where(s => _options.ScopeDoctypes.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        if (mapped.Count > 0)
        {
            grants.Add(new ConsentGrant
            {
                Doctypes = mapped.SelectMany(s => _options.ScopeDoctypes[s]).Distinct().ToArray(),
                Datasets = mapped,
            });
        }

        return null;
    }

    private static SelfDataError? ReadExportDetail(JsonElement detail, out ConsentGrant? grant)
    {
        grant = null;
        var error = Claims.First(Claims.Strings(detail, "datatypes", out var datatypes, ConsentErrorCodes.AuthorizationDetailsInvalid), Claims.Strings(detail, "actions", out var actions, ConsentErrorCodes.AuthorizationDetailsInvalid), Claims.Strings(detail, "locations", out var locations, ConsentErrorCodes.AuthorizationDetailsInvalid), Claims.Strings(detail, "purposes", out var purposes, ConsentErrorCodes.AuthorizationDetailsInvalid), Claims.String(detail, "purpose", out var purpose, ConsentErrorCodes.AuthorizationDetailsInvalid), Claims.String(detail, "identifier", out var identifier, ConsentErrorCodes.AuthorizationDetailsInvalid));
        if (error is not null)
        {
            return error;
        }

        if (datatypes is null || datatypes.Count == 0)
        {
            return Invalid("an export authorization detail lists no datatypes.");
        }

        var doctypes = new List<Doctype>();
        foreach (var name in datatypes)
        {
            if (!Doctype.Parse(name).TryGetValue(out var doctype))
            {
                return Invalid($"the datatype '{JwsMessage.Printable(name)}' is not a doctype.");
            }

            doctypes.Add(doctype);
        }

        Interval? period = null;
        if (detail.TryGetProperty("period", out var periodElement) && periodElement.ValueKind != JsonValueKind.Null)
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

    private static SelfDataError Invalid(string message) => new(ConsentErrorCodes.AuthorizationDetailsInvalid, "Invalid authorization_details: " + message, "authorization_details");
}

/// <summary>The claims of an access token, found in one pass over the payload.</summary>
internal readonly struct AccessTokenClaims
{
    public JsonElement Payload { get; private init; }

    public JsonElement Issuer { get; private init; }

    public JsonElement Subject { get; private init; }

    public JsonElement Audience { get; private init; }

    public JsonElement Expires { get; private init; }

    public JsonElement NotBefore { get; private init; }

    public JsonElement IssuedAt { get; private init; }

    public JsonElement TokenId { get; private init; }

    public JsonElement ConsentId { get; private init; }

    public JsonElement GrantId { get; private init; }

    public JsonElement AuthorizationDetails { get; private init; }

    public JsonElement Scope { get; private init; }

    public JsonElement Scopes { get; private init; }

    /// <summary>Gets a value indicating whether the payload has a claim only MyData records and tokens carry.</summary>
    public bool HasMyDataClaims { get; private init; }

    public static AccessTokenClaims Read(JsonElement payload)
    {
        JsonElement iss = default, sub = default, aud = default, exp = default, nbf = default, iat = default, jti = default;
        JsonElement consent = default, grant = default, details = default, scope = default, scp = default;
        var myData = false;
        foreach (var claim in payload.EnumerateObject())
        {
            var value = claim.Value;
            if (claim.NameEquals("iss"u8)) { iss = value; }
            else if (claim.NameEquals("sub"u8)) { sub = value; }
            else if (claim.NameEquals("aud"u8)) { aud = value; }
            else if (claim.NameEquals("exp"u8)) { exp = value; }
            else if (claim.NameEquals("nbf"u8)) { nbf = value; }
            else if (claim.NameEquals("iat"u8)) { iat = value; }
            else if (claim.NameEquals("jti"u8)) { jti = value; }
            else if (claim.NameEquals("consent_id"u8)) { consent = value; }
            else if (claim.NameEquals("grant_id"u8)) { grant = value; }
            else if (claim.NameEquals("authorization_details"u8)) { details = value; }
            else if (claim.NameEquals("scope"u8)) { scope = value; }
            else if (claim.NameEquals("scp"u8)) { scp = value; }
            else if (claim.NameEquals("cr_id"u8) || claim.NameEquals("pi_id"u8) || claim.NameEquals("common_part"u8) || claim.NameEquals("consent_status"u8) || claim.NameEquals("link_id"u8)) { myData = true; }
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
            ConsentId = consent,
            GrantId = grant,
            AuthorizationDetails = details,
            Scope = scope,
            Scopes = scp,
            HasMyDataClaims = myData,
        };
    }
}
