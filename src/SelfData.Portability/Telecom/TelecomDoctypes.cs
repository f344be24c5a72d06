namespace SelfData.Portability.Telecom;

/// <summary>The telecom doctypes of the MesInfos pilot (Orange): positions, call records, video on demand.</summary>
public static class TelecomDoctypes
{
    /// <summary>Gets the mapping to <c>fr.orange.geopoint</c>.</summary>
    public static GeoPointMapping GeoPoints { get; } = new();

    /// <summary>Gets the mapping to <c>fr.orange.phonecommunicationlog</c> (calls and text messages).</summary>
    public static PhoneCommunicationLogMapping CommunicationLogs { get; } = new();

    /// <summary>Gets the mapping to <c>fr.orange.videostream</c> (video-on-demand orders and viewings).</summary>
    public static VideoStreamMapping VideoStreams { get; } = new();
}
