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
}
