using FsCheck;
using FsCheck.Fluent;
using SelfData.Portability.Mapping;
using SelfData.Portability.Telecom;

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

    /// <summary>A call or text message, with or without its length and position.</summary>
    public static Gen<PhoneCommunicationLog> CommunicationLog =>
        from msisdn in Values.Msisdn
        from at in Values.Instant
        from type in Gen.Elements(PhoneCommunicationTypes.All.ToArray())
        from partner in Gen.OneOf(Values.Msisdn.Select(p => (string?)p), Gen.Elements<string?>(null, "38600", "3179"))
        from seconds in Gen.Choose(0, 7200)
        from withLength in Gen.Elements(true, true, false)
        from withPosition in Gen.Elements(true, false)
        from lat in Values.Latitude
        from lon in Values.Longitude
        from network in Gen.Elements<string?>(null, "3G", "4G")
        from endCause in Gen.Elements<string?>(null, "16", "17", "31")
        let call = PhoneCommunicationTypes.IsCall(type)
        select new PhoneCommunicationLog
        {
            Msisdn = msisdn,
            Timestamp = at,
            Partner = partner,
            Type = type,
            Length = withLength ? (call ? seconds : 1 + (seconds % 3)) : null,
            ChipType = withLength ? (call ? PhoneChipTypes.Seconds : PhoneChipTypes.Messages) : null,
            Latitude = withPosition ? lat : null,
            Longitude = withPosition ? lon : null,
            NetworkType = network,
            EndCause = endCause,
        };

    /// <summary>Each broken variant with the code and field it must be refused with.</summary>
    public static Gen<(PhoneCommunicationLog Record, string Code, string Field)> BrokenCommunicationLog =>
        from log in CommunicationLog
        from variant in Gen.Choose(0, 10)
        let call = log with { Type = PhoneCommunicationTypes.OutgoingCall, Length = 57, ChipType = PhoneChipTypes.Seconds }
        select variant switch
        {
            0 => (log with { Msisdn = "+33612345678" }, PortabilityErrorCodes.InvalidMsisdn, "msisdn"),
            1 => (log with { Type = "appel" }, PortabilityErrorCodes.UnknownEnumValue, "type"),
            2 => (log with { Type = " " }, PortabilityErrorCodes.RequiredFieldMissing, "type"),
            3 => (log with { Type = "sms entrant" }, PortabilityErrorCodes.UnknownEnumValue, "type"),
            4 => (call with { ChipType = null }, PortabilityErrorCodes.RequiredFieldMissing, "chipType"),
            5 => (call with { Length = -1 }, PortabilityErrorCodes.ValueOutOfRange, "length"),
            6 => (call with { ChipType = "o" }, PortabilityErrorCodes.UnknownEnumValue, "chipType"),
            7 => (call with { ChipType = PhoneChipTypes.Messages }, PortabilityErrorCodes.WrongUnit, "chipType"),
            8 => (log with { Latitude = 95, Longitude = 2.35 }, PortabilityErrorCodes.CoordinateOutOfRange, "latitude"),
            9 => (log with { Latitude = 48.88, Longitude = null }, PortabilityErrorCodes.RequiredFieldMissing, "longitude"),
            _ => (log with { Latitude = 48.88, Longitude = double.NaN }, PortabilityErrorCodes.NotFiniteNumber, "latitude"),
        };

    public static Gen<VideoContent> VideoContent =>
        from title in Values.Text
        from subTitle in Gen.Elements<string?>(null, "01-Westworld - S01", "02-Mozart In The Jungle - S02")
        from duration in Gen.Choose(60, 10_000)
        from quality in Gen.Elements<string?>(null, "HD", "SD")
        from year in Gen.Choose(1950, 2024)
        from country in Gen.Elements<string?>(null, "FRA", "USA")
        from id in Gen.Choose(10_000, 99_999)
        from csa in Gen.Elements<int?>(null, 1, 2, 3, 4, 5)
        from adult in Gen.Elements<int?>(null, 0, 1)
        select new VideoContent
        {
            Type = "Video",
            Title = title,
            SubTitle = subTitle,
            Duration = duration,
            Quality = quality,
            PublicationYear = year,
            Country = country,
            Id = "MOZARTI0110W00" + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            LongId = "MOZARTI0110W00" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_H_SVODOCS_1",
            CsaCode = csa,
            AdultLevel = adult,
        };

    public static Gen<VideoStreamDetails> VideoDetails =>
        from paid in Gen.Elements(true, false)
        from device in Gen.Elements<string?>(null, "Brand not provided : Model not provided", "asus : Nexus 7=NOSIMENABLED")
        select new VideoStreamDetails
        {
            Offer = paid ? "Paid VOD" : "Free VOD",
            OfferName = paid ? "Paid VOD" : "Orange Cinema Series",
            Service = "VOD TV",
            Network = "Very High Home BroadBand",
            Techno = "Bearer not provided",
            Device = device,
            Platform = "Orca",
        };

    /// <summary>A video-on-demand order, with or without its content and details.</summary>
    public static Gen<VideoStreamEvent> VideoStream =>
        from clientId in Gen.Choose(100_000_000, 999_999_999)
        from at in Values.Instant
        from price in Gen.Elements<decimal?>(null, 0m, 2.99m, 13.99m, 15.99m)
        from viewing in Gen.Elements<decimal?>(null, 0m, 1759m, 5698.5m)
        from withContent in Gen.Elements(true, true, false)
        from content in VideoContent
        from withDetails in Gen.Elements(true, false)
        from details in VideoDetails
        select new VideoStreamEvent
        {
            ClientId = clientId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Timestamp = at,
            Action = "Commande",
            Price = price,
            ViewingDuration = viewing,
            Content = withContent ? content : null,
            Details = withDetails ? details : null,
        };

    /// <summary>Each broken variant with the code and field it must be refused with.</summary>
    public static Gen<(VideoStreamEvent Record, string Code, string Field)> BrokenVideoStream =>
        from stream in VideoStream
        from content in VideoContent
        from variant in Gen.Choose(0, 5)
        select variant switch
        {
            0 => (stream with { ClientId = "" }, PortabilityErrorCodes.RequiredFieldMissing, "clientId"),
            1 => (stream with { Action = "  " }, PortabilityErrorCodes.RequiredFieldMissing, "action"),
            2 => (stream with { Price = -13.99m }, PortabilityErrorCodes.ValueOutOfRange, "price"),
            3 => (stream with { ViewingDuration = -1 }, PortabilityErrorCodes.ValueOutOfRange, "viewingDuration"),
            4 => (stream with { Content = content with { Duration = -60 } }, PortabilityErrorCodes.ValueOutOfRange, "content.duration"),
            _ => (stream with { Content = content with { Title = new string('x', 513) } }, PortabilityErrorCodes.TextTooLong, "content.title"),
        };
}
