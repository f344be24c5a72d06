using System.Collections.Frozen;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability.Bills;

/// <summary>
/// Represents a document the holder issued to the person — an invoice, a statement, a contract — as
/// <c>io.cozy.files</c> metadata with a qualification, and, in archives, the file content itself.
/// </summary>
public sealed record FileDocument
{
    /// <summary>Gets the file's full path in the person's drive, such as <c>/Administratif/EDF/2024-01.pdf</c> (<c>path</c>, <c>name</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Gets the media type, such as <c>application/pdf</c> (<c>mime</c>).</summary>
    public required string Mime { get; init; }

    /// <summary>Gets the size in bytes (<c>size</c>).</summary>
    public required long Size { get; init; }

    /// <summary>Gets when the file was created (<c>created_at</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the qualification label, such as <c>energy_invoice</c> or <c>bank_statement</c> (<c>metadata.qualification.label</c>).</summary>
    public required string Qualification { get; init; }

    /// <summary>Gets the MD5 of the content, base64 (<c>md5sum</c>), when known.</summary>
    public string? Md5Sum { get; init; }

    /// <summary>Gets who wrote the document, such as <c>edf</c> (<c>metadata.contentAuthor</c>).</summary>
    public string? ContentAuthor { get; init; }

    /// <summary>Gets the day the document was issued (<c>metadata.issueDate</c>).</summary>
    public DateOnly? IssueDate { get; init; }

    /// <summary>Gets the invoice number (<c>metadata.invoiceNumber</c>).</summary>
    public string? InvoiceNumber { get; init; }

    /// <summary>Gets the contract the document belongs to (<c>metadata.contractReference</c>).</summary>
    public string? ContractReference { get; init; }

    /// <summary>Gets the content, written by archives next to the metadata; not part of the document.</summary>
    public IExportedContent? Content { get; init; }

    /// <summary>Gets the file name: the last segment of <see cref="Path"/>.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}

/// <summary>Maps <see cref="FileDocument"/> records to <c>io.cozy.files</c> metadata. Identity key: <c>path</c>.</summary>
/// <remarks>
/// Writes <c>type: "file"</c>, <c>name</c>, <c>path</c>, <c>mime</c>, <c>class</c>, <c>size</c>, <c>created_at</c>,
/// <c>md5sum</c> and <c>metadata</c> with the qualification (<c>label</c>, <c>sourceCategory</c>,
/// <c>sourceSubCategory</c> from Cozy's qualification model), <c>contentAuthor</c>, <c>issueDate</c>,
/// <c>invoiceNumber</c>, <c>contractReference</c>, and <c>datetime</c>/<c>datetimeLabel</c>. A label outside
/// Cozy's model is refused (<c>SD2012</c>).
/// </remarks>
public sealed class FileDocumentMapping : IAttachmentMapping<FileDocument>
{
    private static readonly string[] Keys = ["path"];

    private static readonly FrozenDictionary<string, (string Category, string? SubCategory)> Qualifications =
        new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
        {
            ["energy_invoice"] = ("energy", null),
            ["energy_contract"] = ("energy", null),
            ["water_invoice"] = ("water", null),
            ["phone_invoice"] = ("telecom", "mobile"),
            ["isp_invoice"] = ("telecom", "internet"),
            ["telecom_invoice"] = ("telecom", null),
            ["bank_statement"] = ("bank", null),
            ["bank_details"] = ("bank", null),
            ["loan_agreement"] = ("bank", null),
            ["other_bank_document"] = ("bank", null),
            ["car_insurance"] = ("insurance", null),
            ["house_insurance"] = ("insurance", null),
            ["health_insurance_card"] = ("insurance", null),
            ["transport_invoice"] = ("transport", null),
            ["transport_card"] = ("transport", null),
            ["grocery_invoice"] = ("retail", null),
            ["appliance_invoice"] = ("retail", null),
            ["web_service_invoice"] = ("web", null),
            ["rent_receipt"] = ("real_estate", null),
            ["tax_notice"] = ("gov", null),
            ["pay_sheet"] = ("employer", null),
            ["health_invoice"] = ("health", null),
            ["other_invoice"] = ("shopping", null),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    internal FileDocumentMapping()
    {
    }

    /// <summary>Gets the qualification labels the mapping accepts.</summary>
    public static IEnumerable<string> QualificationLabels => Qualifications.Keys.Order(StringComparer.Ordinal);

    /// <inheritdoc />
    public Doctype Doctype { get; } = new("io.cozy.files");

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys => Keys;

    /// <inheritdoc />
    public DateTimeOffset? GetChangeInstant(FileDocument record) => record?.CreatedAt;

    /// <inheritdoc />
    public IExportedContent? GetContent(FileDocument record) => record?.Content;

    /// <inheritdoc />
    public void Validate(FileDocument record, RecordValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        context.RequireText(record.Path, "path", 1024);
        if (record.Path[0] != '/' || record.Path.EndsWith('/') || record.Path.Contains("//", StringComparison.Ordinal)
            || record.Path.Split('/').Any(s => s is "." or "..") || record.Path.Contains('\\', StringComparison.Ordinal) || record.Path.Any(char.IsControl))
        {
            context.Fail(PortabilityErrorCodes.ValueOutOfRange, "path", "The path must be absolute ('/Administratif/EDF/2024-01.pdf'), without '.', '..', '\\', empty segments or control characters.");
        }

        context.RequireText(record.Mime, "mime", 255);
        if (record.Size < 0)
        {
            context.Fail(PortabilityErrorCodes.ValueOutOfRange, "size", "The size must not be negative.");
        }

        if (!Qualifications.ContainsKey(record.Qualification ?? string.Empty))
        {
            context.Fail(PortabilityErrorCodes.UnknownEnumValue, "metadata.qualification.label", $"Qualification '{record.Qualification}' is not a Cozy qualification label; use one of {string.Join(", ", QualificationLabels)}.");
        }

        context.CheckLength(record.ContentAuthor, "metadata.contentAuthor", 256);
        context.CheckLength(record.InvoiceNumber, "metadata.invoiceNumber", 256);
        context.CheckLength(record.ContractReference, "metadata.contractReference", 256);
        context.CheckLength(record.Md5Sum, "md5sum", 64);
    }

    /// <inheritdoc />
    public void WriteIdentity(FileDocument record, ref IdentityKeyWriter keys)
    {
        ArgumentNullException.ThrowIfNull(record);
        keys.Add(record.Path);
    }

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, FileDocument record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteString("type", "file");
        writer.WriteString("name", record.Name);
        writer.WriteString("path", record.Path);
        writer.WriteString("mime", record.Mime);
        writer.WriteString("class", ClassOf(record.Mime));
        writer.WriteNumber("size", record.Size);
        DocumentWriteContext.WriteInstant(writer, "created_at", record.CreatedAt);
        if (record.Md5Sum is not null)
        {
            writer.WriteString("md5sum", record.Md5Sum);
        }

        writer.WriteStartObject("metadata");
        var (category, subCategory) = Qualifications[record.Qualification];
        writer.WriteStartObject("qualification");
        writer.WriteString("label", record.Qualification);
        writer.WriteString("sourceCategory", category);
        if (subCategory is not null)
        {
            writer.WriteString("sourceSubCategory", subCategory);
        }

        writer.WriteEndObject();
        if (record.ContentAuthor is not null)
        {
            writer.WriteString("contentAuthor", record.ContentAuthor);
        }

        if (record.IssueDate is { } issued)
        {
            DocumentWriteContext.WriteDate(writer, "issueDate", issued);
            DocumentWriteContext.WriteDate(writer, "datetime", issued);
            writer.WriteString("datetimeLabel", "issueDate");
        }

        if (record.InvoiceNumber is not null)
        {
            writer.WriteString("invoiceNumber", record.InvoiceNumber);
        }

        if (record.ContractReference is not null)
        {
            writer.WriteString("contractReference", record.ContractReference);
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public FileDocument Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!document.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("qualification", out var qualification) || qualification.ValueKind != JsonValueKind.Object)
        {
            throw context.Fail("metadata.qualification", "A file document needs metadata.qualification.");
        }

        return new FileDocument
        {
            Path = context.GetString(document, "path"),
            Mime = context.GetString(document, "mime"),
            Size = (long)context.GetDecimal(document, "size"),
            CreatedAt = context.GetInstant(document, "created_at"),
            Md5Sum = context.GetOptionalString(document, "md5sum"),
            Qualification = context.GetString(qualification, "label"),
            ContentAuthor = context.GetOptionalString(metadata, "contentAuthor"),
            IssueDate = context.GetOptionalDate(metadata, "issueDate"),
            InvoiceNumber = context.GetOptionalString(metadata, "invoiceNumber"),
            ContractReference = context.GetOptionalString(metadata, "contractReference"),
        };
    }

    private static string ClassOf(string mime) =>
        mime switch
        {
            "application/pdf" => "pdf",
            _ when mime.StartsWith("image/", StringComparison.Ordinal) => "image",
            _ when mime.StartsWith("text/", StringComparison.Ordinal) => "text",
            _ when mime.StartsWith("audio/", StringComparison.Ordinal) => "audio",
            _ when mime.StartsWith("video/", StringComparison.Ordinal) => "video",
            _ => "files",
        };
}

/// <summary>Creates <see cref="IExportedContent"/> for file documents.</summary>
public static class FileContent
{
    /// <summary>Creates content from bytes held in memory.</summary>
    /// <param name="path">The file's path in the person's drive.</param>
    /// <param name="bytes">The content.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IExportedContent FromBytes(string path, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Delegated(path, _ => ValueTask.FromResult<Stream>(new MemoryStream(bytes.ToArray(), writable: false)));
    }

    /// <summary>Creates content read from a local file when the archive is written.</summary>
    /// <param name="path">The file's path in the person's drive.</param>
    /// <param name="localFile">The local file to read.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IExportedContent FromFile(string path, string localFile)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(localFile);
        return new Delegated(path, _ => ValueTask.FromResult<Stream>(new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)));
    }

    /// <summary>Creates content from a factory that opens a stream when the archive is written.</summary>
    /// <param name="path">The file's path in the person's drive.</param>
    /// <param name="open">Opens the content; the caller disposes the stream.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IExportedContent FromStream(string path, Func<CancellationToken, ValueTask<Stream>> open)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(open);
        return new Delegated(path, open);
    }

    private sealed class Delegated(string path, Func<CancellationToken, ValueTask<Stream>> open) : IExportedContent
    {
        public string Path { get; } = path;

        public ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default) => open(cancellationToken);
    }
}
