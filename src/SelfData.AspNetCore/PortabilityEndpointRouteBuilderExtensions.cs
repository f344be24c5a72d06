using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;

namespace SelfData.AspNetCore;

/// <summary>Maps the portability endpoints.</summary>
public static class PortabilityEndpointRouteBuilderExtensions
{
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
        endpoints.MapGet("/.well-known/selfdata", (Func<HttpContext, IResult>)handlers.Discovery).ExcludeFromDescription();
        var problems = endpoints.ServiceProvider.GetRequiredService<Problems>();
        var group = endpoints.MapGroup(prefix);
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
        group.MapGet("/jwks.json", (Func<HttpContext, IResult>)handlers.Jwks);
        group.MapPost("/exports", (Func<HttpContext, Task<IResult>>)handlers.KickOffAsync);
        group.MapGet("/exports", (Func<HttpContext, Task<IResult>>)handlers.ListAsync);
        group.MapGet("/exports/{id}", handlers.StatusAsync);
        group.MapDelete("/exports/{id}", handlers.CancelAsync);
        group.MapGet("/exports/{id}/files/{name}", handlers.DownloadAsync);
        return group;
    }
}
