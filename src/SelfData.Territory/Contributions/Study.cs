using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Portability.Mapping;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Geography;

namespace SelfData.Territory.Contributions;

/// <summary>
/// What a study measures from one doctype of people's exports: a sector (<c>electricity</c>, <c>water</c>…), the doctype,
/// and how a document becomes daily figures in the study's fixed-point unit — through the mapping's own
/// <see cref="IConsumptionMapping{TRecord}"/> report, so the figures are the ones the person sees in their archive.
/// </summary>
public sealed class StudyMeasure
{
    private readonly Func<JsonElement, ExportProfile, ConsumptionRecorder, string> _report;

    private StudyMeasure(string sector, string unit, Doctype doctype, Func<JsonElement, ExportProfile, ConsumptionRecorder, string> report)
    {
        Sector = sector;
        Unit = unit;
        Doctype = doctype;
        _report = report;
    }

    /// <summary>Gets the sector the contributions are counted in.</summary>
    public string Sector { get; }

    /// <summary>Gets the study's fixed-point unit (<c>Wh</c>, <c>L</c>, <c>m</c>…).</summary>
    public string Unit { get; }

    /// <summary>Gets the doctype the measure reads.</summary>
    public Doctype Doctype { get; }

    /// <summary>A measure read through a mapping's consumption report.</summary>
    /// <typeparam name="TRecord">The mapping's record type.</typeparam>
    /// <param name="sector">The sector, such as <c>electricity</c>.</param>
    /// <param name="mapping">The doctype's mapping (e.g. <c>ElectricityDoctypes.DailyEnergy</c>).</param>
    /// <param name="series">The series of the report to take, such as <c>energy (Wh)</c> or <c>load (L)</c>.</param>
    /// <param name="unit">The study's unit, for the record (<c>Wh</c>, <c>L</c>).</param>
    /// <param name="factor">What a figure of the series is multiplied by to be in the study's unit (1 for Wh from Wh, 1000 for Wh from kWh).</param>
    /// <returns>The measure.</returns>
    public static StudyMeasure FromConsumption<TRecord>(string sector, IConsumptionMapping<TRecord> mapping, string series, string unit, decimal factor = 1m)
    {
        ArgumentException.ThrowIfNullOrEmpty(sector);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(series);
        ArgumentException.ThrowIfNullOrEmpty(unit);
        return new StudyMeasure(sector, unit, mapping.Doctype, (document, profile, recorder) =>
        {
            var scratch = new ConsumptionRecorder();
            mapping.ReportConsumption(mapping.Read(document, new DocumentReadContext(mapping.Doctype, profile)), scratch);
            foreach (var (day, value) in scratch.Totals(series))
            {
                recorder.Add(sector, day, value * factor);
            }

            return sector;
        });
    }

    /// <summary>A measure read from records by a function of the caller's: trips' distances, durations, anything a doctype carries per day.</summary>
    /// <typeparam name="TRecord">The mapping's record type.</typeparam>
    /// <param name="sector">The sector, such as <c>mobility</c>.</param>
    /// <param name="mapping">The doctype's mapping (e.g. <c>MobilityDoctypes.Trips</c>).</param>
    /// <param name="unit">The study's unit, for the record (<c>m</c>, <c>s</c>).</param>
    /// <param name="figures">The daily figures of one record, already in the study's unit.</param>
    /// <returns>The measure.</returns>
    public static StudyMeasure FromRecords<TRecord>(string sector, IDoctypeMapping<TRecord> mapping, string unit, Func<TRecord, IEnumerable<(DateOnly Day, decimal Value)>> figures)
    {
        ArgumentException.ThrowIfNullOrEmpty(sector);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(unit);
        ArgumentNullException.ThrowIfNull(figures);
        return new StudyMeasure(sector, unit, mapping.Doctype, (document, profile, recorder) =>
        {
            foreach (var (day, value) in figures(mapping.Read(document, new DocumentReadContext(mapping.Doctype, profile))))
            {
                recorder.Add(sector, day, value);
            }

            return sector;
        });
    }

    /// <summary>The distance people travel, in metres, counted on the day each trip starts (in UTC): <c>io.cozy.timeseries.geojson</c> trips.</summary>
    /// <param name="sector">The sector; <c>mobility</c> by default.</param>
    /// <returns>The measure.</returns>
    public static StudyMeasure TripDistance(string sector = "mobility") =>
        FromRecords(sector, Portability.Mobility.MobilityDoctypes.Trips, "m", trip => [(DateOnly.FromDateTime(trip.StartDate.UtcDateTime), trip.Distance.ConvertTo(Core.Unit.Metre).Value)]);

    internal void Report(JsonElement document, ExportProfile profile, ConsumptionRecorder recorder) => _report(document, profile, recorder);
}

/// <summary>
/// A study of a territory that residents may contribute to: its identifier and the purpose a consent must name, its
/// months, what it measures, its per-study secret for pseudonyms, and the controller and policy its receipts record.
/// </summary>
public sealed record Study
{
    /// <summary>Gets the study's identifier, such as <c>lyon-energy-water-2023</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the purpose a resident's consent must grant, exactly (a URI is a good choice).</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets the study's title, for receipts and pages.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the first month of the study.</summary>
    public required DateOnly From { get; init; }

    /// <summary>Gets the month after the last (exclusive).</summary>
    public required DateOnly To { get; init; }

    /// <summary>Gets what the study measures.</summary>
    public required IReadOnlyList<StudyMeasure> Measures { get; init; }

    /// <summary>Gets the study's secret (at least 32 random bytes): contributor keys are HMAC-SHA-256 of the subject under it.</summary>
    public required ImmutableArray<byte> Secret { get; init; }

    /// <summary>Gets the controller of the study (the city), as consent receipts name it.</summary>
    public required PiiController Controller { get; init; }

    /// <summary>Gets the study's privacy policy.</summary>
    public required string PolicyUrl { get; init; }

    /// <summary>Gets the jurisdiction receipts state.</summary>
    public string Jurisdiction { get; init; } = "FR";
}

/// <summary>One contribution: a pseudonymous contributor, an area, a month, a sector and a fixed-point value.</summary>
/// <param name="Contributor">The per-study pseudonym (never the subject id).</param>
/// <param name="Area">The area: an IRIS, a commune, or an INSPIRE grid cell id.</param>
/// <param name="Period">The month, <c>YYYY-MM</c>.</param>
/// <param name="Sector">The sector.</param>
/// <param name="Value">The value in the measure's unit, rounded once per month (half to even).</param>
public sealed record StudyContribution(ContributorKey Contributor, string Area, string Period, string Sector, long Value);

/// <summary>What a resident contributed: the contributions, the receipt they keep, and what was not used.</summary>
/// <param name="Contributions">The contributions, by sector then month.</param>
/// <param name="Receipt">The consent receipt recording the contribution.</param>
/// <param name="ReceiptJws">The receipt signed by the study's controller.</param>
/// <param name="DocumentsUsed">The documents read.</param>
/// <param name="DocumentsNotMeasured">The documents of doctypes the study does not measure (left out, counted).</param>
public sealed record ContributionResult(IReadOnlyList<StudyContribution> Contributions, ConsentReceipt Receipt, string ReceiptJws, int DocumentsUsed, int DocumentsNotMeasured);

/// <summary>
/// Derives a resident's contribution to a study from their own export documents, and only under a validated consent
/// whose purposes include the study's and whose doctypes cover what it measures.
/// </summary>
public static class StudyContributions
{
    /// <summary>Derives contributions and issues the receipt.</summary>
    /// <param name="study">The study.</param>
    /// <param name="consent">The resident's consent, validated by <c>ConsentTokenValidator</c> (its subject is the resident).</param>
    /// <param name="area">The resident's area: an IRIS, a commune or a grid cell id.</param>
    /// <param name="documents">The resident's export documents.</param>
    /// <param name="receipts">The issuer of receipts, with the study controller's key.</param>
    /// <param name="time">The clock for the receipt; the system clock by default.</param>
    /// <param name="profile">The profile the documents were exported in.</param>
    /// <returns>
    /// The result, or an error: <see cref="TerritoryErrorCodes.ConsentNotForStudy"/> (purpose, doctypes, period or
    /// status), an area code error, or <see cref="TerritoryErrorCodes.UnreadableDocument"/> naming the document.
    /// </returns>
    public static ParseResult<ContributionResult> Derive(Study study, ValidatedConsent consent, string area, IEnumerable<(Doctype Doctype, JsonElement Document)> documents, ConsentReceiptIssuer receipts, TimeProvider? time = null, ExportProfile profile = ExportProfile.Cozy)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(receipts);
        if (study.Secret.IsDefault || study.Secret.Length < 32)
        {
            throw new ArgumentException("A study's secret is at least 32 random bytes.", nameof(study));
        }

        if (study.Measures.Count == 0 || study.Measures.DistinctBy(m => m.Sector).Count() != study.Measures.Count)
        {
            throw new ArgumentException("A study measures at least one sector, each from one doctype.", nameof(study));
        }

        if (consent.Status != ConsentStatus.Active)
        {
            return Refused($"The consent is {consent.Status}, not active.");
        }

        if (!consent.Purposes.Contains(study.Purpose, StringComparer.Ordinal))
        {
            return Refused($"The consent does not grant the study's purpose '{UntrustedText.Escape(study.Purpose)}'.");
        }

        if (study.Measures.FirstOrDefault(m => !consent.Doctypes.Contains(m.Doctype)) is { } missing)
        {
            return Refused($"The consent does not grant the doctype {missing.Doctype.Name} the study measures.");
        }

        var period = new Interval(new DateTimeOffset(study.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(study.To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (consent.GrantedPeriod is { } granted && !granted.Overlaps(period))
        {
            return Refused($"The consent grants data of {granted} only, outside the study's months.");
        }

        if (AreaProblem(area) is { } areaError)
        {
            return ParseResult.ForError<ContributionResult>(areaError);
        }

        var measures = study.Measures.ToDictionary(m => m.Doctype.Name, StringComparer.Ordinal);
        var recorder = new ConsumptionRecorder();
        var (used, notMeasured, index) = (0, 0, 0);
        foreach (var (doctype, document) in documents)
        {
            index++;
            if (!measures.TryGetValue(doctype.Name, out var measure))
            {
                notMeasured++;
                continue;
            }

            try
            {
                measure.Report(document, profile, recorder);
                used++;
            }
            catch (SelfDataException e)
            {
                return ParseResult.ForError<ContributionResult>(TerritoryErrorCodes.UnreadableDocument, $"Document {index} ({doctype.Name}) cannot be read: {e.Message}");
            }
        }

        // Days inside the consent's granted period and the study's months, summed per month, rounded once.
        var contributor = ContributorKey.Derive(study.Secret.AsSpan(), new SubjectId(consent.Subject));
        var contributions = new List<StudyContribution>();
        foreach (var measure in study.Measures)
        {
            var months = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var (day, value) in recorder.Totals(measure.Sector))
            {
                var instant = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                if (day < study.From || day >= study.To || (consent.GrantedPeriod is { } g && !g.Contains(instant)))
                {
                    continue;
                }

                var month = day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                months[month] = months.GetValueOrDefault(month) + value;
            }

            contributions.AddRange(months.Select(m => new StudyContribution(contributor, area, m.Key, measure.Sector, (long)Math.Round(m.Value, MidpointRounding.ToEven))));
        }

        var now = (time ?? TimeProvider.System).GetUtcNow();
        var receipt = new ConsentReceipt
        {
            Jurisdiction = study.Jurisdiction,
            ConsentTimestamp = now,
            CollectionMethod = "contribution to a territorial study, from the resident's own export",
            ConsentReceiptId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            PiiPrincipalId = consent.Subject,
            PiiControllers = [study.Controller],
            PolicyUrl = study.PolicyUrl,
            Language = "fr",
            Services =
            [
                new ReceiptService
                {
                    Name = study.Title,
                    Purposes =
                    [
                        new ReceiptPurpose
                        {
                            Purpose = study.Purpose,
                            PurposeCategories = ["statistical study of the territory"],
                            ConsentType = "EXPLICIT",
                            PiiCategories = [.. study.Measures.Select(m => m.Sector + " (" + m.Unit + " per month, " + m.Doctype.Name + ")").Distinct()],
                            PrimaryPurpose = true,
                            Termination = "withdrawal of consent; published aggregates stay as released",
                        },
                    ],
                },
            ],
        };
        return ParseResult.ForValue(new ContributionResult(contributions, receipt, receipts.IssueJws(receipt), used, notMeasured));
    }

    private static SelfDataError? AreaProblem(string area)
    {
        if (area is null)
        {
            return new SelfDataError(TerritoryErrorCodes.InvalidIrisCode, "The area is missing.");
        }

        if (area.StartsWith("CRS", StringComparison.Ordinal))
        {
            return GridCell.Parse(area).Error;
        }

        return area.Length == 9 ? IrisCode.Parse(area).Error : CommuneCode.Parse(area).Error;
    }

    private static ParseResult<ContributionResult> Refused(string message) =>
        ParseResult.ForError<ContributionResult>(TerritoryErrorCodes.ConsentNotForStudy, message);
}
