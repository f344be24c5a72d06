namespace SelfData.Territory;

/// <summary>The stable codes of territorial failures (<c>SD6xxx</c>), each documented with cause and fix in <c>docs/errors.md</c>.</summary>
public static class TerritoryErrorCodes
{
    /// <summary>A commune code is not one of INSEE's: five characters, a department (01–95 but 20, 2A, 2B, 971–976) and a commune number.</summary>
    public const string InvalidCommuneCode = "SD6001";

    /// <summary>An IRIS code is not a commune code followed by four digits.</summary>
    public const string InvalidIrisCode = "SD6002";

    /// <summary>A grid cell id is not <c>CRS3035RES{size}mN{northing}E{easting}</c> with a supported size and a corner on the grid.</summary>
    public const string InvalidGridCell = "SD6003";

    /// <summary>Coordinates are not finite, or outside the range the EPSG:3035 grid covers (latitude 25–85°, longitude −35–55°).</summary>
    public const string CoordinatesOutOfRange = "SD6004";

    /// <summary>An aggregate's count, sum or sum of squares would overflow: refused, never wrapped.</summary>
    public const string AggregateOverflow = "SD6010";

    /// <summary>Two aggregates cannot be merged: different histogram edges, or the same contributor in both (shards must split contributors).</summary>
    public const string AggregatesNotMergeable = "SD6011";

    /// <summary>Bytes are not a canonical serialised aggregate of a known version.</summary>
    public const string UnreadableAggregate = "SD6012";

    /// <summary>Histogram edges are not strictly increasing, or there are more than 64.</summary>
    public const string InvalidHistogramEdges = "SD6013";

    /// <summary>A hierarchy node is listed twice, is its own ancestor, or has an empty code.</summary>
    public const string InvalidHierarchy = "SD6020";

    /// <summary>A period is not a month (<c>YYYY-MM</c>).</summary>
    public const string InvalidPeriod = "SD6021";

    /// <summary>A contribution goes to an area or period that is not a leaf of the table's hierarchies, or its value is negative.</summary>
    public const string InvalidContribution = "SD6022";

    /// <summary>The release cannot be protected: the audit finds a recomputable suppressed cell, or no suppression can hide a cell.</summary>
    public const string ReleaseNotProtected = "SD6030";

    /// <summary>A release disagrees with the ledger: a released cell with other data, or an area of the ledger missing from the hierarchy.</summary>
    public const string LedgerConflict = "SD6031";

    /// <summary>A release with noise lacks positive ε and bounds, holds a contribution above its bound, or names another total budget than the study's.</summary>
    public const string InvalidNoise = "SD6040";

    /// <summary>A release with noise would spend more than what remains of the study's privacy budget; it is refused.</summary>
    public const string BudgetExhausted = "SD6041";

    /// <summary>The release ledger or privacy budget store cannot be read or written.</summary>
    public const string StoreUnavailable = "SD6050";

    /// <summary>A catalogue entry is missing a required field, or a field is not of its form (DPV term, ISO 8601 duration, access ease 1–3…).</summary>
    public const string InvalidCatalogueEntry = "SD6060";

    /// <summary>A consent does not allow the contribution: not active, without the study's purpose, without a doctype the study measures, or for other months.</summary>
    public const string ConsentNotForStudy = "SD6070";

    /// <summary>An export document a study measures cannot be read by its mapping.</summary>
    public const string UnreadableDocument = "SD6071";
}
