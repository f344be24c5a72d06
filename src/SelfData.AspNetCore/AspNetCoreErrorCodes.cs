namespace SelfData.AspNetCore;

/// <summary>
/// The stable codes of the portability endpoints (<c>SD5xxx</c>), each documented in <c>docs/errors.md</c>. A request
/// refused because of its token or consent carries the consent code (<c>SD1xxx</c>) instead.
/// </summary>
public static class AspNetCoreErrorCodes
{
    /// <summary>No access token: the request has no <c>Authorization</c> header with the Bearer or DPoP scheme (401).</summary>
    public const string TokenMissing = "SD5001";

    /// <summary>An access token was sent in the query string, which RFC 6750 §2.3 forbids here (400).</summary>
    public const string TokenInQuery = "SD5002";

    /// <summary>The kick-off body is not the expected JSON: malformed, an unknown member, a wrong type or value (400).</summary>
    public const string InvalidRequest = "SD5003";

    /// <summary>A requested doctype is not one this holder exports (400).</summary>
    public const string DoctypeNotSupported = "SD5004";

    /// <summary>The kick-off lacks <c>Prefer: respond-async</c>: exports are asynchronous (400).</summary>
    public const string RespondAsyncRequired = "SD5005";

    /// <summary>No such export for this caller: unknown, another client's or person's, or cancelled (404).</summary>
    public const string ExportNotFound = "SD5006";

    /// <summary>The export expired: its files were deleted (410).</summary>
    public const string ExportExpired = "SD5007";

    /// <summary>The caller already has as many unfinished exports as allowed (429).</summary>
    public const string TooManyExports = "SD5008";

    /// <summary>The caller polls faster than the <c>Retry-After</c> it was given (429).</summary>
    public const string PollingTooFast = "SD5009";

    /// <summary>The export failed; the problem's <c>jobError</c> member carries the job's own code (500).</summary>
    public const string ExportFailed = "SD5010";

    /// <summary>The kick-off body is not <c>application/json</c> (415).</summary>
    public const string UnsupportedMediaType = "SD5011";

    /// <summary>The export is not finished: its files are not available yet (409).</summary>
    public const string ExportNotReady = "SD5012";

    /// <summary><see cref="PortabilityEndpointOptions"/> are invalid, or a service the endpoints need is not registered (start-up).</summary>
    public const string InvalidOptions = "SD5013";

    /// <summary>A store the endpoints use (job store, consent status store, key source) is unavailable (503).</summary>
    public const string ServiceUnavailable = "SD5014";
}
