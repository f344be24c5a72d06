using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SelfData.Portability;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers the portability export builders.</summary>
public static class PortabilitySelfDataBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="PortabilityExportBuilderFactory"/> with the holder's <see cref="PortabilityOptions"/>,
    /// validated when the host starts.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder.</param>
    /// <param name="configure">Configures the options; a holder is required.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Invalid options fail with an <see cref="OptionsValidationException"/> at start-up (with <c>ValidateOnStart</c>) or when the factory is first resolved.</remarks>
    public static ISelfDataBuilder AddPortability(this ISelfDataBuilder builder, Action<PortabilityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PortabilityOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PortabilityOptions>, PortabilityOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new PortabilityExportBuilderFactory(
            sp.GetRequiredService<IOptions<PortabilityOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    private sealed class PortabilityOptionsValidator : IValidateOptions<PortabilityOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortabilityOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
