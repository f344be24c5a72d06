using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SelfData.Conformance;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Extensions.DependencyInjection.Tests;

public class AddConformanceTests
{
    [Fact]
    public void Registers_one_validator_with_the_configured_options()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConformance(o => o.Level = ConformanceLevel.Compatible);
        services.AddSelfData().AddConformance(o => o.Profile = ExportProfile.MesInfos);
        Assert.Single(services, d => d.ServiceType == typeof(SchemaConformanceValidator));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var validator = provider.GetRequiredService<SchemaConformanceValidator>();
        Assert.Same(validator, provider.GetRequiredService<SchemaConformanceValidator>());
        Assert.Equal(ConformanceLevel.Compatible, validator.Level);
        Assert.Equal(ExportProfile.MesInfos, validator.Profile);
    }

    [Fact]
    public void Defaults_to_strict_in_the_cozy_profile()
    {
        using var provider = new ServiceCollection().AddSelfData().AddConformance().Services.BuildServiceProvider();
        var validator = provider.GetRequiredService<SchemaConformanceValidator>();
        Assert.Equal((ConformanceLevel.Strict, ExportProfile.Cozy), (validator.Level, validator.Profile));
        Assert.Equal(ConformanceErrorCodes.UnknownDoctype, Assert.Single(validator.Validate("{}", "io.cozy.nothing").Errors).Code);
    }

    [Fact]
    public void Invalid_options_fail_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConformance(o => o.MaxDegreeOfParallelism = 0);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SchemaConformanceValidator>());
        Assert.Contains(ex.Failures, f => f.Contains("MaxDegreeOfParallelism", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);
    }

    [Fact]
    public void A_null_builder_throws_at_once() =>
        Assert.Throws<ArgumentNullException>(() => ConformanceSelfDataBuilderExtensions.AddConformance(null!));
}
