using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SelfData.AspNetCore;

/// <summary>Writes RFC 9457 problem documents with a <c>type</c> URI per code, and <c>code</c> and <c>traceId</c> members.</summary>
internal sealed class Problems(PortabilityEndpointOptions options)
{
    public ProblemResult Create(HttpContext context, int status, string code, string title, string detail, Action<Utf8JsonWriter>? extensions = null) =>
        new ProblemResult(options.ProblemTypeBase + code, status, code, title, detail, context.Request.Path.Value ?? "/", Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, extensions);

    /// <summary>A problem document to write; its status is known before it is written (for audit records).</summary>
    internal sealed class ProblemResult(string type, int status, string code, string title, string detail, string instance, string traceId, Action<Utf8JsonWriter>? extensions) : IResult
    {
        public int Status => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/problem+json";
            response.Headers.CacheControl = "no-store";
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("title", title);
                w.WriteNumber("status", status);
                w.WriteString("detail", detail);
                w.WriteString("instance", instance);
                w.WriteString("code", code);
                w.WriteString("traceId", traceId);
                extensions?.Invoke(w);
                w.WriteEndObject();
            }

            response.ContentLength = buffer.Length;
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
