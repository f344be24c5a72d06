using System.Buffers.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// Tells a mapping which profile the export targets and writes values the way that profile expects:
/// instants in RFC 3339 with offset, dates as <c>YYYY-MM-DD</c>, numbers as JSON numbers (or, in the MesInfos profile
/// with <see cref="PortabilityOptions.MesInfosStringNumbers"/>, as the strings the pilot used), and links in the
/// profile's relationship form.
/// </summary>
public sealed class DocumentWriteContext
{
    private static readonly JsonEncodedText RelationshipsName = JsonEncodedText.Encode("relationships");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("_id");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("_type");

    internal DocumentWriteContext(ExportProfile profile, bool pilotStringNumbers, DateTimeOffset transactionTime)
    {
        Profile = profile;
        PilotStringNumbers = profile == ExportProfile.MesInfos && pilotStringNumbers;
        TransactionTime = transactionTime;
    }

    /// <summary>Gets the profile of the export.</summary>
    public ExportProfile Profile { get; }

    /// <summary>Gets a value indicating whether numbers the MesInfos pilot stored as strings are written as strings.</summary>
    public bool PilotStringNumbers { get; }

    /// <summary>Gets the instant of the export (its <c>transactionTime</c>).</summary>
    public DateTimeOffset TransactionTime { get; }

    /// <summary>Writes an instant in RFC 3339 form with its offset.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The instant.</param>
    public static void WriteInstant(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[Rfc3339.MaxUtf8Length];
        Rfc3339.TryFormat(value, buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>Writes an instant in RFC 3339 form with its offset.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The instant.</param>
    public static void WriteInstant(Utf8JsonWriter writer, string name, DateTimeOffset value) =>
        WriteInstant(writer, JsonEncodedText.Encode(name), value);

    /// <summary>Writes a calendar date as <c>YYYY-MM-DD</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The date.</param>
    public static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateOnly value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[10];
        Rfc3339.TryFormatDate(value, buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>Writes a calendar date as <c>YYYY-MM-DD</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The date.</param>
    public static void WriteDate(Utf8JsonWriter writer, string name, DateOnly value) =>
        WriteDate(writer, JsonEncodedText.Encode(name), value);

    /// <summary>Writes a number the MesInfos pilot stored as a string: a string when <see cref="PilotStringNumbers"/> is on, else a JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The number.</param>
    public void WritePilotNumber(Utf8JsonWriter writer, JsonEncodedText name, decimal value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (PilotStringNumbers)
        {
            Span<byte> buffer = stackalloc byte[32];
            Utf8Formatter.TryFormat(value, buffer, out var written);
            writer.WriteString(name, buffer[..written]);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>Writes a number the MesInfos pilot stored as a string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The number.</param>
    public void WritePilotNumber(Utf8JsonWriter writer, string name, decimal value) =>
        WritePilotNumber(writer, JsonEncodedText.Encode(name), value);

    /// <summary>
    /// Writes links to other documents in the profile's form: in the Cozy profile one <c>relationships</c> object,
    /// <c>{"name": {"data": {"_id", "_type"}}}</c>; in the MesInfos profile legacy strings <c>"doctype:id"</c> under the
    /// link's <see cref="DocumentReference.LegacyField"/>.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="references">The links; empty ones are skipped.</param>
    public void WriteRelationships(Utf8JsonWriter writer, ReadOnlySpan<DocumentReference> references)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var any = false;
        foreach (var reference in references)
        {
            any |= reference.Id is not null;
        }

        if (!any)
        {
            return;
        }

        if (Profile == ExportProfile.MesInfos)
        {
            foreach (var reference in references)
            {
                if (reference.Id is not null)
                {
                    writer.WriteString(reference.LegacyField, reference.Target.Name + ":" + reference.Id);
                }
            }

            return;
        }

        writer.WriteStartObject(RelationshipsName);
        foreach (var reference in references)
        {
            if (reference.Id is null)
            {
                continue;
            }

            writer.WriteStartObject(reference.Name);
            writer.WriteStartObject(DataName);
            writer.WriteString(IdName, reference.Id);
            writer.WriteString(TypeName, reference.Target.Name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}

/// <summary>Represents a link from a document to another document.</summary>
/// <param name="Name">The relationship name in the Cozy profile, such as <c>document</c>.</param>
/// <param name="LegacyField">The field holding the legacy <c>"doctype:id"</c> string in the MesInfos profile, such as <c>invoice</c>.</param>
/// <param name="Target">The doctype of the linked document.</param>
/// <param name="Id">The <c>_id</c> of the linked document, or <see langword="null"/> for no link.</param>
public readonly record struct DocumentReference(string Name, string LegacyField, Doctype Target, string? Id);
