using SelfData.Core;

namespace SelfData.Consent;

/// <summary>What a consent grants: doctypes, an optional data period, optional purposes, optional locations and actions.</summary>
internal sealed class ConsentGrant
{
    public required IReadOnlyList<Doctype> Doctypes { get; init; }

    public required IReadOnlyList<string> Datasets { get; init; }

    public Interval? Period { get; init; }

    /// <summary>The granted purposes; <see langword="null"/> when the consent states none (then the purpose is not restricted by it).</summary>
    public IReadOnlyList<string>? Purposes { get; init; }

    public IReadOnlyList<string>? Locations { get; init; }

    public IReadOnlyList<string>? Actions { get; init; }

    public string? Identifier { get; init; }

    /// <summary>Checks that a request lies inside the grant; the error names what is missing.</summary>
    public CoverageGap? Covers(ExportRequest request, ConsentTokenValidatorOptions options)
    {
        if (Locations is not null && !MatchesAny(Locations, request))
        {
            return new CoverageGap(new SelfDataError(ConsentErrorCodes.LocationNotCovered, $"Not covered: the endpoint {request.Endpoint.GetLeftPart(UriPartial.Path)} is not among the granted locations.", "locations"), ["location"]);
        }

        if (Actions is not null && !Contains(Actions, options.ExportAction))
        {
            return new CoverageGap(new SelfDataError(ConsentErrorCodes.ActionNotCovered, $"Not covered: the granted actions do not include '{options.ExportAction}'.", "actions"), ["action"]);
        }

        List<string>? missing = null;
        foreach (var doctype in request.Doctypes)
        {
            if (!Contains(Doctypes, doctype) && !(missing ??= []).Contains(doctype.Name, StringComparer.Ordinal))
            {
                missing.Add(doctype.Name);
            }
        }

        if (missing is not null)
        {
            return new CoverageGap(new SelfDataError(ConsentErrorCodes.DoctypeNotCovered, "Not covered: the consent does not grant the doctypes " + string.Join(", ", missing) + ".", "doctypes"), missing);
        }

        if (Period is not null)
        {
            if (request.Period is null)
            {
                return new CoverageGap(new SelfDataError(ConsentErrorCodes.PeriodNotCovered, $"Not covered: the request has no time window but the consent grants only {Period}.", "period"), ["period"]);
            }

            if (!Period.Value.Contains(request.Period.Value))
            {
                return new CoverageGap(new SelfDataError(ConsentErrorCodes.PeriodNotCovered, $"Not covered: the requested period {request.Period} is not inside the granted {Period}.", "period"), ["period"]);
            }
        }

        if (Purposes is not null && request.Purpose is not null && !Purposes.Contains(request.Purpose, StringComparer.Ordinal))
        {
            return new CoverageGap(new SelfDataError(ConsentErrorCodes.PurposeNotCovered, $"Not covered: the purpose '{UntrustedText.Escape(request.Purpose)}' is not granted.", "purpose"), ["purpose"]);
        }

        if (Purposes is { Count: > 0 } && request.Purpose is null)
        {
            return new CoverageGap(new SelfDataError(ConsentErrorCodes.PurposeNotCovered, "Not covered: the consent is limited to purposes " + string.Join(", ", Purposes) + " and the request states none.", "purpose"), ["purpose"]);
        }

        return null;
    }

    private static bool MatchesAny(IReadOnlyList<string> patterns, ExportRequest request)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (UrlPattern.Matches(patterns[i], request))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<Doctype> doctypes, Doctype doctype)
    {
        for (var i = 0; i < doctypes.Count; i++)
        {
            if (doctypes[i] == doctype)
            {
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<Doctype> MapDatasets(IEnumerable<string> datasets, ConsentTokenValidatorOptions options)
    {
        var doctypes = new List<Doctype>();
        foreach (var dataset in datasets)
        {
            if (options.DatasetDoctypes.TryGetValue(dataset, out var mapped))
            {
                doctypes.Add(mapped);
            }
            else if (Doctype.Parse(dataset).TryGetValue(out var doctype))
            {
                doctypes.Add(doctype);
            }
        }

        return doctypes;
    }
}

/// <summary>Why a request is not covered: the error, and what is missing (doctype names, or period, purpose, location, action).</summary>
internal sealed record CoverageGap(SelfDataError Error, IReadOnlyList<string> Missing);
