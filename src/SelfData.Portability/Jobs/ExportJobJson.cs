using System.Globalization;
using System.Text.Json;
using SelfData.Core;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Jobs;

/// <summary>
/// Reads and writes an <see cref="ExportJob"/> as JSON, for stores that keep jobs as documents (SQLite, PostgreSQL,
/// Orleans grain state). The format is versioned (<c>"v": 1</c>) and holds ids and metadata only — never records.
/// </summary>
public static class ExportJobJson
{
    private const int Version = 1;

    /// <summary>Writes a job as UTF-8 JSON.</summary>
    /// <param name="job">The job.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] Serialize(ExportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("id", job.Id);
            w.WriteString("clientId", job.Owner.ClientId);
            w.WriteString("subject", job.Owner.Subject);
            WriteOptional(w, "consentId", job.Owner.ConsentId);
            WriteOptional(w, "jkt", job.Owner.DPoPKeyThumbprint);
            w.WriteStartObject("request");
            w.WriteStartArray("doctypes");
            foreach (var doctype in job.Request.Doctypes)
            {
                w.WriteStringValue(doctype.Name);
            }

            w.WriteEndArray();
            w.WriteString("profile", job.Request.Profile == ExportProfile.MesInfos ? "mesinfos" : "cozy");
            w.WriteString("layout", job.Request.Layout == ArchiveLayout.CozyMove ? "cozy-move" : "ndjson");
            WriteInstant(w, "since", job.Request.Since);
            WriteInstant(w, "until", job.Request.Until);
            w.WriteEndObject();
            w.WriteNumber("state", (int)job.State);
            WriteOptional(w, "idempotencyKey", job.IdempotencyKey);
            WriteInstant(w, "createdAt", job.CreatedAt);
            WriteInstant(w, "finishedAt", job.FinishedAt);
            WriteInstant(w, "expiresAt", job.ExpiresAt);
            w.WriteNumber("attempts", job.Attempts);
            WriteOptional(w, "leaseOwner", job.LeaseOwner);
            WriteInstant(w, "leaseExpiresAt", job.LeaseExpiresAt);
            WriteOptional(w, "progress", job.Progress);
            if (job.Error is { } error)
            {
                w.WriteStartObject("error");
                WriteError(w, error);
                w.WriteEndObject();
            }

            if (job.Result is { } result)
            {
                w.WriteStartObject("result");
                WriteInstant(w, "transactionTime", result.TransactionTime);
                w.WriteStartObject("archive");
                WriteArtifact(w, result.Archive);
                w.WriteEndObject();
                w.WriteStartObject("signature");
                WriteArtifact(w, result.Signature);
                w.WriteEndObject();
                w.WriteStartArray("outputs");
                foreach (var output in result.Outputs)
                {
                    w.WriteStartObject();
                    w.WriteString("doctype", output.Doctype.Name);
                    w.WriteNumber("count", output.Count);
                    WriteArtifact(w, output.File);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("errors");
                foreach (var e in result.Errors)
                {
                    w.WriteStartObject();
                    WriteError(w, e);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a job written by <see cref="Serialize"/>.</summary>
    /// <param name="utf8">The JSON bytes.</param>
    /// <returns>The job.</returns>
    /// <exception cref="SelfDataException">The JSON is not a job of a version this SDK reads (<c>SD9040</c>).</exception>
    public static ExportJob Deserialize(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                throw new SelfDataException(CoreErrorCodes.UnreadableState, "The stored export job has a format version this SDK does not read.");
            }

            var request = root.GetProperty("request");
            ExportJobResult? result = null;
            if (root.TryGetProperty("result", out var r))
            {
                result = new ExportJobResult
                {
                    TransactionTime = Instant(r, "transactionTime")!.Value,
                    Archive = Artifact(r.GetProperty("archive")),
                    Signature = Artifact(r.GetProperty("signature")),
                    Outputs = r.GetProperty("outputs").EnumerateArray().Select(o => new ExportJobOutput(new Doctype(o.GetProperty("doctype").GetString()!), o.GetProperty("count").GetInt64(), Artifact(o))).ToList(),
                    Errors = r.GetProperty("errors").EnumerateArray().Select(Error).ToList(),
                };
            }

            return new ExportJob
            {
                Id = root.GetProperty("id").GetString()!,
                Owner = new ExportJobOwner(root.GetProperty("clientId").GetString()!, root.GetProperty("subject").GetString()!, Optional(root, "consentId"), Optional(root, "jkt")),
                Request = new ExportJobRequest
                {
                    Doctypes = request.GetProperty("doctypes").EnumerateArray().Select(d => new Doctype(d.GetString()!)).ToList(),
                    Profile = request.GetProperty("profile").GetString() == "mesinfos" ? ExportProfile.MesInfos : ExportProfile.Cozy,
                    Layout = request.GetProperty("layout").GetString() == "cozy-move" ? ArchiveLayout.CozyMove : ArchiveLayout.Ndjson,
                    Since = Instant(request, "since"),
                    Until = Instant(request, "until"),
                },
                State = (ExportJobState)root.GetProperty("state").GetInt32(),
                IdempotencyKey = Optional(root, "idempotencyKey"),
                CreatedAt = Instant(root, "createdAt")!.Value,
                FinishedAt = Instant(root, "finishedAt"),
                ExpiresAt = Instant(root, "expiresAt"),
                Attempts = root.GetProperty("attempts").GetInt32(),
                LeaseOwner = Optional(root, "leaseOwner"),
                LeaseExpiresAt = Instant(root, "leaseExpiresAt"),
                Progress = Optional(root, "progress"),
                Error = root.TryGetProperty("error", out var e) ? Error(e) : null,
                Result = result,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or SelfDataValidationException)
        {
            throw new SelfDataException(CoreErrorCodes.UnreadableState, "The stored export job cannot be read: " + ex.GetType().Name + ".", ex);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteInstant(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToString("O", CultureInfo.InvariantCulture));
        }
    }

    private static void WriteArtifact(Utf8JsonWriter w, ExportArtifact artifact)
    {
        w.WriteString("name", artifact.Name);
        w.WriteNumber("bytes", artifact.Bytes);
        w.WriteString("sha256", artifact.Sha256);
        w.WriteString("contentType", artifact.ContentType);
    }

    private static void WriteError(Utf8JsonWriter w, SelfDataError error)
    {
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        WriteOptional(w, "field", error.FieldPath);
    }

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static DateTimeOffset? Instant(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    private static ExportArtifact Artifact(JsonElement e) =>
        new(e.GetProperty("name").GetString()!, e.GetProperty("bytes").GetInt64(), e.GetProperty("sha256").GetString()!, e.GetProperty("contentType").GetString()!);

    private static SelfDataError Error(JsonElement e) =>
        new(e.GetProperty("code").GetString()!, e.GetProperty("message").GetString()!, Optional(e, "field"));
}
