namespace SelfData.Territory.Geography;

/// <summary>
/// The EPSG:3035 projection (ETRS89-extended / LAEA Europe): Lambert azimuthal equal-area on the GRS80 ellipsoid,
/// centred on 52° N 10° E, false easting 4,321,000 m and false northing 3,210,000 m — the projection of the INSPIRE
/// and Eurostat grids. The ellipsoidal forward formulas of EPSG Guidance Note 7-2 (method 9820); checked against the
/// GIGS 5110 test points to 0.05 m.
/// </summary>
public static class Laea3035
{
    private const double A = 6_378_137.0;
    private const double InverseFlattening = 298.257222101;
    private const double FalseEasting = 4_321_000.0;
    private const double FalseNorthing = 3_210_000.0;
    private const double Phi0 = 52.0 * Math.PI / 180.0;
    private const double Lambda0 = 10.0 * Math.PI / 180.0;

    private static readonly double E2 = (2 / InverseFlattening) - (1 / (InverseFlattening * InverseFlattening));
    private static readonly double E = Math.Sqrt(E2);
    private static readonly double QP = Q(Math.PI / 2);
    private static readonly double Rq = A * Math.Sqrt(QP / 2);
    private static readonly double Beta0 = Math.Asin(Q(Phi0) / QP);
    private static readonly double D = A * (Math.Cos(Phi0) / Math.Sqrt(1 - (E2 * Math.Sin(Phi0) * Math.Sin(Phi0)))) / (Rq * Math.Cos(Beta0));

    /// <summary>Projects a point given in degrees of latitude and longitude (ETRS89, which GPS coordinates match to a metre).</summary>
    /// <param name="latitude">The latitude in degrees, north positive.</param>
    /// <param name="longitude">The longitude in degrees, east positive.</param>
    /// <returns>The easting and northing in metres.</returns>
    public static (double Easting, double Northing) Forward(double latitude, double longitude)
    {
        var phi = latitude * Math.PI / 180.0;
        var dl = (longitude * Math.PI / 180.0) - Lambda0;
        var beta = Math.Asin(Math.Clamp(Q(phi) / QP, -1, 1));
        var b = Rq * Math.Sqrt(2 / (1 + (Math.Sin(Beta0) * Math.Sin(beta)) + (Math.Cos(Beta0) * Math.Cos(beta) * Math.Cos(dl))));
        var easting = FalseEasting + (b * D * Math.Cos(beta) * Math.Sin(dl));
        var northing = FalseNorthing + (b / D * ((Math.Cos(Beta0) * Math.Sin(beta)) - (Math.Sin(Beta0) * Math.Cos(beta) * Math.Cos(dl))));
        return (easting, northing);
    }

    private static double Q(double phi)
    {
        var s = Math.Sin(phi);
        return (1 - E2) * ((s / (1 - (E2 * s * s))) - (1 / (2 * E) * Math.Log((1 - (E * s)) / (1 + (E * s)))));
    }
}
