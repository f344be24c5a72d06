using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SelfData.Core;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests;

/// <summary>Builds exports with a fixed clock and collects their documents.</summary>
internal static class ExportHarness
{
    public static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static PortabilityOptions Options(ExportProfile profile = ExportProfile.Cozy, bool pilotStrings = false) => new()
    {
        Holder = new HolderId("enedis", "fr.enedis", "Enedis"),
        Profile = profile,
        CreatedByApp = "selfdata-tests",
        CreatedByAppVersion = "1.0.0",
        SourceAccountIdentifier = "germaine.dupond@example.org",
        MesInfosStringNumbers = pilotStrings,
    };

    public static PortabilityExportBuilder Builder(PortabilityOptions? options = null) =>
        new PortabilityExportBuilder(options ?? Options(), new FakeTimeProvider(Now)).ForSubject(new SubjectId("subject-1"));

    public static async Task<List<string>> WriteAsync<T>(IDoctypeMapping<T> mapping, IEnumerable<T> records, PortabilityOptions? options = null)
    {
        var export = Builder(options).Add(mapping, records).Build();
        var sink = new CollectingSink();
        await export.WriteAsync(sink);
        return sink.Documents;
    }

    public static async Task<byte[]> NdjsonAsync<T>(IDoctypeMapping<T> mapping, IEnumerable<T> records, PortabilityOptions? options = null)
    {
        var export = Builder(options).Add(mapping, records).Build();
        using var stream = new MemoryStream();
        await export.Datasets[0].WriteNdjsonAsync(stream);
        return stream.ToArray();
    }

    public static List<T> ReadBack<T>(IDoctypeMapping<T> mapping, IEnumerable<string> documents, ExportProfile profile)
    {
        var context = new DocumentReadContext(mapping.Doctype, profile);
        var records = new List<T>();
        foreach (var json in documents)
        {
            using var doc = JsonDocument.Parse(json);
            records.Add(mapping.Read(doc.RootElement, context));
            context.DocumentIndex++;
        }

        return records;
    }

    internal sealed class CollectingSink : IDocumentSink
    {
        public List<string> Documents { get; } = [];

        public List<string> Ids { get; } = [];

        public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
        {
            Documents.Add(Encoding.UTF8.GetString(document.Json.Span));
            Ids.Add(document.GetId());
            return ValueTask.CompletedTask;
        }
    }
}
