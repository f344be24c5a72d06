using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Orleans.Aggregation;
using SelfData.Orleans.Exports;
using SelfData.Orleans.Storage;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Territory.Aggregation;

namespace SelfData.Cli.Demo;

/// <summary>What the cluster demo's silos and its coordinator share: the holders' options, the batches, the population and the study's contributions.</summary>
internal static class ClusterDemo
{
    /// <summary>The sectors of the study the cluster aggregates, each an NDJSON file the demo wrote in <c>DIR/territory/</c>.</summary>
    public static readonly string[] Sectors = ["electricity", "water"];

    /// <summary>The holder's archive key for the cluster: RS256, whose signatures are deterministic, so every attempt and the single-machine run write the same bytes.</summary>
    public static SigningKey LoadOrCreateKey(DirectoryInfo demo, string holder)
    {
        var keys = Directory.CreateDirectory(Path.Combine(demo.FullName, ".keys"));
        var file = Path.Combine(keys.FullName, holder + "-rs256.pem");
        if (!File.Exists(file))
        {
            using var created = RSA.Create(2048);
            var temporary = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temporary, created.ExportPkcs8PrivateKeyPem());
            File.Move(temporary, file, overwrite: false);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(file));
        return SigningKey.FromRsa(holder + "-cluster-rs256", rsa, JwsAlgorithms.RS256);
    }

    /// <summary>A holder's export options on the cluster.</summary>
    public static ClusterExportOptions Options(DirectoryInfo demo, string root, TerritoryHolder holder) => new()
    {
        Portability = new PortabilityOptions { Holder = holder.Id, CreatedByApp = holder.Id.Id + "-selfdata", CreatedByAppVersion = "1.0.0" },
        Archive = new PortabilityArchiveWriterOptions { SigningKey = LoadOrCreateKey(demo, holder.Id.Id) },
        Root = root,
    };

    /// <summary>The batch of one holder: every resident, the holder's doctypes over the territory's last months, dated at their end.</summary>
    public static ExportBatch Batch(DemoTerritory territory, TerritoryHolder holder, IReadOnlyCollection<Doctype> doctypes, int months, int partitionSize, int concurrency)
    {
        var end = new DateTimeOffset(territory.End.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new ExportBatch(
            [.. doctypes.Select(d => d.Name).Order(StringComparer.Ordinal)], ExportProfile.Cozy, ArchiveLayout.Ndjson,
            end.AddMonths(-months), end, end, partitionSize, concurrency, holder.Id.Id);
    }

    /// <summary>Builds a silo of the demo cluster: PostgreSQL for everything shared, loopback endpoints, fast failure detection.</summary>
    public static IHost BuildSilo(DirectoryInfo demo, DemoTerritory territory, NpgsqlDataSource dataSource, string clusterId, int siloPort, int gatewayPort, string root)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
            silo.UseSelfDataPostgres(dataSource);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A silo killed by the demo is declared dead within seconds rather than the production default's minute.
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5));
            silo.Services.AddSingleton<IPopulationSource>(new Residents(territory));
            silo.Services.AddSingleton<IContributionSource>(new StudyContributions(new DirectoryInfo(Path.Combine(demo.FullName, DemoStudy.Folder))));
            foreach (var holder in TerritoryHolders.All)
            {
                silo.Services.AddSelfDataClusterHolder(Options(demo, root, holder), new DemoDataSource(territory, holder));
            }
        });
        return builder.Build();
    }

    /// <summary>The residents of the territory, by id: every holder's customers.</summary>
    internal sealed class Residents(DemoTerritory territory) : IPopulationSource
    {
        private readonly Lazy<ImmutableArray<string>> _subjects = new(() =>
        {
            using var connection = territory.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT subject FROM resident ORDER BY id";
            using var reader = command.ExecuteReader();
            var subjects = ImmutableArray.CreateBuilder<string>();
            while (reader.Read())
            {
                subjects.Add(reader.GetString(0));
            }

            return subjects.ToImmutable();
        });

        public ImmutableArray<string> All => _subjects.Value;

        public ValueTask<int> CountAsync(string batch, CancellationToken cancellationToken) => ValueTask.FromResult(All.Length);

        public ValueTask<IReadOnlyList<string>> ReadAsync(string batch, int from, int count, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<string>>([.. All.Skip(from).Take(count)]);
    }

    /// <summary>The study's contributions as the demo wrote them (<c>DIR/territory/{sector}.ndjson</c>), read by shard of contributor; the run's key ends with the sector.</summary>
    internal sealed class StudyContributions(DirectoryInfo folder) : IContributionSource
    {
        private readonly Dictionary<string, Lazy<IReadOnlyList<ContributorContributions>>> _sectors = Sectors.ToDictionary(
            s => s,
            s => new Lazy<IReadOnlyList<ContributorContributions>>(() => Read(new FileInfo(Path.Combine(folder.FullName, s + ".ndjson")))),
            StringComparer.Ordinal);

        public static IReadOnlyList<ContributorContributions> Read(FileInfo file) =>
            [.. TerritoryCommand.ReadContributions(file).Select(p => new ContributorContributions(TerritoryCommand.KeyOf(p.Key), p.Value))];

        public async IAsyncEnumerable<ContributorContributions> ReadShardAsync(string run, int shard, int shardCount, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var sector = run[(run.LastIndexOf('-') + 1)..];
            if (!_sectors.TryGetValue(sector, out var contributions))
            {
                throw new ArgumentException($"The run '{run}' names no sector of the study ({string.Join(", ", Sectors)}).", nameof(run));
            }

            foreach (var contributor in contributions.Value)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Shards.Of(contributor.Contributor, shardCount) == shard)
                {
                    yield return contributor;
                }
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
