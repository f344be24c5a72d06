using SelfData.Core;

namespace SelfData.Conformance;

/// <summary>
/// Represents a way a document is accepted but not strict: at <see cref="ConformanceLevel.Compatible"/>, a value the
/// strict level would refuse (a date-time with a space or without offset, a number written as a string, an optional
/// field set to <see langword="null"/>, a field the SDK always writes that is missing), or a document accepted without a
/// schema (<see cref="UnknownDoctypeHandling.Warn"/>). A warning never makes a result invalid.
/// </summary>
public sealed class ConformanceWarning
{
    internal ConformanceWarning(string code, string message, DocumentLocation document, string instanceLocation = "", string? strictCode = null, string? keywordLocation = null, string? property = null, string? expected = null, Uri? schemaId = null)
    {
        Code = code;
        Message = message;
        Document = document;
        InstanceLocation = instanceLocation;
        StrictCode = strictCode;
        KeywordLocation = keywordLocation;
        Property = property;
        Expected = expected;
        SchemaId = schemaId;
    }

    /// <summary>Gets the stable <c>SD304x</c> code (see <see cref="ConformanceWarningCodes"/>).</summary>
    public string Code { get; }

    /// <summary>Gets a description of the deviation, without the code. Branch on <see cref="Code"/>, never on this text.</summary>
    public string Message { get; }

    /// <summary>Gets the document the warning is about.</summary>
    public DocumentLocation Document { get; }

    /// <summary>Gets the JSON Pointer of the value inside the document (<c>""</c> for the document itself); for a missing property, the object that lacks it (<see cref="Property"/> names it).</summary>
    public string InstanceLocation { get; }

    /// <summary>Gets the <c>SD30xx</c> error the strict level reports for this value (<c>SD3013</c> for an instant without offset), or <see langword="null"/> when no strict schema applied.</summary>
    public string? StrictCode { get; }

    /// <summary>Gets the JSON Pointer of the keyword that fails in the strict schema, or <see langword="null"/>.</summary>
    public string? KeywordLocation { get; }

    /// <summary>Gets the property concerned for <see cref="ConformanceWarningCodes.StrictFieldMissing"/>; otherwise <see langword="null"/>.</summary>
    public string? Property { get; }

    /// <summary>
    /// Gets the strict form expected: the value rewritten where it can be (<c>2017-09-22T00:00:00+01:00</c> for
    /// <c>2017-09-22 00:00:00+01:00</c>, <c>648.0</c> for <c>"648.0"</c>), its shape where part of it is unknown
    /// (<c>2017-03-01T00:00:00±hh:mm</c> when the offset is missing), or what to do; <see langword="null"/> when the strict
    /// schema says it better (see <see cref="KeywordLocation"/>).
    /// </summary>
    public string? Expected { get; }

    /// <summary>Gets the id of the strict schema the value was compared with, or <see langword="null"/>.</summary>
    public Uri? SchemaId { get; }

    /// <summary>Returns the document, the location, the code, the message and the strict form expected.</summary>
    /// <returns>For example <c>line 3 io.cozy.bank.operations at /date: SD3040 … (strict: 2017-09-22T00:00:00+01:00)</c>.</returns>
    public override string ToString() =>
        Document + (InstanceLocation.Length > 0 ? " at " + InstanceLocation : string.Empty) + ": " + Code + " " + Message + (Expected is null ? string.Empty : " (strict: " + Expected + ")");
}

/// <summary>The stable codes of the warnings a <see cref="ConformanceResult"/> reports (<c>SD3040</c>–<c>SD3049</c>); each is documented in <c>docs/errors.md</c>.</summary>
public static class ConformanceWarningCodes
{
    /// <summary>A date or date-time in a variant real connectors write — a space instead of <c>T</c>, no offset, no seconds, a date alone, or a time where a date is expected.</summary>
    public const string TemporalNotStrict = "SD3040";

    /// <summary>A number written as a JSON string (the MesInfos pilot's <c>"648.0"</c>, cozy-stack's file sizes).</summary>
    public const string NumberAsString = "SD3041";

    /// <summary>An optional field set to <see langword="null"/> (or, for a date, to an empty string); the strict level expects it absent or with a value.</summary>
    public const string NullValue = "SD3042";

    /// <summary>A field the strict level requires (one the SDK always writes) is missing; consumers can do without it.</summary>
    public const string StrictFieldMissing = "SD3043";

    /// <summary>Another value the strict level refuses: a currency symbol, a value outside a documented set, a boolean as a string, an extra key in a closed object.</summary>
    public const string NotStrict = "SD3044";

    /// <summary>The doctype has no schema, and <see cref="SchemaConformanceValidatorOptions.UnknownDoctypes"/> accepts it unchecked.</summary>
    public const string UnknownDoctype = "SD3045";
}

/// <summary>Specifies what becomes of a document whose doctype has no schema (neither published nor given in <see cref="SchemaConformanceValidatorOptions.DoctypeSchemas"/>).</summary>
public enum UnknownDoctypeHandling
{
    /// <summary>The document is invalid, with the error <see cref="ConformanceErrorCodes.UnknownDoctype"/> (<c>SD3003</c>).</summary>
    Error,

    /// <summary>The document is accepted unchecked, with the warning <see cref="ConformanceWarningCodes.UnknownDoctype"/> (<c>SD3045</c>).</summary>
    Warn,
}
