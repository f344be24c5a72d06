namespace SelfData.Portability;

/// <summary>
/// The stable codes of the failures raised by the export builders (<c>SD2xxx</c>). Each is documented, with cause
/// and fix, in <c>docs/errors.md</c>. Every <see cref="Core.SelfDataValidationException"/> thrown while building an
/// export names the code, the doctype, the zero-based record index and the field.
/// </summary>
public static class PortabilityErrorCodes
{
    /// <summary>A required text field is missing or blank (for example an empty bill vendor).</summary>
    public const string RequiredFieldMissing = "SD2001";

    /// <summary>A bill amount is negative; refunds are positive amounts with <c>isRefund</c>.</summary>
    public const string NegativeBillAmount = "SD2002";

    /// <summary>A number is NaN or infinite.</summary>
    public const string NotFiniteNumber = "SD2003";

    /// <summary>A latitude is outside [-90, 90] or a longitude outside [-180, 180].</summary>
    public const string CoordinateOutOfRange = "SD2004";

    /// <summary>A series reading comes before the previous reading of the same series.</summary>
    public const string ReadingOutOfOrder = "SD2005";

    /// <summary>A series reading repeats the instant of the previous reading.</summary>
    public const string DuplicateReading = "SD2006";

    /// <summary>A series reading's interval does not match the series step, or is not aligned on it.</summary>
    public const string IntervalMismatch = "SD2007";

    /// <summary>A delivery point (PRM/PDL) is not 14 digits.</summary>
    public const string InvalidUsagePointId = "SD2008";

    /// <summary>A phone number (MSISDN) is not digits in international form without <c>+</c>.</summary>
    public const string InvalidMsisdn = "SD2009";

    /// <summary>A quantity has a unit of the wrong dimension for its field (for example Wh for a load curve in W).</summary>
    public const string WrongUnit = "SD2010";

    /// <summary>A value is outside the range its field allows (a negative consumption, a month 13, a percentage above 100).</summary>
    public const string ValueOutOfRange = "SD2011";

    /// <summary>A value is not one of the values the doctype documents (a bank operation type, a file qualification).</summary>
    public const string UnknownEnumValue = "SD2012";

    /// <summary>A doctype name given for a custom mapping breaks Cozy's rule, or lies outside the holder's namespace when required.</summary>
    public const string InvalidDoctype = "SD2013";

    /// <summary>A text field is longer than the limit the SDK allows.</summary>
    public const string TextTooLong = "SD2014";

    /// <summary>A document read back from JSON is malformed for its doctype (missing field, wrong kind of value, date without offset).</summary>
    public const string MalformedDocument = "SD2015";

    /// <summary>A period ends before it starts.</summary>
    public const string InvalidPeriod = "SD2016";

    /// <summary>Two records of one doctype have the same identity keys, and so would get the same <c>_id</c>.</summary>
    public const string DuplicateIdentity = "SD2017";

    /// <summary><see cref="PortabilityOptions"/> are invalid: no holder, an undefined profile, an app slug with white space.</summary>
    public const string InvalidOptions = "SD2018";

    /// <summary>An export job's data source added a doctype the job did not request; the job fails and nothing is released.</summary>
    public const string DoctypeNotRequested = "SD2019";

    /// <summary>An export job's data source did not add a requested doctype (reported in the job's errors), or added none at all (the job fails).</summary>
    public const string DoctypeNotProvided = "SD2020";

    /// <summary>A file an export job wrote cannot be read back from the artifact store.</summary>
    public const string ArtifactMissing = "SD2021";

    /// <summary>An export job's worker lost its lease more often than allowed (the worker kept dying or stalling): a watchdog failed the job so that it does not stay pending forever.</summary>
    public const string JobStalled = "SD2022";
}
