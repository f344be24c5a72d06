namespace SelfData.Conformance;

/// <summary>Counts the documents of one run (or one batch of it) and collects their errors, up to a budget.</summary>
internal sealed class Tally(int maxErrors, int maxWarnings = 1_000)
{
    private Dictionary<string, long>? _byDoctype;

    public long Documents { get; private set; }

    public long Invalid { get; private set; }

    public List<ConformanceError> Errors { get; } = [];

    public List<ConformanceWarning> Warnings { get; } = [];

    /// <summary>Gets the number of documents accepted with at least one warning.</summary>
    public long WithWarnings { get; private set; }

    /// <summary>Gets or sets a value indicating whether warnings were left out to respect the budget.</summary>
    public bool WarningsTruncated { get; set; }

    public int MaxWarnings { get; } = maxWarnings;

    /// <summary>Gets or sets a check, shared by the workers of a run, that says the run has collected enough warnings.</summary>
    public Func<bool>? RunHasEnoughWarnings { get; set; }

    /// <summary>Gets a value indicating whether another document's warnings should still be explained.</summary>
    public bool CanWarn => Warnings.Count < MaxWarnings && !(RunHasEnoughWarnings?.Invoke() ?? false);

    /// <summary>Gets or sets a value indicating whether errors were left out to respect the budget.</summary>
    public bool Truncated { get; set; }

    public int MaxErrors { get; } = maxErrors;

    /// <summary>Gets or sets a check, shared by the workers of a run, that says the run has collected enough errors.</summary>
    public Func<bool>? RunIsFull { get; set; }

    /// <summary>Gets a value indicating whether another invalid document should still be explained.</summary>
    public bool CanExplain => Errors.Count < MaxErrors && !(RunIsFull?.Invoke() ?? false);

    public IReadOnlyDictionary<string, long> ByDoctype => _byDoctype ?? (IReadOnlyDictionary<string, long>)EmptyCounts;

    private static Dictionary<string, long> EmptyCounts { get; } = new(StringComparer.Ordinal);

    public void Count(string? doctype)
    {
        Documents++;
        if (doctype is not null)
        {
            _byDoctype ??= new Dictionary<string, long>(StringComparer.Ordinal);
            _byDoctype[doctype] = _byDoctype.GetValueOrDefault(doctype) + 1;
        }
    }

    public void MarkInvalid() => Invalid++;

    public void MarkWarned() => WithWarnings++;

    /// <summary>Adds a warning unless the budget is spent, in which case the result is marked truncated.</summary>
    public void Add(ConformanceWarning warning)
    {
        if (Warnings.Count < MaxWarnings)
        {
            Warnings.Add(warning);
        }
        else
        {
            WarningsTruncated = true;
        }
    }

    /// <summary>Adds an error unless the budget is spent, in which case the result is marked truncated.</summary>
    public void Add(ConformanceError error)
    {
        if (Errors.Count < MaxErrors)
        {
            Errors.Add(error);
        }
        else
        {
            Truncated = true;
        }
    }

    /// <summary>Appends a later part of the same run, keeping the input order and the budget.</summary>
    public void Merge(Tally later)
    {
        Documents += later.Documents;
        Invalid += later.Invalid;
        foreach (var (doctype, count) in later.ByDoctype)
        {
            _byDoctype ??= new Dictionary<string, long>(StringComparer.Ordinal);
            _byDoctype[doctype] = _byDoctype.GetValueOrDefault(doctype) + count;
        }

        foreach (var error in later.Errors)
        {
            Add(error);
        }

        Truncated |= later.Truncated;
        WithWarnings += later.WithWarnings;
        foreach (var warning in later.Warnings)
        {
            Add(warning);
        }

        WarningsTruncated |= later.WarningsTruncated;
    }
}
