using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SelfData.AspNetCore;

/// <summary>What an audit record is about.</summary>
public enum PortabilityAuditEvent
{
    /// <summary>An export was requested and accepted (a job was created, or an idempotent retry found it).</summary>
    KickOff = 0,

    /// <summary>An export was written.</summary>
    Completed = 1,

    /// <summary>An export failed.</summary>
    Failed = 2,

    /// <summary>A file of an export was released to the client.</summary>
    Download = 3,

    /// <summary>An export was cancelled or purged at the client's request.</summary>
    Cancelled = 4,

    /// <summary>A request was refused (token, consent, coverage, rate limit, ownership).</summary>
    Denied = 5,

    /// <summary>An export expired and its files were deleted.</summary>
    Expired = 6,
}

/// <summary>
/// One audit record: what was released or refused, to which client, under which consent. Ids only — never a token,
/// a subject identifier or a personal value (CNIL délibération 2021-122: minimise what access logs hold).
/// </summary>
public sealed record PortabilityAuditRecord
{
    /// <summary>Gets when it happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets what happened.</summary>
    public required PortabilityAuditEvent Event { get; init; }

    /// <summary>Gets the export job, or <see langword="null"/> for a refusal before any job.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets the client, or <see langword="null"/> when it is not known (no valid token).</summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the consent, or <see langword="null"/>.</summary>
    public string? ConsentId { get; init; }

    /// <summary>Gets the doctypes concerned.</summary>
    public IReadOnlyList<string> Doctypes { get; init; } = [];

    /// <summary>Gets the file released, for a download.</summary>
    public string? Artifact { get; init; }

    /// <summary>Gets the bytes released, for a download (the range's length for a partial one).</summary>
    public long? Bytes { get; init; }

    /// <summary>Gets the HTTP status returned, when the record comes from a request.</summary>
    public int? Status { get; init; }

    /// <summary>Gets the code of a refusal or failure.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the W3C trace id of the request or job, to join the record with telemetry.</summary>
    public string? TraceId { get; init; }
}

/// <summary>Receives one record per kick-off, completion, failure, download, cancel, refusal and expiry.</summary>
public interface IPortabilityAuditSink
{
    /// <summary>Records one event.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    ValueTask WriteAsync(PortabilityAuditRecord record, CancellationToken cancellationToken = default);
}

/// <summary>An audit sink that appends one JSON object per line to a file, flushed after each record.</summary>
public sealed class JsonLinesAuditSink : IPortabilityAuditSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesAuditSink"/> class.</summary>
    /// <param name="path">The file; created with its directory when missing, appended to otherwise.</param>
    public JsonLinesAuditSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(PortabilityAuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = AuditJson.Line(record);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}

/// <summary>The default audit sink: one structured log entry per record (category <c>SelfData.AspNetCore.Audit</c>).</summary>
internal sealed partial class LoggerAuditSink(ILoggerFactory loggers) : IPortabilityAuditSink
{
    private readonly ILogger _logger = loggers.CreateLogger("SelfData.AspNetCore.Audit");

    public ValueTask WriteAsync(PortabilityAuditRecord record, CancellationToken cancellationToken = default)
    {
        Log(_logger, new AuditText(record));
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "audit {Record}")]
    private static partial void Log(ILogger logger, AuditText record);

    /// <summary>Formats the record only when the entry is written.</summary>
    private readonly struct AuditText(PortabilityAuditRecord record)
    {
        public override string ToString() => Encoding.UTF8.GetString(AuditJson.Line(record)).TrimEnd('\n');
    }
}

internal static class AuditJson
{
    public static byte[] Line(PortabilityAuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("time", record.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("event", record.Event switch
            {
                PortabilityAuditEvent.KickOff => "kick-off",
                PortabilityAuditEvent.Completed => "completed",
                PortabilityAuditEvent.Failed => "failed",
                PortabilityAuditEvent.Download => "download",
                PortabilityAuditEvent.Cancelled => "cancelled",
                PortabilityAuditEvent.Denied => "denied",
                _ => "expired",
            });
            Optional(w, "jobId", record.JobId);
            Optional(w, "clientId", record.ClientId);
            Optional(w, "consentId", record.ConsentId);
            if (record.Doctypes.Count > 0)
            {
                w.WriteStartArray("doctypes");
                foreach (var d in record.Doctypes)
                {
                    w.WriteStringValue(d);
                }

                w.WriteEndArray();
            }

            Optional(w, "artifact", record.Artifact);
            if (record.Bytes is { } bytes)
            {
                w.WriteNumber("bytes", bytes);
            }

            if (record.Status is { } status)
            {
                w.WriteNumber("status", status);
            }

            Optional(w, "code", record.Code);
            Optional(w, "traceId", record.TraceId);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
