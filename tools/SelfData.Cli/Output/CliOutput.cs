using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace SelfData.Cli;

/// <summary>Writes results as rich tables on a terminal, plain text when redirected, or JSON for machines.</summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IAnsiConsole? _console;

    public CliOutput(TextWriter output, TextWriter error, bool json, bool? plain = null)
    {
        Out = output;
        Error = error;
        Json = json;
        Plain = plain ?? (System.Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null || Environment.GetEnvironmentVariable("TERM") == "dumb");
        if (!Plain && !json)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Json { get; }

    public bool Plain { get; }

    public IAnsiConsole? Console => _console;

    public void Line(string text)
    {
        if (!Json)
        {
            Out.WriteLine(text);
        }
    }

    public void Fail(string code, string message) => Error.WriteLine($"error {code}: {message}");

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public void Table(string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (Json)
        {
            return;
        }

        if (_console is null)
        {
            if (title is not null)
            {
                Out.WriteLine(title);
            }

            Out.WriteLine(string.Join('\t', headers));
            foreach (var row in rows)
            {
                Out.WriteLine(string.Join('\t', row));
            }

            return;
        }

        var table = new Table { Title = title is null ? null : new TableTitle(Markup.Escape(title)) };
        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        _console.Write(table);
    }
}
