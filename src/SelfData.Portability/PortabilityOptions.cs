using System.Reflection;
using SelfData.Core;

namespace SelfData.Portability;

/// <summary>Specifies what the builder does with a series reading that repeats the previous one exactly.</summary>
public enum DuplicateReadingHandling
{
    /// <summary>Refuse it with <see cref="PortabilityErrorCodes.DuplicateReading"/> (<c>SD2006</c>).</summary>
    Reject,

    /// <summary>Drop it and count it in <see cref="DatasetSummary.DuplicatesRemoved"/>. Readings at the same instant with different values are still refused.</summary>
    RemoveIdentical,
}

/// <summary>The settings of a holder's exports, shared by every export it builds.</summary>
public sealed class PortabilityOptions
{
    /// <summary>Gets or sets the holder whose data is exported.</summary>
    /// <value>The default value is <see langword="null"/>; a holder is required.</value>
    public HolderId? Holder { get; set; }

    /// <summary>Gets or sets the wire shape of the documents.</summary>
    /// <value>The default value is <see cref="ExportProfile.Cozy"/>.</value>
    public ExportProfile Profile { get; set; } = ExportProfile.Cozy;

    /// <summary>Gets or sets the slug written as <c>cozyMetadata.createdByApp</c> and in the MesInfos <c>docTypeVersion</c>.</summary>
    /// <value>The default value is <see langword="null"/>, which uses the holder's id.</value>
    public string? CreatedByApp { get; set; }

    /// <summary>Gets or sets the version written as <c>cozyMetadata.createdByAppVersion</c> and in the MesInfos <c>docTypeVersion</c>.</summary>
    /// <value>The default value is <see langword="null"/>, which uses the SDK's version.</value>
    public string? CreatedByAppVersion { get; set; }

    /// <summary>Gets or sets the person's identifier at the holder (a login or customer number), written as <c>cozyMetadata.sourceAccountIdentifier</c>.</summary>
    /// <value>The default value is <see langword="null"/>: the field is left out.</value>
    public string? SourceAccountIdentifier { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the MesInfos profile writes the numbers the pilot stored as strings
    /// (<c>"value": "648.0"</c>, <c>"amount": "720.21"</c>) as strings. A compatibility switch for consumers written
    /// against the pilot's data; strict schemas refuse such documents.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: numbers are JSON numbers.</value>
    public bool MesInfosStringNumbers { get; set; }

    /// <summary>Gets or sets what happens to a series reading that repeats the previous one exactly.</summary>
    /// <value>The default value is <see cref="DuplicateReadingHandling.Reject"/>.</value>
    public DuplicateReadingHandling DuplicateReadings { get; set; } = DuplicateReadingHandling.Reject;

    /// <summary>Gets the version of this SDK, the default <see cref="CreatedByAppVersion"/>.</summary>
    public static string SdkVersion { get; } =
        typeof(PortabilityOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Checks the options.</summary>
    /// <returns>The problems found, each with its code; empty when the options are valid.</returns>
    public IReadOnlyList<SelfDataError> Validate()
    {
        var errors = new List<SelfDataError>();
        if (Holder is null)
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, "Holder is required."));
        }

        if (!Enum.IsDefined(Profile))
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, $"Profile {(int)Profile} is not defined."));
        }

        if (!Enum.IsDefined(DuplicateReadings))
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, $"DuplicateReadings {(int)DuplicateReadings} is not defined."));
        }

        if (CreatedByApp is not null && (CreatedByApp.Length is 0 or > 128 || CreatedByApp.Any(char.IsWhiteSpace)))
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, "CreatedByApp must be 1 to 128 characters without white space (a slug such as 'edfclientside')."));
        }

        if (CreatedByAppVersion is not null && (CreatedByAppVersion.Length is 0 or > 64 || CreatedByAppVersion.Any(char.IsWhiteSpace)))
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, "CreatedByAppVersion must be 1 to 64 characters without white space."));
        }

        if (SourceAccountIdentifier is not null && SourceAccountIdentifier.Length is 0 or > 256)
        {
            errors.Add(new SelfDataError(PortabilityErrorCodes.InvalidOptions, "SourceAccountIdentifier must be 1 to 256 characters."));
        }

        return errors;
    }

    internal PortabilityOptions Snapshot() => (PortabilityOptions)MemberwiseClone();
}
