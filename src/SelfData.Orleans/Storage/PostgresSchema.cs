using Npgsql;
using SelfData.Core;
using SelfData.Orleans.Exports;

namespace SelfData.Orleans.Storage;

/// <summary>
/// The PostgreSQL schema of SelfData.Orleans, pinned to this package: membership, reminders, grain state, the export
/// ledger and the HTTP endpoints' export jobs, written for SelfData (Orleans' ADO.NET packages ship no scripts). <see cref="ApplyAsync"/> applies it under
/// an advisory lock, records <see cref="Version"/> in <c>selfdata_schema</c> and refuses a database a newer package
/// has already migrated; the silo's membership table applies it when the silo starts.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The schema version this package writes and reads.</summary>
    public const int Version = 2;

    /// <summary>The component name recorded in <c>selfdata_schema</c>.</summary>
    public const string Component = "SelfData.Orleans";

    /// <summary>The cluster's membership: a version row per cluster and a row per silo, each with an integer ETag.</summary>
    public const string Membership = """
        CREATE TABLE IF NOT EXISTS selfdata_cluster_version (
            cluster_id text PRIMARY KEY,
            version integer NOT NULL,
            etag bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS selfdata_cluster_member (
            cluster_id text NOT NULL REFERENCES selfdata_cluster_version (cluster_id) ON DELETE CASCADE,
            silo text NOT NULL,
            gateway_port integer NOT NULL,
            status integer NOT NULL,
            entry bytea NOT NULL,
            etag bigint NOT NULL,
            i_am_alive timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, silo)
        );
        """;

    /// <summary>The reminders: a row per grain and reminder name, with the grain's uniform hash for range reads.</summary>
    public const string Reminders = """
        CREATE TABLE IF NOT EXISTS selfdata_reminder (
            service_id text NOT NULL,
            grain_id text NOT NULL,
            reminder_name text NOT NULL,
            grain_hash bigint NOT NULL,
            start_at timestamptz NOT NULL,
            period_ms bigint NOT NULL,
            etag bigint NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS selfdata_reminder_hash ON selfdata_reminder (service_id, grain_hash);
        """;

    /// <summary>The HTTP endpoints' export jobs (<see cref="Jobs.PostgresExportJobStore"/>): the job as JSON, with the columns its queries select on.</summary>
    public const string Jobs = """
        CREATE TABLE IF NOT EXISTS selfdata_export_job (
            seq bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            client_id text NOT NULL,
            subject text NOT NULL,
            idempotency_key text NULL,
            state integer NOT NULL,
            lease_until timestamptz NULL,
            expires_at timestamptz NULL,
            job text NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS selfdata_export_job_idempotency ON selfdata_export_job (client_id, subject, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS selfdata_export_job_owner ON selfdata_export_job (client_id, subject, seq);
        CREATE INDEX IF NOT EXISTS selfdata_export_job_state ON selfdata_export_job (state, seq);
        """;

    private const string Versions = """
        CREATE TABLE IF NOT EXISTS selfdata_schema (
            component text PRIMARY KEY,
            version integer NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>Gets every script, in the order <see cref="ApplyAsync"/> runs them.</summary>
    public static IReadOnlyList<string> Scripts { get; } = [Versions, Membership, Reminders, PostgresGrainStorage.Schema, PostgresExportLedger.Schema, Jobs];

    /// <summary>
    /// Applies the schema when it is missing or older, in one transaction under an advisory lock (silos starting together
    /// apply it once), and records <see cref="Version"/>.
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the schema is in place.</returns>
    /// <exception cref="SelfDataException">The database holds a newer schema than this package knows (<see cref="ClusterErrorCodes.SchemaTooNew"/>).</exception>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A fixed key: "SelfData" in ASCII.
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(6081392981043896673)", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, Versions, cancellationToken).ConfigureAwait(false);
                var read = new NpgsqlCommand("SELECT version FROM selfdata_schema WHERE component = $1", connection);
                int? applied;
                await using (read.ConfigureAwait(false))
                {
                    read.Parameters.AddWithValue(Component);
                    applied = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as int?;
                }

                if (applied > Version)
                {
                    throw new SelfDataException(ClusterErrorCodes.SchemaTooNew, $"The database holds the {Component} schema version {applied}, newer than version {Version} this package knows; update the package.");
                }

                if (applied != Version)
                {
                    foreach (var script in Scripts.Skip(1))
                    {
                        await ExecuteAsync(connection, script, cancellationToken).ConfigureAwait(false);
                    }

                    var record = new NpgsqlCommand("INSERT INTO selfdata_schema (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, applied_at = now()", connection);
                    await using (record.ConfigureAwait(false))
                    {
                        record.Parameters.AddWithValue(Component);
                        record.Parameters.AddWithValue(Version);
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A time as PostgreSQL's <c>timestamptz</c> takes it: UTC (an unspecified kind is taken as UTC, as Orleans writes it).</summary>
    internal static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
