using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;

namespace SelfData.AspNetCore;

/// <summary>Maps the portability endpoints.</summary>
public static class PortabilityEndpointRouteBuilderExtensions
{
    private const string Tag = "SelfData portability";

    /// <summary>
    /// Maps <c>GET /.well-known/selfdata</c> (discovery) and, under <paramref name="prefix"/>: <c>GET jwks.json</c>,
    /// <c>POST exports</c> (kick-off), <c>GET exports</c> (the caller's exports), <c>GET exports/{id}</c> (status and
    /// manifest), <c>DELETE exports/{id}</c> (cancel or purge) and <c>GET exports/{id}/files/{name}</c> (downloads).
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The path the endpoints live under.</param>
    /// <returns>The group of endpoints under the prefix, for further conventions (CORS, rate limiting policies).</returns>
    public static RouteGroupBuilder MapSelfDataPortability(this IEndpointRouteBuilder endpoints, string prefix = "/selfdata")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains('{', StringComparison.Ordinal))
        {
            throw new ArgumentException("The prefix is a literal path starting with '/' and not ending with it, such as /selfdata.", nameof(prefix));
        }

        var handlers = endpoints.ServiceProvider.GetRequiredService<PortabilityEndpoints>();
        handlers.Prefix = prefix;
        endpoints.MapGet("/.well-known/selfdata", (Func<HttpContext, IResult>)handlers.Discovery)
            .WithTags(Tag).WithSummary("Discovery: the exports endpoint, the JWKS, supported doctypes, profiles, layouts and token types.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        var problems = endpoints.ServiceProvider.GetRequiredService<Problems>();
        var group = endpoints.MapGroup(prefix).WithTags(Tag);
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (SelfDataException e) when (e.Code is CoreErrorCodes.StoreUnavailable or CoreErrorCodes.UnreadableState)
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return problems.Create(context.HttpContext, StatusCodes.Status503ServiceUnavailable, AspNetCoreErrorCodes.ServiceUnavailable, "Service unavailable", "The export job store cannot be used right now; retry later.");
            }
        });
        group.MapGet("/jwks.json", (Func<HttpContext, IResult>)handlers.Jwks)
            .WithSummary("The holder's archive-signing public keys (JWKS).")
            .Produces(StatusCodes.Status200OK, contentType: "application/jwk-set+json");
        group.MapPost("/exports", (Func<HttpContext, Task<IResult>>)handlers.KickOffAsync)
            .WithSummary("Kick-off: request an export (Prefer: respond-async; optional Idempotency-Key).")
            .Accepts<ExportKickOff>("application/json")
            .Produces(StatusCodes.Status202Accepted, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/exports", (Func<HttpContext, Task<IResult>>)handlers.ListAsync)
            .WithSummary("The caller's own exports, oldest first, paged with Link rel=next.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/exports/{id}", handlers.StatusAsync)
            .WithSummary("Status: 202 with X-Progress and Retry-After while running, 200 with the manifest when done, 404 after DELETE, 410 after expiry.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapDelete("/exports/{id}", handlers.CancelAsync)
            .WithSummary("Cancel a running export or purge a finished one.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/exports/{id}/files/{name}", handlers.DownloadAsync)
            .WithSummary("Download the archive, its signature or one doctype's NDJSON: strong ETag (SHA-256), Range, If-Range, If-None-Match, gzip.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").Produces(StatusCodes.Status206PartialContent).Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }
}
