using System.CommandLine;
using SelfData.Conformance;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Cli;

/// <summary>
/// <c>selfdata validate &lt;path&gt;</c>: a JSON document, a JSON array, an NDJSON file or an export archive against the
/// published schemas, at the strict or compatible level, in the Cozy or MesInfos profile.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var path = new Argument<FileInfo>("path") { Description = "A JSON document, a JSON array, an NDJSON file (.ndjson) or an export archive (.zip)." };
        var doctype = new Option<string?>("--doctype") { Description = "The doctype, when the documents do not say it (no docType field, not in an archive)." };
        var profile = new Option<string>("--profile") { Description = "cozy or mesinfos.", DefaultValueFactory = _ => "cozy" };
        profile.AcceptOnlyFromAmong("cozy", "mesinfos");
        var level = new Option<string>("--level") { Description = "strict (what the SDK emits) or compatible (what platforms receive today).", DefaultValueFactory = _ => "strict" };
        level.AcceptOnlyFromAmong("strict", "compatible");
        var keys = new Option<FileInfo?>("--keys") { Description = "For an archive: the holder's JWKS, to verify its signature and checksums too." };
        var unknown = new Option<string>("--unknown-doctypes") { Description = "error (a document without a schema is invalid, SD3003) or warn (accepted unchecked, warning SD3045).", DefaultValueFactory = _ => "error" };
        unknown.AcceptOnlyFromAmong("error", "warn");
        var schemas = new Option<string[]>("--schema") { Description = "A holder's own doctype schema, DOCTYPE=FILE (JSON Schema draft 2020-12); repeat for several.", AllowMultipleArgumentsPerToken = false };
        var aliases = new Option<string[]>("--alias") { Description = "A holder's own doctype that reuses a published shape, DOCTYPE=PUBLISHED (fr.eauxdusud.water.day=com.grandlyon.egl.day); repeat for several." };
        var output = CommonOptions.Output();
        var command = new Command("validate", "Check documents against the published JSON Schemas; every error with its document, instance location, keyword location and code, and apart from them the warnings (at compatible level: where accepted documents are not strict).")
        {
            path, doctype, profile, level, keys, unknown, schemas, aliases, output,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, async console =>
        {
            var file = parse.GetValue(path)!;
            var options = new SchemaConformanceValidatorOptions
            {
                Profile = parse.GetValue(profile) == "mesinfos" ? ExportProfile.MesInfos : ExportProfile.Cozy,
                Level = parse.GetValue(level) == "compatible" ? ConformanceLevel.Compatible : ConformanceLevel.Strict,
                UnknownDoctypes = parse.GetValue(unknown) == "warn" ? UnknownDoctypeHandling.Warn : UnknownDoctypeHandling.Error,
            };
            foreach (var pair in parse.GetValue(schemas) ?? [])
            {
                var (schemaDoctype, schemaPath) = CommonOptions.SplitPair(pair, "--schema", "DOCTYPE=FILE");
                options.DoctypeSchemas[schemaDoctype] = Files.ReadText(new FileInfo(schemaPath));
            }

            foreach (var pair in parse.GetValue(aliases) ?? [])
            {
                var (own, published) = CommonOptions.SplitPair(pair, "--alias", "DOCTYPE=PUBLISHED");
                options.DoctypeAliases[own] = published;
            }

            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, string.Join(" ", problems.Select(p => p.Message)));
            }

            var validator = new SchemaConformanceValidator(options);
            // The doctype comes from the option, else from a file named after it (data/<doctype>.ndjson, as archives lay it out).
            var named = Path.GetFileNameWithoutExtension(file.Name);
            var type = parse.GetValue(doctype)
                ?? (ConformanceSchemas.Doctypes.Contains(named, StringComparer.Ordinal) || options.DoctypeSchemas.ContainsKey(named) || options.DoctypeAliases.ContainsKey(named) ? named : null);
            var stream = Files.OpenRead(file);
            ConformanceResult result;
            await using (stream.ConfigureAwait(false))
            {
                result = await ValidateAsync(validator, stream, file, type, parse.GetValue(keys), cancellationToken).ConfigureAwait(false);
            }

            var errors = result.Errors.Select(e => new
            {
                document = e.Document.ToString(),
                instanceLocation = e.InstanceLocation,
                keywordLocation = e.KeywordLocation,
                code = e.Code,
                message = e.Message,
                cause = e.Cause?.Code,
            }).ToList();
            var warnings = result.Warnings.Select(w => new
            {
                document = w.Document.ToString(),
                instanceLocation = w.InstanceLocation,
                code = w.Code,
                strictCode = w.StrictCode,
                property = w.Property,
                expected = w.Expected,
                message = w.Message,
            }).ToList();
            if (console.Json)
            {
                console.WriteJson(new { valid = result.IsValid, documents = result.Documents, errors, documentsWithWarnings = result.DocumentsWithWarnings, warnings });
            }
            else
            {
                if (result.IsValid)
                {
                    console.Line($"valid: {result.Documents} document(s) conform at the {parse.GetValue(level)} level ({parse.GetValue(profile)} profile)"
                        + (result.DocumentsWithWarnings > 0 ? $"; {result.DocumentsWithWarnings} accepted with warnings (not strict)." : "."));
                }
                else
                {
                    console.Table(
                        $"invalid: {result.InvalidDocuments} of {result.Documents} document(s); {result.Errors.Count} error(s){(result.ErrorsTruncated ? " (truncated)" : string.Empty)}",
                        ["document", "instanceLocation", "keywordLocation", "code", "message"],
                        errors.Select(e => (IReadOnlyList<string>)[e.document, e.instanceLocation, e.keywordLocation ?? string.Empty, e.cause is null ? e.code : $"{e.code} ({e.cause})", e.message]));
                }

                if (warnings.Count > 0)
                {
                    console.Table(
                        $"warnings: {result.DocumentsWithWarnings} document(s) accepted but not strict; {warnings.Count} warning(s){(result.WarningsTruncated ? " (truncated)" : string.Empty)}",
                        ["document", "instanceLocation", "code", "strict form expected", "message"],
                        warnings.Select(w => (IReadOnlyList<string>)[w.document, w.instanceLocation + (w.property is null ? string.Empty : " ." + w.property), w.strictCode is null ? w.code : $"{w.code} ({w.strictCode})", w.expected ?? string.Empty, w.message]));
                }
            }

            return result.IsValid ? ExitCodes.Success : ExitCodes.Invalid;
        }));
        return command;
    }

    private static async Task<ConformanceResult> ValidateAsync(SchemaConformanceValidator validator, FileStream stream, FileInfo file, string? doctype, FileInfo? keys, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var read = await stream.ReadAsync(head, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        if (read >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            var trusted = keys is null ? null : Keys.Load(keys);
            return await validator.ValidateArchiveAsync(stream, trusted, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (file.Extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase) || file.Extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return await validator.ValidateNdjsonAsync(stream, doctype, cancellationToken).ConfigureAwait(false);
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var first = bytes.AsSpan().TrimStart(" \t\r\n\uFEFF"u8);
        return first.Length > 0 && first[0] == (byte)'['
            ? validator.ValidateArray(bytes, doctype)
            : validator.Validate(bytes, doctype);
    }
}
