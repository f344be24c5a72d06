using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.AspNetCore;

/// <summary>The request handlers behind <see cref="PortabilityEndpointRouteBuilderExtensions.MapSelfDataPortability"/>.</summary>
internal sealed class PortabilityEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly string[] BodyMembers = ["doctypes", "profile", "layout", "since", "until"];

    private readonly PortabilityEndpointOptions _options;
    private readonly IExportJobStore _jobs;
    private readonly IExportArtifactStore _artifacts;
    private readonly IExportDataSource _source;
    private readonly RequestAuthenticator _authenticator;
    private readonly Problems _problems;
    private readonly IPortabilityAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly SigningKey _signingKey;
    private readonly ConsentTokenValidatorOptions _consentOptions;
    private readonly PollLimiter _polls;
    private readonly WorkerSignal _signal;

    public PortabilityEndpoints(IOptions<PortabilityEndpointOptions> options, IExportJobStore jobs, IExportArtifactStore artifacts, IExportDataSource source, RequestAuthenticator authenticator,
        Problems problems, IPortabilityAuditSink audit, TimeProvider time, IOptions<PortabilityArchiveWriterOptions> archiveOptions, IOptions<ConsentTokenValidatorOptions> consentOptions, PollLimiter polls, WorkerSignal signal)
    {
        _options = options.Value;
        _jobs = jobs;
        _artifacts = artifacts;
        _source = source;
        _authenticator = authenticator;
        _problems = problems;
        _audit = audit;
        _time = time;
        _signingKey = archiveOptions.Value.SigningKey!;
        _consentOptions = consentOptions.Value;
        _polls = polls;
        _signal = signal;
    }

    public string Prefix { get; set; } = "/selfdata";

    public IResult Discovery(HttpContext context)
    {
        var baseUri = Base(context);
        var body = new Dictionary<string, object>
        {
            ["exports_endpoint"] = baseUri + "/exports",
            ["jwks_uri"] = baseUri + "/jwks.json",
            ["doctypes_supported"] = _source.Doctypes.Select(d => d.Name).Order(StringComparer.Ordinal).ToArray(),
            ["profiles_supported"] = new[] { "cozy", "mesinfos" },
            ["layouts_supported"] = new[] { "ndjson", "cozy-move" },
            ["token_types_supported"] = _consentOptions.RequireDPoP ? new[] { "DPoP" } : new[] { "Bearer", "DPoP" },
            ["dpop_signing_alg_values_supported"] = _consentOptions.DPoPAlgorithms.ToArray(),
            ["authorization_details_types_supported"] = new[] { _consentOptions.ExportAuthorizationType },
        };
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(body);
    }

    public IResult Jwks(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(_signingKey.ToPublicJwks(), "application/jwk-set+json", Encoding.UTF8);
    }

    public async Task<IResult> KickOffAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var prefer = context.Request.Headers["Prefer"].ToString();
        if (!prefer.Contains("respond-async", StringComparison.OrdinalIgnoreCase))
        {
            return await DenyAsync(context, null, _problems.Create(context, 400, AspNetCoreErrorCodes.RespondAsyncRequired, "Asynchronous request required", "Exports are asynchronous: send Prefer: respond-async."), AspNetCoreErrorCodes.RespondAsyncRequired).ConfigureAwait(false);
        }

        if (!(context.Request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return await DenyAsync(context, null, _problems.Create(context, 415, AspNetCoreErrorCodes.UnsupportedMediaType, "JSON body required", "The kick-off body is application/json."), AspNetCoreErrorCodes.UnsupportedMediaType).ConfigureAwait(false);
        }

        var (request, error) = await ReadRequestAsync(context, prefer.Contains("handling=lenient", StringComparison.OrdinalIgnoreCase), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return await DenyAsync(context, null, _problems.Create(context, 400, error.Code, "Invalid export request", error.Message, error.FieldPath is null ? null : w => w.WriteString("field", error.FieldPath)), error.Code).ConfigureAwait(false);
        }

        var unsupported = request!.Doctypes.Where(d => !_source.Doctypes.Contains(d)).Select(d => d.Name).ToList();
        if (unsupported.Count > 0)
        {
            return await DenyAsync(context, null, _problems.Create(context, 400, AspNetCoreErrorCodes.DoctypeNotSupported, "Doctype not exported here",
                $"This holder does not export {string.Join(", ", unsupported.Select(u => UntrustedText.Escape(u)))}; see doctypes_supported in /.well-known/selfdata.", w => Strings(w, "unsupported", unsupported)), AspNetCoreErrorCodes.DoctypeNotSupported).ConfigureAwait(false);
        }

        Interval? period = request.Since is { } s && request.Until is { } u ? new Interval(s, u) : null;
        var auth = await _authenticator.AuthenticateAsync(context, ExportsEndpoint(context), request.Doctypes, period, cancellationToken).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return await DenyAsync(context, null, auth.Refusal!, auth.Code!, request.Doctypes).ConfigureAwait(false);
        }

        var consent = auth.Consent!;

        // Export what was asked and consented to: the window is clipped to the consent's period.
        if (consent.GrantedPeriod is { } granted)
        {
            request = request with
            {
                Since = request.Since is { } since && since > granted.Start ? since : granted.Start,
                Until = request.Until is { } until && until < granted.End ? until : granted.End,
            };
        }

        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200 || key.Any(c => c is < ' ' or > '~'))
        {
            return await DenyAsync(context, consent, _problems.Create(context, 400, AspNetCoreErrorCodes.InvalidRequest, "Invalid Idempotency-Key", "An Idempotency-Key is at most 200 printable ASCII characters.", w => w.WriteString("field", "Idempotency-Key")), AspNetCoreErrorCodes.InvalidRequest).ConfigureAwait(false);
        }

        var job = new ExportJob
        {
            Id = ExportJob.NewId(),
            Owner = OwnerOf(consent),
            Request = request,
            IdempotencyKey = key.Length == 0 ? null : key,
            CreatedAt = _time.GetUtcNow(),
        };
        var created = await _jobs.CreateAsync(job, _options.MaxUnfinishedExportsPerOwner, cancellationToken).ConfigureAwait(false);
        switch (created.Status)
        {
            case ExportJobCreationStatus.LimitReached:
                context.Response.Headers.RetryAfter = Seconds(_options.RetryAfter);
                return await DenyAsync(context, consent, _problems.Create(context, 429, AspNetCoreErrorCodes.TooManyExports, "An export is already running",
                    $"At most {_options.MaxUnfinishedExportsPerOwner} unfinished export(s) per client and person; poll or cancel the running one."), AspNetCoreErrorCodes.TooManyExports).ConfigureAwait(false);
            case ExportJobCreationStatus.Existing when !created.Job!.Request.Equals(request) || created.Job.Owner != job.Owner:
                return await DenyAsync(context, consent, _problems.Create(context, 422, AspNetCoreErrorCodes.InvalidRequest, "Idempotency-Key reused",
                    "This Idempotency-Key was used for another request; use a new key.", w => w.WriteString("field", "Idempotency-Key")), AspNetCoreErrorCodes.InvalidRequest).ConfigureAwait(false);
        }

        job = created.Job!;
        _signal.Notify();
        await AuditAsync(context, PortabilityAuditEvent.KickOff, job, consent.ClientId, consent.ConsentId, 202).ConfigureAwait(false);
        var location = ExportsEndpoint(context) + "/" + job.Id;
        context.Response.Headers.ContentLocation = location;
        context.Response.Headers.RetryAfter = Seconds(_options.RetryAfter);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object> { ["id"] = job.Id, ["status"] = StateName(job.State), ["url"] = location }, statusCode: 202);
    }

    public async Task<IResult> StatusAsync(HttpContext context, string id)
    {
        var (job, consent, refusal) = await OwnJobAsync(context, id).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = _time.GetUtcNow();
        if (!job!.IsFinished)
        {
            if (!_polls.TryPoll(job.Id, out var wait))
            {
                context.Response.Headers.RetryAfter = Seconds(wait);
                return await DenyAsync(context, consent, _problems.Create(context, 429, AspNetCoreErrorCodes.PollingTooFast, "Polling too fast",
                    $"Wait the Retry-After you were given ({Seconds(_options.RetryAfter)} s) between polls."), AspNetCoreErrorCodes.PollingTooFast, job: job).ConfigureAwait(false);
            }
        }

        // RFC 7240 "Prefer: wait=N": hold an unfinished poll until the export finishes or N seconds (at most 30) pass.
        if (!job.IsFinished && PreferredWait(context) is { } patience)
        {
            var until = _time.GetUtcNow() + patience;
            while (!job.IsFinished && _time.GetUtcNow() < until && !context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, context.RequestAborted).ConfigureAwait(false);
                job = await _jobs.GetAsync(job.Id, context.RequestAborted).ConfigureAwait(false) ?? job;
            }

            context.Response.Headers["Preference-Applied"] = "wait=" + ((int)patience.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        switch (job.State)
        {
            case ExportJobState.Queued or ExportJobState.Running:
                context.Response.Headers.RetryAfter = Seconds(_options.RetryAfter);
                context.Response.Headers["X-Progress"] = Progress(job);
                context.Response.Headers.CacheControl = "no-store";
                return Results.StatusCode(202);
            case ExportJobState.Completed when job.ExpiresAt > now:
                return Manifest(context, job);
            case ExportJobState.Failed:
                return _problems.Create(context, 500, AspNetCoreErrorCodes.ExportFailed, "The export failed", "The export could not be written; request a new one.", w =>
                {
                    w.WriteStartObject("jobError");
                    w.WriteString("code", job.Error!.Code);
                    w.WriteString("message", job.Error.Message);
                    w.WriteEndObject();
                });
            case ExportJobState.Completed or ExportJobState.Expired:
                return _problems.Create(context, 410, AspNetCoreErrorCodes.ExportExpired, "Export expired", "The export's files were deleted when it expired; request a new one.");
            default:
                return NotFound(context);
        }
    }

    public async Task<IResult> CancelAsync(HttpContext context, string id)
    {
        var (job, consent, refusal) = await OwnJobAsync(context, id).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var before = await _jobs.CancelAsync(job!.Id, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        if (before is null)
        {
            return job.State switch
            {
                ExportJobState.Expired => _problems.Create(context, 410, AspNetCoreErrorCodes.ExportExpired, "Export expired", "The export had already expired."),
                ExportJobState.Failed => Results.StatusCode(202),
                _ => NotFound(context),
            };
        }

        await _artifacts.DeleteAsync(job.Id, context.RequestAborted).ConfigureAwait(false);
        if (before.State != ExportJobState.Completed)
        {
            PortabilityTelemetry.Jobs.Add(1, new KeyValuePair<string, object?>("outcome", "cancelled"));
        }

        await AuditAsync(context, PortabilityAuditEvent.Cancelled, job, consent!.ClientId, consent.ConsentId, 202).ConfigureAwait(false);
        return Results.StatusCode(202);
    }

    public async Task<IResult> ListAsync(HttpContext context)
    {
        var auth = await _authenticator.AuthenticateAsync(context, ExportsEndpoint(context), [], null, context.RequestAborted).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return await DenyAsync(context, null, auth.Refusal!, auth.Code!).ConfigureAwait(false);
        }

        var after = context.Request.Query["after"].ToString();
        var page = await _jobs.ListAsync(auth.Consent!.ClientId ?? string.Empty, auth.Consent.Subject, after.Length == 0 ? null : after, _options.PageSize, context.RequestAborted).ConfigureAwait(false);
        var exports = ExportsEndpoint(context);
        if (page.Count == _options.PageSize)
        {
            context.Response.Headers.Link = $"<{exports}?after={Uri.EscapeDataString(page[^1].Id)}>; rel=\"next\"";
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object>
        {
            ["exports"] = page.Select(j => new Dictionary<string, object?>
            {
                ["id"] = j.Id,
                ["status"] = StateName(j.State),
                ["url"] = exports + "/" + j.Id,
                ["createdAt"] = Rfc3339.Format(j.CreatedAt),
                ["doctypes"] = j.Request.Doctypes.Select(d => d.Name).ToArray(),
            }).ToArray(),
        });
    }

    public async Task<IResult> DownloadAsync(HttpContext context, string id, string name)
    {
        var (job, consent, refusal) = await OwnJobAsync(context, id).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = _time.GetUtcNow();
        if (job!.State is ExportJobState.Queued or ExportJobState.Running)
        {
            context.Response.Headers.RetryAfter = Seconds(_options.RetryAfter);
            return _problems.Create(context, 409, AspNetCoreErrorCodes.ExportNotReady, "Export not finished", "The export's files are served once it is complete; poll its status.");
        }

        if (job.State == ExportJobState.Expired || (job.State == ExportJobState.Completed && job.ExpiresAt <= now))
        {
            return _problems.Create(context, 410, AspNetCoreErrorCodes.ExportExpired, "Export expired", "The export's files were deleted when it expired.");
        }

        var result = job.Result;
        var artifact = result is null ? null
            : name == result.Archive.Name ? result.Archive
            : name == result.Signature.Name ? result.Signature
            : result.Outputs.FirstOrDefault(o => o.File.Name == name)?.File;
        if (job.State != ExportJobState.Completed || artifact is null)
        {
            return NotFound(context);
        }

        var stream = await _artifacts.OpenReadAsync(job.Id, artifact.Name, context.RequestAborted).ConfigureAwait(false);
        if (stream is null)
        {
            return NotFound(context);
        }

        return new DownloadResult(this, job, consent!, artifact, stream);
    }

    private async Task<(ExportJob? Job, ValidatedConsent? Consent, IResult? Refusal)> OwnJobAsync(HttpContext context, string id)
    {
        var job = id.Length is > 0 and <= 64 ? await _jobs.GetAsync(id, context.RequestAborted).ConfigureAwait(false) : null;
        var auth = await _authenticator.AuthenticateAsync(context, ExportsEndpoint(context), job?.Request.Doctypes ?? [], null, context.RequestAborted).ConfigureAwait(false);
        if (!auth.Succeeded)
        {
            return (null, null, await DenyAsync(context, null, auth.Refusal!, auth.Code!, job?.Request.Doctypes, job).ConfigureAwait(false));
        }

        var consent = auth.Consent!;
        if (job is null || job.Owner != OwnerOf(consent))
        {
            // Another client's, person's, consent's or key's job is indistinguishable from no job.
            return (null, null, await DenyAsync(context, consent, NotFound(context), AspNetCoreErrorCodes.ExportNotFound, job?.Request.Doctypes, job).ConfigureAwait(false));
        }

        return (job, consent, null);
    }

    private IResult Manifest(HttpContext context, ExportJob job)
    {
        var result = job.Result!;
        var exports = ExportsEndpoint(context);
        var files = exports + "/" + job.Id + "/files/";
        context.Response.Headers.Expires = job.ExpiresAt!.Value.ToString("R", CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var manifest = new Dictionary<string, object>
        {
            ["transactionTime"] = Rfc3339.Format(result.TransactionTime),
            ["request"] = exports,
            ["requiresAccessToken"] = true,
            ["output"] = result.Outputs.Select(o => new Dictionary<string, object>
            {
                ["type"] = o.Doctype.Name,
                ["url"] = files + o.File.Name,
                ["count"] = o.Count,
                ["bytes"] = o.File.Bytes,
                ["sha256"] = o.File.Sha256,
            }).ToArray(),
            ["error"] = result.Errors.Select(e => new Dictionary<string, object?> { ["code"] = e.Code, ["message"] = e.Message, ["type"] = e.FieldPath }).ToArray(),
            ["extension"] = new Dictionary<string, object>
            {
                ["archive"] = files + result.Archive.Name,
                ["archiveBytes"] = result.Archive.Bytes,
                ["archiveSha256"] = result.Archive.Sha256,
                ["signature"] = files + result.Signature.Name,
                ["jwks"] = Base(context) + "/jwks.json",
                ["expires"] = Rfc3339.Format(job.ExpiresAt.Value),
            },
        };
        return Results.Json(manifest);
    }

    private static async Task<(ExportJobRequest? Request, SelfDataError? Error)> ReadRequestAsync(HttpContext context, bool lenient, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var body = context.Request.Body;
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Invalid($"The body is larger than {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        var jsonError = StrictJson.TryParse(buffer.ToArray(), 8, "The export request", out var document, MaxBodyBytes);
        if (jsonError is not null)
        {
            return (null, Invalid(jsonError.Message));
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Invalid("The body is a JSON object."));
            }

            foreach (var member in root.EnumerateObject())
            {
                if (!lenient && !BodyMembers.Contains(member.Name, StringComparer.Ordinal))
                {
                    return (null, Invalid($"Unknown member '{UntrustedText.Escape(member.Name)}' (send Prefer: handling=lenient to ignore unknown members).", member.Name));
                }
            }

            if (!root.TryGetProperty("doctypes", out var doctypesElement) || doctypesElement.ValueKind != JsonValueKind.Array || doctypesElement.GetArrayLength() is 0 or > 100)
            {
                return (null, Invalid("doctypes is an array of 1 to 100 doctype names.", "doctypes"));
            }

            var doctypes = new List<Doctype>();
            foreach (var item in doctypesElement.EnumerateArray())
            {
                var parsed = item.ValueKind == JsonValueKind.String ? Doctype.Parse(item.GetString()) : ParseResult.ForError<Doctype>(new SelfDataError(CoreErrorCodes.InvalidDoctype, "A doctype is a string."));
                if (!parsed.TryGetValue(out var doctype))
                {
                    return (null, Invalid("doctypes: " + parsed.Error!.Message, "doctypes"));
                }

                if (doctypes.Contains(doctype))
                {
                    return (null, Invalid($"doctypes names {doctype} twice.", "doctypes"));
                }

                doctypes.Add(doctype);
            }

            var profile = ExportProfile.Cozy;
            if (root.TryGetProperty("profile", out var p))
            {
                switch (p.ValueKind == JsonValueKind.String ? p.GetString() : null)
                {
                    case "cozy": profile = ExportProfile.Cozy; break;
                    case "mesinfos": profile = ExportProfile.MesInfos; break;
                    default: return (null, Invalid("profile is \"cozy\" or \"mesinfos\".", "profile"));
                }
            }

            var layout = ArchiveLayout.Ndjson;
            if (root.TryGetProperty("layout", out var l))
            {
                switch (l.ValueKind == JsonValueKind.String ? l.GetString() : null)
                {
                    case "ndjson": layout = ArchiveLayout.Ndjson; break;
                    case "cozy-move": layout = ArchiveLayout.CozyMove; break;
                    default: return (null, Invalid("layout is \"ndjson\" or \"cozy-move\".", "layout"));
                }
            }

            DateTimeOffset? since = null, until = null;
            foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("since", v => since = v), ("until", v => until = v) })
            {
                if (root.TryGetProperty(name, out var value))
                {
                    var parsed = value.ValueKind == JsonValueKind.String ? Rfc3339.Parse(value.GetString()) : ParseResult.ForError<DateTimeOffset>(new SelfDataError(CoreErrorCodes.InvalidInstant, "An instant is a string."));
                    if (!parsed.TryGetValue(out var instant))
                    {
                        return (null, Invalid($"{name} is an RFC 3339 instant with an offset: {parsed.Error!.Message}", name));
                    }

                    set(instant);
                }
            }

            if (since is not null && until is not null && until <= since)
            {
                return (null, Invalid("until is after since.", "until"));
            }

            return (new ExportJobRequest { Doctypes = doctypes, Profile = profile, Layout = layout, Since = since, Until = until }, null);
        }

        static SelfDataError Invalid(string message, string? field = null) => new(AspNetCoreErrorCodes.InvalidRequest, message, field);
    }

    private async Task<IResult> DenyAsync(HttpContext context, ValidatedConsent? consent, Problems.ProblemResult problem, string code, IReadOnlyList<Doctype>? doctypes = null, ExportJob? job = null)
    {
        await _audit.WriteAsync(new PortabilityAuditRecord
        {
            Time = _time.GetUtcNow(),
            Event = PortabilityAuditEvent.Denied,
            JobId = job?.Id,
            ClientId = consent?.ClientId,
            ConsentId = consent?.ConsentId,
            Doctypes = (doctypes ?? []).Select(d => d.Name).ToList(),
            Code = code,
            Status = problem.Status,
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
        }, context.RequestAborted).ConfigureAwait(false);
        return problem;
    }

    private ValueTask AuditAsync(HttpContext context, PortabilityAuditEvent kind, ExportJob job, string? clientId, string? consentId, int status, string? artifact = null, long? bytes = null) =>
        _audit.WriteAsync(new PortabilityAuditRecord
        {
            Time = _time.GetUtcNow(),
            Event = kind,
            JobId = job.Id,
            ClientId = clientId,
            ConsentId = consentId,
            Doctypes = job.Request.Doctypes.Select(d => d.Name).ToList(),
            Artifact = artifact,
            Bytes = bytes,
            Status = status,
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToString(),
        }, context.RequestAborted);

    private Problems.ProblemResult NotFound(HttpContext context) =>
        _problems.Create(context, 404, AspNetCoreErrorCodes.ExportNotFound, "No such export", "There is no export with this id for this client and person.");

    private string Base(HttpContext context) =>
        _options.PublicBaseUri is { } configured ? configured.ToString().TrimEnd('/') : context.Request.Scheme + "://" + context.Request.Host.Value + context.Request.PathBase.Value + Prefix;

    private Uri ExportsEndpoint(HttpContext context) => new(Base(context) + "/exports");

    /// <summary>Who a request acts for: a job is bound to its client, subject, consent and DPoP key, and only they reach it.</summary>
    private static ExportJobOwner OwnerOf(ValidatedConsent consent) =>
        new(consent.ClientId ?? string.Empty, consent.Subject, consent.ConsentId, consent.DPoPKeyThumbprint);

    private static TimeSpan? PreferredWait(HttpContext context)
    {
        foreach (var preference in context.Request.Headers["Prefer"].ToString().Split(',', StringSplitOptions.TrimEntries))
        {
            if (preference.StartsWith("wait=", StringComparison.OrdinalIgnoreCase) && int.TryParse(preference.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                return TimeSpan.FromSeconds(Math.Min(seconds, 30));
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan delay) => Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Progress(ExportJob job)
    {
        var text = job.State == ExportJobState.Queued ? "queued" : job.Progress ?? "running";
        text = new string(text.Where(c => c is >= ' ' and <= '~').ToArray());
        return text.Length < 100 ? text : text[..99];
    }

    private static string StateName(ExportJobState state) => state switch
    {
        ExportJobState.Queued => "queued",
        ExportJobState.Running => "running",
        ExportJobState.Completed => "completed",
        ExportJobState.Failed => "failed",
        ExportJobState.Cancelled => "cancelled",
        _ => "expired",
    };

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>Serves one file: strong ETag from its SHA-256, Range and If-Range, If-None-Match, gzip for text when asked; then audits the release.</summary>
    private sealed class DownloadResult(PortabilityEndpoints owner, ExportJob job, ValidatedConsent consent, ExportArtifact artifact, Stream stream) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var request = httpContext.Request;
            var response = httpContext.Response;
            var fileName = artifact.Name == ExportJobRunner.ArchiveName ? $"selfdata-{job.Id}.zip" : artifact.Name;
            var gzip = artifact.ContentType != "application/zip"
                && !request.Headers.ContainsKey(HeaderNames.Range)
                && request.GetTypedHeaders().AcceptEncoding.Any(e => string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);
            response.Headers.CacheControl = "private, no-cache";
            response.Headers.Vary = "Accept-Encoding";
            await using (stream.ConfigureAwait(false))
            {
                if (gzip)
                {
                    // A different representation of the same bytes: a weak validator of the same hash.
                    var weak = new EntityTagHeaderValue("\"" + artifact.Sha256 + "\"", isWeak: true);
                    if (request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(weak, useStrongComparison: false)))
                    {
                        response.StatusCode = 304;
                        response.Headers.ETag = weak.ToString();
                        return;
                    }

                    response.StatusCode = 200;
                    response.ContentType = artifact.ContentType;
                    response.Headers.ETag = weak.ToString();
                    response.Headers.ContentEncoding = "gzip";
                    response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
                    var compressed = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                    await using (compressed.ConfigureAwait(false))
                    {
                        await stream.CopyToAsync(compressed, httpContext.RequestAborted).ConfigureAwait(false);
                    }
                }
                else
                {
                    var file = Results.File(stream, artifact.ContentType, fileName, job.FinishedAt, new EntityTagHeaderValue("\"" + artifact.Sha256 + "\""), enableRangeProcessing: true);
                    await file.ExecuteAsync(httpContext).ConfigureAwait(false);
                }
            }

            if (response.StatusCode is 200 or 206)
            {
                var bytes = response.StatusCode == 206 ? response.ContentLength ?? artifact.Bytes : artifact.Bytes;
                PortabilityTelemetry.Bytes.Add(bytes, new KeyValuePair<string, object?>("artifact", artifact.Name == ExportJobRunner.ArchiveName ? "archive" : artifact.Name == ExportJobRunner.SignatureName ? "signature" : "ndjson"));
                await owner.AuditAsync(httpContext, PortabilityAuditEvent.Download, job, consent.ClientId, consent.ConsentId, response.StatusCode, artifact.Name, bytes).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// Refuses a status poll that comes sooner than <c>Retry-After</c> after the last admitted one, through a
/// <see cref="PartitionedRateLimiter{TResource}"/> (System.Threading.RateLimiting, the limiter ASP.NET Core's rate
/// limiting middleware runs on) with one token bucket per export.
/// </summary>
/// <remarks>
/// The partition key is the export id and the check runs after the caller is authenticated as the export's owner,
/// so nobody else can spend an owner's polls. A bucket holds one poll and gets it back 80 % of <c>Retry-After</c>
/// after its last refill (the limiter's 100 ms heartbeat refills it), so a client that waits the <c>Retry-After</c> it
/// was given is never refused; a bucket idle for 10 seconds is dropped, so memory follows the exports being polled.
/// </remarks>
internal sealed class PollLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public PollLimiter(IOptions<PortabilityEndpointOptions> options)
    {
        var refill = options.Value.RetryAfter * 0.8;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = refill,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _limiter = PartitionedRateLimiter.Create<string, string>(jobId => RateLimitPartition.GetTokenBucketLimiter(jobId, _ => bucket), StringComparer.Ordinal);
    }

    /// <summary>Admits a poll of <paramref name="jobId"/>, or says how long to wait.</summary>
    public bool TryPoll(string jobId, out TimeSpan wait)
    {
        using var lease = _limiter.AttemptAcquire(jobId);
        if (lease.IsAcquired)
        {
            wait = TimeSpan.Zero;
            return true;
        }

        wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
