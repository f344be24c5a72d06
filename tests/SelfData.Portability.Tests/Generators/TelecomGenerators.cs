using FsCheck;
using FsCheck.Fluent;

namespace SelfData.Portability.Tests.Generators;

internal static class TelecomGenerators
{
    public static Gen<GeoPoint> GeoPoint =>
        from msisdn in Values.Msisdn
        from at in Values.Instant
        from lat in Values.Latitude
        from lon in Values.Longitude
        from radius in Gen.Elements<double?>(null, 50, 250.5, 1200)
        select new GeoPoint { Msisdn = msisdn, Timestamp = at, Latitude = lat, Longitude = lon, Radius = radius };

    /// <summary>Each broken variant with the code and field it must be refused with.</summary>
    public static Gen<(GeoPoint Record, string Code, string Field)> BrokenGeoPoint =>
        from point in GeoPoint
        from variant in Gen.Choose(0, 4)
        select variant switch
        {
            0 => (point with { Msisdn = "+33612345678" }, PortabilityErrorCodes.InvalidMsisdn, "msisdn"),
            1 => (point with { Msisdn = "0612345678" }, PortabilityErrorCodes.InvalidMsisdn, "msisdn"),
            2 => (point with { Latitude = 91 }, PortabilityErrorCodes.CoordinateOutOfRange, "latitude"),
            3 => (point with { Longitude = double.NaN }, PortabilityErrorCodes.NotFiniteNumber, "latitude"),
            _ => (point with { Longitude = -180.5 }, PortabilityErrorCodes.CoordinateOutOfRange, "latitude"),
        };
}
