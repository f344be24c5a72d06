using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// Maps one kind of typed record to the documents of one doctype. Every built-in doctype implements it, and so can a
/// holder for a doctype of its own.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>
/// <para>The export builder writes each document as <c>{"_id": …, fields…, envelope…}</c>: the <c>_id</c> comes from
/// the <see cref="IdentityKeys"/>, the fields from <see cref="WriteFields"/>, and the envelope (<c>cozyMetadata</c>
/// or the MesInfos <c>docTypeVersion</c>) from the export's profile. A mapping never writes <c>_id</c> or the envelope.</para>
/// <para>The <c>_id</c> is computed the way Cozy connectors compute <c>fileIdAttributes</c>: the values of the identity
/// keys, taken in the ordinal order of the key names, joined with <c>####</c>, then hashed (SHA-256, first 16 bytes,
/// lowercase hex). Re-exporting the same data gives the same ids, so platforms deduplicate it.</para>
/// <para>A minimal custom mapping implements <see cref="Doctype"/>, <see cref="IdentityKeys"/>,
/// <see cref="WriteIdentity"/>, <see cref="WriteFields"/> and <see cref="Read"/>; <see cref="Validate"/> and
/// <see cref="GetChangeInstant"/> have defaults. <see cref="JsonDoctypeMapping{TRecord}"/> implements the writing and
/// reading with System.Text.Json for records whose properties carry their wire names.</para>
/// </remarks>
public interface IDoctypeMapping<TRecord>
{
    /// <summary>Gets the doctype of the documents.</summary>
    Doctype Doctype { get; }

    /// <summary>Gets the names of the identity keys, in ordinal order (for example <c>date</c>, <c>amount</c>, <c>vendor</c> sorted).</summary>
    IReadOnlyList<string> IdentityKeys { get; }

    /// <summary>Gets the version of the document shape, written as <c>cozyMetadata.doctypeVersion</c>.</summary>
    /// <value>The default value is 1.</value>
    int DoctypeVersion => 1;

    /// <summary>Checks a record before it is written; reports a failure through <paramref name="context"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="context">Names the doctype and record index of a failure, and offers the common checks.</param>
    void Validate(TRecord record, RecordValidationContext context)
    {
    }

    /// <summary>Gets the instant the record changed, compared with the export's <c>since</c>/<c>until</c> window.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The instant, or <see langword="null"/> when the record has none and is always exported.</returns>
    DateTimeOffset? GetChangeInstant(TRecord record) => null;

    /// <summary>Writes the values of the identity keys, one per key, in the order of <see cref="IdentityKeys"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="keys">The writer that joins and hashes the values.</param>
    void WriteIdentity(TRecord record, ref IdentityKeyWriter keys);

    /// <summary>Writes the record's fields into the document object the builder has opened.</summary>
    /// <param name="writer">The writer, positioned inside the document object.</param>
    /// <param name="record">The record.</param>
    /// <param name="context">The export's profile and the helpers that write values the way the profile expects.</param>
    void WriteFields(Utf8JsonWriter writer, TRecord record, DocumentWriteContext context);

    /// <summary>Reads a record back from a document of this doctype.</summary>
    /// <param name="document">The document.</param>
    /// <param name="context">The profile the document was written with and the helpers that read its values.</param>
    /// <returns>The record.</returns>
    /// <exception cref="SelfDataValidationException">The document is malformed for this doctype (<c>SD2015</c>).</exception>
    TRecord Read(JsonElement document, DocumentReadContext context);
}

/// <summary>
/// Declares that a mapping's records form time series, so the builder checks their order and step:
/// readings out of order, repeated or off the step are refused (<c>SD2005</c>, <c>SD2006</c>, <c>SD2007</c>).
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public interface ISeriesMapping<TRecord> : IDoctypeMapping<TRecord>
{
    /// <summary>Gets the step of the series in ticks (for example 30 minutes for a load curve, one day for daily energy).</summary>
    long StepTicks { get; }

    /// <summary>Gets the key of the series a record belongs to (for example the usage point).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The series key.</returns>
    string GetSeriesKey(TRecord record);

    /// <summary>Gets the position of a reading: its start and its length, in ticks on one time line.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The start and length in ticks.</returns>
    (long Start, long Length) GetPosition(TRecord record);

    /// <summary>Determines whether two readings at the same position carry the same values.</summary>
    /// <param name="first">The first reading.</param>
    /// <param name="second">The second reading.</param>
    /// <returns><see langword="true"/> when the readings are identical, so one may be dropped as a duplicate.</returns>
    bool IsSameReading(TRecord first, TRecord second);
}

/// <summary>Declares that a mapping's documents come with file content (for <c>io.cozy.files</c>), written next to the document by archives.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public interface IAttachmentMapping<TRecord> : IDoctypeMapping<TRecord>
{
    /// <summary>Gets the content that goes with a record's document, if any.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The content, or <see langword="null"/>.</returns>
    IExportedContent? GetContent(TRecord record);
}

/// <summary>Represents the content of a file that an archive writes next to the file's document.</summary>
public interface IExportedContent
{
    /// <summary>Gets the file's path in the person's drive, such as <c>/Administratif/EDF/2024-01.pdf</c>.</summary>
    string Path { get; }

    /// <summary>Opens the content for reading.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A readable stream the caller disposes.</returns>
    ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default);
}
