namespace SelfData.Portability.Archives;

/// <summary>
/// The stable codes of export-archive failures (<c>SD4xxx</c>): hostile or damaged archives, failed verification,
/// and archive writing. Each is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
public static class ArchiveErrorCodes
{
    /// <summary>An entry name would escape the extraction folder: <c>..</c>, an absolute path, a drive, a backslash, or an empty segment (zip-slip).</summary>
    public const string UnsafeEntryName = "SD4001";

    /// <summary>Two entries have the same name.</summary>
    public const string DuplicateEntry = "SD4002";

    /// <summary>The archive has more entries than allowed.</summary>
    public const string TooManyEntries = "SD4003";

    /// <summary>The archive expands to more bytes than allowed (zip bomb).</summary>
    public const string ExpansionTooLarge = "SD4004";

    /// <summary>An entry expands more than the allowed ratio of its compressed size (zip bomb).</summary>
    public const string CompressionRatioTooHigh = "SD4005";

    /// <summary><c>manifest.json</c> is larger than allowed.</summary>
    public const string ManifestTooLarge = "SD4006";

    /// <summary><c>manifest.json</c> is missing.</summary>
    public const string ManifestMissing = "SD4007";

    /// <summary><c>manifest.json</c> is not a manifest of this format.</summary>
    public const string ManifestMalformed = "SD4008";

    /// <summary><c>manifest.jws</c> is missing or is not a detached compact JWS.</summary>
    public const string SignatureMissing = "SD4009";

    /// <summary>The signature does not verify over the manifest's bytes with the trusted key.</summary>
    public const string SignatureInvalid = "SD4010";

    /// <summary>The signature's <c>kid</c> names no trusted key.</summary>
    public const string UnknownSigningKey = "SD4011";

    /// <summary>The signature's <c>alg</c> is not allowed, or does not fit the trusted key.</summary>
    public const string AlgorithmNotAllowed = "SD4012";

    /// <summary>A data file's SHA-256 differs from the manifest's.</summary>
    public const string ChecksumMismatch = "SD4013";

    /// <summary>A data file's byte count differs from the manifest's.</summary>
    public const string ByteCountMismatch = "SD4014";

    /// <summary>A data file's document count differs from the manifest's.</summary>
    public const string DocumentCountMismatch = "SD4015";

    /// <summary>A file listed in the manifest is not in the archive.</summary>
    public const string EntryMissing = "SD4016";

    /// <summary>The archive holds an entry the manifest does not list.</summary>
    public const string UnexpectedEntry = "SD4017";

    /// <summary>The file is not a readable ZIP archive.</summary>
    public const string NotAnArchive = "SD4018";

    /// <summary>The signing key cannot sign (no private key, unsupported curve or size, or an algorithm that does not fit it).</summary>
    public const string InvalidSigningKey = "SD4019";

    /// <summary>A document's file name in the Cozy layout does not match its <c>_id</c>, or a file content entry does not follow its metadata.</summary>
    public const string LayoutViolation = "SD4020";

    /// <summary><see cref="PortabilityArchiveWriterOptions"/> are invalid: an undefined layout or compression level, preview rows out of range.</summary>
    public const string InvalidWriterOptions = "SD4021";
}
