using SelfData.Core;
using SelfData.Portability;

namespace SelfData.Conformance;

/// <summary>The settings of <see cref="SchemaConformanceValidator"/>, checked once when the validator is created.</summary>
public sealed class SchemaConformanceValidatorOptions
{
    /// <summary>The largest value accepted for <see cref="MaxDegreeOfParallelism"/>.</summary>
    public const int MaxParallelism = 256;

    /// <summary>Gets or sets the level documents are checked at.</summary>
    /// <value>The default value is <see cref="ConformanceLevel.Strict"/>.</value>
    public ConformanceLevel Level { get; set; } = ConformanceLevel.Strict;

    /// <summary>Gets or sets the profile documents are checked in. An archive is checked in the profile its manifest declares.</summary>
    /// <value>The default value is <see cref="ExportProfile.Cozy"/>.</value>
    public ExportProfile Profile { get; set; } = ExportProfile.Cozy;

    /// <summary>Gets or sets the largest number of errors a result lists; further invalid documents are counted, not explained.</summary>
    /// <value>The default value is 1,000.</value>
    public int MaxErrors { get; set; } = 1_000;

    /// <summary>Gets or sets how many documents of an NDJSON stream or archive are checked at once.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets the largest document (an NDJSON line, a Cozy-layout archive entry) read, in bytes; a larger one is reported, not read.</summary>
    /// <value>The default value is 16 MiB.</value>
    public int MaxDocumentBytes { get; set; } = 16 << 20;

    /// <summary>Checks the options.</summary>
    /// <returns>The problems found, each with its code; empty when valid.</returns>
    public IReadOnlyList<SelfDataError> Validate()
    {
        var errors = new List<SelfDataError>();
        if (!Enum.IsDefined(Level))
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"Level {(int)Level} is not defined."));
        }

        if (!Enum.IsDefined(Profile))
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"Profile {(int)Profile} is not defined."));
        }

        if (MaxErrors is < 1 or > 10_000_000)
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, "MaxErrors must be between 1 and 10,000,000."));
        }

        if (MaxDegreeOfParallelism is < 1 or > MaxParallelism)
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"MaxDegreeOfParallelism must be between 1 and {MaxParallelism}."));
        }

        if (MaxDocumentBytes is < 1024 or > 1 << 30)
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, "MaxDocumentBytes must be between 1 KiB and 1 GiB."));
        }

        return errors;
    }
}
