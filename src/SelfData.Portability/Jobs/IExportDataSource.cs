using SelfData.Core;

namespace SelfData.Portability.Jobs;

/// <summary>
/// The holder's code that feeds one person's records to the export: for each requested doctype it adds the mapping and
/// the records (streamed, as <see cref="IAsyncEnumerable{T}"/> or <see cref="IEnumerable{T}"/>) to
/// <see cref="ExportDataSourceContext.Builder"/>. Add a requested doctype even when the person has no records of it
/// (an empty sequence): a requested doctype that is never added is reported in the job's errors, and one that was not
/// requested fails the job.
/// </summary>
public interface IExportDataSource
{
    /// <summary>Gets the doctypes this holder can export; requests for others are refused before a job is created.</summary>
    IReadOnlyCollection<Doctype> Doctypes { get; }

    /// <summary>Adds the requested doctypes' records of <see cref="ExportDataSourceContext.Subject"/> to the builder.</summary>
    /// <param name="context">The subject, the request and the builder.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when every requested doctype was added.</returns>
    ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken);
}

/// <summary>What a data source needs to add one person's records.</summary>
public sealed class ExportDataSourceContext
{
    internal ExportDataSourceContext(SubjectId subject, ExportJobRequest request, PortabilityExportBuilder builder)
    {
        Subject = subject;
        Request = request;
        Builder = builder;
    }

    /// <summary>Gets the person whose records are exported.</summary>
    public SubjectId Subject { get; }

    /// <summary>Gets the request: doctypes, profile, layout and window.</summary>
    public ExportJobRequest Request { get; }

    /// <summary>Gets the builder to add records to; its subject, window and profile are already set.</summary>
    public PortabilityExportBuilder Builder { get; }

    /// <summary>Tells whether a doctype was requested.</summary>
    /// <param name="doctype">The doctype.</param>
    /// <returns><see langword="true"/> when it was requested.</returns>
    public bool IsRequested(Doctype doctype) => Request.Doctypes.Contains(doctype);
}
