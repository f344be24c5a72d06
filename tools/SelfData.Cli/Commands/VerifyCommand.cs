using System.CommandLine;
using SelfData.Portability;
using SelfData.Portability.Archives;

namespace SelfData.Cli;

/// <summary><c>selfdata verify &lt;archive&gt; --keys &lt;jwks-file&gt;</c>: signature, checksums and counts, safe on hostile archives.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var archive = new Argument<FileInfo>("archive") { Description = "The export archive (.zip) to verify." };
        var keys = new Option<FileInfo>("--keys") { Description = "The holder's published keys: a JWKS (or JWK) file.", Required = true };
        var output = CommonOptions.Output();
        var command = new Command("verify", "Verify an export archive: signature with the given keys only, then every file's SHA-256, bytes and document count; refuses hostile archives.")
        {
            archive, keys, output,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, async console =>
        {
            var trusted = Keys.Load(parse.GetValue(keys)!);
            var file = parse.GetValue(archive)!;
            var stream = Files.OpenRead(file);
            await using var disposeStream = stream.ConfigureAwait(false);
            var result = await PortabilityArchive.VerifyAsync(stream, trusted, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (console.Json)
            {
                console.WriteJson(new
                {
                    valid = result.IsValid,
                    signingKeyId = result.SigningKeyId,
                    entries = result.Entries,
                    documents = result.Manifest?.Files.Where(f => f.Kind == "documents").Sum(f => f.Count),
                    failures = result.Failures.Select(f => new { code = f.Code, entry = f.Entry, message = f.Message }),
                });
            }
            else if (result.IsValid)
            {
                console.Line($"valid: {file.Name} signed by '{result.SigningKeyId}' ({result.Manifest!.HolderName}), {result.Manifest.Files.Where(f => f.Kind == "documents").Sum(f => f.Count)} documents in {result.Manifest.Files.Count} files, all checksums match.");
            }
            else
            {
                console.Table($"invalid: {file.Name}", ["code", "entry", "message"], result.Failures.Select(f => (IReadOnlyList<string>)[f.Code, f.Entry ?? "", f.Message]));
            }

            return result.IsValid ? ExitCodes.Success : ExitCodes.Invalid;
        }));
        return command;
    }
}

internal static class CommonOptions
{
    public static Option<string> Output()
    {
        var option = new Option<string>("--output")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>Splits an option value of the form <c>KEY=VALUE</c>, both non-empty.</summary>
    /// <param name="value">The option's value.</param>
    /// <param name="option">The option, for the message (<c>--schema</c>).</param>
    /// <param name="form">The expected form, for the message (<c>DOCTYPE=FILE</c>).</param>
    /// <returns>The key and the value.</returns>
    /// <exception cref="CliException">The value is not of that form.</exception>
    public static (string Key, string Value) SplitPair(string value, string option, string form)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, $"{option} takes {form}, not '{value}'.");
        }

        return (value[..equals], value[(equals + 1)..]);
    }
}
