namespace SelfData.Core;

/// <summary>
/// The stable codes of the general (<c>SD9xxx</c>) failures raised by SelfData.Core.
/// Each code is documented, with cause and fix, in <c>docs/errors.md</c>.
/// </summary>
public static class CoreErrorCodes
{
    /// <summary>A doctype name breaks Cozy's rule.</summary>
    public const string InvalidDoctype = "SD9001";

    /// <summary>A subject identifier is empty, too long, or contains control characters or surrounding spaces.</summary>
    public const string InvalidSubjectId = "SD9002";

    /// <summary>A holder identifier or its doctype namespace is malformed.</summary>
    public const string InvalidHolderId = "SD9003";

    /// <summary>A quantity was converted to a unit of another dimension.</summary>
    public const string IncompatibleUnits = "SD9010";

    /// <summary>A unit symbol is not one of the supported units.</summary>
    public const string UnknownUnit = "SD9011";

    /// <summary>A number is NaN or infinite.</summary>
    public const string NotFiniteNumber = "SD9012";

    /// <summary>A number is out of the range the SDK can represent exactly.</summary>
    public const string NumberOutOfRange = "SD9013";

    /// <summary>A currency is not an ISO 4217 alphabetic code.</summary>
    public const string UnknownCurrency = "SD9020";

    /// <summary>A currency symbol (such as <c>€</c>) was given where an ISO 4217 code is required.</summary>
    public const string CurrencySymbolNotCode = "SD9021";

    /// <summary>Two amounts in different currencies were combined.</summary>
    public const string CurrencyMismatch = "SD9022";

    /// <summary>A string is not an ISO 8601 duration.</summary>
    public const string InvalidDuration = "SD9030";

    /// <summary>An instant is not an RFC 3339 date-time with an offset.</summary>
    public const string InvalidInstant = "SD9031";

    /// <summary>A calendar date is not an ISO 8601 full date (<c>YYYY-MM-DD</c>).</summary>
    public const string InvalidDate = "SD9032";

    /// <summary>A period ends before it starts.</summary>
    public const string InvalidInterval = "SD9033";

    /// <summary>Stored state (an export job, a ledger row) cannot be read: corrupted, or written by a format version this SDK does not read.</summary>
    public const string UnreadableState = "SD9040";

    /// <summary>A store (an export job store, an artifact store) could not be used: its database or directory is unreachable, locked or read-only.</summary>
    public const string StoreUnavailable = "SD9041";
}
