using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SelfData.Portability.Jobs;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers the stores and the data source of export jobs (<c>SelfData.Portability.Jobs</c>).</summary>
public static class PortabilityJobsBuilderExtensions
{
    /// <summary>Keeps export jobs in this process's memory: for tests and single-process hosts that may lose jobs on restart.</summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddInMemoryExportJobStore(this ISelfDataBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return FeaturePackage.Register(builder, "SelfData.Portability", nameof(AddInMemoryExportJobStore), static b => b.Services.TryAddSingleton<IExportJobStore, InMemoryExportJobStore>());
    }

    /// <summary>Keeps export jobs in a SQLite file (package SelfData.Sqlite), shared by the processes that open it and kept across restarts.</summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <param name="connectionString">The connection string, such as <c>Data Source=jobs.sqlite</c>.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddSqliteExportJobStore(this ISelfDataBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return FeaturePackage.Register(builder, "SelfData.Sqlite", nameof(AddSqliteExportJobStore), b => b.Services.TryAddSingleton<IExportJobStore>(_ => new SelfData.Sqlite.SqliteExportJobStore(connectionString)));
    }

    /// <summary>Keeps export files in a directory, one subdirectory per job.</summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <param name="root">The directory; created when missing.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddFileSystemExportArtifacts(this ISelfDataBuilder builder, string root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(root);
        return FeaturePackage.Register(builder, "SelfData.Portability", nameof(AddFileSystemExportArtifacts), b => b.Services.TryAddSingleton<IExportArtifactStore>(_ => new FileSystemExportArtifactStore(root)));
    }

    /// <summary>Registers the holder's data source, created by the container (its dependencies injected).</summary>
    /// <typeparam name="TSource">The data source.</typeparam>
    /// <param name="builder">The SelfData builder.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddExportDataSource<TSource>(this ISelfDataBuilder builder)
        where TSource : class, IExportDataSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IExportDataSource, TSource>();
        return builder;
    }

    /// <summary>Registers the holder's data source instance.</summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <param name="source">The data source.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddExportDataSource(this ISelfDataBuilder builder, IExportDataSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.TryAddSingleton(source);
        return builder;
    }
}
