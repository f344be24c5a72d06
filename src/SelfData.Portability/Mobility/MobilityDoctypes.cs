namespace SelfData.Portability.Mobility;

/// <summary>The mobility doctypes: trips as Cozy's Coach CO2 stores them, in GeoJSON time series.</summary>
public static class MobilityDoctypes
{
    /// <summary>Gets the mapping of trips to <c>io.cozy.timeseries.geojson</c>.</summary>
    public static TripMapping Trips { get; } = new();
}
