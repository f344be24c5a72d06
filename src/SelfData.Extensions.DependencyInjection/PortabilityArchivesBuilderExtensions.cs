using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers the signed export archive writer.</summary>
public static class PortabilityArchivesBuilderExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="PortabilityArchiveWriter"/> and the holder's archive <see cref="SigningKey"/>,
    /// configured by <paramref name="configure"/> and validated when the host starts: a signing key is required, and it
    /// must sign with ES256, PS256 or RS256 (<c>SD4019</c>).
    /// </summary>
    /// <param name="builder">The SelfData.Sdk builder from <c>AddSelfData()</c>.</param>
    /// <param name="configure">Configures the writer: the signing key (required), the layout, the index page.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// The options are copied when the writer is created: changing them later changes nothing. The registered
    /// <see cref="SigningKey"/> is the writer's, so that an endpoint can publish its public part (<c>ToPublicJwks</c>);
    /// the container does not dispose it — its owner does.
    /// </remarks>
    public static ISelfDataBuilder AddPortabilityArchives(this ISelfDataBuilder builder, Action<PortabilityArchiveWriterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PortabilityArchiveWriterOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PortabilityArchiveWriterOptions>, ArchiveOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new PortabilityArchiveWriter(sp.GetRequiredService<IOptions<PortabilityArchiveWriterOptions>>().Value));
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PortabilityArchiveWriterOptions>>().Value.SigningKey!);
        return builder;
    }

    private sealed class ArchiveOptionsValidator : IValidateOptions<PortabilityArchiveWriterOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortabilityArchiveWriterOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
        }
    }
}
