using SelfData.Core;

namespace SelfData.AspNetCore;

/// <summary>Settings of the portability endpoints and their worker. Validated at start-up; read once.</summary>
public sealed class PortabilityEndpointOptions
{
    /// <summary>Gets or sets the public URL the endpoints are reached at (scheme, host, port and the mapped prefix, such as <c>https://holder.example/selfdata</c>), used for absolute URLs and as the tokens' audience; <see langword="null"/> to take scheme and host from each request.</summary>
    /// <value>The default value is <see langword="null"/>. Set it behind a proxy.</value>
    public Uri? PublicBaseUri { get; set; }

    /// <summary>Gets or sets the delay a client is told to wait between polls (<c>Retry-After</c>); polling faster gets <c>429</c>.</summary>
    /// <value>The default value is 2 seconds; at least 1 second.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long a completed export's files are served before they expire and are deleted.</summary>
    /// <value>The default value is 24 hours.</value>
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how many queued or running exports one client may have for one person; another kick-off gets <c>429</c>.</summary>
    /// <value>The default value is 1.</value>
    public int MaxUnfinishedExportsPerOwner { get; set; } = 1;

    /// <summary>Gets or sets how long a worker's lease on a job lasts unless renewed; a job whose worker died is taken up again after it.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a job may be leased before the watchdog fails it (<c>SD2022</c>), so that no export stays pending forever.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets how many exports this process writes at once.</summary>
    /// <value>The default value is 2.</value>
    public int Workers { get; set; } = 2;

    /// <summary>Gets or sets how often an idle worker looks for queued jobs and expired exports.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how many exports one page of <c>GET {prefix}/exports</c> lists.</summary>
    /// <value>The default value is 20.</value>
    public int PageSize { get; set; } = 20;

    /// <summary>Gets or sets whether the worker runs in this process; turn it off for a front end whose jobs another process (or a cluster) writes.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RunWorker { get; set; } = true;

    /// <summary>Gets or sets the base of the problem <c>type</c> URIs; each code is appended (<c>…/errors#SD5006</c>).</summary>
    /// <value>The default value is <c>https://selfdata.example.org/sdk/errors#</c>.</value>
    public string ProblemTypeBase { get; set; } = "https://selfdata.example.org/sdk/errors#";

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem, each with the code <c>SD5013</c>; empty when the options are valid.</returns>
    public IReadOnlyList<SelfDataError> Validate()
    {
        var errors = new List<SelfDataError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new SelfDataError(AspNetCoreErrorCodes.InvalidOptions, message, field));
            }
        }

        Check(PublicBaseUri is null || (PublicBaseUri.IsAbsoluteUri && PublicBaseUri.Scheme is "https" or "http" && string.IsNullOrEmpty(PublicBaseUri.Query)), nameof(PublicBaseUri), "PublicBaseUri is an absolute http(s) URL without a query.");
        Check(RetryAfter >= TimeSpan.FromSeconds(1) && RetryAfter <= TimeSpan.FromHours(1), nameof(RetryAfter), "RetryAfter is between 1 second and 1 hour.");
        Check(ExportLifetime >= TimeSpan.FromSeconds(1), nameof(ExportLifetime), "ExportLifetime is at least 1 second.");
        Check(MaxUnfinishedExportsPerOwner >= 1, nameof(MaxUnfinishedExportsPerOwner), "MaxUnfinishedExportsPerOwner is at least 1.");
        Check(LeaseDuration >= TimeSpan.FromSeconds(1), nameof(LeaseDuration), "LeaseDuration is at least 1 second.");
        Check(MaxAttempts >= 1, nameof(MaxAttempts), "MaxAttempts is at least 1.");
        Check(Workers is >= 1 and <= 64, nameof(Workers), "Workers is between 1 and 64.");
        Check(PollInterval > TimeSpan.Zero && PollInterval < LeaseDuration, nameof(PollInterval), "PollInterval is positive and shorter than LeaseDuration.");
        Check(PageSize is >= 1 and <= 1000, nameof(PageSize), "PageSize is between 1 and 1000.");
        Check(Uri.TryCreate(ProblemTypeBase, UriKind.Absolute, out _), nameof(ProblemTypeBase), "ProblemTypeBase is an absolute URI.");
        return errors;
    }

    internal PortabilityEndpointOptions Snapshot() => (PortabilityEndpointOptions)MemberwiseClone();
}
