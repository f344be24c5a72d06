using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelfData.Extensions.DependencyInjection;

namespace SelfData.Extensions.DependencyInjection.Tests;

public class AddSelfDataTests
{
    [Fact]
    public void Calling_twice_registers_nothing_twice_and_returns_the_same_builder()
    {
        var services = new ServiceCollection();
        var first = services.AddSelfData();
        var count = services.Count;
        var second = services.AddSelfData();
        Assert.Same(first, second);
        Assert.Equal(count, services.Count);
        Assert.Same(services, first.Services);
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void Registers_the_system_clock_when_none_is_registered()
    {
        using var provider = new ServiceCollection().AddSelfData().Services.BuildServiceProvider(Strict);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Keeps_a_clock_registered_before()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(fake);
        services.AddSelfData();
        using var provider = services.BuildServiceProvider(Strict);
        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void The_container_validates_on_build()
    {
        var services = new ServiceCollection();
        services.AddSelfData(builder => Assert.NotNull(builder.Services));
        using var provider = services.BuildServiceProvider(Strict);
        Assert.NotNull(provider.GetService<TimeProvider>());
    }

    [Fact]
    public void Null_arguments_throw_at_once()
    {
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddSelfData());
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSelfData(null!));
    }

    private static ServiceProviderOptions Strict => new() { ValidateOnBuild = true, ValidateScopes = true };
}

public class AddPortabilityTests
{
    [Fact]
    public void Registers_a_factory_built_from_validated_options()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddPortability(o => o.Holder = new SelfData.Core.HolderId("edf", "fr.edf"));
        services.AddSelfData().AddPortability(o => o.CreatedByApp = "edf-export");
        Assert.Single(services, d => d.ServiceType == typeof(SelfData.Portability.PortabilityExportBuilderFactory));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var factory = provider.GetRequiredService<SelfData.Portability.PortabilityExportBuilderFactory>();
        Assert.NotSame(factory.Create(), factory.Create());
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddPortability(o => o.CreatedByApp = "has spaces");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<SelfData.Portability.PortabilityExportBuilderFactory>());
        Assert.Contains(ex.Failures, f => f.Contains("Holder", StringComparison.Ordinal));
        var startup = provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(startup.Validate);
        await Task.CompletedTask;
    }
}
