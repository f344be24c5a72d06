using System.Runtime.CompilerServices;

namespace SelfData.Extensions.DependencyInjection;

/// <summary>
/// Runs a registration that needs a feature package this package does not depend on, and says which package to add
/// when the application does not reference it (instead of a bare <see cref="FileNotFoundException"/>).
/// </summary>
internal static class FeaturePackage
{
    public static ISelfDataBuilder Register(ISelfDataBuilder builder, string package, string method, Action<ISelfDataBuilder> register)
    {
        try
        {
            Run(builder, register);
            return builder;
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException && ex.Message.Contains(package, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{method} needs the {package} package: add a reference to it (dotnet add package {package}).", ex);
        }
    }

    // Not inlined, so that loading the feature assembly happens inside the try above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Run(ISelfDataBuilder builder, Action<ISelfDataBuilder> register) => register(builder);
}
