using System.Text;
using SelfData.Core;

namespace SelfData.Portability;

/// <summary>
/// Represents one document written by an export: its doctype, <c>_id</c> and UTF-8 JSON. The memory is reused for the
/// next document: a sink copies what it keeps before its <see cref="IDocumentSink.WriteDocumentAsync"/> completes.
/// </summary>
public readonly struct ExportedDocument
{
    /// <summary>Initializes a new instance of the <see cref="ExportedDocument"/> struct.</summary>
    /// <param name="doctype">The doctype.</param>
    /// <param name="recordIndex">The zero-based index of the record in its input sequence.</param>
    /// <param name="id">The <c>_id</c>, as UTF-8.</param>
    /// <param name="json">The document, as UTF-8 JSON without a trailing newline.</param>
    /// <param name="content">The file content that goes with the document, if any.</param>
    public ExportedDocument(Doctype doctype, long recordIndex, ReadOnlyMemory<byte> id, ReadOnlyMemory<byte> json, IExportedContent? content = null)
    {
        Doctype = doctype;
        RecordIndex = recordIndex;
        Id = id;
        Json = json;
        Content = content;
    }

    /// <summary>Gets the doctype.</summary>
    public Doctype Doctype { get; }

    /// <summary>Gets the zero-based index of the record in its input sequence.</summary>
    public long RecordIndex { get; }

    /// <summary>Gets the <c>_id</c> as UTF-8.</summary>
    public ReadOnlyMemory<byte> Id { get; }

    /// <summary>Gets the document as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Gets the file content that goes with the document (for <c>io.cozy.files</c>), or <see langword="null"/>.</summary>
    public IExportedContent? Content { get; }

    /// <summary>Gets the <c>_id</c> as a string.</summary>
    /// <returns>The id.</returns>
    public string GetId() => Encoding.UTF8.GetString(Id.Span);
}

/// <summary>Receives the documents of an export as they are written, one at a time.</summary>
public interface IDocumentSink
{
    /// <summary>Receives one document. Its memory is valid only until the returned task completes.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the document is stored.</returns>
    ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken);
}

/// <summary>Represents what writing one doctype's documents produced.</summary>
/// <param name="Doctype">The doctype.</param>
/// <param name="Records">The records read from the sources.</param>
/// <param name="Documents">The documents written.</param>
/// <param name="DuplicatesRemoved">The series readings dropped because they repeated the previous one exactly (with <see cref="DuplicateReadingHandling.RemoveIdentical"/>).</param>
/// <param name="OutsideWindow">The records left out because their change instant lies outside the export's <c>since</c>/<c>until</c> window.</param>
public sealed record DatasetSummary(Doctype Doctype, long Records, long Documents, long DuplicatesRemoved, long OutsideWindow);
