using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.AspNetCore;

/// <summary>Registers the portability endpoints and their worker.</summary>
public static class PortabilityEndpointsBuilderExtensions
{
    /// <summary>
    /// Registers the portability endpoints (map them with
    /// <see cref="PortabilityEndpointRouteBuilderExtensions.MapSelfDataPortability"/>) and the hosted worker that writes
    /// the exports. They need, registered too: <c>AddPortability</c>, <c>AddPortabilityArchives</c> (the signing key),
    /// <c>AddConsentValidation</c>, an <see cref="IExportJobStore"/> (<c>AddSqliteExportJobStore</c> or
    /// <c>AddInMemoryExportJobStore</c>), an <see cref="IExportArtifactStore"/> (<c>AddFileSystemExportArtifacts</c>) and the
    /// holder's <see cref="IExportDataSource"/> (<c>AddExportDataSource</c>). Everything is checked at start-up.
    /// </summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <param name="configure">Sets the endpoint options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddPortabilityEndpoints(this ISelfDataBuilder builder, Action<PortabilityEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PortabilityEndpointOptions>().Configure(configure ?? (_ => { })).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PortabilityEndpointOptions>, EndpointOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new Problems(sp.GetRequiredService<IOptions<PortabilityEndpointOptions>>().Value));
        services.TryAddSingleton(sp => new RequestAuthenticator(
            sp.GetRequiredService<ConsentTokenValidator>().AccessTokens,
            sp.GetRequiredService<IOptions<ConsentTokenValidatorOptions>>().Value,
            sp.GetRequiredService<Problems>()));
        services.TryAddSingleton(sp => new ExportJobRunner(
            sp.GetRequiredService<IOptions<PortabilityOptions>>().Value,
            sp.GetRequiredService<IOptions<PortabilityArchiveWriterOptions>>().Value,
            sp.GetRequiredService<IExportDataSource>(),
            sp.GetRequiredService<IExportArtifactStore>()));
        services.TryAddSingleton<PollLimiter>();
        services.TryAddSingleton<WorkerSignal>();
        services.TryAddSingleton<IPortabilityAuditSink, LoggerAuditSink>();
        services.TryAddSingleton<PortabilityEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExportWorker>());
        return builder;
    }

    /// <summary>Records audit events as JSON lines in a file instead of the log.</summary>
    /// <param name="builder">The SelfData builder.</param>
    /// <param name="path">The file, appended to.</param>
    /// <returns>The builder.</returns>
    public static ISelfDataBuilder AddJsonLinesPortabilityAudit(this ISelfDataBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        builder.Services.RemoveAll<IPortabilityAuditSink>();
        builder.Services.AddSingleton<IPortabilityAuditSink>(_ => new JsonLinesAuditSink(path));
        return builder;
    }

    private sealed class EndpointOptionsValidator(IServiceProviderIsService services, IOptions<ConsentTokenValidatorOptions> consent) : IValidateOptions<PortabilityEndpointOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortabilityEndpointOptions options)
        {
            var problems = options.Validate().ToList();
            void Need(Type type, string how)
            {
                if (!services.IsService(type))
                {
                    problems.Add(new SelfDataError(AspNetCoreErrorCodes.InvalidOptions, $"The portability endpoints need {type.Name}: {how}."));
                }
            }

            Need(typeof(ConsentTokenValidator), "call AddConsentValidation");
            Need(typeof(IExportJobStore), "call AddSqliteExportJobStore (or AddInMemoryExportJobStore for one process, or AddSelfDataPostgresExportJobStore from SelfData.Orleans for a farm of nodes)");
            Need(typeof(IExportArtifactStore), "call AddFileSystemExportArtifacts");
            Need(typeof(IExportDataSource), "register the holder's data source with AddExportDataSource");
            Need(typeof(IOptions<PortabilityOptions>), "call AddPortability");
            if (!services.IsService(typeof(PortabilityArchiveWriter)))
            {
                problems.Add(new SelfDataError(AspNetCoreErrorCodes.InvalidOptions, "The portability endpoints sign archives: call AddPortabilityArchives with a signing key."));
            }

            if (consent.Value.RejectReplayedTokens)
            {
                problems.Add(new SelfDataError(AspNetCoreErrorCodes.InvalidOptions, "RejectReplayedTokens makes every access token single-use, but a client presents its token again to poll and download; turn it off (DPoP proofs are still single-use)."));
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
        }
    }
}
