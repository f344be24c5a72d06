using Microsoft.Extensions.DependencyInjection;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>
/// Represents the SelfData.Sdk registration in a service collection. Feature packages extend it with their own
/// <c>Add…</c> methods, such as <c>AddPortability</c> or <c>AddConsentValidation</c>.
/// </summary>
public interface ISelfDataBuilder
{
    /// <summary>Gets the service collection the SDK is registered in.</summary>
    IServiceCollection Services { get; }
}
