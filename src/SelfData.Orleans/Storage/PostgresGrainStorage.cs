using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace SelfData.Orleans.Storage;

/// <summary>
/// Orleans grain storage in PostgreSQL, written for SelfData: one table, <c>selfdata_grain_state</c>, a row per grain
/// and state name with an integer ETag. A write names the ETag it read and fails with
/// <see cref="InconsistentStateException"/> when another activation wrote since — so a duplicate activation cannot
/// overwrite its twin's progress. States are serialized with Orleans' own serializer.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    /// <summary>The SQL that creates the storage's table, idempotent; part of <see cref="PostgresSchema"/>, which applies it.</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS selfdata_grain_state (
            state_name text NOT NULL,
            grain_id text NOT NULL,
            etag bigint NOT NULL,
            payload bytea NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IGrainStorageSerializer _serializer;

    /// <summary>Initializes a new instance of the <see cref="PostgresGrainStorage"/> class.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="serializer">How states are serialized (Orleans' serializer by default when registered with <see cref="PostgresGrainStorageExtensions.AddSelfDataPostgresGrainStorage"/>).</param>
    public PostgresGrainStorage(NpgsqlDataSource dataSource, IGrainStorageSerializer serializer)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var select = _dataSource.CreateCommand("SELECT etag, payload FROM selfdata_grain_state WHERE state_name = $1 AND grain_id = $2");
        await using (select.ConfigureAwait(false))
        {
            select.Parameters.AddWithValue(stateName);
            select.Parameters.AddWithValue(grainId.ToString());
            var reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync().ConfigureAwait(false))
                {
                    grainState.State = _serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(1)));
                    grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
                    grainState.RecordExists = true;
                    return;
                }
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        long next;
        NpgsqlCommand command;
        if (grainState.ETag is null)
        {
            next = 1;
            command = _dataSource.CreateCommand("INSERT INTO selfdata_grain_state (state_name, grain_id, etag, payload) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue(stateName);
            command.Parameters.AddWithValue(grainId.ToString());
            command.Parameters.AddWithValue(payload);
        }
        else
        {
            var current = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            next = current + 1;
            command = _dataSource.CreateCommand("UPDATE selfdata_grain_state SET payload = $3, etag = $4, written_at = now() WHERE state_name = $1 AND grain_id = $2 AND etag = $5");
            command.Parameters.AddWithValue(stateName);
            command.Parameters.AddWithValue(grainId.ToString());
            command.Parameters.AddWithValue(payload);
            command.Parameters.AddWithValue(next);
            command.Parameters.AddWithValue(current);
        }

        await using (command.ConfigureAwait(false))
        {
            if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                throw new InconsistentStateException($"The state '{stateName}' of {grainId} was written by another activation since it was read (ETag {grainState.ETag ?? "none"}).");
            }
        }

        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is { } etag)
        {
            var delete = _dataSource.CreateCommand("DELETE FROM selfdata_grain_state WHERE state_name = $1 AND grain_id = $2 AND etag = $3");
            await using (delete.ConfigureAwait(false))
            {
                delete.Parameters.AddWithValue(stateName);
                delete.Parameters.AddWithValue(grainId.ToString());
                delete.Parameters.AddWithValue(long.Parse(etag, CultureInfo.InvariantCulture));
                if (await delete.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                {
                    throw new InconsistentStateException($"The state '{stateName}' of {grainId} was written by another activation since it was read (ETag {etag}).");
                }
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}

/// <summary>Registers <see cref="PostgresGrainStorage"/> on a silo.</summary>
public static class PostgresGrainStorageExtensions
{
    /// <summary>Adds PostgreSQL grain storage under a name (SelfData's grains use <see cref="Aggregation.SelfDataGrainStorage.Name"/>).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="dataSource">The database, with <see cref="PostgresSchema"/> applied (a silo on <c>UseSelfDataPostgres</c> applies it as it starts).</param>
    /// <param name="name">The storage name.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSelfDataPostgresGrainStorage(this IServiceCollection services, NpgsqlDataSource dataSource, string name = Aggregation.SelfDataGrainStorage.Name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataSource);
        return services.AddGrainStorage(name, (provider, _) => new PostgresGrainStorage(dataSource, new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>())));
    }
}
