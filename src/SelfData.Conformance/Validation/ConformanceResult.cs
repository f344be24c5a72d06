using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Conformance;

/// <summary>
/// Represents the outcome of checking documents against the published schemas: what was checked (level, profile,
/// documents per doctype), every error found, each with its document, location, keyword and code — and, apart from
/// them, the warnings: where accepted documents are not strict.
/// </summary>
public sealed class ConformanceResult
{
    internal ConformanceResult(
        ConformanceLevel level,
        ExportProfile profile,
        long documents,
        long invalidDocuments,
        IReadOnlyDictionary<string, long> documentsByDoctype,
        IReadOnlyList<ConformanceError> errors,
        bool errorsTruncated,
        ArchiveVerificationResult? archiveVerification,
        IReadOnlyList<ConformanceWarning> warnings,
        long documentsWithWarnings,
        bool warningsTruncated)
    {
        Warnings = warnings;
        DocumentsWithWarnings = documentsWithWarnings;
        WarningsTruncated = warningsTruncated;
        Level = level;
        Profile = profile;
        Documents = documents;
        InvalidDocuments = invalidDocuments;
        DocumentsByDoctype = documentsByDoctype;
        Errors = errors;
        ErrorsTruncated = errorsTruncated;
        ArchiveVerification = archiveVerification;
    }

    /// <summary>Gets a value indicating whether every document conforms and nothing else failed.</summary>
    public bool IsValid => InvalidDocuments == 0 && Errors.Count == 0;

    /// <summary>Gets the level the documents were checked at.</summary>
    public ConformanceLevel Level { get; }

    /// <summary>Gets the profile the documents were checked in (for an archive, the profile its manifest declares).</summary>
    public ExportProfile Profile { get; }

    /// <summary>Gets the number of documents read, valid or not (including those that are not JSON).</summary>
    public long Documents { get; }

    /// <summary>Gets the number of documents that conform.</summary>
    public long ValidDocuments => Documents - InvalidDocuments;

    /// <summary>Gets the number of documents that do not conform, are not JSON, or have no known doctype.</summary>
    public long InvalidDocuments { get; }

    /// <summary>Gets the number of documents checked per doctype (documents whose doctype is unknown are not counted here).</summary>
    public IReadOnlyDictionary<string, long> DocumentsByDoctype { get; }

    /// <summary>Gets the errors, in input order (by archive entry, line or index), at most <see cref="SchemaConformanceValidatorOptions.MaxErrors"/>.</summary>
    public IReadOnlyList<ConformanceError> Errors { get; }

    /// <summary>Gets a value indicating whether more errors were found than <see cref="SchemaConformanceValidatorOptions.MaxErrors"/>; the invalid documents are all counted even so.</summary>
    public bool ErrorsTruncated { get; }

    /// <summary>
    /// Gets the warnings, in input order, at most <see cref="SchemaConformanceValidatorOptions.MaxWarnings"/>: at the
    /// compatible level, where each accepted document is not strict (with the strict form expected), and documents
    /// accepted without a schema. Warnings never make the result invalid.
    /// </summary>
    public IReadOnlyList<ConformanceWarning> Warnings { get; }

    /// <summary>Gets the number of accepted documents with at least one warning (all counted, even past <see cref="SchemaConformanceValidatorOptions.MaxWarnings"/>).</summary>
    public long DocumentsWithWarnings { get; }

    /// <summary>Gets a value indicating whether more warnings were found than <see cref="SchemaConformanceValidatorOptions.MaxWarnings"/>.</summary>
    public bool WarningsTruncated { get; }

    /// <summary>Gets the result of the archive's verification (checksums, counts, entries, signature) for an archive, otherwise <see langword="null"/>.</summary>
    public ArchiveVerificationResult? ArchiveVerification { get; }
}
