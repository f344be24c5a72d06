using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using SelfData.Cli.Demo;
using SelfData.Core;
using SelfData.Orleans.Aggregation;
using SelfData.Orleans.Exports;
using SelfData.Orleans.Storage;
using SelfData.Portability.Jobs;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Cli;

/// <summary><c>selfdata cluster</c>: the demo territory's exports and study on an Orleans cluster of silo processes sharing PostgreSQL.</summary>
internal static class ClusterCommand
{
    private const int Shards = 64;

    public static Command Create() => new("cluster", "Run the demo territory's bulk exports and territorial study on an Orleans cluster of silo processes on PostgreSQL.")
    {
        Demo(),
        Silo(),
    };

    private static Option<DirectoryInfo> DemoOption() => new("--demo") { Description = "A folder written by 'selfdata demo' (its territory.sqlite and territory/*.ndjson).", Required = true };

    private static Option<string> PgOption() => new("--pg") { Description = "The cluster's PostgreSQL, as an Npgsql connection string: \"Host=127.0.0.1;Port=5432;Username=…;Database=…\".", Required = true };

    private static Command Demo()
    {
        var demo = DemoOption();
        var pg = PgOption();
        var silos = new Option<int>("--silos") { Description = "Silo processes to start (1 to 8).", DefaultValueFactory = _ => 3 };
        var killAt = new Option<double>("--kill-at") { Description = "Kill one silo (Process.Kill) when this share of the exports is recorded; 0 kills none.", DefaultValueFactory = _ => 0.4 };
        var partition = new Option<int>("--partition-size") { Description = "Residents per partition of a holder's batch.", DefaultValueFactory = _ => 25 };
        var concurrency = new Option<int>("--concurrency") { Description = "Exports a partition runs at once.", DefaultValueFactory = _ => 2 };
        var months = new Option<int>("--months") { Description = "The window of each export: the territory's last 1 to 12 months.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var command = new Command("demo", "Start silo processes on PostgreSQL, export every resident for every holder and run the study's aggregation on them, kill one silo midway, and check every export was recorded once with the single-machine bytes and the aggregate equals one pass.")
        {
            demo, pg, silos, killAt, partition, concurrency, months, output,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, async console =>
        {
            var options = new DemoRun(
                Folder(parse.GetValue(demo)!), parse.GetValue(pg)!, parse.GetValue(silos), parse.GetValue(killAt), parse.GetValue(partition), parse.GetValue(concurrency), parse.GetValue(months));
            if (options.Silos is < 1 or > 8 || options.KillAt is < 0 or >= 1 || options.PartitionSize < 1 || options.Concurrency < 1 || options.Months is < 1 or > 12 || (options.KillAt > 0 && options.Silos < 2))
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--silos is 1 to 8, --kill-at in [0, 1) (a kill needs 2 silos or more), --partition-size and --concurrency at least 1, --months 1 to 12.");
            }

            return await RunDemoAsync(options, console, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Silo()
    {
        var demo = DemoOption();
        var pg = PgOption();
        var cluster = new Option<string>("--cluster") { Description = "The cluster's id (also its service id).", Required = true };
        var siloPort = new Option<int>("--silo-port") { Description = "The port silos talk to this silo on (127.0.0.1).", Required = true };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port clients connect to (127.0.0.1).", Required = true };
        var root = new Option<DirectoryInfo>("--root") { Description = "The folder every silo shares for archives (exports/{id}/archive.zip).", Required = true };
        var command = new Command("silo", "Run one silo of the demo cluster until its standard input closes or it is stopped ('cluster demo' starts these).")
        {
            demo, pg, cluster, siloPort, gatewayPort, root,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, null, async console =>
        {
            var folder = Folder(parse.GetValue(demo)!);
            var territory = DemoTerritory.OpenExisting(Path.Combine(folder.FullName, "territory.sqlite"));
            var dataSource = NpgsqlDataSource.Create(parse.GetValue(pg)!);
            await using var disposeDataSource = dataSource.ConfigureAwait(false);
            using var host = ClusterDemo.BuildSilo(folder, territory, dataSource, parse.GetValue(cluster)!, parse.GetValue(siloPort), parse.GetValue(gatewayPort), parse.GetValue(root)!.FullName);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            console.Line($"silo ready: 127.0.0.1:{parse.GetValue(siloPort)}, gateway {parse.GetValue(gatewayPort)}, process {Environment.ProcessId}");
            var input = Task.Run(() =>
            {
                while (Console.In.ReadLine() is not null)
                {
                }
            }, CancellationToken.None);
            await Task.WhenAny(input, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            console.Line("silo stopped");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static DirectoryInfo Folder(DirectoryInfo demo)
    {
        if (!File.Exists(Path.Combine(demo.FullName, "territory.sqlite")) || ClusterDemo.Sectors.Any(s => !File.Exists(Path.Combine(demo.FullName, DemoStudy.Folder, s + ".ndjson"))))
        {
            throw new CliException(CliErrorCodes.FileNotFound, $"{demo.FullName} holds no demo territory and study: run 'selfdata demo --out {demo.FullName}' first.");
        }

        return demo;
    }

    private sealed record DemoRun(DirectoryInfo Demo, string Pg, int Silos, double KillAt, int PartitionSize, int Concurrency, int Months);

    private sealed record HolderRun(TerritoryHolder Holder, DemoDataSource Source, ClusterExportOptions Options, ExportBatch Batch);

    private sealed record Export(HolderRun Holder, ClusterExport Request, string Id);

    private static async Task<int> RunDemoAsync(DemoRun run, CliOutput console, CancellationToken cancellationToken)
    {
        var territory = DemoTerritory.OpenExisting(Path.Combine(run.Demo.FullName, "territory.sqlite"));
        var dataSource = NpgsqlDataSource.Create(run.Pg);
        await using var disposeDataSource = dataSource.ConfigureAwait(false);
        try
        {
            await PostgresSchema.ApplyAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw new CliException(CliErrorCodes.ServiceUnavailable, "--pg: PostgreSQL cannot be reached: " + e.Message);
        }

        var id = "r" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        var clusterFolder = Directory.CreateDirectory(Path.Combine(run.Demo.FullName, "cluster"));
        foreach (var earlier in clusterFolder.EnumerateDirectories("r*"))
        {
            earlier.Delete(recursive: true);
        }

        var root = Directory.CreateDirectory(Path.Combine(clusterFolder.FullName, id)).FullName;
        var residents = new ClusterDemo.Residents(territory).All;
        var holders = TerritoryHolders.All.Select(h =>
        {
            var source = new DemoDataSource(territory, h);
            return new HolderRun(h, source, ClusterDemo.Options(run.Demo, root, h), ClusterDemo.Batch(territory, h, source.Doctypes, run.Months, run.PartitionSize, run.Concurrency));
        }).ToList();
        var exports = holders.SelectMany(h => residents.Select(s => h.Batch.For(s)).Select(e => new Export(h, e, e.IdFor(h.Holder.Id.Id)))).ToList();
        var ids = exports.Select(e => e.Id).ToArray();
        await ForgetAsync(dataSource, ids, cancellationToken).ConfigureAwait(false);
        console.Line($"Cluster {id}: {run.Silos} silo process(es) on PostgreSQL; {exports.Count:N0} exports ({holders.Count} holders × {residents.Length} residents, the last {(run.Months == 1 ? "month" : run.Months + " months")}), the study's aggregation on {Shards} shards.");

        var processes = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < run.Silos; i++)
            {
                processes.Add(SiloProcess.Start(i + 1, run, id, root, clusterFolder.FullName));
            }

            foreach (var silo in processes)
            {
                await silo.Ready.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            }

            console.Line($"  {processes.Count} silos ready (processes {string.Join(", ", processes.Select(p => p.Process.Id))}); logs in {Path.GetRelativePath(Environment.CurrentDirectory, clusterFolder.FullName)}.");
            using var client = await StartClientAsync(dataSource, id, cancellationToken).ConfigureAwait(false);
            var grains = client.Services.GetRequiredService<IClusterClient>();

            // The exports: one batch per holder, all at once; one silo killed when the ledger holds --kill-at of them.
            var clock = Stopwatch.StartNew();
            var batches = holders.Select(h => Retry(() => grains.GetGrain<IExportBatchGrain>(id + "-" + h.Holder.Id.Id).RunAsync(h.Batch), cancellationToken)).ToList();
            var killed = (SiloProcess?)null;
            var all = Task.WhenAll(batches);
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(200, cancellationToken)).ConfigureAwait(false);
                if (run.KillAt > 0 && killed is null)
                {
                    var recorded = await CountAsync(dataSource, ids, cancellationToken).ConfigureAwait(false);
                    if (recorded >= run.KillAt * exports.Count)
                    {
                        killed = processes[^1];
                        killed.Process.Kill(entireProcessTree: true);
                        console.Line($"  killed silo {killed.Number} (process {killed.Process.Id}, Process.Kill) with {recorded:N0} of {exports.Count:N0} exports recorded ({100.0 * recorded / exports.Count:0} %).");
                    }
                }
            }

            var results = await all.ConfigureAwait(false);
            var exportSeconds = clock.Elapsed.TotalSeconds;
            console.Line($"  {exports.Count:N0} exports in {exportSeconds:0.0} s: {exports.Count / exportSeconds:0.0} exports/s on {run.Silos} silo(s){(killed is null ? string.Empty : ", one killed midway")}.");

            // The checks: one ledger row per export, the archive on disk with that hash, the single-machine bytes, attempts, no attempt folder left.
            var ledger = await LedgerAsync(dataSource, ids, cancellationToken).ConfigureAwait(false);
            var attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(exports, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (e, ct) =>
                attempts[e.Id] = (await Retry(() => grains.GetGrain<IExportGrain>(e.Id).RunAsync(e.Request), ct).ConfigureAwait(false)).Attempts).ConfigureAwait(false);
            var single = Path.Combine(root, "single");
            var sameBytes = 0;
            var onDisk = 0;
            var singleClock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(exports, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (e, ct) =>
            {
                var archive = e.Holder.Options.ArchivePath(e.Id);
                if (File.Exists(archive) && ledger.TryGetValue(e.Id, out var recorded) && Sha256(archive) == recorded)
                {
                    Interlocked.Increment(ref onDisk);
                }

                var local = await SingleMachineAsync(e, single, ct).ConfigureAwait(false);
                if (ledger.TryGetValue(e.Id, out var sha) && local == sha)
                {
                    Interlocked.Increment(ref sameBytes);
                }
            }).ConfigureAwait(false);
            var singleSeconds = singleClock.Elapsed.TotalSeconds;
            Directory.Delete(single, recursive: true);
            var leftovers = Directory.Exists(Path.Combine(root, "attempts")) ? Directory.EnumerateFileSystemEntries(Path.Combine(root, "attempts")).Count() : 0;
            var manifests = results.Sum(r => r.Exports);

            // The study: each sector aggregated on the cluster by shard and merged in shard order, against one pass; secrecy and the audit once on the merged table.
            var sectors = new List<(string Sector, string Cluster, string OnePass, int Published, int Withheld)>();
            foreach (var sector in ClusterDemo.Sectors)
            {
                var file = new FileInfo(Path.Combine(run.Demo.FullName, DemoStudy.Folder, sector + ".ndjson"));
                var onePass = TerritoryCommand.Aggregate(TerritoryCommand.ReadContributions(file), null);
                var shape = TableShape.Of(onePass.Areas, onePass.Periods);
                var merged = await Retry(() => grains.GetGrain<IAggregationRunGrain>(id + "-" + sector).RunAsync(shape, Shards), cancellationToken).ConfigureAwait(false);
                var table = AggregateTable.FromBytes(merged.Table, onePass.Areas, onePass.Periods).GetValueOrThrow();
                var release = (await TableReleaser.ReleaseAsync(table, new ReleaseOptions(SecrecyRules.EnergyResidential), id + "-" + sector, new InMemoryReleaseLedger(), cancellationToken: cancellationToken).ConfigureAwait(false)).GetValueOrThrow();
                sectors.Add((sector, merged.Sha256, Convert.ToHexString(SHA256.HashData(onePass.ToBytes())).ToLowerInvariant(),
                    release.Cells.Count(c => c.Status == CellStatus.Published), release.Cells.Count(c => c.Status != CellStatus.Published)));
            }

            var retried = attempts.Values.Count(a => a > 1);
            var ok = ledger.Count == exports.Count && manifests == exports.Count && sameBytes == exports.Count && onDisk == exports.Count && leftovers == 0
                && sectors.All(s => s.Cluster == s.OnePass) && (killed is null || retried > 0);
            if (console.Json)
            {
                console.WriteJson(new
                {
                    ok,
                    cluster = id,
                    silos = run.Silos,
                    killed = killed?.Number,
                    exports = exports.Count,
                    seconds = Math.Round(exportSeconds, 2),
                    exportsPerSecond = Math.Round(exports.Count / exportSeconds, 2),
                    months = run.Months,
                    singleMachineSeconds = Math.Round(singleSeconds, 2),
                    singleMachineExportsPerSecond = Math.Round(exports.Count / singleSeconds, 2),
                    ledgerRows = ledger.Count,
                    sameBytesAsSingleMachine = sameBytes,
                    archivesOnDisk = onDisk,
                    exportsWithMoreThanOneAttempt = retried,
                    attemptFoldersLeft = leftovers,
                    batches = results.Select((r, i) => new { holder = holders[i].Holder.Id.Id, exports = r.Exports, partitions = r.Partitions, manifest = r.Sha256 }),
                    study = sectors.Select(s => new { sector = s.Sector, cluster = s.Cluster, onePass = s.OnePass, equal = s.Cluster == s.OnePass, published = s.Published, withheld = s.Withheld }),
                });
            }
            else
            {
                console.Line($"  ledger: {ledger.Count:N0} rows for {exports.Count:N0} exports (one each); batch manifests list {manifests:N0}.");
                console.Line($"  bytes: {sameBytes:N0} of {exports.Count:N0} archives equal the single-machine SDK's (RS256, deterministic); {onDisk:N0} published once at exports/{{id}}/archive.zip with the ledger's hash.");
                console.Line($"  the single-machine SDK alone ({Environment.ProcessorCount} exports at once in this process): {exports.Count / singleSeconds:0.0} exports/s.");
                console.Line($"  attempts: {retried:N0} export(s) took more than one attempt; {leftovers} attempt folder(s) left.");
                foreach (var s in sectors)
                {
                    console.Line($"  study, {s.Sector}: merged {Shards} shards {(s.Cluster == s.OnePass ? "==" : "!=")} one pass (SHA-256 {s.Cluster[..16]}…); secrecy and audit on the merged table: {s.Published} cells published, {s.Withheld} withheld.");
                }

                console.Line(ok ? "Every export completed exactly once with the single-machine bytes, and the aggregate equals one pass." : "CHECK FAILED: see the lines above.");
            }

            await client.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ok ? ExitCodes.Success : ExitCodes.Invalid;
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.StopAsync())).ConfigureAwait(false);
        }
    }

    /// <summary>Removes what an earlier demo run recorded for these exports (their ledger rows and grain states), so this run does them again.</summary>
    private static async Task ForgetAsync(NpgsqlDataSource dataSource, string[] ids, CancellationToken cancellationToken)
    {
        foreach (var sql in new[]
        {
            "DELETE FROM selfdata_export_ledger WHERE export_id = ANY($1)",
            "DELETE FROM selfdata_grain_state WHERE state_name = 'export' AND split_part(grain_id, '/', 2) = ANY($1)",
        })
        {
            var command = dataSource.CreateCommand(sql);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue(ids);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string[] ids, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand("SELECT count(*) FROM selfdata_export_ledger WHERE export_id = ANY($1)");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue(ids);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    private static async Task<Dictionary<string, string>> LedgerAsync(NpgsqlDataSource dataSource, string[] ids, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand("SELECT export_id, sha256 FROM selfdata_export_ledger WHERE export_id = ANY($1)");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue(ids);
            var rows = new Dictionary<string, string>(StringComparer.Ordinal);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(reader.GetString(0), reader.GetString(1));
                }
            }

            return rows;
        }
    }

    /// <summary>The same export written by the SDK alone on this machine; returns its SHA-256.</summary>
    private static async Task<string> SingleMachineAsync(Export export, string folder, CancellationToken cancellationToken)
    {
        var runner = new ExportJobRunner(export.Holder.Options.Portability, export.Holder.Options.Archive, export.Holder.Source, new FileSystemExportArtifactStore(folder));
        var jobId = export.Id + "-single";
        var request = export.Request;
        await runner.RunAsync(
            new ExportJob
            {
                Id = jobId,
                Owner = new ExportJobOwner("single", request.Subject, null, null),
                Request = new ExportJobRequest { Doctypes = [.. request.Doctypes.Select(d => new Doctype(d))], Profile = request.Profile, Layout = request.Layout, Since = request.Since, Until = request.Until },
                CreatedAt = request.CreatedAt,
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(folder, jobId, ExportJobRunner.ArchiveName);
        var sha = Sha256(path);
        Directory.Delete(Path.Combine(folder, jobId), recursive: true);
        return sha;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static async Task<IHost> StartClientAsync(NpgsqlDataSource dataSource, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.UseSelfDataPostgresClustering(dataSource);

            // A call that outlives this is made again: a batch or an aggregation run answers the same call with its one run.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }

    /// <summary>Calls the cluster again while a silo is down or a call timed out: grains resume from what they persisted.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 200 && e is TimeoutException or OrleansException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A silo process: this tool's <c>cluster silo</c>, with its output in a log file and its standard input as its stop signal.</summary>
    private sealed class SiloProcess
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StreamWriter _log;
        private readonly Task _pump;

        private SiloProcess(int number, Process process, StreamWriter log)
        {
            Number = number;
            Process = process;
            _log = log;
            _pump = Task.WhenAll(PumpAsync(process.StandardOutput, ready: true), PumpAsync(process.StandardError, ready: false));
        }

        public int Number { get; }

        public Process Process { get; }

        public Task Ready => _ready.Task;

        public static SiloProcess Start(int number, DemoRun run, string cluster, string root, string logs)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            foreach (var argument in new[] { "cluster", "silo", "--demo", run.Demo.FullName, "--pg", run.Pg, "--cluster", cluster, "--silo-port", FreePort(), "--gateway-port", FreePort(), "--root", root })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new CliException(CliErrorCodes.ServiceUnavailable, "A silo process did not start.");
            return new SiloProcess(number, process, new StreamWriter(Path.Combine(logs, $"silo-{number}.log")) { AutoFlush = true });
        }

        public async Task StopAsync()
        {
            if (!Process.HasExited)
            {
                Process.StandardInput.Close();
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await Process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Process.Kill(entireProcessTree: true);
                }
            }

            await _pump.ConfigureAwait(false);
            await _log.DisposeAsync().ConfigureAwait(false);
            Process.Dispose();
        }

        private static string FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        }

        private async Task PumpAsync(StreamReader reader, bool ready)
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_log)
                {
                    _log.WriteLine(line);
                }

                if (ready && line.StartsWith("silo ready", StringComparison.Ordinal))
                {
                    _ready.TrySetResult();
                }
            }

            _ready.TrySetException(new CliException(CliErrorCodes.ServiceUnavailable, $"Silo {Number} exited before it was ready; see silo-{Number}.log."));
        }
    }
}
