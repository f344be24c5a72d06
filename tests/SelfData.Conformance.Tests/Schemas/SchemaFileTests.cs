using System.Text.Json;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Conformance.Tests.Schemas;

/// <summary>
/// The published files under <c>schemas/</c> are what the compact definitions generate, the package embeds exactly
/// those files, and every doctype the builders emit has its schemas. Run <c>eng/generate-schemas.sh</c> after changing
/// <see cref="DoctypeDefinitions"/>.
/// </summary>
public class SchemaFileTests
{
    private static readonly ConformanceLevel[] Levels = [ConformanceLevel.Strict, ConformanceLevel.Compatible];
    private static readonly ExportProfile[] Profiles = [ExportProfile.Cozy, ExportProfile.MesInfos];

    [Fact]
    public void The_published_doctype_schemas_are_what_the_definitions_generate()
    {
        var root = Repository.Schemas;
        var write = Environment.GetEnvironmentVariable("SELFDATA_WRITE_SCHEMAS") == "1";
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var drifted = new List<string>();
        foreach (var definition in DoctypeDefinitions.All)
        {
            foreach (var level in Levels)
            {
                foreach (var profile in Profiles)
                {
                    var relative = SchemaWriter.RelativePath(level, profile, definition.Doctype);
                    var path = Path.Combine(root, relative);
                    var text = SchemaWriter.Write(definition, level, profile);
                    expected.Add(relative);
                    if (write)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(path, text);
                    }

                    if (!File.Exists(path) || File.ReadAllText(path) != text)
                    {
                        drifted.Add(relative);
                    }
                }
            }
        }

        var stale = Levels.SelectMany(l => Profiles.Select(p => Path.Combine(root, SchemaWriter.Folder(l, p))))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json"))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !expected.Contains(f))
            .ToList();
        Assert.True(drifted.Count == 0, "Out of date (run eng/generate-schemas.sh): " + string.Join(", ", drifted));
        Assert.True(stale.Count == 0, "No definition generates: " + string.Join(", ", stale));
        Assert.Equal(36 * 4, expected.Count);
    }

    [Fact]
    public void The_files_under_schemas_are_exactly_the_embedded_schemas()
    {
        var root = Repository.Schemas;
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var embedded = ConformanceSchemas.Ids.Select(id => ConformanceSchemas.GetRelativePath(id)!).ToList();
        Assert.Equal(files, embedded);
        foreach (var id in ConformanceSchemas.Ids)
        {
            var relative = ConformanceSchemas.GetRelativePath(id)!;
            Assert.Equal(File.ReadAllText(Path.Combine(root, relative)), ConformanceSchemas.GetSchemaText(id));
        }
    }

    [Fact]
    public void Every_schema_is_draft_2020_12_with_its_path_as_id()
    {
        foreach (var id in ConformanceSchemas.Ids)
        {
            using var schema = JsonDocument.Parse(ConformanceSchemas.GetSchemaText(id)!);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
            Assert.Equal(id.AbsoluteUri, schema.RootElement.GetProperty("$id").GetString());
            Assert.Equal(new Uri(ConformanceSchemas.BaseUri, ConformanceSchemas.GetRelativePath(id)), id);
            Assert.StartsWith("https://schemas.selfdata.dev/v1/", id.AbsoluteUri, StringComparison.Ordinal);
            Assert.DoesNotContain("\"$ref\": \"http", ConformanceSchemas.GetSchemaText(id)!, StringComparison.Ordinal);
        }

        Assert.Equal(36 * 4 + 5, ConformanceSchemas.Ids.Count);
        foreach (var schema in Enum.GetValues<SelfDataSchema>())
        {
            Assert.Contains(ConformanceSchemas.GetId(schema), ConformanceSchemas.Ids);
        }
    }

    [Fact]
    public void Every_doctype_of_the_catalogue_has_its_four_schemas_and_no_other_doctype_has()
    {
        var emitted = BuilderCatalogue.All.Select(c => c.Doctype).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(emitted, ConformanceSchemas.Doctypes);
        foreach (var doctype in emitted)
        {
            foreach (var level in Levels)
            {
                foreach (var profile in Profiles)
                {
                    Assert.NotNull(ConformanceSchemas.GetId(level, profile, doctype));
                }
            }
        }

        Assert.Null(ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, "io.cozy.unknown"));
    }

    [Fact]
    public void The_builder_catalogue_covers_every_mapping_of_the_catalogue_classes()
    {
        Assert.Equal(
            BuilderCatalogue.CataloguePropertyNames().Order(StringComparer.Ordinal),
            BuilderCatalogue.All.Select(c => c.Name).Order(StringComparer.Ordinal));
    }
}

/// <summary>Finds the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Schemas => Path.Combine(Root, "schemas");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SelfData.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (SelfData.Sdk.sln) not found above " + AppContext.BaseDirectory);
    }
}
