using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SelfData.Core;

namespace SelfData.Territory.Catalogue;

/// <summary>
/// One category of personal data a holder holds on a territory, as the datablitz lists it: who holds it, what it is
/// (doctypes, W3C DPV category, MesInfos typology), where and how finely (coverage, spatial and temporal resolution),
/// how fresh and how far back, how people get it back and how easily, whether residents can contribute it to studies
/// and on which themes, on which legal basis, and under which secrecy profile aggregates of it are published.
/// </summary>
public sealed record CatalogueEntry
{
    /// <summary>Gets the entry's identifier, unique in the catalogue (letters, digits, <c>-</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the data controller: the holder's name.</summary>
    public required string Holder { get; init; }

    /// <summary>Gets the title, for a resident.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the one-paragraph description, for a resident.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the Cozy / MesInfos doctypes the data is returned in.</summary>
    public ImmutableArray<string> Doctypes { get; init; } = [];

    /// <summary>Gets the W3C DPV personal-data category, such as <c>pd:ServiceConsumptionBehavior</c>, <c>pd:Transaction</c>, <c>pd:TravelHistory</c>.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the MesInfos typology: Profil, Domicile, Finance, Déplacement, Communication or Loisir.</summary>
    public required string Typology { get; init; }

    /// <summary>Gets the code of the area the holder covers (a commune, the territory).</summary>
    public required string Coverage { get; init; }

    /// <summary>Gets the spatial resolution in metres, or <see langword="null"/> for data per address or meter.</summary>
    public int? SpatialResolutionInMeters { get; init; }

    /// <summary>Gets the temporal resolution as an ISO 8601 duration (<c>PT30M</c>, <c>P1D</c>, <c>P1M</c>).</summary>
    public required string TemporalResolution { get; init; }

    /// <summary>Gets how often the data is updated, as an ISO 8601 duration.</summary>
    public required string UpdateFrequency { get; init; }

    /// <summary>Gets how far back the data goes, as an ISO 8601 duration.</summary>
    public required string HistoryDepth { get; init; }

    /// <summary>Gets how people get the data back: <c>portability-export</c>, <c>api</c>, <c>download</c>, <c>request</c>, <c>open-data</c>.</summary>
    public ImmutableArray<string> AccessChannels { get; init; } = [];

    /// <summary>Gets how easily: 1 (on request, by hand) to 3 (one click or an API), as the MesInfos cartography graded it.</summary>
    public int AccessEase { get; init; }

    /// <summary>Gets a value indicating whether residents can contribute the data to studies of their territory.</summary>
    public bool Contributable { get; init; }

    /// <summary>Gets the study themes the data can serve: <c>energy</c>, <c>water</c>, <c>mobility</c>…</summary>
    public ImmutableArray<string> Themes { get; init; } = [];

    /// <summary>Gets the legal basis of the holding, as a DPV term: <c>dpv:Contract</c>, <c>dpv:LegalObligation</c>, <c>dpv:Consent</c>…</summary>
    public required string LegalBasis { get; init; }

    /// <summary>Gets the secrecy profile aggregates are published under (a <see cref="Secrecy.SecrecyRules"/> preset name), or <see langword="null"/>.</summary>
    public string? SecrecyProfile { get; init; }
}

/// <summary>The datablitz of a territory: which holders hold what personal data on it.</summary>
/// <param name="Territory">The territory's area code (a commune such as <c>69123</c>).</param>
/// <param name="Title">The catalogue's title.</param>
/// <param name="Publisher">Who publishes it (the city).</param>
/// <param name="Entries">The entries.</param>
public sealed partial record TerritoryCatalogue(string Territory, string Title, string Publisher, IReadOnlyList<CatalogueEntry> Entries)
{
    private static readonly string[] Typologies = ["Profil", "Domicile", "Finance", "Déplacement", "Communication", "Loisir"];
    private static readonly string[] Channels = ["portability-export", "api", "download", "request", "open-data"];

    /// <summary>Checks every entry, and returns the catalogue or the first problem with its entry and field.</summary>
    /// <returns>The catalogue, or an <see cref="TerritoryErrorCodes.InvalidCatalogueEntry"/> error.</returns>
    public ParseResult<TerritoryCatalogue> Validate()
    {
        if (string.IsNullOrWhiteSpace(Territory) || string.IsNullOrWhiteSpace(Title) || string.IsNullOrWhiteSpace(Publisher) || Entries is null)
        {
            return Invalid("(catalogue)", "territory, title and publisher", "are required");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            var id = e.Id ?? string.Empty;
            var problem =
                !IdPattern().IsMatch(id) ? ("id", "is not letters, digits and '-'")
                : !ids.Add(id) ? ("id", "is used twice")
                : string.IsNullOrWhiteSpace(e.Holder) ? ("holder", "is required")
                : string.IsNullOrWhiteSpace(e.Title) ? ("title", "is required")
                : string.IsNullOrWhiteSpace(e.Description) ? ("description", "is required")
                : !CategoryPattern().IsMatch(e.Category ?? string.Empty) ? ("category", "is not a DPV term (pd:… or dpv:…)")
                : !Typologies.Contains(e.Typology) ? ("typology", "is not one of " + string.Join(", ", Typologies))
                : string.IsNullOrWhiteSpace(e.Coverage) ? ("coverage", "is required")
                : e.SpatialResolutionInMeters is <= 0 ? ("spatialResolutionInMeters", "is not positive")
                : !IsDuration(e.TemporalResolution) ? ("temporalResolution", "is not an ISO 8601 duration")
                : !IsDuration(e.UpdateFrequency) ? ("updateFrequency", "is not an ISO 8601 duration")
                : !IsDuration(e.HistoryDepth) ? ("historyDepth", "is not an ISO 8601 duration")
                : e.AccessChannels.IsDefaultOrEmpty || e.AccessChannels.Any(c => !Channels.Contains(c)) ? ("accessChannels", "are not among " + string.Join(", ", Channels))
                : e.AccessEase is < 1 or > 3 ? ("accessEase", "is not 1, 2 or 3")
                : e.Contributable && e.Themes.IsDefaultOrEmpty ? ("themes", "are required when residents can contribute")
                : !LegalBasisPattern().IsMatch(e.LegalBasis ?? string.Empty) ? ("legalBasis", "is not a DPV or GDPR term (dpv:… or eu-gdpr:…)")
                : e.Doctypes.IsDefault || e.Themes.IsDefault ? ("doctypes", "are not set (use an empty list)")
                : ((string, string)?)null;
            if (problem is { } p)
            {
                return Invalid(id, p.Item1, p.Item2);
            }
        }

        return ParseResult.ForValue(this);
    }

    /// <summary>Gets a value indicating whether a text is an ISO 8601 duration (<c>P1Y</c>, <c>P6M</c>, <c>PT30M</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> for a duration with at least one component.</returns>
    public static bool IsDuration(string? text) => text is { Length: > 1 } && DurationPattern().IsMatch(text);

    private static ParseResult<TerritoryCatalogue> Invalid(string entry, string field, string what) =>
        ParseResult.ForError<TerritoryCatalogue>(TerritoryErrorCodes.InvalidCatalogueEntry, $"Catalogue entry '{UntrustedText.Escape(entry)}': '{field}' {what}.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^(pd|dpv):[A-Z][A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^(dpv:[A-Z][A-Za-z]+|eu-gdpr:A[0-9]+(-[0-9]+(-[a-f])?)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex LegalBasisPattern();

    [GeneratedRegex(@"^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
