using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Jose;
using SelfData.Orleans.Exports;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;
using SelfData.Portability.Jobs;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Tables;

namespace SelfData.Orleans.Tests;

/// <summary>
/// A deterministic population of a study (contributors of six IRIS over three months), read shard by shard as a
/// holder's contribution store would; it counts reads and can hold a shard's read until a test lets it go.
/// </summary>
public sealed class Population : IContributionSource
{
    public static readonly string[] Iris = ["693810101", "693810102", "693820101", "693820102", "693830101", "693830102"];
    public static readonly string[] Months = ["2025-01", "2025-02", "2025-03"];

    private readonly ConcurrentDictionary<int, int> _reads = new();

    public Population(int contributors) => People = [.. Enumerable.Range(0, contributors).Select(Person)];

    public IReadOnlyList<ContributorContributions> People { get; }

    public int Reads => _reads.Values.Sum();

    /// <summary>Gets or sets a gate every read waits for after its first contributor, or <see langword="null"/>.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Gets a signal set when a read reaches the gate.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ContributorContributions Person(int i)
    {
        var key = ContributorKey.FromBytes(SHA256.HashData(BitConverter.GetBytes(i)));
        var months = Months.Where((_, m) => (i + m) % 4 != 0);
        return new ContributorContributions(key, [.. months.Select(m => (Iris[i % Iris.Length], m, 100_000L + (i * 37 % 50_000)))]);
    }

    public AggregateTable OnePass(Hierarchy areas, Hierarchy periods)
    {
        var aggregator = new TableAggregator(areas, periods);
        foreach (var person in People)
        {
            aggregator.AddContributor(person.Contributor, person.Contributions);
        }

        return aggregator.ToTable();
    }

    public async IAsyncEnumerable<ContributorContributions> ReadShardAsync(string run, int shard, int shardCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate(shard, 1, (_, n) => n + 1);
        var first = true;
        foreach (var person in People.Where(p => Shards.Of(p.Contributor, shardCount) == shard))
        {
            yield return person;
            if (first && Gate is { } gate)
            {
                first = false;
                Reached.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Three in-process silos with memory grain storage, fast failure detection and a short shutdown, sharing one <see cref="Population"/>.</summary>
public static class Clusters
{
    /// <summary>
    /// Waits for a call made before a silo was killed; when it fails because its grain died with the silo, makes it again
    /// (the grain re-activates elsewhere and resumes from what it persisted), as a caller of a real cluster does.
    /// </summary>
    public static async Task<T> AfterKillAsync<T>(Task<T> running, Func<Task<T>> again, Action<string> log, TimeSpan? timeout = null)
    {
        try
        {
            return await running.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or OrleansException)
        {
            log("re-driven after " + e.GetType().Name);
            return await again();
        }
    }

    public static async Task<InProcessTestCluster> StartAsync(IContributionSource source, short silos = 3, Action<IServiceCollection>? configure = null, bool memoryStorage = true)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => host.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2)));
        builder.ConfigureSilo((_, silo) =>
        {
            if (memoryStorage)
            {
                silo.AddMemoryGrainStorage(SelfDataGrainStorage.Name);
            }

            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(source);
            configure?.Invoke(silo.Services);
            silo.Configure<global::Orleans.Configuration.ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        // A call to a grain that died with its silo fails after this rather than the default 30 s; the test re-drives it.
        builder.ConfigureClient(client => client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(8)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>A holder's data: sixty days of electricity and water per subject, the same for every read; reads can be held at a gate.</summary>
public sealed class HolderData : IExportDataSource
{
    private int _reads;
    private int _atOnce;
    private int _mostAtOnce;

    public IReadOnlyCollection<Doctype> Doctypes { get; } = [ElectricityDoctypes.EcolyoDay.Doctype, WaterDoctypes.EcolyoDay.Doctype];

    public int Reads => _reads;

    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the most reads that were in progress at once.</summary>
    public int MostAtOnce => _mostAtOnce;

    /// <summary>Gets or sets how long each read takes, so that overlapping reads can be seen.</summary>
    public TimeSpan ReadTime { get; set; }

    public async ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var now = Interlocked.Increment(ref _atOnce);
        for (var most = _mostAtOnce; now > most && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most; most = _mostAtOnce)
        {
        }

        try
        {
            if (ReadTime > TimeSpan.Zero)
            {
                await Task.Delay(ReadTime, cancellationToken).ConfigureAwait(false);
            }

            await AddAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _atOnce);
        }
    }

    private async ValueTask AddAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            Reached.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var seed = context.Subject.Value.Sum(c => c);
        var days = Enumerable.Range(0, 60).Select(d => new DateTime(2025, 1, 1).AddDays(d)).ToList();
        context.Builder
            .Add(ElectricityDoctypes.EcolyoDay, days.Select(d => new EcolyoLoad(d, new Quantity(5 + ((seed + d.Day) % 9), Unit.KilowattHour))))
            .Add(WaterDoctypes.EcolyoDay, days.Select(d => new EcolyoLoad(d, new Quantity(120 + ((seed * d.Day) % 80), Unit.Litre))));
    }
}

/// <summary>A holder's customers: <c>resident-0001</c>… in a stable order.</summary>
public sealed class Customers(int population) : IPopulationSource
{
    public ValueTask<int> CountAsync(string batch, CancellationToken cancellationToken) => ValueTask.FromResult(population);

    public ValueTask<IReadOnlyList<string>> ReadAsync(string batch, int from, int count, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. Enumerable.Range(from, Math.Max(0, Math.Min(count, population - from))).Select(i => $"resident-{i:D4}")]);
}

/// <summary>A holder set up for cluster exports, and the same export written on one machine with the SDK alone.</summary>
public static class Holders
{
    /// <summary>Reads a batch's exports through its manifest's partitions, checking each partition manifest's hash and count.</summary>
    public static List<(string Id, string Subject, string Sha256)> Exports(string root, BatchResult result)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(result.Manifest);
        var partitions = manifest.RootElement.GetProperty("partitions").EnumerateArray().ToList();
        Xunit.Assert.Equal(result.Partitions, partitions.Count);
        Xunit.Assert.Equal(File.ReadAllBytes(Path.Combine(root, "batches", manifest.RootElement.GetProperty("batch").GetString()!, "manifest.json")), result.Manifest);
        var exports = new List<(string, string, string)>();
        foreach (var partition in partitions)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, partition.GetProperty("path").GetString()!));
            Xunit.Assert.Equal(partition.GetProperty("sha256").GetString(), Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
            using var listed = System.Text.Json.JsonDocument.Parse(bytes);
            var entries = listed.RootElement.GetProperty("exports").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("subject").GetString()!, e.GetProperty("sha256").GetString()!)).ToList();
            Xunit.Assert.Equal(partition.GetProperty("exports").GetInt32(), entries.Count);
            exports.AddRange(entries);
        }

        Xunit.Assert.Equal(manifest.RootElement.GetProperty("exports").GetInt32(), exports.Count);
        return exports;
    }

    /// <summary>Eau du Grand Lyon's archive key: RS256, so that every attempt signs the same bytes.</summary>
    public static readonly SigningKey LyonWaterKey = Testing.TestKeys.Rsa("lyon-water-archive", "RS256");

    public static ClusterExportOptions Options(string root, HolderId? holder = null, SigningKey? key = null) => new()
    {
        Portability = new PortabilityOptions { Holder = holder ?? new HolderId("eau-du-grand-lyon", "com.grandlyon", "Eau du Grand Lyon") },
        Archive = new PortabilityArchiveWriterOptions { SigningKey = key ?? LyonWaterKey },
        Root = root,
    };

    /// <summary>An export of two months of electricity and water, dated with the batch's instant.</summary>
    public static ClusterExport Export(string subject) => new(
        subject, [ElectricityDoctypes.EcolyoDay.Doctype.Name, WaterDoctypes.EcolyoDay.Doctype.Name], ExportProfile.Cozy, ArchiveLayout.Ndjson,
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Writes the same export with <see cref="ExportJobRunner"/> on this machine (under <c>{root}/single</c>) and returns the archive's bytes.</summary>
    public static async Task<byte[]> SingleMachineAsync(ClusterExportOptions options, ClusterExport export)
    {
        var folder = Path.Combine(options.Root, "single");
        var runner = new ExportJobRunner(options.Portability, options.Archive, new HolderData(), new FileSystemExportArtifactStore(folder));
        var id = "single-" + export.Subject;
        await runner.RunAsync(new ExportJob
        {
            Id = id,
            Owner = new ExportJobOwner("direct", export.Subject, null, null),
            Request = new ExportJobRequest { Doctypes = [.. export.Doctypes.Select(d => new Doctype(d))], Profile = export.Profile, Layout = export.Layout, Since = export.Since, Until = export.Until },
            CreatedAt = export.CreatedAt,
        });
        return await File.ReadAllBytesAsync(Path.Combine(folder, id, ExportJobRunner.ArchiveName));
    }
}
