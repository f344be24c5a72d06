using System.Text.Json.Serialization;

namespace SelfData.Portability.Telecom;

/// <summary>
/// Represents one video-on-demand event of a TV or internet line (<c>fr.orange.videostream</c>): an order or a
/// viewing, with the content and the offer it came through.
/// </summary>
public sealed record VideoStreamEvent
{
    /// <summary>Gets when the event happened.</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the line the event belongs to (Orange's client line id).</summary>
    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    /// <summary>Gets what happened, such as <c>"Commande"</c> (an order) or a viewing.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; init; }

    /// <summary>Gets the price paid, in euros including tax; <c>0</c> for content included in an offer.</summary>
    [JsonPropertyName("price")]
    public decimal? Price { get; init; }

    /// <summary>Gets how long the content was watched, in seconds.</summary>
    [JsonPropertyName("viewingDuration")]
    public decimal? ViewingDuration { get; init; }

    /// <summary>Gets the content ordered or watched.</summary>
    [JsonPropertyName("content")]
    public VideoContent? Content { get; init; }

    /// <summary>Gets the offer, service and device the event came through.</summary>
    [JsonPropertyName("details")]
    public VideoStreamDetails? Details { get; init; }
}

/// <summary>Represents the content of a <see cref="VideoStreamEvent"/> event (<c>content</c>).</summary>
public sealed record VideoContent
{
    /// <summary>Gets the kind of content, such as <c>"Video"</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Gets the title, such as <c>"01. The Original - HD"</c>.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Gets the subtitle, such as the series and season of an episode.</summary>
    [JsonPropertyName("subTitle")]
    public string? SubTitle { get; init; }

    /// <summary>Gets the running time of the content, in seconds.</summary>
    [JsonPropertyName("duration")]
    public decimal? Duration { get; init; }

    /// <summary>Gets the picture quality, such as <c>"HD"</c> or <c>"SD"</c>.</summary>
    [JsonPropertyName("quality")]
    public string? Quality { get; init; }

    /// <summary>Gets the year the content was published.</summary>
    [JsonPropertyName("publicationYear")]
    public int? PublicationYear { get; init; }

    /// <summary>Gets the country of production, such as <c>"FRA"</c> or <c>"USA"</c>.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }

    /// <summary>Gets the catalogue id of the content.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Gets the catalogue id of the content in a given offer and quality.</summary>
    [JsonPropertyName("longId")]
    public string? LongId { get; init; }

    /// <summary>Gets the French audiovisual council (CSA) age rating category, as a number.</summary>
    /// <remarks>The reference does not give the type; the pilot's data writes it as a number (<c>1</c>, <c>2</c>, <c>3</c>), and so does the SDK.</remarks>
    [JsonPropertyName("csaCode")]
    public int? CsaCode { get; init; }

    /// <summary>Gets the adult-content level, as a number.</summary>
    /// <remarks>The reference does not give the type; the SDK writes it as a number, like <see cref="CsaCode"/>.</remarks>
    [JsonPropertyName("adultLevel")]
    public int? AdultLevel { get; init; }
}

/// <summary>Represents the offer, service and device of a <see cref="VideoStreamEvent"/> event (<c>details</c>).</summary>
public sealed record VideoStreamDetails
{
    /// <summary>Gets the kind of offer, such as <c>"Paid VOD"</c> or <c>"Free VOD"</c>.</summary>
    [JsonPropertyName("offer")]
    public string? Offer { get; init; }

    /// <summary>Gets the commercial name of the offer, such as <c>"Orange Cinema Series"</c>.</summary>
    [JsonPropertyName("offerName")]
    public string? OfferName { get; init; }

    /// <summary>Gets the service, such as <c>"VOD TV"</c>.</summary>
    [JsonPropertyName("service")]
    public string? Service { get; init; }

    /// <summary>Gets the access network, such as <c>"Very High Home BroadBand"</c>.</summary>
    [JsonPropertyName("network")]
    public string? Network { get; init; }

    /// <summary>Gets the access technology.</summary>
    [JsonPropertyName("techno")]
    public string? Techno { get; init; }

    /// <summary>Gets the device, as brand and model.</summary>
    [JsonPropertyName("device")]
    public string? Device { get; init; }

    /// <summary>Gets the delivery platform.</summary>
    [JsonPropertyName("platform")]
    public string? Platform { get; init; }
}

/// <summary>
/// Maps <see cref="VideoStreamEvent"/> records to <c>fr.orange.videostream</c>. Identity keys (Orange VOD konnector):
/// <c>clientId</c>, <c>timestamp</c>.
/// </summary>
/// <remarks>
/// Checks: <c>clientId</c> and <c>action</c> are present (<c>SD2001</c>); <c>price</c> (euros),
/// <c>viewingDuration</c> and <c>content.duration</c> (seconds) are not negative (<c>SD2011</c>); texts are bounded
/// (<c>SD2014</c>). The konnector of the pilot wrote the same shape as <c>org.fing.mesinfos.videostream</c>; the SDK
/// uses the manifest's name, <c>fr.orange.videostream</c>.
/// </remarks>
public sealed class VideoStreamMapping : JsonDoctypeMapping<VideoStreamEvent>
{
    internal VideoStreamMapping()
        : base("fr.orange.videostream", "clientId", "timestamp")
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset? GetChangeInstant(VideoStreamEvent record) => record?.Timestamp;

    /// <inheritdoc />
    public override void Validate(VideoStreamEvent record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.ClientId, "clientId", 64);
        context.RequireText(record.Action, "action", 64);
        if (record.Price is { } price)
        {
            context.RequireNonNegative(price, "price");
        }

        if (record.ViewingDuration is { } viewing)
        {
            context.RequireNonNegative(viewing, "viewingDuration");
        }

        if (record.Content is { } content)
        {
            if (content.Duration is { } duration)
            {
                context.RequireNonNegative(duration, "content.duration");
            }

            context.CheckLength(content.Type, "content.type", 64);
            context.CheckLength(content.Title, "content.title", 512);
            context.CheckLength(content.SubTitle, "content.subTitle", 512);
            context.CheckLength(content.Quality, "content.quality", 64);
            context.CheckLength(content.Country, "content.country", 64);
            context.CheckLength(content.Id, "content.id", 128);
            context.CheckLength(content.LongId, "content.longId", 256);
        }

        if (record.Details is { } details)
        {
            context.CheckLength(details.Offer, "details.offer", 256);
            context.CheckLength(details.OfferName, "details.offerName", 256);
            context.CheckLength(details.Service, "details.service", 256);
            context.CheckLength(details.Network, "details.network", 256);
            context.CheckLength(details.Techno, "details.techno", 256);
            context.CheckLength(details.Device, "details.device", 256);
            context.CheckLength(details.Platform, "details.platform", 256);
        }
    }

    /// <inheritdoc />
    public override void WriteIdentity(VideoStreamEvent record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.ClientId);
        keys.Add(record.Timestamp);
    }
}
