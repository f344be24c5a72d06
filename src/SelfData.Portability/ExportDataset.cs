using SelfData.Core;

namespace SelfData.Portability;

/// <summary>Represents the documents of one doctype in an export, produced from their record streams when written.</summary>
public sealed class ExportDataset
{
    private readonly IReadOnlyList<IRecordSource> _sources;
    private readonly ExportSettings _settings;
    private int _written;

    internal ExportDataset(Doctype doctype, IReadOnlyList<IRecordSource> sources, ExportSettings settings)
    {
        Doctype = doctype;
        _sources = sources;
        _settings = settings;
    }

    /// <summary>Gets the doctype.</summary>
    public Doctype Doctype { get; }

    /// <summary>Gets a value indicating whether the documents form time series (load curves, daily readings…).</summary>
    public bool IsSeries => _sources.Any(s => s.IsSeries);

    /// <summary>Writes the documents to a sink, reading each record stream once.</summary>
    /// <param name="sink">The sink.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>What was read, written, dropped as duplicate and left out by the window.</returns>
    /// <exception cref="SelfDataValidationException">A record is invalid; the exception names code, doctype, record index and field.</exception>
    /// <exception cref="InvalidOperationException">The dataset was already written.</exception>
    public async Task<DatasetSummary> WriteAsync(IDocumentSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _written, 1) == 1)
        {
            throw new InvalidOperationException($"The {Doctype} dataset was already written; record streams are read once.");
        }

        var state = new DatasetWriteState(Doctype, _settings);
        foreach (var source in _sources)
        {
            await source.WriteAsync(state, sink, cancellationToken).ConfigureAwait(false);
        }

        return state.Summary();
    }

    /// <summary>Writes the documents as NDJSON: one document per line, each line ending with <c>\n</c>.</summary>
    /// <param name="destination">The stream; it is flushed, not closed.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>What was read, written, dropped and left out.</returns>
    /// <exception cref="SelfDataValidationException">A record is invalid.</exception>
    /// <exception cref="InvalidOperationException">The dataset was already written.</exception>
    public async Task<DatasetSummary> WriteNdjsonAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        var sink = new NdjsonDocumentSink(destination);
        var summary = await WriteAsync(sink, cancellationToken).ConfigureAwait(false);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }
}

internal sealed record ExportSettings(PortabilityOptions Options, DateTimeOffset TransactionTime, DateTimeOffset? Since, DateTimeOffset? Until);
