using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SelfData.Conformance;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers the schema conformance validator.</summary>
public static class ConformanceSelfDataBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="SchemaConformanceValidator"/> as a singleton with its <see cref="SchemaConformanceValidatorOptions"/>,
    /// validated when the host starts. Calling it again adds configuration, never a second validator.
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder.</param>
    /// <param name="configure">Configures the options; the defaults (strict level, Cozy profile) when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Invalid options fail with an <see cref="OptionsValidationException"/> at start-up (with <c>ValidateOnStart</c>) or when the validator is first resolved.</remarks>
    public static ISelfDataBuilder AddConformance(this ISelfDataBuilder builder, Action<SchemaConformanceValidatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SchemaConformanceValidatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchemaConformanceValidatorOptions>, ConformanceOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new SchemaConformanceValidator(sp.GetRequiredService<IOptions<SchemaConformanceValidatorOptions>>().Value));
        return builder;
    }

    private sealed class ConformanceOptionsValidator : IValidateOptions<SchemaConformanceValidatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, SchemaConformanceValidatorOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
