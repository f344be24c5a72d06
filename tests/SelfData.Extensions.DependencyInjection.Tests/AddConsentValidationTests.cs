using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SelfData.Consent;
using SelfData.Extensions.DependencyInjection;

namespace SelfData.Extensions.DependencyInjection.Tests;

public class AddConsentValidationTests
{
    private static readonly SelfData.Jose.VerificationKey TestKey = SelfData.Jose.SigningKey.CreateEcdsa("as-1").VerificationKey;

    private static ServiceProviderOptions Strict => new() { ValidateOnBuild = true, ValidateScopes = true };

    private static void Trust(ConsentTokenValidatorOptions o) => o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(TestKey)));

    [Fact]
    public void Registers_a_singleton_validator_with_the_clock_and_stores()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddSelfData().AddInMemoryConsentStores().AddConsentValidation(o =>
        {
            o.ClockSkew = TimeSpan.FromSeconds(30);
            o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(TestKey)));
        });
        using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var validator = provider.GetRequiredService<ConsentTokenValidator>();
        Assert.Same(validator, provider.GetRequiredService<ConsentTokenValidator>());
        Assert.IsType<InMemoryConsentStatusStore>(provider.GetRequiredService<IConsentStatusStore>());
        Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<ConsentTokenValidatorOptions>>().Value.ClockSkew);
    }

    [Fact]
    public void Invalid_options_fail_at_start_up_with_the_options_code()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConsentValidation(o =>
        {
            Trust(o);
            o.ClockSkew = TimeSpan.FromHours(2);
            o.AllowedAlgorithms.Add("none");
        });
        using var provider = services.BuildServiceProvider(Strict);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(2, error.Failures.Count());
        Assert.All(error.Failures, f => Assert.StartsWith(ConsentErrorCodes.InvalidOptions, f, StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ConsentTokenValidator>());
    }

    [Fact]
    public void Calling_twice_registers_nothing_twice()
    {
        var services = new ServiceCollection();
        var builder = services.AddSelfData().AddInMemoryConsentStores().AddConsentValidation(Trust);
        var count = services.Count;
        builder.AddConsentValidation(o => o.MaxTokenLength = 8192);
        builder.AddInMemoryConsentStores();
        Assert.Single(services, d => d.ServiceType == typeof(ConsentTokenValidator));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ConsentTokenValidatorOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IConsentStatusStore));
        Assert.Single(services, d => d.ServiceType == typeof(ITokenReplayStore));
        Assert.Equal(count + 1, services.Count); // only the second configuration delegate
        using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<ConsentTokenValidator>());
    }

    [Fact]
    public void Stores_registered_before_are_kept()
    {
        var services = new ServiceCollection();
        var store = new InMemoryConsentStatusStore();
        services.AddSingleton<IConsentStatusStore>(store);
        services.AddSelfData().AddInMemoryConsentStores().AddConsentValidation(Trust);
        using var provider = services.BuildServiceProvider(Strict);
        Assert.Same(store, provider.GetRequiredService<IConsentStatusStore>());
    }

    [Fact]
    public void No_store_is_registered_unless_asked_for()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConsentValidation(Trust);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConsentStatusStore) || d.ServiceType == typeof(ITokenReplayStore));
        using var provider = services.BuildServiceProvider(Strict);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<ConsentTokenValidator>());
    }

    [Fact]
    public void Replay_protection_without_a_replay_store_fails_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConsentValidation(o =>
        {
            Trust(o);
            o.RejectReplayedTokens = true;
        });
        using var provider = services.BuildServiceProvider(Strict);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.StartsWith(ConsentErrorCodes.InvalidOptions, StringComparison.Ordinal) && f.Contains(nameof(ITokenReplayStore), StringComparison.Ordinal));
    }

    [Fact]
    public void A_validator_that_trusts_no_issuer_fails_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddSelfData().AddConsentValidation(_ => { });
        using var provider = services.BuildServiceProvider(Strict);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.StartsWith(ConsentErrorCodes.InvalidOptions, StringComparison.Ordinal));
    }

    [Fact]
    public void Null_arguments_throw_at_once()
    {
        Assert.Throws<ArgumentNullException>(() => ((ISelfDataBuilder)null!).AddConsentValidation(_ => { }));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSelfData().AddConsentValidation(null!));
    }
}

public class AddConsentValidationDocsExample
{
    [Fact]
    public void The_documented_registration_starts()
    {
        var services = new ServiceCollection();

        // docs: di
        services.AddSelfData()
            .AddConsentValidation(o =>
            {
                o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromJwksUrl(new Uri("https://as.example.org/jwks.json"))));
                o.ClockSkew = TimeSpan.FromSeconds(30);
            });

        // end docs
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<ConsentTokenValidator>());
    }
}

public sealed class AddSqliteConsentStoresTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("selfdata-di-").FullName;

    [Fact]
    public async Task Registers_sqlite_stores_that_share_one_file()
    {
        var file = Path.Combine(_directory, "consent.db");
        var services = new ServiceCollection();
        services.AddSelfData().AddSqliteConsentStores($"Data Source={file}").AddConsentValidation(o =>
        {
            o.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeys(SelfData.Jose.SigningKey.CreateEcdsa("as-1").VerificationKey)));
            o.RejectReplayedTokens = true;
        });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var status = Assert.IsType<SelfData.Sqlite.SqliteConsentStatusStore>(provider.GetRequiredService<IConsentStatusStore>());
        Assert.IsType<SelfData.Sqlite.SqliteTokenReplayStore>(provider.GetRequiredService<ITokenReplayStore>());
        await status.RecordAsync(new ConsentStatusChange("cr-1", ConsentStatus.Withdrawn, new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(ConsentStatus.Withdrawn, (await new SelfData.Sqlite.SqliteConsentStatusStore($"Data Source={file}").GetAsync("cr-1"))!.Status);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddSelfData().AddSqliteConsentStores(""));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
