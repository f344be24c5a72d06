using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace SelfData.Orleans.Storage;

/// <summary>
/// Orleans reminders in PostgreSQL, written for SelfData: a row per grain and reminder name in
/// <c>selfdata_reminder</c> with an integer ETag and the grain's uniform hash, so each silo reads the reminders of its
/// ring range. A batch's "re-drive" reminder lives here, and so survives the silo that registered it.
/// </summary>
public sealed class PostgresReminderTable : IReminderTable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    /// <summary>Initializes a new instance of the <see cref="PostgresReminderTable"/> class.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cluster">The cluster's options (its service id scopes the reminders).</param>
    public PostgresReminderTable(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _serviceId = cluster.Value.ServiceId ?? throw new ArgumentException("The cluster options name no ServiceId.", nameof(cluster));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => PostgresSchema.ApplyAsync(_dataSource, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync("grain_id = $2", [grainId.ToString()]);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        begin < end
            ? ReadAsync("grain_hash > $2 AND grain_hash <= $3", [(long)begin, (long)end])
            : ReadAsync("(grain_hash > $2 OR grain_hash <= $3)", [(long)begin, (long)end]);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync("grain_id = $2 AND reminder_name = $3", [grainId.ToString(), reminderName]).ConfigureAwait(false);
        return rows.Reminders.FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var upsert = _dataSource.CreateCommand(
            """
            INSERT INTO selfdata_reminder (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, etag)
            VALUES ($1, $2, $3, $4, $5, $6, 1)
            ON CONFLICT (service_id, grain_id, reminder_name)
            DO UPDATE SET start_at = EXCLUDED.start_at, period_ms = EXCLUDED.period_ms, etag = selfdata_reminder.etag + 1
            RETURNING etag
            """);
        await using (upsert.ConfigureAwait(false))
        {
            upsert.Parameters.AddWithValue(_serviceId);
            upsert.Parameters.AddWithValue(entry.GrainId.ToString());
            upsert.Parameters.AddWithValue(entry.ReminderName);
            upsert.Parameters.AddWithValue((long)entry.GrainId.GetUniformHashCode());
            upsert.Parameters.AddWithValue(PostgresSchema.Utc(entry.StartAt));
            upsert.Parameters.AddWithValue((long)entry.Period.TotalMilliseconds);
            var etag = (long)(await upsert.ExecuteScalarAsync().ConfigureAwait(false))!;
            return etag.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return false;
        }

        var delete = _dataSource.CreateCommand("DELETE FROM selfdata_reminder WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3 AND etag = $4");
        await using (delete.ConfigureAwait(false))
        {
            delete.Parameters.AddWithValue(_serviceId);
            delete.Parameters.AddWithValue(grainId.ToString());
            delete.Parameters.AddWithValue(reminderName);
            delete.Parameters.AddWithValue(expected);
            return await delete.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
        }
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        var delete = _dataSource.CreateCommand("DELETE FROM selfdata_reminder WHERE service_id = $1");
        await using (delete.ConfigureAwait(false))
        {
            delete.Parameters.AddWithValue(_serviceId);
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private async Task<ReminderTableData> ReadAsync(string where, object[] values)
    {
        var select = _dataSource.CreateCommand("SELECT grain_id, reminder_name, start_at, period_ms, etag FROM selfdata_reminder WHERE service_id = $1 AND " + where);
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue(_serviceId);
            foreach (var value in values)
            {
                select.Parameters.AddWithValue(value);
            }

            var entries = new List<ReminderEntry>();
            var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    entries.Add(new ReminderEntry
                    {
                        GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                        ReminderName = reader.GetString(1),
                        StartAt = reader.GetFieldValue<DateTime>(2),
                        Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                        ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
                    });
                }
            }

            return new ReminderTableData(entries);
        }
    }
}
