using SelfData.Core;

namespace SelfData.Conformance;

/// <summary>Identifies the document an error is about: its archive entry, NDJSON line, array index and doctype, as far as they apply.</summary>
public sealed record DocumentLocation
{
    /// <summary>Gets the archive entry the document came from (<c>data/io.cozy.bills.ndjson</c>, <c>My Cozy/Data/io.cozy.bills/&lt;id&gt;.json</c>, <c>manifest.json</c>), or <see langword="null"/>.</summary>
    public string? Path { get; init; }

    /// <summary>Gets the 1-based line of the document in an NDJSON stream or file, or <see langword="null"/>.</summary>
    public long? Line { get; init; }

    /// <summary>Gets the 0-based index of the document in a JSON array, or <see langword="null"/>.</summary>
    public long? Index { get; init; }

    /// <summary>Gets the doctype the document was checked as, or <see langword="null"/> when it could not be determined.</summary>
    public string? Doctype { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (Path is not null)
        {
            parts.Add(Path);
        }

        if (Line is { } line)
        {
            parts.Add("line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Index is { } index)
        {
            parts.Add("[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
        }

        if (Doctype is not null)
        {
            parts.Add(Doctype);
        }

        return parts.Count == 0 ? "document" : string.Join(" ", parts);
    }
}

/// <summary>Represents a position in a JSON text: the 1-based line and the 0-based byte offset in that line.</summary>
/// <param name="Line">The 1-based line in the document's text.</param>
/// <param name="BytePositionInLine">The 0-based byte offset in the line.</param>
public readonly record struct JsonTextPosition(long Line, long BytePositionInLine);

/// <summary>
/// Represents one way a document fails to conform: the document, where in it (<see cref="InstanceLocation"/>, a JSON
/// Pointer), which schema keyword (<see cref="KeywordLocation"/>), the <c>SD3xxx</c> code and a message.
/// </summary>
public sealed class ConformanceError
{
    internal ConformanceError(string code, string message, DocumentLocation document, string instanceLocation = "", string? keywordLocation = null, string? property = null, JsonTextPosition? position = null, Uri? schemaId = null, SelfDataError? cause = null)
    {
        Cause = cause;
        Code = code;
        Message = message;
        Document = document;
        InstanceLocation = instanceLocation;
        KeywordLocation = keywordLocation;
        Property = property;
        Position = position;
        SchemaId = schemaId;
    }

    /// <summary>Gets the stable <c>SD3xxx</c> code (see <see cref="ConformanceErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>Gets a description of the failure, without the code. Branch on <see cref="Code"/>, never on this text.</summary>
    public string Message { get; }

    /// <summary>Gets the document the error is about.</summary>
    public DocumentLocation Document { get; }

    /// <summary>
    /// Gets the JSON Pointer of the failing value inside the document (<c>""</c> for the document itself, <c>/amount</c>,
    /// <c>/cozyMetadata/createdAt</c>). For a missing property it is the object that lacks it; <see cref="Property"/> names it.
    /// </summary>
    public string InstanceLocation { get; }

    /// <summary>Gets the JSON Pointer of the failed keyword in the schema, through any <c>$ref</c> (<c>/properties/date/$ref/pattern</c>), or <see langword="null"/> when no schema was applied.</summary>
    public string? KeywordLocation { get; }

    /// <summary>Gets the property concerned: the missing one for <see cref="ConformanceErrorCodes.RequiredPropertyMissing"/>, the unexpected one for <see cref="ConformanceErrorCodes.UnexpectedProperty"/>; otherwise <see langword="null"/>.</summary>
    public string? Property { get; }

    /// <summary>Gets the position of a JSON syntax error (<see cref="ConformanceErrorCodes.InvalidJson"/>) in the document's text, or <see langword="null"/>.</summary>
    public JsonTextPosition? Position { get; }

    /// <summary>Gets the id of the schema the document was checked against, or <see langword="null"/> when none applied.</summary>
    public Uri? SchemaId { get; }

    /// <summary>
    /// Gets the failure behind this error when it comes from another layer — for
    /// <see cref="ConformanceErrorCodes.ArchiveNotVerified"/> and <see cref="ConformanceErrorCodes.ArchiveUnreadable"/>, the
    /// archive check's own <c>SD4xxx</c> code and message — or <see langword="null"/>.
    /// </summary>
    public SelfDataError? Cause { get; }

    /// <summary>Returns the document, the location in it, the code (and the cause's code) and the message.</summary>
    /// <returns>For example <c>data/io.cozy.bills.ndjson line 3 io.cozy.bills at /amount: SD3004 The value is not a number.</c></returns>
    public override string ToString() =>
        Document + (InstanceLocation.Length > 0 ? " at " + InstanceLocation : string.Empty) + ": " + Code + (Cause is null ? string.Empty : " (" + Cause.Code + ")") + " " + Message;
}
