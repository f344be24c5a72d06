using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.Orleans.Exports;

/// <summary>One export of a bulk run: whose data, which doctypes, in which profile and layout, over which window, and the instant it is dated.</summary>
/// <param name="Subject">The person the data is about.</param>
/// <param name="Doctypes">The doctypes, by name.</param>
/// <param name="Profile">The export profile.</param>
/// <param name="Layout">The archive layout.</param>
/// <param name="Since">The window's start, or <see langword="null"/>.</param>
/// <param name="Until">The window's end, or <see langword="null"/>.</param>
/// <param name="CreatedAt">The instant every attempt dates the export with (the batch's instant), so attempts write the same bytes.</param>
/// <param name="Holder">The holder whose export it is, when the silos serve several (<see cref="ClusterHolderExtensions.AddSelfDataClusterHolder"/>); <see langword="null"/> for the silos' one <see cref="ClusterExportOptions"/>.</param>
[GenerateSerializer]
[Immutable]
public sealed record ClusterExport(
    [property: Id(0)] string Subject,
    [property: Id(1)] ImmutableArray<string> Doctypes,
    [property: Id(2)] ExportProfile Profile,
    [property: Id(3)] ArchiveLayout Layout,
    [property: Id(4)] DateTimeOffset? Since,
    [property: Id(5)] DateTimeOffset? Until,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? Holder = null)
{
    /// <summary>
    /// Gets the export's deterministic id for a holder: <c>x</c> and 32 hex digits of the SHA-256 of (holder, subject,
    /// doctypes, profile, layout, window) — the same export has the same id on every node and every retry.
    /// </summary>
    /// <param name="holder">The holder's id.</param>
    /// <returns>The id, usable as a grain key and an artifact job id.</returns>
    public string IdFor(string holder)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var text = string.Join(
            "\u001f",
            holder,
            Subject,
            string.Join(",", Doctypes.Order(StringComparer.Ordinal)),
            Profile.ToString(),
            Layout.ToString(),
            Since is { } s ? Rfc3339.Format(s) : "-",
            Until is { } u ? Rfc3339.Format(u) : "-");
        return "x" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
    }
}

/// <summary>What an export grain reports.</summary>
/// <param name="ExportId">The export's id.</param>
/// <param name="Sha256">The SHA-256 of the one archive, as the ledger records it.</param>
/// <param name="Attempts">The attempts the export has taken so far (more than 1 after a crash or a retry).</param>
/// <param name="AlreadyRecorded">Whether the ledger already held the export before this call.</param>
[GenerateSerializer]
[Immutable]
public sealed record ExportOutcome([property: Id(0)] string ExportId, [property: Id(1)] string Sha256, [property: Id(2)] int Attempts, [property: Id(3)] bool AlreadyRecorded);

/// <summary>One export (key: <see cref="ClusterExport.IdFor"/>): runs it at most to one archive and one ledger row, whatever crashes and duplicate activations happen.</summary>
public interface IExportGrain : IGrainWithStringKey
{
    /// <summary>Runs the export, or returns its ledger row when it is already recorded.</summary>
    /// <param name="request">The export; its id must be the grain's key.</param>
    /// <returns>The outcome.</returns>
    Task<ExportOutcome> RunAsync(ClusterExport request);
}

/// <summary>A row of the export ledger: the one archive of an export.</summary>
/// <param name="ExportId">The export's id.</param>
/// <param name="Sha256">The archive's SHA-256.</param>
/// <param name="Inserted">Whether this call inserted the row (otherwise it existed, with this hash).</param>
public sealed record ExportLedgerEntry(string ExportId, string Sha256, bool Inserted);

/// <summary>
/// The ledger of completed exports: one row per export, inserted once (<c>INSERT … ON CONFLICT DO NOTHING</c> on
/// PostgreSQL), so an export's completion is recorded exactly once.
/// </summary>
public interface IExportLedger
{
    /// <summary>Records an export's archive unless the export is already recorded.</summary>
    /// <param name="exportId">The export's id.</param>
    /// <param name="sha256">The archive's SHA-256.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The row: this one, inserted, or the one that was there.</returns>
    ValueTask<ExportLedgerEntry> RecordAsync(string exportId, string sha256, CancellationToken cancellationToken = default);

    /// <summary>Gets an export's row.</summary>
    /// <param name="exportId">The export's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The row, or <see langword="null"/>.</returns>
    ValueTask<ExportLedgerEntry?> GetAsync(string exportId, CancellationToken cancellationToken = default);
}

/// <summary>An export ledger in memory, for tests and a single silo; a cluster shares one in its database.</summary>
public sealed class InMemoryExportLedger : IExportLedger
{
    private readonly ConcurrentDictionary<string, string> _rows = new(StringComparer.Ordinal);

    /// <summary>Gets the number of rows.</summary>
    public int Count => _rows.Count;

    /// <inheritdoc />
    public ValueTask<ExportLedgerEntry> RecordAsync(string exportId, string sha256, CancellationToken cancellationToken = default)
    {
        var inserted = _rows.TryAdd(exportId, sha256);
        return ValueTask.FromResult(new ExportLedgerEntry(exportId, _rows[exportId], inserted));
    }

    /// <inheritdoc />
    public ValueTask<ExportLedgerEntry?> GetAsync(string exportId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_rows.TryGetValue(exportId, out var sha) ? new ExportLedgerEntry(exportId, sha, false) : null);
}

/// <summary>What a silo needs to run a holder's exports: its options, its archive signing, and the shared folder archives go to.</summary>
public sealed class ClusterExportOptions
{
    /// <summary>Gets or sets the holder's export options (holder, profile defaults…).</summary>
    public required PortabilityOptions Portability { get; set; }

    /// <summary>Gets or sets the archive options (the signing key; a deterministic algorithm such as RS256 makes retries byte-identical).</summary>
    public required PortabilityArchiveWriterOptions Archive { get; set; }

    /// <summary>Gets or sets the folder every silo shares: <c>exports/{id}/archive.zip</c> holds each export's one archive.</summary>
    public required string Root { get; set; }

    /// <summary>Gets the path of an export's archive.</summary>
    /// <param name="exportId">The export's id.</param>
    /// <returns>The path.</returns>
    public string ArchivePath(string exportId) => Path.Combine(Root, "exports", exportId, ExportJobRunner.ArchiveName);

    /// <summary>Gets the folder of attempts in progress (emptied as attempts end; an attempt killed with its silo is removed by the next one).</summary>
    public string AttemptsRoot => Path.Combine(Root, "attempts");
}

/// <summary>Registers the holders a silo exports for, when it serves several.</summary>
public static class ClusterHolderExtensions
{
    /// <summary>
    /// Adds a holder the silo exports for: its options and its data, keyed by the holder's id, which
    /// <see cref="ClusterExport.Holder"/> and <see cref="ExportBatch.Holder"/> name. Every silo of the cluster registers the
    /// same holders.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="options">The holder's export options; <see cref="PortabilityOptions.Holder"/> is required.</param>
    /// <param name="source">The holder's data.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSelfDataClusterHolder(this IServiceCollection services, ClusterExportOptions options, IExportDataSource source)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var holder = options.Portability.Holder?.Id ?? throw new ArgumentException("The holder's portability options name no holder.", nameof(options));
        services.AddKeyedSingleton(holder, options);
        services.AddKeyedSingleton(holder, source);
        return services;
    }

    /// <summary>The options and data of a holder, or of the silo's one holder when none is named.</summary>
    internal static (ClusterExportOptions Options, IExportDataSource Source) Resolve(IServiceProvider services, string? holder)
    {
        if (holder is null)
        {
            return (services.GetRequiredService<ClusterExportOptions>(), services.GetRequiredService<IExportDataSource>());
        }

        return services.GetKeyedService<ClusterExportOptions>(holder) is { } options && services.GetKeyedService<IExportDataSource>(holder) is { } source
            ? (options, source)
            : throw new SelfDataException(ClusterErrorCodes.UnknownHolder, $"No holder '{UntrustedText.Escape(holder)}' is registered on this silo (AddSelfDataClusterHolder).");
    }
}

/// <summary>The stored progress of an export.</summary>
[GenerateSerializer]
internal sealed class ExportState
{
    [Id(0)]
    public int Attempts { get; set; }
}

internal sealed class ExportGrain(
    [PersistentState("export", SelfDataGrainStorage.Name)] IPersistentState<ExportState> state,
    IServiceProvider services) : Grain, IExportGrain
{
    public Task<ExportOutcome> RunAsync(ClusterExport request) => ClusterException.CarryAsync(() => RunCoreAsync(request));

    private async Task<ExportOutcome> RunCoreAsync(ClusterExport request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var export = request;
        var (options, source) = ClusterHolderExtensions.Resolve(services, export.Holder);
        var ledger = services.GetRequiredService<IExportLedger>();
        var id = this.GetPrimaryKeyString();
        if (export.IdFor(options.Portability.Holder!.Id) != id)
        {
            throw new ArgumentException($"The export's id is {export.IdFor(options.Portability.Holder.Id)}, not the grain's key {id}.", nameof(request));
        }

        if (await ledger.GetAsync(id).ConfigureAwait(true) is { } recorded)
        {
            await RemoveOtherAttemptsAsync(options, id).ConfigureAwait(true);
            return new ExportOutcome(id, recorded.Sha256, state.State.Attempts, AlreadyRecorded: true);
        }

        // Count the attempt before doing it: a duplicate activation loses the ETag race here and its caller retries.
        state.State.Attempts++;
        await state.WriteStateAsync().ConfigureAwait(true);
        var attempt = state.State.Attempts;

        var final = options.ArchivePath(id);
        if (!File.Exists(final))
        {
            // {id}-a{attempt}-{random}, cut to the 64 characters a job id may have (the id alone is 33).
            var attemptId = string.Create(CultureInfo.InvariantCulture, $"{id}-a{attempt}-{Guid.NewGuid():N}")[..64];
            var store = new FileSystemExportArtifactStore(options.AttemptsRoot);
            try
            {
                var runner = new ExportJobRunner(options.Portability, options.Archive, source, store);
                await runner.RunAsync(new ExportJob
                {
                    Id = attemptId,
                    Owner = new ExportJobOwner("cluster", export.Subject, null, null),
                    Request = new ExportJobRequest
                    {
                        Doctypes = [.. export.Doctypes.Select(d => new Doctype(d))],
                        Profile = export.Profile,
                        Layout = export.Layout,
                        Since = export.Since,
                        Until = export.Until,
                    },
                    CreatedAt = export.CreatedAt,
                }).ConfigureAwait(true);

                // Create-if-absent: the first attempt to publish wins; a later one keeps the winner's archive.
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                File.Move(Path.Combine(options.AttemptsRoot, attemptId, ExportJobRunner.ArchiveName), final, overwrite: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && File.Exists(final))
            {
                // A twin activation published first (and may have removed this attempt's folder as it finished): its
                // archive is the export's, the same bytes this attempt was writing.
            }
            finally
            {
                await RemoveFolderAsync(Path.Combine(options.AttemptsRoot, attemptId)).ConfigureAwait(true);
            }
        }

        string sha;
        var stream = File.OpenRead(final);
        await using (stream.ConfigureAwait(true))
        {
            sha = Convert.ToHexString(await SHA256.HashDataAsync(stream).ConfigureAwait(true)).ToLowerInvariant();
        }

        var entry = await ledger.RecordAsync(id, sha).ConfigureAwait(true);
        if (entry.Sha256 != sha)
        {
            throw new SelfDataException(ClusterErrorCodes.LedgerMismatch, $"The ledger holds another archive for export {id} ({entry.Sha256}) than the one published ({sha}).");
        }

        await RemoveOtherAttemptsAsync(options, id).ConfigureAwait(true);
        return new ExportOutcome(id, sha, attempt, AlreadyRecorded: !entry.Inserted);
    }

    /// <summary>
    /// Once the export's archive is published and recorded, removes the folders every other attempt left: those of
    /// attempts that died with their silo, and that of a twin activation still writing, which finds the archive published
    /// and ends without error. Before publication nothing of another attempt is touched, so twins never undo each other.
    /// </summary>
    private static async Task RemoveOtherAttemptsAsync(ClusterExportOptions options, string id)
    {
        if (!Directory.Exists(options.AttemptsRoot))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(options.AttemptsRoot, id + "-a*"))
        {
            await RemoveFolderAsync(folder).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Removes an attempt's folder, tolerating a twin that removes it at the same time or still adds a file to it (tried
    /// again; the twin's own clean-up, which runs once it stops writing, removes what is left).
    /// </summary>
    private static async Task RemoveFolderAsync(string folder)
    {
        for (var tries = 1; Directory.Exists(folder); tries++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (tries < 5)
            {
                await Task.Delay(20 * tries).ConfigureAwait(true);
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}
