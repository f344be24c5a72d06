using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Telecom;

/// <summary>
/// Represents one call or text message of a mobile line (<c>fr.orange.phonecommunicationlog</c>): who was called or
/// texted, when, for how long, and where the phone was.
/// </summary>
/// <remarks>
/// <para><see cref="Length"/> is measured in the unit named by <see cref="ChipType"/>: <c>"s"</c> (seconds, for calls)
/// or <c>"M"</c> (messages, for text messages).</para>
/// <para>The position is optional; when given, both <see cref="Latitude"/> and <see cref="Longitude"/> are required.</para>
/// </remarks>
public sealed record PhoneCommunicationLog
{
    /// <summary>Gets the subscriber's line, in international form without <c>+</c> (<c>33612345678</c>).</summary>
    [JsonPropertyName("msisdn")]
    public required string Msisdn { get; init; }

    /// <summary>Gets when the communication started.</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the other party's number, as the operator records it (it may be a short number).</summary>
    [JsonPropertyName("partner")]
    public string? Partner { get; init; }

    /// <summary>Gets the kind of communication, one of the documented French values in <see cref="PhoneCommunicationTypes"/>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Gets the length of the communication, in the unit named by <see cref="ChipType"/>.</summary>
    [JsonPropertyName("length")]
    public decimal? Length { get; init; }

    /// <summary>Gets the unit of <see cref="Length"/>: <c>"s"</c> or <c>"M"</c> (see <see cref="PhoneChipTypes"/>).</summary>
    [JsonPropertyName("chipType")]
    public string? ChipType { get; init; }

    /// <summary>Gets the WGS 84 latitude in degrees of the phone during the communication, when known.</summary>
    [JsonPropertyName("latitude")]
    public double? Latitude { get; init; }

    /// <summary>Gets the WGS 84 longitude in degrees of the phone during the communication, when known.</summary>
    [JsonPropertyName("longitude")]
    public double? Longitude { get; init; }

    /// <summary>Gets the radio network used, such as <c>"3G"</c> or <c>"4G"</c>.</summary>
    [JsonPropertyName("networkType")]
    public string? NetworkType { get; init; }

    /// <summary>Gets the operator's code for why the communication ended.</summary>
    [JsonPropertyName("endCause")]
    public string? EndCause { get; init; }
}

/// <summary>Provides the documented values of <see cref="PhoneCommunicationLog.Type"/>, spelled as Orange's data spells them.</summary>
public static class PhoneCommunicationTypes
{
    /// <summary>An outgoing call: <c>"appel sortant"</c>.</summary>
    public const string OutgoingCall = "appel sortant";

    /// <summary>An incoming call: <c>"appel entrant"</c>.</summary>
    public const string IncomingCall = "appel entrant";

    /// <summary>An incoming text message: <c>"SMS entrant"</c>.</summary>
    public const string IncomingSms = "SMS entrant";

    /// <summary>An outgoing text message: <c>"SMS sortant"</c>.</summary>
    public const string OutgoingSms = "SMS sortant";

    /// <summary>Gets every documented value.</summary>
    public static IReadOnlyList<string> All { get; } = [OutgoingCall, IncomingCall, IncomingSms, OutgoingSms];

    /// <summary>Determines whether a value is a documented call type (measured in seconds).</summary>
    /// <param name="type">The value.</param>
    /// <returns><see langword="true"/> for <see cref="OutgoingCall"/> and <see cref="IncomingCall"/>.</returns>
    public static bool IsCall(string? type) => type is OutgoingCall or IncomingCall;

    /// <summary>Determines whether a value is a documented text-message type (counted in messages).</summary>
    /// <param name="type">The value.</param>
    /// <returns><see langword="true"/> for <see cref="IncomingSms"/> and <see cref="OutgoingSms"/>.</returns>
    public static bool IsSms(string? type) => type is IncomingSms or OutgoingSms;
}

/// <summary>Provides the documented values of <see cref="PhoneCommunicationLog.ChipType"/>, the unit of the communication's length.</summary>
public static class PhoneChipTypes
{
    /// <summary>Seconds, the unit of a call's length: <c>"s"</c>.</summary>
    public const string Seconds = "s";

    /// <summary>Messages, the unit of a text message's length: <c>"M"</c>.</summary>
    public const string Messages = "M";
}

/// <summary>
/// Maps <see cref="PhoneCommunicationLog"/> records to <c>fr.orange.phonecommunicationlog</c>. Identity keys (Orange
/// konnector): <c>msisdn</c>, <c>timestamp</c>.
/// </summary>
/// <remarks>
/// <para>Checks, in order: the line is an MSISDN (<c>SD2009</c>); <c>type</c> is present (<c>SD2001</c>) and one of
/// <see cref="PhoneCommunicationTypes.All"/>, compared ordinally (<c>SD2012</c>; the pilot's synthetic files also wrote
/// <c>"sms entrant"</c> in lower case — write the documented spelling); a <c>length</c> comes with its
/// <c>chipType</c> (<c>SD2001</c>) and is not negative (<c>SD2011</c>); <c>chipType</c> is <c>"s"</c> or
/// <c>"M"</c> (<c>SD2012</c>) and matches the kind — seconds for calls, messages for text messages (<c>SD2010</c>);
/// a position has both coordinates (<c>SD2001</c>) and they are in range (<c>SD2003</c>, <c>SD2004</c>).</para>
/// </remarks>
public sealed class PhoneCommunicationLogMapping : JsonDoctypeMapping<PhoneCommunicationLog>
{
    internal PhoneCommunicationLogMapping()
        : base("fr.orange.phonecommunicationlog", "msisdn", "timestamp")
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset? GetChangeInstant(PhoneCommunicationLog record) => record?.Timestamp;

    /// <inheritdoc />
    public override void Validate(PhoneCommunicationLog record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireMsisdn(record.Msisdn, "msisdn");
        context.CheckLength(record.Partner, "partner", 64);
        context.RequireText(record.Type, "type", 64);
        if (!PhoneCommunicationTypes.All.Contains(record.Type, StringComparer.Ordinal))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "type", $"'{record.Type}' is not a documented communication type ({string.Join(", ", PhoneCommunicationTypes.All)}).");
        }

        if (record.Length is { } length)
        {
            if (record.ChipType is null)
            {
                context.Fail(PortabilityErrorCodes.RequiredFieldMissing, "chipType", "A length needs its unit in 'chipType' (\"s\" or \"M\").");
            }

            context.RequireNonNegative(length, "length");
        }

        if (record.ChipType is { } chip)
        {
            if (chip is not (PhoneChipTypes.Seconds or PhoneChipTypes.Messages))
            {
                context.Fail(PortabilityErrorCodes.UnknownEnumValue, "chipType", $"'{chip}' is not a documented length unit (\"s\" for seconds, \"M\" for messages).");
            }

            var expected = PhoneCommunicationTypes.IsCall(record.Type) ? PhoneChipTypes.Seconds : PhoneChipTypes.Messages;
            if (!string.Equals(chip, expected, StringComparison.Ordinal))
            {
                context.Fail(PortabilityErrorCodes.WrongUnit, "chipType", $"A '{record.Type}' is measured in \"{expected}\", not \"{chip}\".");
            }
        }

        if (record.Latitude is null != record.Longitude is null)
        {
            var missing = record.Latitude is null ? "latitude" : "longitude";
            context.Fail(PortabilityErrorCodes.RequiredFieldMissing, missing, "A position needs both 'latitude' and 'longitude'.");
        }

        if (record.Latitude is { } latitude && record.Longitude is { } longitude)
        {
            context.RequireCoordinates(latitude, longitude, "latitude");
        }

        context.CheckLength(record.NetworkType, "networkType", 32);
        context.CheckLength(record.EndCause, "endCause", 64);
    }

    /// <inheritdoc />
    public override void WriteIdentity(PhoneCommunicationLog record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Msisdn);
        keys.Add(record.Timestamp);
    }
}
