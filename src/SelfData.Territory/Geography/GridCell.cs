using System.Globalization;
using System.Text.RegularExpressions;
using SelfData.Core;

namespace SelfData.Territory.Geography;

/// <summary>
/// A square cell of the INSPIRE / Eurostat grid in EPSG:3035, identified as <c>CRS3035RES{size}mN{northing}E{easting}</c>:
/// the size in metres, then the lower-left corner, northing first (<c>CRS3035RES200mN2999600E3962600</c>).
/// </summary>
/// <remarks>A size divides 100 km (100 m, 200 m as INSEE's grid, 1 km, 10 km…), so cells nest in the 100 km grid; a corner is a multiple of the size.</remarks>
public readonly partial record struct GridCell
{
    private const int MaxSize = 100_000;

    private GridCell(int size, long northing, long easting)
    {
        Size = size;
        Northing = northing;
        Easting = easting;
    }

    /// <summary>Gets the cell's side in metres.</summary>
    public int Size { get; }

    /// <summary>Gets the northing of the lower-left corner, in metres.</summary>
    public long Northing { get; }

    /// <summary>Gets the easting of the lower-left corner, in metres.</summary>
    public long Easting { get; }

    /// <summary>Gets the cell's id, such as <c>CRS3035RES200mN2999600E3962600</c>.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"CRS3035RES{Size}mN{Northing}E{Easting}");

    /// <summary>Gets the cell of a size that holds a projected point: its corner is the point's coordinates floored to the size.</summary>
    /// <param name="easting">The EPSG:3035 easting in metres.</param>
    /// <param name="northing">The EPSG:3035 northing in metres.</param>
    /// <param name="size">The cell size in metres: a divisor of 100,000.</param>
    /// <returns>The cell, or an error when the size or the coordinates cannot be used.</returns>
    public static ParseResult<GridCell> FromLaea(double easting, double northing, int size)
    {
        if (!SizeIsValid(size))
        {
            return ParseResult.ForError<GridCell>(TerritoryErrorCodes.InvalidGridCell, $"A grid cell size is a number of metres that divides 100,000 (100, 200, 1000…), not {size}.");
        }

        if (!double.IsFinite(easting) || !double.IsFinite(northing) || easting is < 0 or > 10_000_000 || northing is < 0 or > 10_000_000)
        {
            return ParseResult.ForError<GridCell>(TerritoryErrorCodes.CoordinatesOutOfRange, "EPSG:3035 coordinates are finite and between 0 and 10,000 km.");
        }

        return ParseResult.ForValue(new GridCell(size, (long)Math.Floor(northing / size) * size, (long)Math.Floor(easting / size) * size));
    }

    /// <summary>Gets the cell of a size that holds a point given in degrees (projected with <see cref="Laea3035"/>).</summary>
    /// <param name="latitude">The latitude in degrees.</param>
    /// <param name="longitude">The longitude in degrees.</param>
    /// <param name="size">The cell size in metres: a divisor of 100,000.</param>
    /// <returns>The cell, or an error when the size or the coordinates cannot be used.</returns>
    public static ParseResult<GridCell> FromCoordinates(double latitude, double longitude, int size)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || latitude is < 25 or > 85 || longitude is < -35 or > 55)
        {
            return ParseResult.ForError<GridCell>(TerritoryErrorCodes.CoordinatesOutOfRange, "The EPSG:3035 grid covers latitudes 25–85° and longitudes −35–55°.");
        }

        var (easting, northing) = Laea3035.Forward(latitude, longitude);
        return FromLaea(easting, northing, size);
    }

    /// <summary>Parses a cell id.</summary>
    /// <param name="text">The id, such as <c>CRS3035RES1000mN2999000E3962000</c>.</param>
    /// <returns>The cell, or an <see cref="TerritoryErrorCodes.InvalidGridCell"/> error.</returns>
    public static ParseResult<GridCell> Parse(string? text)
    {
        var match = text is { Length: <= 64 } ? IdPattern().Match(text) : Match.Empty;
        if (match.Success
            && int.TryParse(match.Groups["size"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && SizeIsValid(size)
            && long.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var northing) && northing % size == 0
            && long.TryParse(match.Groups["e"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var easting) && easting % size == 0)
        {
            return ParseResult.ForValue(new GridCell(size, northing, easting));
        }

        return ParseResult.ForError<GridCell>(TerritoryErrorCodes.InvalidGridCell, $"'{UntrustedText.Escape(text ?? string.Empty, 64)}' is not a grid cell id: CRS3035RES{{size}}mN{{northing}}E{{easting}}, a size dividing 100,000 m and a corner that is a multiple of it.");
    }

    /// <summary>Gets the larger cell that holds this one.</summary>
    /// <param name="size">The larger size: a multiple of this cell's size that divides 100,000.</param>
    /// <returns>The cell, or an error when the size does not nest.</returns>
    public ParseResult<GridCell> Parent(int size) =>
        SizeIsValid(size) && size % Size == 0
            ? ParseResult.ForValue(new GridCell(size, Northing / size * size, Easting / size * size))
            : ParseResult.ForError<GridCell>(TerritoryErrorCodes.InvalidGridCell, $"A {Size} m cell nests in cells whose size is a multiple of {Size} and divides 100,000, not {size}.");

    /// <inheritdoc />
    public override string ToString() => Id;

    private static bool SizeIsValid(int size) => size is > 0 and <= MaxSize && MaxSize % size == 0;

    [GeneratedRegex("^CRS3035RES(?<size>[1-9][0-9]{0,5})mN(?<n>[0-9]{1,8})E(?<e>[0-9]{1,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
