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

    /// <summary>
    /// Checks that a request lies inside the grant. Every dimension is checked, and the gap lists all that is missing
    /// at once (doctype names, <c>location</c>, <c>action</c>, <c>period</c>, <c>purpose</c>); its error is the first
    /// failure, in the order of the codes.
    /// </summary>
    public CoverageGap? Covers(ExportRequest request, ConsentTokenValidatorOptions options)
    {
        SelfDataError? first = null;
        // Allocated only when something is missing: a covered request (the usual case) allocates nothing here.
        List<string>? missing = null;
        void Gap(string code, string message, string field, string what)
        {
            first ??= new SelfDataError(code, message, field);
            missing ??= [];
            if (!missing.Contains(what, StringComparer.Ordinal))
            {
                missing.Add(what);
            }
        }

        if (Locations is not null && !MatchesAny(Locations, request, options.Patterns))
        {
            Gap(ConsentErrorCodes.LocationNotCovered, $"Not covered: the endpoint {UntrustedText.Escape(request.Endpoint.GetLeftPart(UriPartial.Path), 256)} is not among the granted locations.", "locations", "location");
        }

        if (Actions is not null && !Contains(Actions, options.ExportAction))
        {
            Gap(ConsentErrorCodes.ActionNotCovered, $"Not covered: the granted actions do not include '{UntrustedText.Escape(options.ExportAction)}'.", "actions", "action");
        }

        List<string>? doctypes = null;
        foreach (var doctype in request.Doctypes)
        {
            if (!Contains(Doctypes, doctype) && !(doctypes ??= []).Contains(doctype.Name, StringComparer.Ordinal))
            {
                doctypes.Add(doctype.Name);
            }
        }

        if (doctypes is not null)
        {
            first ??= new SelfDataError(ConsentErrorCodes.DoctypeNotCovered, "Not covered: the consent does not grant the doctypes " + string.Join(", ", doctypes) + ".", "doctypes");
            (missing ??= []).AddRange(doctypes);
        }

        if (Period is not null)
        {
            if (request.Period is null)
            {
                Gap(ConsentErrorCodes.PeriodNotCovered, $"Not covered: the request has no time window but the consent grants only {Period}.", "period", "period");
            }
            else if (!Period.Value.Contains(request.Period.Value))
            {
                Gap(ConsentErrorCodes.PeriodNotCovered, $"Not covered: the requested period {request.Period} is not inside the granted {Period}.", "period", "period");
            }
        }

        if (Purposes is not null && request.Purpose is not null && !Purposes.Contains(request.Purpose, StringComparer.Ordinal))
        {
            Gap(ConsentErrorCodes.PurposeNotCovered, $"Not covered: the purpose '{UntrustedText.Escape(request.Purpose)}' is not granted.", "purpose", "purpose");
        }
        else if (Purposes is { Count: > 0 } && request.Purpose is null)
        {
            Gap(ConsentErrorCodes.PurposeNotCovered, "Not covered: the consent is limited to purposes " + string.Join(", ", Purposes.Select(p => UntrustedText.Escape(p))) + " and the request states none.", "purpose", "purpose");
        }

        return first is null ? null : new CoverageGap(first, missing!);
    }

    private static bool MatchesAny(IReadOnlyList<string> patterns, ExportRequest request, UrlPatternCache cache)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (UrlPattern.Matches(patterns[i], request, cache))
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
