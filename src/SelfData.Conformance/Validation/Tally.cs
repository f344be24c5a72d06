namespace SelfData.Conformance;

/// <summary>Counts the documents of one run (or one batch of it) and collects their errors, up to a budget.</summary>
internal sealed class Tally(int maxErrors)
{
    private Dictionary<string, long>? _byDoctype;

    public long Documents { get; private set; }

    public long Invalid { get; private set; }

    public List<ConformanceError> Errors { get; } = [];

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
    }
}
