using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SelfData.Orleans.IntegrationTests;

/// <summary>
/// A throwaway PostgreSQL server for the tests: initdb in a temporary folder (as the <c>postgres</c> user when the
/// tests run as root, which initdb refuses), started on 127.0.0.1 and a free port with trust authentication for that
/// address only, stopped and removed at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "selfdata-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = null!;

    public int Port { get; private set; }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";

    private static bool IsRoot => Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        _bin = Environment.GetEnvironmentVariable("SELFDATA_PG_BIN")
            ?? Directory.EnumerateDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: eng/run-cluster-tests.sh installs Debian's postgresql, or set SELFDATA_PG_BIN.");
        Directory.CreateDirectory(_data);
        if (IsRoot)
        {
            await RunAsync("chown", "postgres:postgres", _data);
        }

        Port = FreePort();
        await RunPgAsync("initdb", "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C");
        await RunPgAsync("pg_ctl", "-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_data} -c fsync=off -c max_connections=400", "start");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Creates an empty database on the server, for a test that needs tables of its own.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        await using (var create = DataSource.CreateCommand("CREATE DATABASE " + name))
        {
            await create.ExecuteNonQueryAsync();
        }

        return NpgsqlDataSource.Create(ConnectionString.Replace("Database=postgres", "Database=" + name, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        try
        {
            await RunPgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPgAsync(string tool, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
