using System.Text.RegularExpressions;

namespace SelfData.Core.Tests;

/// <summary>Every C# example in the README, the package READMEs and docs/ is quoted from code that compiles (samples/ or tests/).</summary>
public partial class DocsSnippetTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var root = ErrorCatalogueTests.RepositoryRoot();
        var data = new TheoryData<string>();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
            .Concat(Directory.Exists(Path.Combine(root, "tools")) ? Directory.EnumerateFiles(Path.Combine(root, "tools"), "README.md", SearchOption.AllDirectories) : []);
        foreach (var file in files)
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Csharp_examples_are_quoted_from_compiled_code(string markdown)
    {
        var root = ErrorCatalogueTests.RepositoryRoot();
        var corpus = string.Join('\n', new[] { "samples", "tests", "tools" }
            .Select(d => Path.Combine(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => Normalize(File.ReadAllText(f))));
        foreach (Match block in CsharpBlock().Matches(File.ReadAllText(Path.Combine(root, markdown))))
        {
            var snippet = Normalize(block.Groups["code"].Value);
            Assert.True(corpus.Contains(snippet, StringComparison.Ordinal), $"{markdown}: this example is not found in samples/, tests/ or tools/:\n{block.Groups["code"].Value}");
        }
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
