using SelfData.Core;
namespace SelfData.Portability;

/// <summary>Creates <see cref="PortabilityExportBuilder"/> instances that share a holder's options and clock; registered by <c>AddPortability</c>.</summary>
public sealed class PortabilityExportBuilderFactory
{
    private readonly PortabilityOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="PortabilityExportBuilderFactory"/> class.</summary>
    /// <param name="options">The holder's export settings.</param>
    /// <param name="timeProvider">The clock that stamps exports.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PortabilityExportBuilderFactory(PortabilityOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SelfDataArgumentException(errors, nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a builder for one export.</summary>
    /// <returns>A new builder.</returns>
    public PortabilityExportBuilder Create() => new(_options, _timeProvider);
}
