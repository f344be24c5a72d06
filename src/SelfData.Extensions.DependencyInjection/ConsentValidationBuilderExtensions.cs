using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SelfData.Core;
using SelfData.Consent;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers SelfData.Consent's <see cref="ConsentTokenValidator"/> on the SelfData.Sdk builder.</summary>
public static class ConsentValidationBuilderExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ConsentTokenValidator"/> configured by <paramref name="configure"/>, with its
    /// options validated at start-up. It uses the <see cref="IConsentStatusStore"/> and <see cref="ITokenReplayStore"/>
    /// registered in the container, if any; none is registered for you: choose them explicitly, with
    /// <see cref="AddInMemoryConsentStores"/> for one process or tests, or the SQLite stores for a real deployment.
    /// Services are registered once however often it is called; each call adds its configuration delegate.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder from <c>AddSelfData()</c>.</param>
    /// <param name="configure">Configures the validator options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Invalid options make start-up fail with an <see cref="OptionsValidationException"/> whose failures start with
    /// <c>SD1120</c>: among them, <see cref="ConsentTokenValidatorOptions.RejectReplayedTokens"/> set while no
    /// <see cref="ITokenReplayStore"/> is registered.
    /// </remarks>
    public static ISelfDataBuilder AddConsentValidation(this ISelfDataBuilder builder, Action<ConsentTokenValidatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var registered = services.Any(d => d.ServiceType == typeof(IValidateOptions<ConsentTokenValidatorOptions>) && d.ImplementationType == typeof(ConsentTokenValidatorOptionsValidator));
        var options = services.AddOptions<ConsentTokenValidatorOptions>().Configure(configure);
        if (!registered)
        {
            options.ValidateOnStart();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsentTokenValidatorOptions>, ConsentTokenValidatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ConsentTokenValidator(
            sp.GetRequiredService<IOptions<ConsentTokenValidatorOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<IConsentStatusStore>(),
            sp.GetService<ITokenReplayStore>()));
        return builder;
    }

    /// <summary>
    /// Registers in-memory consent status and token replay stores, unless others are registered. They protect one
    /// process only: behind a load balancer, a token replayed on another instance, or a withdrawal recorded by another
    /// instance, goes unseen. Use them for a single process and for tests.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder from <c>AddSelfData()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The application does not reference SelfData.Consent.</exception>
    public static ISelfDataBuilder AddInMemoryConsentStores(this ISelfDataBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return FeaturePackage.Register(builder, "SelfData.Consent", nameof(AddInMemoryConsentStores), static b =>
        {
            b.Services.TryAddSingleton(TimeProvider.System);
            b.Services.TryAddSingleton<IConsentStatusStore, InMemoryConsentStatusStore>();
            b.Services.TryAddSingleton<ITokenReplayStore>(sp => new InMemoryTokenReplayStore(sp.GetService<TimeProvider>()));
        });
    }

    /// <summary>
    /// Registers the SQLite consent status and token replay stores (SelfData.Sqlite), unless others are registered:
    /// every process that opens the same file sees the same withdrawals and spent tokens.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder from <c>AddSelfData()</c>.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, such as <c>Data Source=consent.db</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The application does not reference SelfData.Sqlite.</exception>
    public static ISelfDataBuilder AddSqliteConsentStores(this ISelfDataBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return FeaturePackage.Register(builder, "SelfData.Sqlite", nameof(AddSqliteConsentStores), b =>
        {
            b.Services.TryAddSingleton(TimeProvider.System);
            b.Services.TryAddSingleton<IConsentStatusStore>(_ => new SelfData.Sqlite.SqliteConsentStatusStore(connectionString));
            b.Services.TryAddSingleton<ITokenReplayStore>(sp => new SelfData.Sqlite.SqliteTokenReplayStore(connectionString, sp.GetService<TimeProvider>()));
        });
    }

    private sealed class ConsentTokenValidatorOptionsValidator(IServiceProviderIsService services) : IValidateOptions<ConsentTokenValidatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConsentTokenValidatorOptions options)
        {
            var problems = options.Validate().ToList();
            if (options.RejectReplayedTokens && !services.IsService(typeof(ITokenReplayStore)))
            {
                problems.Add(new SelfDataError(ConsentErrorCodes.InvalidOptions, "RejectReplayedTokens is set but no ITokenReplayStore is registered; register one (AddInMemoryConsentStores for one process, a SQLite store for several)."));
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
        }
    }
}
