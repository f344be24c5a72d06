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

    /// <summary>
    /// Gets or sets a value indicating whether a result lists, at <see cref="ConformanceLevel.Compatible"/>, where each
    /// accepted document is not strict (<see cref="ConformanceResult.Warnings"/>): every accepted document is checked
    /// against the strict schema too, so a platform sees "accepted, but not strict".
    /// </summary>
    /// <value>The default value is <see langword="true"/>. It has no effect at <see cref="ConformanceLevel.Strict"/>.</value>
    public bool ReportWarnings { get; set; } = true;

    /// <summary>Gets or sets the largest number of warnings a result lists; further documents with warnings are counted, not explained.</summary>
    /// <value>The default value is 1,000.</value>
    public int MaxWarnings { get; set; } = 1_000;

    /// <summary>Gets or sets what becomes of a document whose doctype has no schema.</summary>
    /// <value>The default value is <see cref="UnknownDoctypeHandling.Error"/>: such a document is invalid (<c>SD3003</c>).</value>
    public UnknownDoctypeHandling UnknownDoctypes { get; set; } = UnknownDoctypeHandling.Error;

    /// <summary>
    /// Gets a holder's own doctypes and the JSON Schema (draft 2020-12, as text) their documents are checked against,
    /// at every level and in every profile. A schema must be self-contained (nothing is fetched); a published doctype
    /// cannot be replaced. Format assertion is on, as for the published schemas.
    /// </summary>
    /// <value>Empty by default; keys are doctype names such as <c>com.example.water.day</c>.</value>
    public IDictionary<string, string> DoctypeSchemas { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets a holder's own doctypes that reuse a published shape, and the published doctype whose schemas check them —
    /// a water utility writing the Ecolyo shape under <c>fr.eauxdusud.water.day</c> maps it to
    /// <c>com.grandlyon.egl.day</c>. The published doctype's schema for the validator's level and profile applies, and
    /// warnings at the compatible level come as for the published doctype.
    /// </summary>
    /// <value>Empty by default.</value>
    public IDictionary<string, string> DoctypeAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

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

        if (MaxWarnings is < 1 or > 10_000_000)
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, "MaxWarnings must be between 1 and 10,000,000."));
        }

        if (!Enum.IsDefined(UnknownDoctypes))
        {
            errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"UnknownDoctypes {(int)UnknownDoctypes} is not defined."));
        }

        foreach (var (doctype, published) in DoctypeAliases)
        {
            if (!Doctype.IsValid(doctype) || SchemaCatalogue.Doctypes.Contains(doctype, StringComparer.Ordinal) || DoctypeSchemas.ContainsKey(doctype))
            {
                errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"DoctypeAliases: '{UntrustedText.Escape(doctype, 80)}' is not a doctype of your own (a valid name, without a published schema or one in DoctypeSchemas)."));
            }
            else if (!SchemaCatalogue.Doctypes.Contains(published, StringComparer.Ordinal))
            {
                errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"DoctypeAliases: {doctype} maps to '{UntrustedText.Escape(published ?? string.Empty, 80)}', which has no published schema."));
            }
        }

        foreach (var (doctype, text) in DoctypeSchemas)
        {
            if (!Doctype.IsValid(doctype))
            {
                errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"DoctypeSchemas: '{UntrustedText.Escape(doctype, 80)}' is not a doctype name (lowercase letters, digits, '.' and '_')."));
            }
            else if (SchemaCatalogue.Doctypes.Contains(doctype, StringComparer.Ordinal))
            {
                errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"DoctypeSchemas: {doctype} has a published schema, which cannot be replaced; use your own namespace."));
            }
            else if (CustomSchema.TryBuild(doctype, text, out var problem) is null)
            {
                errors.Add(new SelfDataError(ConformanceErrorCodes.InvalidOptions, $"DoctypeSchemas: the schema of {doctype} cannot be used: {problem}"));
            }
        }

        return errors;
    }
}
