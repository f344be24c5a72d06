using SelfData.Core;

namespace SelfData.Portability.Jobs;

/// <summary>The states of an export job. <see cref="Completed"/>, <see cref="Failed"/>, <see cref="Cancelled"/> and <see cref="Expired"/> are final.</summary>
public enum ExportJobState
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued = 0,

    /// <summary>Leased by a worker, which heartbeats while it writes the export.</summary>
    Running = 1,

    /// <summary>Written: its files can be downloaded until it expires.</summary>
    Completed = 2,

    /// <summary>Stopped by an error (<see cref="ExportJob.Error"/>), including a lease that lapsed too often.</summary>
    Failed = 3,

    /// <summary>Cancelled (or purged after completion) at the caller's request: nothing of it can be downloaded.</summary>
    Cancelled = 4,

    /// <summary>Completed, then past its expiry: its files are deleted.</summary>
    Expired = 5,
}

/// <summary>What a person (or their platform) asked to export.</summary>
public sealed record ExportJobRequest
{
    /// <summary>Gets the doctypes asked for, each once.</summary>
    public required IReadOnlyList<Doctype> Doctypes { get; init; }

    /// <summary>Gets the profile the documents are written in.</summary>
    public ExportProfile Profile { get; init; } = ExportProfile.Cozy;

    /// <summary>Gets the archive layout.</summary>
    public Archives.ArchiveLayout Layout { get; init; } = Archives.ArchiveLayout.Ndjson;

    /// <summary>Gets the first instant included, or <see langword="null"/>.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Gets the first instant excluded, or <see langword="null"/>.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <inheritdoc />
    public bool Equals(ExportJobRequest? other) =>
        other is not null && Doctypes.SequenceEqual(other.Doctypes) && Profile == other.Profile && Layout == other.Layout && Since == other.Since && Until == other.Until;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Doctypes.Count, Profile, Layout, Since, Until);
}

/// <summary>
/// Who a job belongs to: the client the token was issued to, the person it is about, the consent it was granted under
/// and the DPoP key it is bound to. Every later request about the job must present the same client, subject and key.
/// </summary>
/// <param name="ClientId">The client (<c>client_id</c>), or an empty string when the token named none.</param>
/// <param name="Subject">The person (<c>sub</c>).</param>
/// <param name="ConsentId">The consent, or <see langword="null"/> for a token that names none.</param>
/// <param name="DPoPKeyThumbprint">The RFC 7638 thumbprint of the client's DPoP key, or <see langword="null"/> for a Bearer token.</param>
public sealed record ExportJobOwner(string ClientId, string Subject, string? ConsentId, string? DPoPKeyThumbprint);

/// <summary>A file a finished job can serve: its name in the artifact store, its size and its SHA-256.</summary>
/// <param name="Name">The artifact's name (<c>archive.zip</c>, <c>manifest.jws</c>, <c>io.cozy.bills.ndjson</c>).</param>
/// <param name="Bytes">The length in bytes.</param>
/// <param name="Sha256">The lowercase hexadecimal SHA-256 of the bytes.</param>
/// <param name="ContentType">The media type it is served with.</param>
public sealed record ExportArtifact(string Name, long Bytes, string Sha256, string ContentType);

/// <summary>One doctype's documents as an NDJSON file: one document per line, every line ending in <c>\n</c>.</summary>
/// <param name="Doctype">The doctype.</param>
/// <param name="Count">The number of documents (lines).</param>
/// <param name="File">The file.</param>
public sealed record ExportJobOutput(Doctype Doctype, long Count, ExportArtifact File);

/// <summary>What a completed job produced.</summary>
public sealed record ExportJobResult
{
    /// <summary>Gets the export's transaction time (the instant its data was read as of).</summary>
    public required DateTimeOffset TransactionTime { get; init; }

    /// <summary>Gets one NDJSON file per doctype.</summary>
    public required IReadOnlyList<ExportJobOutput> Outputs { get; init; }

    /// <summary>Gets the signed archive.</summary>
    public required ExportArtifact Archive { get; init; }

    /// <summary>Gets the archive's detached manifest signature (<c>manifest.jws</c>).</summary>
    public required ExportArtifact Signature { get; init; }

    /// <summary>Gets the records that were refused while the export was written (code, doctype, message), each reported rather than dropped.</summary>
    public IReadOnlyList<SelfDataError> Errors { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ExportJobResult? other) =>
        other is not null && TransactionTime == other.TransactionTime && Outputs.SequenceEqual(other.Outputs) && Archive == other.Archive && Signature == other.Signature && Errors.SequenceEqual(other.Errors);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransactionTime, Outputs.Count, Archive, Signature, Errors.Count);
}

/// <summary>An export job: what was asked, by whom, where it stands and what it produced.</summary>
public sealed record ExportJob
{
    /// <summary>Gets the job's id: 32 lowercase hexadecimal characters, unguessable.</summary>
    public required string Id { get; init; }

    /// <summary>Gets who the job belongs to.</summary>
    public required ExportJobOwner Owner { get; init; }

    /// <summary>Gets what was asked.</summary>
    public required ExportJobRequest Request { get; init; }

    /// <summary>Gets the state.</summary>
    public ExportJobState State { get; init; }

    /// <summary>Gets the caller's idempotency key, or <see langword="null"/>: the same owner and key give the same job.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets when the job was accepted; it is also the export's transaction time, so that every attempt writes the same bytes.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the job reached a final state, or <see langword="null"/>.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Gets when a completed job's files stop being served, or <see langword="null"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets how many times a worker leased the job.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the worker holding the lease, or <see langword="null"/>.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets when the current lease lapses unless renewed, or <see langword="null"/>.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets a short progress text (under 100 characters) for a running job, or <see langword="null"/>.</summary>
    public string? Progress { get; init; }

    /// <summary>Gets what the job produced, once <see cref="ExportJobState.Completed"/>.</summary>
    public ExportJobResult? Result { get; init; }

    /// <summary>Gets why the job failed, once <see cref="ExportJobState.Failed"/>.</summary>
    public SelfDataError? Error { get; init; }

    /// <summary>Gets a value indicating whether the job is in a final state.</summary>
    public bool IsFinished => State is ExportJobState.Completed or ExportJobState.Failed or ExportJobState.Cancelled or ExportJobState.Expired;

    /// <summary>Creates a new unguessable job id (128 random bits as hexadecimal).</summary>
    /// <returns>The id.</returns>
    public static string NewId() => Archives.PortabilityArchiveWriter.Hex(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
