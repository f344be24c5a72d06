using System.Text.Json;
using Json.Schema;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Conformance;

/// <summary>One published schema: where it is, its text, and the schema built from it on first use.</summary>
internal sealed class SchemaEntry
{
    private readonly Lazy<JsonSchema> _schema;
    private readonly Lazy<FlagEvaluator> _flag;
    private readonly Lazy<JsonDocument> _json;
    private readonly Lazy<string> _text;

    internal SchemaEntry(Uri id, string relativePath, string resourceName)
        : this(id, relativePath, () => ReadResource(resourceName), SchemaCatalogue.Build)
    {
    }

    /// <summary>Initializes an entry whose text and schema come from elsewhere (a holder's own doctype schema).</summary>
    internal SchemaEntry(Uri id, string relativePath, Func<string> text, Func<SchemaEntry, JsonSchema> build)
    {
        Id = id;
        RelativePath = relativePath;
        _text = new(text, LazyThreadSafetyMode.ExecutionAndPublication);
        _schema = new(() => build(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _json = new(() => JsonDocument.Parse(Text), LazyThreadSafetyMode.ExecutionAndPublication);
        _flag = new(() => FlagEvaluator.Create(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Uri Id { get; }

    public string RelativePath { get; }

    public string Text => _text.Value;

    /// <summary>Gets the schema, built once into the catalogue's private registry.</summary>
    public JsonSchema Schema => _schema.Value;

    /// <summary>Gets the evaluator of the schema's Flag verdict.</summary>
    public FlagEvaluator Flag => _flag.Value;

    /// <summary>Gets the schema as JSON, to look up the keywords an error points at.</summary>
    public JsonElement Json => _json.Value.RootElement;

    private static string ReadResource(string name)
    {
        using var stream = typeof(SchemaEntry).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("The embedded schema " + name + " is missing.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The embedded schemas, each built on first use into one private <see cref="SchemaRegistry"/> — never the global
/// registry, never fetching anything: every schema refers only to its own <c>$defs</c>.
/// </summary>
internal static class SchemaCatalogue
{
    internal static readonly Uri BaseUri = new("https://schemas.selfdata.dev/v1/");

    private const string ResourcePrefix = "schemas/";
    private const string Suffix = ".schema.json";

    private static readonly SchemaRegistry Registry = new();
    private static readonly object BuildLock = new();
    private static readonly Dictionary<string, SchemaEntry> ByPath = Load();
    private static readonly Dictionary<Uri, SchemaEntry> ById = ByPath.Values.ToDictionary(e => e.Id);

    internal static IReadOnlyList<Uri> Ids { get; } = [.. ByPath.Keys.Order(StringComparer.Ordinal).Select(p => ByPath[p].Id)];

    internal static IReadOnlyList<string> Doctypes { get; } =
    [
        .. ByPath.Keys
            .Where(p => !p.StartsWith("selfdata/", StringComparison.Ordinal))
            .Select(p => p[(p.LastIndexOf('/') + 1)..^Suffix.Length])
            .Distinct(StringComparer.Ordinal)
            .Where(d => Levels.All(l => Profiles.All(p => ByPath.ContainsKey(PathOf(l, p, d)))))
            .Order(StringComparer.Ordinal),
    ];

    private static ConformanceLevel[] Levels => [ConformanceLevel.Strict, ConformanceLevel.Compatible];

    private static ExportProfile[] Profiles => [ExportProfile.Cozy, ExportProfile.MesInfos];

    internal static SchemaEntry? Find(ConformanceLevel level, ExportProfile profile, string doctype) =>
        ByPath.GetValueOrDefault(PathOf(level, profile, doctype));

    internal static SchemaEntry Find(SelfDataSchema schema)
    {
        var name = schema switch
        {
            SelfDataSchema.Manifest => "manifest",
            SelfDataSchema.ConsentReceipt => "consent-receipt",
            SelfDataSchema.ServiceLinkRecord => "mydata-service-link-record",
            SelfDataSchema.ConsentRecord => "mydata-consent-record",
            SelfDataSchema.ConsentStatusRecord => "mydata-consent-status-record",
            _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "Not a defined schema."),
        };
        return ByPath["selfdata/" + name + Suffix];
    }

    internal static SchemaEntry? Find(Uri id) => ById.GetValueOrDefault(id);

    internal static string LevelName(ConformanceLevel level) => level == ConformanceLevel.Strict ? "strict" : "compatible";

    internal static string ProfileName(ExportProfile profile) => profile == ExportProfile.Cozy ? "cozy" : "mesinfos";

    internal static JsonSchema Build(SchemaEntry entry)
    {
        // Registering is not thread-safe; each schema is built once, under the lock.
        lock (BuildLock)
        {
            return JsonSchema.FromText(entry.Text, new BuildOptions { SchemaRegistry = Registry });
        }
    }

    private static string PathOf(ConformanceLevel level, ExportProfile profile, string doctype) =>
        LevelName(level) + "/" + ProfileName(profile) + "/" + doctype + Suffix;

    private static Dictionary<string, SchemaEntry> Load()
    {
        var entries = new Dictionary<string, SchemaEntry>(StringComparer.Ordinal);
        foreach (var resource in typeof(SchemaCatalogue).Assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = name[ResourcePrefix.Length..];
            entries[path] = new SchemaEntry(new Uri(BaseUri, path), path, resource);
        }

        return entries;
    }
}
