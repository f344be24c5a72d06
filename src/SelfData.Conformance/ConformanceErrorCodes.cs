namespace SelfData.Conformance;

/// <summary>
/// The stable codes of the conformance (<c>SD3xxx</c>) failures a <see cref="ConformanceResult"/> reports.
/// Each code is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
/// <remarks>
/// A document that breaks its schema gets one error per failed keyword, and the code says which kind of keyword
/// failed; the error's <see cref="ConformanceError.InstanceLocation"/> and <see cref="ConformanceError.KeywordLocation"/>
/// say where.
/// </remarks>
public static class ConformanceErrorCodes
{
    /// <summary>The input is not well-formed JSON (or not UTF-8); the error carries the position.</summary>
    public const string InvalidJson = "SD3001";

    /// <summary>No doctype was given by the caller, the archive path or the document's <c>docType</c> field.</summary>
    public const string DoctypeMissing = "SD3002";

    /// <summary>The doctype has no published schema (or is not a valid doctype name).</summary>
    public const string UnknownDoctype = "SD3003";

    /// <summary>A document (an NDJSON line, an archive entry) is larger than <see cref="SchemaConformanceValidatorOptions.MaxDocumentBytes"/>.</summary>
    public const string DocumentTooLarge = "SD3004";

    /// <summary>A document is not a JSON object, or an array input is not a JSON array.</summary>
    public const string NotAnObject = "SD3005";

    /// <summary>A required property is missing (<c>required</c>, <c>dependentRequired</c>).</summary>
    public const string RequiredPropertyMissing = "SD3010";

    /// <summary>A value has the wrong JSON type (<c>type</c>): a string where a number is expected, for example.</summary>
    public const string WrongType = "SD3011";

    /// <summary>A string does not match its <c>format</c>: an impossible date or date-time, a malformed URI.</summary>
    public const string InvalidFormat = "SD3012";

    /// <summary>A string does not match its <c>pattern</c>: an instant without offset, a delivery point that is not 14 digits.</summary>
    public const string PatternMismatch = "SD3013";

    /// <summary>A value is not one of the allowed values (<c>enum</c>, <c>const</c>): an unknown currency, bank operation type or qualification.</summary>
    public const string ValueNotAllowed = "SD3014";

    /// <summary>A number is out of range (<c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c>, <c>multipleOf</c>).</summary>
    public const string OutOfRange = "SD3015";

    /// <summary>A string, array or object has too few or too many items (<c>minLength</c>, <c>maxLength</c>, <c>minItems</c>, <c>maxItems</c>, <c>uniqueItems</c>, <c>minProperties</c>, <c>maxProperties</c>).</summary>
    public const string SizeOutOfRange = "SD3016";

    /// <summary>An object has a property its schema does not allow (<c>additionalProperties</c>, <c>unevaluatedProperties</c>, <c>propertyNames</c>).</summary>
    public const string UnexpectedProperty = "SD3017";

    /// <summary>A document breaks another schema rule (<c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>contains</c>, a <c>false</c> schema).</summary>
    public const string SchemaViolation = "SD3018";

    /// <summary>The archive cannot be read as an export archive: not a ZIP, a hostile entry, or no readable manifest.</summary>
    public const string ArchiveUnreadable = "SD3030";

    /// <summary>The archive failed verification (checksums, counts, entries, signature); the message starts with the <c>SD4xxx</c> code.</summary>
    public const string ArchiveNotVerified = "SD3031";

    /// <summary><see cref="SchemaConformanceValidatorOptions"/> are invalid: an undefined level or profile, limits out of range.</summary>
    public const string InvalidOptions = "SD3019";
}
