using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Serialization;

namespace SelfData.Orleans.Storage;

/// <summary>
/// Orleans cluster membership in PostgreSQL, written for SelfData: a version row per cluster
/// (<c>selfdata_cluster_version</c>) and a row per silo (<c>selfdata_cluster_member</c>), each with an integer ETag.
/// Inserts and updates change a silo's row and the table version in one transaction, and fail — returning
/// <see langword="false"/>, as Orleans' protocol expects — when either ETag moved; reads take both in one statement.
/// Silos in separate processes (or machines) that share the database form one cluster.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly Serializer _serializer;

    /// <summary>Initializes a new instance of the <see cref="PostgresMembershipTable"/> class.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cluster">The cluster's options (its id).</param>
    /// <param name="serializer">Orleans' serializer, for the silo entries.</param>
    public PostgresMembershipTable(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _clusterId = cluster.Value.ClusterId ?? throw new ArgumentException("The cluster options name no ClusterId.", nameof(cluster));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
    }

    /// <inheritdoc />
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await PostgresSchema.ApplyAsync(_dataSource).ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            var insert = _dataSource.CreateCommand("INSERT INTO selfdata_cluster_version (cluster_id, version, etag) VALUES ($1, 0, 0) ON CONFLICT DO NOTHING");
            await using (insert.ConfigureAwait(false))
            {
                insert.Parameters.AddWithValue(_clusterId);
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        var delete = _dataSource.CreateCommand("DELETE FROM selfdata_cluster_version WHERE cluster_id = $1");
        await using (delete.ConfigureAwait(false))
        {
            delete.Parameters.AddWithValue(clusterId);
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var delete = _dataSource.CreateCommand("DELETE FROM selfdata_cluster_member WHERE cluster_id = $1 AND status = $2 AND i_am_alive < $3");
        await using (delete.ConfigureAwait(false))
        {
            delete.Parameters.AddWithValue(_clusterId);
            delete.Parameters.AddWithValue((int)SiloStatus.Dead);
            delete.Parameters.AddWithValue(beforeDate.ToUniversalTime());
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadAsync(key.ToParsableString());
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    /// <inheritdoc />
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await InTransactionAsync(tableVersion, async connection =>
        {
            var insert = new NpgsqlCommand(
                """
                INSERT INTO selfdata_cluster_member (cluster_id, silo, gateway_port, status, entry, etag, i_am_alive)
                VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT DO NOTHING
                """,
                connection);
            await using (insert.ConfigureAwait(false))
            {
                AddEntry(insert, entry);
                return await insert.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return false;
        }

        return await InTransactionAsync(tableVersion, async connection =>
        {
            var update = new NpgsqlCommand(
                """
                UPDATE selfdata_cluster_member SET gateway_port = $3, status = $4, entry = $5, i_am_alive = $6, etag = etag + 1
                WHERE cluster_id = $1 AND silo = $2 AND etag = $7
                """,
                connection);
            await using (update.ConfigureAwait(false))
            {
                AddEntry(update, entry);
                update.Parameters.AddWithValue(expected);
                return await update.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var update = _dataSource.CreateCommand("UPDATE selfdata_cluster_member SET i_am_alive = $3 WHERE cluster_id = $1 AND silo = $2");
        await using (update.ConfigureAwait(false))
        {
            update.Parameters.AddWithValue(_clusterId);
            update.Parameters.AddWithValue(entry.SiloAddress.ToParsableString());
            update.Parameters.AddWithValue(PostgresSchema.Utc(entry.IAmAliveTime));
            await update.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the gateways of the cluster's active silos (for <see cref="PostgresGatewayListProvider"/>).</summary>
    internal static async Task<IList<Uri>> ReadGatewaysAsync(NpgsqlDataSource dataSource, string clusterId, CancellationToken cancellationToken)
    {
        var select = dataSource.CreateCommand("SELECT silo, gateway_port FROM selfdata_cluster_member WHERE cluster_id = $1 AND status = $2 AND gateway_port > 0 ORDER BY silo");
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue(clusterId);
            select.Parameters.AddWithValue((int)SiloStatus.Active);
            var gateways = new List<Uri>();
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var silo = SiloAddress.FromParsableString(reader.GetString(0));
                    gateways.Add(SiloAddress.New(silo.Endpoint.Address, reader.GetInt32(1), 0).ToGatewayUri());
                }
            }

            return gateways;
        }
    }

    private void AddEntry(NpgsqlCommand command, MembershipEntry entry)
    {
        command.Parameters.AddWithValue(_clusterId);
        command.Parameters.AddWithValue(entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue(entry.ProxyPort);
        command.Parameters.AddWithValue((int)entry.Status);
        command.Parameters.AddWithValue(_serializer.SerializeToArray(entry));
        command.Parameters.AddWithValue(PostgresSchema.Utc(entry.IAmAliveTime == default ? DateTime.UtcNow : entry.IAmAliveTime));
    }

    /// <summary>Moves the table version from the caller's ETag and applies a row change, both or neither.</summary>
    private async Task<bool> InTransactionAsync(TableVersion tableVersion, Func<NpgsqlConnection, Task<bool>> change)
    {
        if (!long.TryParse(tableVersion.VersionEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var versionEtag))
        {
            return false;
        }

        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = new NpgsqlCommand("UPDATE selfdata_cluster_version SET version = $2, etag = etag + 1 WHERE cluster_id = $1 AND etag = $3", connection);
                await using (version.ConfigureAwait(false))
                {
                    version.Parameters.AddWithValue(_clusterId);
                    version.Parameters.AddWithValue(tableVersion.Version);
                    version.Parameters.AddWithValue(versionEtag);
                    if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                    {
                        return false;
                    }
                }

                if (!await change(connection).ConfigureAwait(false))
                {
                    return false;
                }

                await transaction.CommitAsync().ConfigureAwait(false);
                return true;
            }
        }
    }

    private async Task<MembershipTableData> ReadAsync(string? silo)
    {
        // One statement: the version and the rows are read from one snapshot.
        var select = _dataSource.CreateCommand(
            """
            SELECT v.version, v.etag, m.entry, m.etag, m.i_am_alive
            FROM selfdata_cluster_version v
            LEFT JOIN selfdata_cluster_member m ON m.cluster_id = v.cluster_id AND ($2::text IS NULL OR m.silo = $2)
            WHERE v.cluster_id = $1
            """);
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue(_clusterId);
            select.Parameters.Add(new NpgsqlParameter { Value = (object?)silo ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var members = new List<Tuple<MembershipEntry, string>>();
            TableVersion? version = null;
            var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    version ??= new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
                    if (reader.IsDBNull(2))
                    {
                        continue;
                    }

                    var entry = _serializer.Deserialize<MembershipEntry>((byte[])reader.GetValue(2))
                        ?? throw new InvalidDataException($"The membership row {members.Count} of cluster {_clusterId} holds no entry.");
                    entry.IAmAliveTime = reader.GetFieldValue<DateTime>(4);
                    members.Add(Tuple.Create(entry, reader.GetInt64(3).ToString(CultureInfo.InvariantCulture)));
                }
            }

            version ??= new TableVersion(0, "0");
            return new MembershipTableData(members, version);
        }
    }
}

/// <summary>The gateways a client of the cluster connects to: the active silos of <see cref="PostgresMembershipTable"/>.</summary>
public sealed class PostgresGatewayListProvider : IGatewayListProvider
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;

    /// <summary>Initializes a new instance of the <see cref="PostgresGatewayListProvider"/> class.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cluster">The cluster's options (its id).</param>
    public PostgresGatewayListProvider(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _clusterId = cluster.Value.ClusterId ?? throw new ArgumentException("The cluster options name no ClusterId.", nameof(cluster));
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IList<Uri>> GetGateways() => PostgresMembershipTable.ReadGatewaysAsync(_dataSource, _clusterId, CancellationToken.None);
}
