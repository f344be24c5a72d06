namespace SelfData.Core;

/// <summary>Specifies the wire shape of exported documents.</summary>
public enum ExportProfile
{
    /// <summary>
    /// Today's Cozy platform: every document carries <c>cozyMetadata</c>; links are
    /// <c>relationships: {name: {data: {_id, _type}}}</c>; numbers are JSON numbers; instants RFC 3339 with offset.
    /// </summary>
    Cozy,

    /// <summary>
    /// The MesInfos pilot (2016–2018): documents carry a root <c>docTypeVersion</c> instead of <c>cozyMetadata</c>, and
    /// links are the legacy <c>"doctype:id"</c> strings. Dates and numbers stay strict unless
    /// <c>PortabilityOptions.MesInfosStringNumbers</c> (SelfData.Portability) asks for the pilot's string-typed numbers.
    /// </summary>
    MesInfos,
}
