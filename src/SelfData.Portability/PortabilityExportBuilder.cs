using SelfData.Core;

namespace SelfData.Portability;

/// <summary>
/// Builds the portability export of one subject at one holder: the caller adds, per doctype, a mapping and a stream of
/// typed records; <see cref="Build"/> checks the configuration once and returns the export, whose documents are then
/// written as a stream — nothing is buffered whole.
/// </summary>
/// <example>
/// <code>
/// var export = new PortabilityExportBuilder(options, timeProvider)
///     .ForSubject(new SubjectId("0f8fad5b-d9cb-469f-a165-70867728950e"))
///     .Add(ElectricityDoctypes.LinkyStatements, readings)
///     .Build();
/// </code>
/// </example>
public sealed class PortabilityExportBuilder
{
    private readonly PortabilityOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly List<IRecordSource> _sources = [];
    private SubjectId? _subject;
    private DateTimeOffset? _since;
    private DateTimeOffset? _until;

    /// <summary>Initializes a new instance of the <see cref="PortabilityExportBuilder"/> class.</summary>
    /// <param name="options">The holder's export settings; they are copied, so later changes do not affect this builder.</param>
    /// <param name="timeProvider">The clock that stamps the export; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="PortabilityOptions.Validate"/>).</exception>
    public PortabilityExportBuilder(PortabilityOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SelfDataArgumentException(errors, nameof(options));
        }

        _options = options.Snapshot();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the doctypes added so far, each once, in the order first added.</summary>
    public IReadOnlyList<Doctype> Doctypes => _sources.Select(s => s.Doctype).Distinct().ToList();

    /// <summary>Sets the person the export is about.</summary>
    /// <param name="subject">The subject's pseudonymous identifier.</param>
    /// <returns>This builder.</returns>
    public PortabilityExportBuilder ForSubject(SubjectId subject)
    {
        _subject = subject;
        return this;
    }

    /// <summary>
    /// Limits the export to records that changed in <c>[since, until)</c>, for incremental exports. Records whose
    /// mapping gives no change instant are always exported; records outside the window are counted in
    /// <see cref="DatasetSummary.OutsideWindow"/>.
    /// </summary>
    /// <param name="since">The first instant included, or <see langword="null"/> for no lower bound.</param>
    /// <param name="until">The first instant excluded, or <see langword="null"/> for no upper bound.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="SelfDataArgumentException"><paramref name="until"/> is not after <paramref name="since"/> (<c>SD9033</c>).</exception>
    public PortabilityExportBuilder WithWindow(DateTimeOffset? since, DateTimeOffset? until)
    {
        if (since is not null && until is not null && until <= since)
        {
            throw new SelfDataArgumentException(CoreErrorCodes.InvalidInterval, "'until' must be after 'since'.", nameof(until));
        }

        _since = since;
        _until = until;
        return this;
    }

    /// <summary>Adds the records of one doctype, as an asynchronous stream read once, when the export is written.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="mapping">The doctype mapping.</param>
    /// <param name="records">The records.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mapping"/> or <paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The mapping's identity keys are empty or not in ordinal order.</exception>
    public PortabilityExportBuilder Add<TRecord>(IDoctypeMapping<TRecord> mapping, IAsyncEnumerable<TRecord> records)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(records);
        CheckMapping(mapping);
        _sources.Add(new RecordSource<TRecord>(mapping, records));
        return this;
    }

    /// <summary>Adds the records of one doctype, as a sequence enumerated once, when the export is written.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="mapping">The doctype mapping.</param>
    /// <param name="records">The records.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mapping"/> or <paramref name="records"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The mapping's identity keys are empty or not in ordinal order.</exception>
    public PortabilityExportBuilder Add<TRecord>(IDoctypeMapping<TRecord> mapping, IEnumerable<TRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Add(mapping, ToAsync(records));
    }

    /// <summary>Checks the configuration and creates the export, stamped with the clock's current time.</summary>
    /// <returns>The export, whose datasets are written once each.</returns>
    /// <exception cref="InvalidOperationException">No subject was set, or no records were added.</exception>
    public PortabilityExport Build()
    {
        if (_subject is null)
        {
            throw new InvalidOperationException("Call ForSubject before Build: an export is about one person.");
        }

        if (_sources.Count == 0)
        {
            throw new InvalidOperationException("Add at least one doctype's records before Build.");
        }

        var transactionTime = _timeProvider.GetUtcNow();
        var settings = new ExportSettings(_options, transactionTime, _since, _until);
        var datasets = _sources
            .GroupBy(s => s.Doctype)
            .Select(g => new ExportDataset(g.Key, [.. g], settings))
            .ToList();
        return new PortabilityExport(_options.Holder!, _subject.Value, _options.Profile, transactionTime, _since, _until, datasets);
    }

    private static void CheckMapping<TRecord>(IDoctypeMapping<TRecord> mapping)
    {
        if (mapping.Doctype.IsDefault)
        {
            throw new ArgumentException("The mapping has no doctype.", nameof(mapping));
        }

        var keys = mapping.IdentityKeys;
        if (keys is null || keys.Count == 0)
        {
            throw new ArgumentException($"Mapping for {mapping.Doctype} declares no identity keys.", nameof(mapping));
        }

        for (var i = 1; i < keys.Count; i++)
        {
            if (string.CompareOrdinal(keys[i - 1], keys[i]) >= 0)
            {
                throw new ArgumentException($"Identity keys of {mapping.Doctype} must be distinct and in ordinal order ('{keys[i - 1]}' before '{keys[i]}').", nameof(mapping));
            }
        }
    }

#pragma warning disable CS1998 // An async iterator over a synchronous sequence.
    private static async IAsyncEnumerable<TRecord> ToAsync<TRecord>(IEnumerable<TRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }
    }
#pragma warning restore CS1998
}
