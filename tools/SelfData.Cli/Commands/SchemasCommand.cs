using System.CommandLine;
using SelfData.Conformance;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Cli;

/// <summary><c>selfdata schemas list</c> and <c>selfdata schemas show &lt;doctype&gt;</c>: the published JSON Schemas.</summary>
internal static class SchemasCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output();
        var list = new Command("list", "List the doctypes with published schemas, and their schema ids.") { output };
        list.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, console =>
        {
            var rows = ConformanceSchemas.Doctypes.Select(d => new
            {
                doctype = d,
                strictCozy = ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, d)?.AbsoluteUri,
                compatibleCozy = ConformanceSchemas.GetId(ConformanceLevel.Compatible, ExportProfile.Cozy, d)?.AbsoluteUri,
                strictMesInfos = ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.MesInfos, d)?.AbsoluteUri,
                compatibleMesInfos = ConformanceSchemas.GetId(ConformanceLevel.Compatible, ExportProfile.MesInfos, d)?.AbsoluteUri,
            }).ToList();
            if (console.Json)
            {
                console.WriteJson(new { baseUri = ConformanceSchemas.BaseUri.AbsoluteUri, doctypes = rows, selfdata = Enum.GetValues<SelfDataSchema>().Select(s => new { name = s.ToString(), id = ConformanceSchemas.GetId(s).AbsoluteUri }) });
            }
            else
            {
                console.Table($"{rows.Count} doctypes, each at two levels (strict, compatible) in two profiles (cozy, mesinfos)", ["doctype", "strict cozy schema"], rows.Select(r => (IReadOnlyList<string>)[r.doctype, r.strictCozy ?? "-"]));
                console.Table("SelfData documents", ["schema", "id"], Enum.GetValues<SelfDataSchema>().Select(s => (IReadOnlyList<string>)[s.ToString(), ConformanceSchemas.GetId(s).AbsoluteUri]));
            }

            return Task.FromResult(ExitCodes.Success);
        }));

        var doctype = new Argument<string>("doctype") { Description = "The doctype, such as io.cozy.bills, or a SelfData schema name such as Manifest." };
        var profile = new Option<string>("--profile") { Description = "cozy or mesinfos.", DefaultValueFactory = _ => "cozy" };
        profile.AcceptOnlyFromAmong("cozy", "mesinfos");
        var level = new Option<string>("--level") { Description = "strict or compatible.", DefaultValueFactory = _ => "strict" };
        level.AcceptOnlyFromAmong("strict", "compatible");
        var show = new Command("show", "Print a published JSON Schema.") { doctype, profile, level };
        show.SetAction((parse, cancellationToken) => Program.RunAsync(parse, null, console =>
        {
            var name = parse.GetValue(doctype)!;
            var id = Enum.TryParse<SelfDataSchema>(name, ignoreCase: true, out var selfData)
                ? ConformanceSchemas.GetId(selfData)
                : ConformanceSchemas.GetId(
                    parse.GetValue(level) == "compatible" ? ConformanceLevel.Compatible : ConformanceLevel.Strict,
                    parse.GetValue(profile) == "mesinfos" ? ExportProfile.MesInfos : ExportProfile.Cozy,
                    name);
            var text = id is null ? null : ConformanceSchemas.GetSchemaText(id);
            if (text is null)
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, $"No published schema for '{name}'; run 'selfdata schemas list'.");
            }

            console.Out.WriteLine(text);
            return Task.FromResult(ExitCodes.Success);
        }));
        return new Command("schemas", "The published JSON Schemas.") { list, show };
    }
}
