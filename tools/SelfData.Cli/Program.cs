using System.CommandLine;
using SelfData.Core;

namespace SelfData.Cli;

/// <summary>The <c>selfdata</c> command-line tool.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("selfdata — give people back the data you hold about them: export, sign, validate and check consent.")
        {
            DemoCommand.Create(),
            VerifyCommand.Create(),
            ValidateCommand.Create(),
            SchemasCommand.Create(),
            JwsCommand.Create(),
            ConsentCommand.Create(),
            ServeCommand.Create(),
            TerritoryCommand.Create(),
            ClusterCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error {CliErrorCodes.InvalidOptionValue}: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'selfdata --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs a command body, turning user errors into one line with their code and the right exit code.</summary>
    public static async Task<int> RunAsync(System.CommandLine.ParseResult parse, Option<string>? output, Func<CliOutput, Task<int>> body)
    {
        var json = output is not null && parse.GetValue(output) == "json";
        var console = new CliOutput(Console.Out, Console.Error, json);
        try
        {
            return await body(console).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            console.Fail(ex.Code, ex.Message);
            return ExitCodes.UsageOrIo;
        }
        catch (SelfDataArgumentException ex)
        {
            console.Fail(ex.Code, ex.Message);
            return ExitCodes.UsageOrIo;
        }
        catch (SelfDataValidationException ex)
        {
            console.Fail(ex.Code, ex.Message);
            return ExitCodes.Invalid;
        }
        catch (SelfDataException ex)
        {
            console.Fail(ex.Code, ex.Message);
            return ExitCodes.UsageOrIo;
        }
        catch (SelfData.Orleans.ClusterException ex)
        {
            console.Fail(ex.Code, ex.Message);
            return ExitCodes.UsageOrIo;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Fail(CliErrorCodes.FileUnreadable, ex.Message);
            return ExitCodes.UsageOrIo;
        }
        catch (OperationCanceledException)
        {
            console.Fail(CliErrorCodes.FileUnreadable, "Cancelled.");
            return ExitCodes.UsageOrIo;
        }
    }
}
