using System.Text.RegularExpressions;

namespace SelfData.Core.Tests;

public partial class ErrorCatalogueTests
{
    [Fact]
    public void Every_code_defined_in_src_is_documented_in_errors_md()
    {
        var root = RepositoryRoot();
        var defined = DefinedCodes(root);
        var documented = DocumentedCodes(root);
        Assert.NotEmpty(defined);
        var missing = defined.Keys.Except(documented).Order().ToList();
        Assert.True(missing.Count == 0, "Codes used in src/ but missing from docs/errors.md: " + string.Join(", ", missing.Select(c => c + " (" + defined[c] + ")")));
    }

    [Fact]
    public void Errors_md_lists_no_code_that_src_does_not_define()
    {
        var root = RepositoryRoot();
        var stale = DocumentedCodes(root).Except(DefinedCodes(root).Keys).Order().ToList();
        Assert.True(stale.Count == 0, "Codes in docs/errors.md that no source file defines: " + string.Join(", ", stale));
    }

    [Fact]
    public void Each_code_is_defined_once()
    {
        var root = RepositoryRoot();
        var definitions = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ConstantDefinition().Matches(File.ReadAllText(f)).Select(m => m.Groups["code"].Value))
            .GroupBy(c => c)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.True(definitions.Count == 0, "Codes defined by more than one constant: " + string.Join(", ", definitions));
    }

    [Fact]
    public void Codes_fall_in_their_documented_ranges()
    {
        var defined = DefinedCodes(RepositoryRoot());
        foreach (var (code, file) in defined)
        {
            var range = code[2];
            var package = file.Replace('\\', '/');
            var expected = package switch
            {
                _ when package.Contains("/SelfData.Consent/", StringComparison.Ordinal) => '1',
                _ when package.Contains("/Archives/", StringComparison.Ordinal) => '4',
                _ when package.Contains("/SelfData.Portability/", StringComparison.Ordinal) => '2',
                _ when package.Contains("/SelfData.Conformance/", StringComparison.Ordinal) => '3',
                _ when package.Contains("/SelfData.Territory/", StringComparison.Ordinal) => '6',
                _ when package.Contains("/SelfData.Orleans/", StringComparison.Ordinal) => '7',
                _ => range,
            };
            Assert.True(range == expected, $"{code} in {file} is outside its package's range SD{expected}xxx");
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SelfData.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (SelfData.Sdk.sln) not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string> DefinedCodes(string root)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new[] { "src", "tools" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories)))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in CodeLiteral().Matches(File.ReadAllText(file)))
            {
                codes.TryAdd(m.Groups["code"].Value, Path.GetRelativePath(root, file));
            }
        }

        return codes;
    }

    private static HashSet<string> DocumentedCodes(string root)
    {
        var text = File.ReadAllText(Path.Combine(root, "docs", "errors.md"));
        return DocumentedCode().Matches(text).Select(m => m.Groups["code"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?<code>SD[0-9]{4})\"")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex("const string \\w+ = \"(?<code>SD[0-9]{4})\"")]
    private static partial Regex ConstantDefinition();

    // A code is documented when it heads a row of a table in errors.md: "| SD9001 | …".
    [GeneratedRegex("^\\|\\s*`?(?<code>SD[0-9]{4})`?\\s*\\|", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();
}
