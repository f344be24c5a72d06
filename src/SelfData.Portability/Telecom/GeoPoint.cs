using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Telecom;

/// <summary>Represents one position of a mobile line (<c>fr.orange.geopoint</c>): where the phone was, when, and how precisely.</summary>
public sealed record GeoPoint
{
    /// <summary>Gets the line, in international form without <c>+</c> (<c>33612345678</c>).</summary>
    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }

    /// <summary>Gets when the position was recorded.</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the WGS 84 latitude in degrees.</summary>
    [JsonPropertyName("latitude")]
    public required double Latitude { get; init; }

    /// <summary>Gets the WGS 84 longitude in degrees.</summary>
    [JsonPropertyName("longitude")]
    public required double Longitude { get; init; }

    /// <summary>Gets the precision radius in metres, when known.</summary>
    [JsonPropertyName("radius")]
    public double? Radius { get; init; }
}

/// <summary>Maps <see cref="GeoPoint"/> records to <c>fr.orange.geopoint</c>. Identity keys (Orange konnector): <c>msisdn</c>, <c>timestamp</c>.</summary>
public sealed class GeoPointMapping : JsonDoctypeMapping<GeoPoint>
{
    internal GeoPointMapping()
        : base("fr.orange.geopoint", "msisdn", "timestamp")
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset? GetChangeInstant(GeoPoint record) => record?.Timestamp;

    /// <inheritdoc />
    public override void Validate(GeoPoint record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireMsisdn(record.Msisdn, "msisdn");
        context.RequireCoordinates(record.Latitude, record.Longitude, "latitude");
        if (record.Radius is { } radius)
        {
            context.RequireFinite(radius, "radius");
            context.RequireNonNegative((decimal)radius, "radius");
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(GeoPoint record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Msisdn);
        keys.Add(record.Timestamp);
    }
}
