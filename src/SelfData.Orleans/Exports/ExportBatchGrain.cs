using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Portability.Archives;

namespace SelfData.Orleans.Exports;

/// <summary>
/// The population of a batch as a holder's customer store gives it: how many people, and a range of them in a stable
/// order, so partitions can be read, and read again after a crash, by position.
/// </summary>
public interface IPopulationSource
{
    /// <summary>Counts a batch's population.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The number of subjects.</returns>
    ValueTask<int> CountAsync(string batch, CancellationToken cancellationToken);

    /// <summary>Reads subjects by position, in the batch's stable order.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="from">The first position, from 0.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The subjects.</returns>
    ValueTask<IReadOnlyList<string>> ReadAsync(string batch, int from, int count, CancellationToken cancellationToken);
}

/// <summary>What every export of a batch shares: doctypes, profile, layout, window and the batch's instant; and how the work is cut.</summary>
/// <param name="Doctypes">The doctypes, by name.</param>
/// <param name="Profile">The export profile.</param>
/// <param name="Layout">The archive layout.</param>
/// <param name="Since">The window's start, or <see langword="null"/>.</param>
/// <param name="Until">The window's end, or <see langword="null"/>.</param>
/// <param name="CreatedAt">The instant every export is dated with.</param>
/// <param name="PartitionSize">Subjects per partition (about 10,000 for a national holder).</param>
/// <param name="Concurrency">Exports a partition runs at once.</param>
/// <param name="Holder">The holder, when the silos serve several (see <see cref="ClusterExport.Holder"/>).</param>
/// <param name="PartitionsAtOnce">Partitions the batch runs at once (a national batch has thousands): with
/// <paramref name="Concurrency"/>, it bounds the exports the whole cluster runs for this batch at a time.</param>
[GenerateSerializer]
[Immutable]
public sealed record ExportBatch(
    [property: Id(0)] ImmutableArray<string> Doctypes,
    [property: Id(1)] ExportProfile Profile,
    [property: Id(2)] ArchiveLayout Layout,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] DateTimeOffset? Until,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] int PartitionSize = 10_000,
    [property: Id(7)] int Concurrency = 4,
    [property: Id(8)] string? Holder = null,
    [property: Id(9)] int PartitionsAtOnce = 64)
{
    /// <summary>Gets the export of one subject.</summary>
    /// <param name="subject">The subject.</param>
    /// <returns>The export.</returns>
    public ClusterExport For(string subject) => new(subject, Doctypes, Profile, Layout, Since, Until, CreatedAt, Holder);
}

/// <summary>One export of a finished batch, as its partition's manifest lists it.</summary>
/// <param name="Subject">The subject.</param>
/// <param name="ExportId">The export's id.</param>
/// <param name="Sha256">Its archive's SHA-256.</param>
[GenerateSerializer]
[Immutable]
public sealed record BatchEntry([property: Id(0)] string Subject, [property: Id(1)] string ExportId, [property: Id(2)] string Sha256);

/// <summary>A finished partition: its manifest's path under the holder's root, how many exports it lists, and the manifest's SHA-256.</summary>
/// <param name="Path">The manifest's path relative to <see cref="ClusterExportOptions.Root"/>: <c>batches/{batch}/{partition}.json</c>.</param>
/// <param name="Exports">The number of exports.</param>
/// <param name="Sha256">The manifest's SHA-256, lowercase hex.</param>
[GenerateSerializer]
[Immutable]
public sealed record PartitionResult([property: Id(0)] string Path, [property: Id(1)] int Exports, [property: Id(2)] string Sha256);

/// <summary>
/// A finished batch: its deterministic manifest (JSON: the request and every partition with its manifest's path, count
/// and SHA-256 — the partitions' manifests list the exports, so the batch's stays small whatever the population), and
/// the manifest's SHA-256.
/// </summary>
/// <param name="Manifest">The manifest's UTF-8 JSON.</param>
/// <param name="Sha256">Its SHA-256, lowercase hex.</param>
/// <param name="Exports">The number of exports.</param>
/// <param name="Partitions">The number of partitions.</param>
[GenerateSerializer]
[Immutable]
public sealed record BatchResult([property: Id(0)] byte[] Manifest, [property: Id(1)] string Sha256, [property: Id(2)] int Exports, [property: Id(3)] int Partitions);

/// <summary>A bulk export (key: the batch id, letters, digits, <c>-</c>, <c>_</c> and <c>.</c>): partitions of the population, each exported with bounded concurrency, then a manifest.</summary>
public interface IExportBatchGrain : IGrainWithStringKey, IRemindable
{
    /// <summary>Runs the batch, or resumes it: finished partitions return their results, unfinished ones go on from their cursor.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The batch's manifest.</returns>
    Task<BatchResult> RunAsync(ExportBatch batch);
}

/// <summary>One partition of a batch (key <c>{batch}/{partition}</c>), with a persisted cursor.</summary>
public interface IExportPartitionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Exports the partition's subjects from its cursor on, at most <see cref="ExportBatch.Concurrency"/> at once, and
    /// writes the partition's manifest (every export in population order, with its archive's SHA-256).
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="from">The partition's first position in the population.</param>
    /// <param name="count">The partition's size.</param>
    /// <returns>The partition's manifest.</returns>
    Task<PartitionResult> RunAsync(ExportBatch batch, int from, int count);
}

/// <summary>A partition's persisted cursor: the number of its subjects exported, in order (a number, so a write stays small whatever the partition's size).</summary>
[GenerateSerializer]
internal sealed class PartitionState
{
    [Id(0)]
    public int Done { get; set; }
}

[GenerateSerializer]
internal sealed class BatchState
{
    [Id(0)]
    public ExportBatch? Batch { get; set; }

    [Id(1)]
    public string? ManifestSha256 { get; set; }
}

internal sealed class ExportPartitionGrain(
    [PersistentState("partition", SelfDataGrainStorage.Name)] IPersistentState<PartitionState> state,
    IServiceProvider services) : Grain, IExportPartitionGrain
{
    public Task<PartitionResult> RunAsync(ExportBatch batch, int from, int count) => ClusterException.CarryAsync(() => RunCoreAsync(batch, from, count));

    private async Task<PartitionResult> RunCoreAsync(ExportBatch batch, int from, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        var (batchId, partition) = (key[..slash], key[(slash + 1)..]);
        var options = ClusterHolderExtensions.Resolve(services, batch.Holder).Options;
        var holder = options.Portability.Holder!.Id;
        var subjects = await services.GetRequiredService<IPopulationSource>().ReadAsync(batchId, from, count, CancellationToken.None).ConfigureAwait(true);

        // Exports before the cursor were done by an earlier activation: their rows are read back from the ledger.
        var ledger = services.GetRequiredService<IExportLedger>();
        var entries = new List<BatchEntry>(subjects.Count);
        foreach (var subject in subjects.Take(state.State.Done))
        {
            var id = batch.For(subject).IdFor(holder);
            var row = await ledger.GetAsync(id).ConfigureAwait(true)
                ?? throw new InvalidOperationException($"The cursor of partition {key} is past export {id}, which the ledger does not hold.");
            entries.Add(new BatchEntry(subject, id, row.Sha256));
        }

        while (state.State.Done < subjects.Count)
        {
            var next = subjects.Skip(state.State.Done).Take(Math.Max(1, batch.Concurrency)).ToList();
            var outcomes = await Task.WhenAll(next.Select(subject =>
            {
                var export = batch.For(subject);
                return Retry(() => GrainFactory.GetGrain<IExportGrain>(export.IdFor(holder)).RunAsync(export));
            })).ConfigureAwait(true);
            entries.AddRange(next.Zip(outcomes, (subject, outcome) => new BatchEntry(subject, outcome.ExportId, outcome.Sha256)));
            state.State.Done += next.Count;
            await state.WriteStateAsync().ConfigureAwait(true);
        }

        var path = Path.Combine("batches", batchId, partition + ".json");
        var manifest = PartitionManifest(batchId, partition, entries);
        await WriteOnceAsync(Path.Combine(options.Root, path), manifest).ConfigureAwait(true);
        return new PartitionResult(path.Replace('\\', '/'), entries.Count, Convert.ToHexString(SHA256.HashData(manifest)).ToLowerInvariant());
    }

    /// <summary>Writes a deterministic file through a temporary name; a twin writing the same bytes at once is harmless.</summary>
    internal static async Task WriteOnceAsync(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        await File.WriteAllBytesAsync(temporary, bytes).ConfigureAwait(true);
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] PartitionManifest(string batch, string partition, IReadOnlyList<BatchEntry> exports) => Json(json =>
    {
        json.WriteString("batch", batch);
        json.WriteString("partition", partition);
        json.WriteStartArray("exports");
        foreach (var entry in exports)
        {
            json.WriteStartObject();
            json.WriteString("id", entry.ExportId);
            json.WriteString("subject", entry.Subject);
            json.WriteString("sha256", entry.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>A manifest's bytes: one indented JSON object, written the same way by partitions and batches.</summary>
    internal static byte[] Json(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static async Task<ExportOutcome> Retry(Func<Task<ExportOutcome>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(true);
            }
            catch (Exception e) when (attempt < 5 && e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or OrleansException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt)).ConfigureAwait(true);
            }
        }
    }
}

internal sealed class ExportBatchGrain(
    [PersistentState("batch", SelfDataGrainStorage.Name)] IPersistentState<BatchState> state,
    IServiceProvider services) : Grain, IExportBatchGrain
{
    private const string Redrive = "redrive";
    private Task<BatchResult>? _running;

    public Task<BatchResult> RunAsync(ExportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.PartitionSize < 1 || batch.Concurrency < 1 || batch.PartitionsAtOnce < 1)
        {
            throw new ArgumentException("A batch has partitions of at least one subject, a concurrency of at least 1 and at least one partition at once.", nameof(batch));
        }

        // One run at a time per batch; a caller arriving during a run waits for the same result.
        return _running is { IsCompleted: false } running ? running : _running = ClusterException.CarryAsync(() => RunCoreAsync(batch));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A batch whose silo died mid-run is re-driven here, from its persisted spec and its partitions' cursors.
        if (reminderName == Redrive && state.State is { Batch: { } batch, ManifestSha256: null } && _running is not { IsCompleted: false })
        {
            await RunAsync(batch).ConfigureAwait(true);
        }
    }

    private async Task<BatchResult> RunCoreAsync(ExportBatch batch)
    {
        var id = this.GetPrimaryKeyString();
        if (id.Length is 0 or > 128 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || id[0] == '.')
        {
            throw new ArgumentException($"A batch id is 1 to 128 letters, digits, '-', '_' or '.', not starting with '.': '{UntrustedText.Escape(id)}'.", nameof(batch));
        }

        state.State.Batch = batch;
        await state.WriteStateAsync().ConfigureAwait(true);
        var reminder = await this.RegisterOrUpdateReminder(Redrive, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)).ConfigureAwait(true);

        var population = await services.GetRequiredService<IPopulationSource>().CountAsync(id, CancellationToken.None).ConfigureAwait(true);
        var partitions = (population + batch.PartitionSize - 1) / batch.PartitionSize;
        var results = new PartitionResult[partitions];
        using (var gate = new SemaphoreSlim(batch.PartitionsAtOnce))
        {
            await Task.WhenAll(Enumerable.Range(0, partitions).Select(async p =>
            {
                await gate.WaitAsync().ConfigureAwait(true);
                try
                {
                    results[p] = await GrainFactory.GetGrain<IExportPartitionGrain>(id + "/" + p.ToString("D5", CultureInfo.InvariantCulture))
                        .RunAsync(batch, p * batch.PartitionSize, Math.Min(batch.PartitionSize, population - (p * batch.PartitionSize))).ConfigureAwait(true);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(true);
        }

        var options = ClusterHolderExtensions.Resolve(services, batch.Holder).Options;
        var manifest = Manifest(id, options.Portability.Holder!, batch, results);
        var sha = Convert.ToHexString(SHA256.HashData(manifest)).ToLowerInvariant();
        await ExportPartitionGrain.WriteOnceAsync(Path.Combine(options.Root, "batches", id, "manifest.json"), manifest).ConfigureAwait(true);
        state.State.ManifestSha256 = sha;
        await state.WriteStateAsync().ConfigureAwait(true);
        await this.UnregisterReminder(reminder).ConfigureAwait(true);
        return new BatchResult(manifest, sha, results.Sum(r => r.Exports), partitions);
    }

    /// <summary>The deterministic manifest: the batch, the holder, the request, and every partition's manifest with its count and hash.</summary>
    private static byte[] Manifest(string id, HolderId holder, ExportBatch batch, IReadOnlyList<PartitionResult> partitions) => ExportPartitionGrain.Json(json =>
    {
        json.WriteString("batch", id);
        json.WriteString("holder", holder.Id);
        json.WriteStartArray("doctypes");
        foreach (var doctype in batch.Doctypes.Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(doctype);
        }

        json.WriteEndArray();
        json.WriteString("profile", batch.Profile.ToString());
        json.WriteString("layout", batch.Layout.ToString());
        json.WriteString("since", batch.Since is { } s ? Rfc3339.Format(s) : null);
        json.WriteString("until", batch.Until is { } u ? Rfc3339.Format(u) : null);
        json.WriteString("createdAt", Rfc3339.Format(batch.CreatedAt));
        json.WriteNumber("exports", partitions.Sum(p => p.Exports));
        json.WriteStartArray("partitions");
        foreach (var partition in partitions)
        {
            json.WriteStartObject();
            json.WriteString("path", partition.Path);
            json.WriteNumber("exports", partition.Exports);
            json.WriteString("sha256", partition.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });
}
