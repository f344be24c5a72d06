using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Serialization;
using SelfData.Orleans.Exports;

namespace SelfData.Orleans.Storage;

/// <summary>Puts a silo, or a client, on SelfData's PostgreSQL schema.</summary>
public static class PostgresClusterExtensions
{
    /// <summary>
    /// Runs the silo on PostgreSQL: cluster membership (<see cref="PostgresMembershipTable"/>, which applies
    /// <see cref="PostgresSchema"/> as the silo starts), reminders (<see cref="PostgresReminderTable"/>), SelfData's grain
    /// storage (<see cref="PostgresGrainStorage"/>) and the export ledger (<see cref="PostgresExportLedger"/>).
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="dataSource">The database every silo of the cluster shares.</param>
    /// <returns>The silo.</returns>
    public static ISiloBuilder UseSelfDataPostgres(this ISiloBuilder silo, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(dataSource);
        silo.Services.AddSingleton<IMembershipTable>(provider => new PostgresMembershipTable(dataSource, provider.GetRequiredService<IOptions<ClusterOptions>>(), provider.GetRequiredService<Serializer>()));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(provider => new PostgresReminderTable(dataSource, provider.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.AddSelfDataPostgresGrainStorage(dataSource);
        silo.Services.AddSingleton<IExportLedger>(new PostgresExportLedger(dataSource));
        return silo;
    }

    /// <summary>Connects a client to the silos <see cref="PostgresMembershipTable"/> lists as active.</summary>
    /// <param name="client">The client.</param>
    /// <param name="dataSource">The cluster's database.</param>
    /// <returns>The client.</returns>
    public static IClientBuilder UseSelfDataPostgresClustering(this IClientBuilder client, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dataSource);
        client.Services.AddSingleton<IGatewayListProvider>(provider => new PostgresGatewayListProvider(dataSource, provider.GetRequiredService<IOptions<ClusterOptions>>()));
        return client;
    }
}
