using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>Registers SelfData.Sdk in an <see cref="IServiceCollection"/>.</summary>
public static class SelfDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the services every SelfData.Sdk feature shares and returns the builder feature packages extend.
    /// Calling it more than once registers nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The SelfData.Sdk builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Registers <see cref="TimeProvider.System"/> as the <see cref="TimeProvider"/> unless one is already registered.</remarks>
    public static ISelfDataBuilder AddSelfData(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(SelfDataMarker) && descriptor.ImplementationInstance is SelfDataMarker marker)
            {
                return marker.Builder;
            }
        }

        var builder = new SelfDataBuilder(services);
        services.AddSingleton(new SelfDataMarker(builder));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions();
        return builder;
    }

    /// <summary>Registers SelfData.Sdk and lets the caller configure its features in one expression.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds features to the builder.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddSelfData(this IServiceCollection services, Action<ISelfDataBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(services.AddSelfData());
        return services;
    }

    private sealed class SelfDataBuilder(IServiceCollection services) : ISelfDataBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class SelfDataMarker(ISelfDataBuilder builder)
    {
        public ISelfDataBuilder Builder { get; } = builder;
    }
}
