using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SelfData.Consent;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers SelfData.Consent's <see cref="ConsentTokenValidator"/> on the SelfData.Sdk builder.</summary>
public static class ConsentValidationBuilderExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ConsentTokenValidator"/> configured by <paramref name="configure"/>, with its
    /// options validated at start-up, and in-memory consent status and token replay stores unless others are registered.
    /// Services are registered once however often it is called; each call adds its configuration delegate.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder from <c>AddSelfData()</c>.</param>
    /// <param name="configure">Configures the validator options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Invalid options make start-up fail with an <see cref="OptionsValidationException"/> whose failures start with <c>SD1120</c>.</remarks>
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
        services.TryAddSingleton<IConsentStatusStore, InMemoryConsentStatusStore>();
        services.TryAddSingleton<ITokenReplayStore>(sp => new InMemoryTokenReplayStore(sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConsentTokenValidator(
            sp.GetRequiredService<IOptions<ConsentTokenValidatorOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<IConsentStatusStore>(),
            sp.GetService<ITokenReplayStore>()));
        return builder;
    }

    private sealed class ConsentTokenValidatorOptionsValidator : IValidateOptions<ConsentTokenValidatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConsentTokenValidatorOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
