using SelfData.Core;

namespace SelfData.Portability;

/// <summary>
/// Represents a built export: who it is from and about, when it was made, and one <see cref="ExportDataset"/> per
/// doctype. Documents are produced only when a dataset is written, straight from the record streams.
/// </summary>
public sealed class PortabilityExport
{
    internal PortabilityExport(
        HolderId holder,
        SubjectId subject,
        ExportProfile profile,
        DateTimeOffset transactionTime,
        DateTimeOffset? since,
        DateTimeOffset? until,
        IReadOnlyList<ExportDataset> datasets)
    {
        Holder = holder;
        Subject = subject;
        Profile = profile;
        TransactionTime = transactionTime;
        Since = since;
        Until = until;
        Datasets = datasets;
    }

    /// <summary>Gets the holder the data comes from.</summary>
    public HolderId Holder { get; }

    /// <summary>Gets the person the data is about.</summary>
    public SubjectId Subject { get; }

    /// <summary>Gets the wire shape of the documents.</summary>
    public ExportProfile Profile { get; }

    /// <summary>Gets the instant the export was made; every document's <c>cozyMetadata</c> carries it.</summary>
    public DateTimeOffset TransactionTime { get; }

    /// <summary>Gets the start of the change window, or <see langword="null"/>.</summary>
    public DateTimeOffset? Since { get; }

    /// <summary>Gets the end of the change window, or <see langword="null"/>.</summary>
    public DateTimeOffset? Until { get; }

    /// <summary>Gets the datasets, one per doctype, in the order their first records were added.</summary>
    public IReadOnlyList<ExportDataset> Datasets { get; }

    /// <summary>Writes every dataset's documents, in order, to one sink.</summary>
    /// <param name="sink">The sink.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>One summary per dataset.</returns>
    /// <exception cref="SelfDataValidationException">A record is invalid; the exception names code, doctype, record index and field.</exception>
    /// <exception cref="InvalidOperationException">A dataset was already written.</exception>
    public async Task<IReadOnlyList<DatasetSummary>> WriteAsync(IDocumentSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var summaries = new List<DatasetSummary>(Datasets.Count);
        foreach (var dataset in Datasets)
        {
            summaries.Add(await dataset.WriteAsync(sink, cancellationToken).ConfigureAwait(false));
        }

        return summaries;
    }
}
