namespace SelfData.Core;

/// <summary>
/// Represents invalid data: a value or record that breaks a rule of the SDK or of the wire format it targets.
/// It names the code, and where known the doctype, the zero-based record index and the field path.
/// </summary>
public class SelfDataValidationException : SelfDataException
{
    /// <summary>Initializes a new instance of the <see cref="SelfDataValidationException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A description of the failure, without the code.</param>
    /// <param name="doctype">The doctype of the record, when the value belongs to one.</param>
    /// <param name="recordIndex">The zero-based index of the record in its input sequence, when known.</param>
    /// <param name="fieldPath">The field path inside the record (for example <c>amount</c> or <c>address.postcode</c>), when known.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public SelfDataValidationException(
        string code,
        string message,
        string? doctype = null,
        long? recordIndex = null,
        string? fieldPath = null,
        Exception? innerException = null)
        : base(code, Describe(message, doctype, recordIndex, fieldPath), innerException)
    {
        Doctype = doctype;
        RecordIndex = recordIndex;
        FieldPath = fieldPath;
        Reason = message;
    }

    /// <summary>Gets the doctype of the offending record, or <see langword="null"/> when the value is not part of a record.</summary>
    public string? Doctype { get; }

    /// <summary>Gets the zero-based index of the offending record in its input sequence, or <see langword="null"/> when unknown.</summary>
    public long? RecordIndex { get; }

    /// <summary>Gets the path of the offending field inside the record, or <see langword="null"/> when unknown.</summary>
    public string? FieldPath { get; }

    /// <summary>Gets the reason alone, without the code or the location.</summary>
    public string Reason { get; }

    /// <summary>Creates a copy of this exception located at a record of a doctype, keeping the code and reason.</summary>
    /// <param name="doctype">The doctype of the record.</param>
    /// <param name="recordIndex">The zero-based index of the record.</param>
    /// <param name="fieldPath">The field path; when <see langword="null"/> the current <see cref="FieldPath"/> is kept.</param>
    /// <returns>A new exception with the same code and reason, and this one as its inner exception.</returns>
    public SelfDataValidationException At(string? doctype, long? recordIndex, string? fieldPath = null) =>
        new(Code, Reason, doctype ?? Doctype, recordIndex ?? RecordIndex, fieldPath ?? FieldPath, this);

    private static string Describe(string message, string? doctype, long? recordIndex, string? fieldPath)
    {
        if (doctype is null && recordIndex is null && fieldPath is null)
        {
            return message;
        }

        var parts = new List<string>(3);
        if (doctype is not null)
        {
            parts.Add("doctype " + doctype);
        }

        if (recordIndex is not null)
        {
            parts.Add("record " + recordIndex.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (fieldPath is not null)
        {
            parts.Add("field " + fieldPath);
        }

        return message + " (" + string.Join(", ", parts) + ")";
    }
}
