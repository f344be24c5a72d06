using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Extensions.DependencyInjection.Tests;

public class AddPortabilityArchivesTests
{
    [Fact]
    public void Registers_the_writer_and_its_signing_key()
    {
        using var key = SigningKey.CreateEcdsa("holder-2025");
        var services = new ServiceCollection();
        services.AddSelfData().AddPortabilityArchives(o =>
        {
            o.SigningKey = key;
            o.Layout = ArchiveLayout.CozyMove;
        });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<PortabilityArchiveWriter>());
        Assert.Same(key, provider.GetRequiredService<SigningKey>());
    }

    [Fact]
    public void A_missing_or_unpublishable_key_fails_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddPortabilityArchives(_ => { });
        using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        using var hmac = SigningKey.FromSymmetricKey("k", new byte[32]);
        var withSecret = new ServiceCollection();
        withSecret.AddSelfData().AddPortabilityArchives(o => o.SigningKey = hmac);
        using var secretProvider = withSecret.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => secretProvider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.StartsWith(ArchiveErrorCodes.InvalidSigningKey, StringComparison.Ordinal));
    }
}
