using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SelfData.Consent;
using SelfData.Core;

namespace SelfData.AspNetCore;

/// <summary>The outcome of checking a request's token: the consent, or the response that refuses it.</summary>
internal readonly record struct Authentication(ValidatedConsent? Consent, Problems.ProblemResult? Refusal, string? Code, IReadOnlyList<string> NotCovered)
{
    public bool Succeeded => Consent is not null;
}

/// <summary>
/// Reads the access token (RFC 6750 header only; Bearer or DPoP scheme with its <c>DPoP</c> proof) and validates it
/// with SelfData.Consent for the export endpoint, the requested or the job's doctypes, and the request's method and URL.
/// Refusals carry the challenge RFC 6750 and RFC 9449 ask for.
/// </summary>
internal sealed class RequestAuthenticator(AccessTokenValidator validator, ConsentTokenValidatorOptions consentOptions, Problems problems)
{
    private static readonly HashSet<string> Forbidden = new(StringComparer.Ordinal)
    {
        ConsentErrorCodes.ConsentWithdrawn, ConsentErrorCodes.ConsentDisabled, ConsentErrorCodes.DoctypeNotCovered, ConsentErrorCodes.PeriodNotCovered,
        ConsentErrorCodes.PurposeNotCovered, ConsentErrorCodes.LocationNotCovered, ConsentErrorCodes.ActionNotCovered, ConsentErrorCodes.NoExportGrant,
    };

    private static readonly HashSet<string> Unavailable = new(StringComparer.Ordinal)
    {
        ConsentErrorCodes.StatusStoreUnavailable, ConsentErrorCodes.ReplayStoreUnavailable, ConsentErrorCodes.KeySourceUnavailable,
    };

    public async Task<Authentication> AuthenticateAsync(HttpContext context, Uri exportsEndpoint, IReadOnlyList<Doctype> doctypes, Interval? period, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.Query.ContainsKey("access_token"))
        {
            return Refuse(problems.Create(context, StatusCodes.Status400BadRequest, AspNetCoreErrorCodes.TokenInQuery, "Token in the query string",
                "An access token is sent in the Authorization header, never in the URL (RFC 6750 §2.3)."), AspNetCoreErrorCodes.TokenInQuery, "invalid_request", null, context);
        }

        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value)
        {
            return Refuse(problems.Create(context, StatusCodes.Status401Unauthorized, AspNetCoreErrorCodes.TokenMissing, "Access token required",
                "Send an OAuth 2.0 access token: Authorization: Bearer <token>, or Authorization: DPoP <token> with a DPoP proof."), AspNetCoreErrorCodes.TokenMissing, null, null, context);
        }

        string? token = null;
        var dpopScheme = false;
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = value[7..].Trim();
        }
        else if (value.StartsWith("DPoP ", StringComparison.OrdinalIgnoreCase))
        {
            token = value[5..].Trim();
            dpopScheme = true;
        }

        if (string.IsNullOrEmpty(token))
        {
            return Refuse(problems.Create(context, StatusCodes.Status401Unauthorized, AspNetCoreErrorCodes.TokenMissing, "Access token required",
                "The Authorization header uses neither the Bearer nor the DPoP scheme."), AspNetCoreErrorCodes.TokenMissing, "invalid_request", null, context);
        }

        var proofs = request.Headers["DPoP"];
        DPoPProof? proof = null;
        if (dpopScheme)
        {
            if (proofs.Count != 1 || string.IsNullOrEmpty(proofs[0]))
            {
                return Refuse(problems.Create(context, StatusCodes.Status401Unauthorized, ConsentErrorCodes.DPoPProofMissing, "DPoP proof required",
                    "The DPoP scheme needs exactly one DPoP header carrying a proof (RFC 9449 §4.1)."), ConsentErrorCodes.DPoPProofMissing, "invalid_dpop_proof", null, context);
            }

            proof = new DPoPProof(proofs[0]!);
        }

        var url = new Uri(request.Scheme + "://" + request.Host.Value + request.PathBase.Value + request.Path.Value);
        var exportRequest = new ExportRequest(exportsEndpoint, doctypes) { Method = request.Method, RequestUri = url, Period = period };
        var result = await validator.ValidateAccessTokenAsync(token, exportRequest, proof, cancellationToken).ConfigureAwait(false);
        if (result.IsValid)
        {
            // A bound token sent with the Bearer scheme carries no proof, which the validator refuses (SD1130).
            return new Authentication(result.Consent, null, null, []);
        }

        var code = result.ErrorCode!;
        var detail = result.Error!.Message;
        if (Forbidden.Contains(code))
        {
            var notCovered = result.NotCovered;
            var problem = problems.Create(context, StatusCodes.Status403Forbidden, code, "Not covered by the consent", detail, notCovered.Count == 0 ? null : w =>
            {
                w.WriteStartArray("notCovered");
                foreach (var item in notCovered)
                {
                    w.WriteStringValue(item);
                }

                w.WriteEndArray();
            });
            context.Response.Headers.WWWAuthenticate = Challenge(dpopScheme, "insufficient_scope", detail);
            return new Authentication(null, problem, code, notCovered);
        }

        if (Unavailable.Contains(code))
        {
            return new Authentication(null, problems.Create(context, StatusCodes.Status503ServiceUnavailable, code, "Service unavailable", detail), code, []);
        }

        // RFC 9449 §7.1: a missing proof makes the token unusable (invalid_token); a bad proof is invalid_dpop_proof.
        var dpopError = code switch
        {
            ConsentErrorCodes.DPoPNonceMismatch => "use_dpop_nonce",
            ConsentErrorCodes.DPoPProofMissing => "invalid_token",
            _ when code.StartsWith("SD113", StringComparison.Ordinal) || code.StartsWith("SD114", StringComparison.Ordinal) => "invalid_dpop_proof",
            _ => "invalid_token",
        };
        return Refuse(problems.Create(context, StatusCodes.Status401Unauthorized, code, "Invalid access token", detail), code, dpopError, detail, context, dpopScheme || dpopError != "invalid_token");
    }

    private Authentication Refuse(Problems.ProblemResult problem, string code, string? error, string? description, HttpContext context, bool dpop = true)
    {
        context.Response.Headers.WWWAuthenticate = Challenge(dpop, error, description);
        return new Authentication(null, problem, code, []);
    }

    /// <summary>The challenges for a 401/403: Bearer unless DPoP is required, and DPoP with the accepted algorithms.</summary>
    private StringValues Challenge(bool dpopFirst, string? error, string? description)
    {
        var suffix = error is null ? string.Empty : $", error=\"{error}\"" + (description is null ? string.Empty : $", error_description=\"{Quote(description)}\"");
        var dpop = $"DPoP realm=\"selfdata\", algs=\"{string.Join(' ', consentOptions.DPoPAlgorithms)}\"" + (dpopFirst ? suffix : string.Empty);
        if (consentOptions.RequireDPoP)
        {
            return new StringValues(dpop + (dpopFirst ? string.Empty : suffix));
        }

        var bearer = "Bearer realm=\"selfdata\"" + (dpopFirst ? string.Empty : suffix);
        return new StringValues([bearer, dpop]);
    }

    /// <summary>An error_description is a quoted string of printable ASCII without <c>"</c> or <c>\</c> (RFC 6750 §3).</summary>
    private static string Quote(string text)
    {
        var chars = text.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').Take(200).ToArray();
        return new string(chars);
    }
}
