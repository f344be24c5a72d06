using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SelfData.Core;
using SelfData.Sqlite;
using SelfData.Territory;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Geography;
using SelfData.Territory.Privacy;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

namespace SelfData.Cli;

/// <summary><c>selfdata territory aggregate|grid</c>: a territorial table under statistical secrecy, and grid cells.</summary>
internal static class TerritoryCommand
{
    public static Command Create() => new("territory", "Territorial studies: aggregate residents' contributions under statistical secrecy, and find grid cells.")
    {
        Aggregate(),
        Grid(),
        Catalogue(),
    };

    private static Command Catalogue()
    {
        var demo = new Option<DirectoryInfo>("--demo") { Description = "The demo folder (selfdata demo --out DIR): writes DIR/territory/catalogue.jsonld and catalogue.html, with the study's map when it has run.", Required = true };
        var lang = new Option<string>("--lang") { Description = "The page's language: fr or en.", DefaultValueFactory = _ => "fr" };
        lang.AcceptOnlyFromAmong("fr", "en");
        var command = new Command("catalogue", "Write the demo city's datablitz: which holders hold what personal data on the territory, as JSON-LD and a static page with the map.") { demo, lang };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, null, async console =>
        {
            var dir = parse.GetValue(demo)!;
            if (!dir.Exists)
            {
                throw new CliException(CliErrorCodes.FileNotFound, $"{dir.FullName} does not exist.");
            }

            var (jsonLd, html, cells) = await Demo.DemoStudy.WriteCatalogueAsync(dir, parse.GetValue(lang)!, cancellationToken).ConfigureAwait(false);
            console.Line($"wrote {Path.GetFileName(jsonLd)} and {Path.GetFileName(html)} in {Path.GetDirectoryName(html)} ({(cells == 0 ? "no map: run selfdata demo first" : cells + " grid cells on the map")}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Aggregate()
    {
        var input = new Option<FileInfo>("--input") { Description = "NDJSON contributions, one per line: {\"contributor\", \"area\" (9-char IRIS or 5-char commune), \"period\" (YYYY-MM), \"value\" (integer)}.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "The result file (JSON): every cell, margins included, with its status, and the audit.", Required = true };
        var k = new Option<int>("--k") { Description = "Frequency rule: a cell needs at least k contributors.", DefaultValueFactory = _ => 11 };
        var dominance = new Option<decimal?>("--dominance") { Description = "Dominance rule: the largest contributor may not exceed this share of a cell (0.85 for 85 %)." };
        var maxCells = new Option<int?>("--max-cells") { Description = "L0: the most cells one contributor keeps (chosen at random)." };
        var maxValue = new Option<long?>("--max-value") { Description = "U: contributions are clamped to [0, U]." };
        var epsilon = new Option<decimal?>("--epsilon") { Description = "Add discrete Laplace noise with this ε (needs --max-cells, --max-value and --budget-db)." };
        var budgetDb = new Option<FileInfo?>("--budget-db") { Description = "The SQLite file of the study's privacy budget." };
        var budgetTotal = new Option<decimal>("--budget") { Description = "The study's total ε, set on first use.", DefaultValueFactory = _ => 1m };
        var ledgerDb = new Option<FileInfo?>("--ledger") { Description = "The SQLite file of the study's release ledger: later releases stay consistent with earlier ones." };
        var study = new Option<string>("--study") { Description = "The study's name in the ledger and budget.", DefaultValueFactory = _ => "study" };
        var command = new Command("aggregate", "Aggregate contributions by area and month with every margin (IRIS → commune → total, months → year), apply the secrecy rules and secondary suppression, audit the release, and write it.")
        {
            input, output, k, dominance, maxCells, maxValue, epsilon, budgetDb, budgetTotal, ledgerDb, study,
        };
        command.SetAction((parse, cancellationToken) => Program.RunAsync(parse, null, async console =>
        {
            var rules = Rules(parse.GetValue(k), parse.GetValue(dominance));
            var (l0, u, eps) = (parse.GetValue(maxCells), parse.GetValue(maxValue), parse.GetValue(epsilon));
            if (l0 is <= 0 || u is <= 0)
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--max-cells and --max-value are positive.");
            }

            if (eps is not null && (l0 is null || u is null || parse.GetValue(budgetDb) is null))
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--epsilon needs --max-cells and --max-value (the sensitivity) and --budget-db (the budget it spends).");
            }

            var file = parse.GetValue(input)!;
            var contributions = Files.Io(file, () => ReadContributions(file));
            var bounder = l0 is not null || u is not null ? new ContributionBounder(l0, u) : null;
            var table = Aggregate(contributions, bounder);
            var options = new ReleaseOptions(rules) { Noise = eps is { } e ? new NoiseOptions(e, l0!.Value, u!.Value) : null };
            var name = parse.GetValue(study)!;
            IReleaseLedger ledger = parse.GetValue(ledgerDb) is { } ledgerFile ? new SqliteReleaseLedger($"Data Source={ledgerFile.FullName};Pooling=False") : new InMemoryReleaseLedger();
            IPrivacyBudget? budget = parse.GetValue(budgetDb) is { } budgetFile ? new SqlitePrivacyBudget($"Data Source={budgetFile.FullName};Pooling=False") : null;
            var release = await TableReleaser.ReleaseAsync(table, options, name, ledger, budget, eps is null ? null : parse.GetValue(budgetTotal), cancellationToken).ConfigureAwait(false);
            if (!release.Success)
            {
                console.Fail(release.Error!.Code, release.Error.Message);
                return release.Error.Code == TerritoryErrorCodes.ReleaseNotProtected ? ExitCodes.Invalid : ExitCodes.UsageOrIo;
            }

            var result = release.Value;
            var target = parse.GetValue(output)!;
            var bytes = Write(result, rules, contributions.Count, contributions.Sum(c => c.Value.Count), options.Noise);
            try
            {
                await File.WriteAllBytesAsync(target.FullName, bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(CliErrorCodes.FileUnreadable, $"{target.FullName} cannot be written: {ex.Message}");
            }
            var counts = result.Cells.GroupBy(c => c.StatusCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            console.Line($"released {result.Cells.Count} cells ({string.Join(", ", counts)}) from {contributions.Count} contributors to {target.Name}; audit passed: {result.Audit.Suppressed} suppressed cells, none recomputable (rank {result.Audit.Rank} of {result.Audit.Equations} equations on {result.Audit.Unknowns} unknowns){(result.NoiseDrawn ? $"; noise drawn with ε = {eps}" : string.Empty)}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Grid()
    {
        var lat = new Option<double>("--lat") { Description = "Latitude (WGS84 / ETRS89), degrees.", Required = true };
        var lon = new Option<double>("--lon") { Description = "Longitude, degrees.", Required = true };
        var size = new Option<int>("--size") { Description = "The cell size in metres (dividing 100 km: 100, 200, 1000…).", DefaultValueFactory = _ => 200 };
        var command = new Command("grid", "Print the INSPIRE grid cell (CRS3035RES{size}mN…E…) of a point.") { lat, lon, size };
        command.SetAction((parse, _) => Program.RunAsync(parse, null, console =>
        {
            var cell = GridCell.FromCoordinates(parse.GetValue(lat), parse.GetValue(lon), parse.GetValue(size));
            if (!cell.Success)
            {
                console.Fail(cell.Error!.Code, cell.Error.Message);
                return Task.FromResult(ExitCodes.UsageOrIo);
            }

            console.Line(cell.Value.ToString());
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static SecrecyRules Rules(int k, decimal? dominance)
    {
        if (k < 1)
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, "--k is at least 1.");
        }

        if (dominance is not { } share)
        {
            return new SecrecyRules("command line", "selfdata territory aggregate", k);
        }

        var percent = share * 100;
        if (share is <= 0 or >= 1 || percent != decimal.Truncate(percent))
        {
            throw new CliException(CliErrorCodes.InvalidOptionValue, $"--dominance is a share strictly between 0 and 1 in whole percents (0.85), not {share.ToString(CultureInfo.InvariantCulture)}.");
        }

        return new SecrecyRules("command line", "selfdata territory aggregate", k, new DominanceRule(1, (int)percent));
    }

    /// <summary>Reads contributions grouped by contributor, refusing any line that is not exactly the documented object.</summary>
    internal static Dictionary<string, List<(string Area, string Period, long Value)>> ReadContributions(FileInfo file)
    {
        var byContributor = new Dictionary<string, List<(string, string, long)>>(StringComparer.Ordinal);
        var line = 0;
        foreach (var text in File.ReadLines(file.FullName, Encoding.UTF8))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var (contributor, area, period, value) = ParseLine(text, line);
            if (!byContributor.TryGetValue(contributor, out var list))
            {
                byContributor[contributor] = list = [];
            }

            list.Add((area, period, value));
        }

        return byContributor;
    }

    private static (string Contributor, string Area, string Period, long Value) ParseLine(string text, int line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            throw Invalid(line, null, "is not JSON (" + e.Message + ")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(line, null, "is not an object");
            }

            string? contributor = null, area = null, period = null;
            long? value = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "contributor" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } c:
                        contributor = c;
                        break;
                    case "area" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: 5 or 9 } a:
                        area = a;
                        break;
                    case "period" when property.Value.ValueKind == JsonValueKind.String:
                        period = property.Value.GetString();
                        break;
                    case "value" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var v) && v >= 0:
                        value = v;
                        break;
                    case "contributor" or "area" or "period" or "value":
                        throw Invalid(line, property.Name, property.Name switch
                        {
                            "contributor" => "is not a non-empty string",
                            "area" => "is not a 9-character IRIS or 5-character commune code",
                            "period" => "is not a string",
                            _ => "is not a non-negative integer (fixed-point: Wh, L, cents, m, s)",
                        });
                    default:
                        throw Invalid(line, property.Name, "is not a member of a contribution (contributor, area, period, value)");
                }
            }

            var missing = new[] { ("contributor", contributor is null), ("area", area is null), ("period", period is null), ("value", value is null) }.FirstOrDefault(m => m.Item2);
            if (missing.Item1 is { } name)
            {
                throw Invalid(line, name, "is missing");
            }

            return (contributor!, area!, period!, value!.Value);
        }
    }

    private static SelfDataException Invalid(int line, string? field, string what) =>
        new(TerritoryErrorCodes.InvalidContribution, field is null ? $"line {line} {what}." : $"line {line}: '{field}' {what}.");

    internal static AggregateTable Aggregate(Dictionary<string, List<(string Area, string Period, long Value)>> contributions, ContributionBounder? bounder)
    {
        var areas = Hierarchy.IrisCommunes(contributions.Values.SelectMany(l => l.Select(c => c.Area))).GetValueOrThrow();
        var months = Hierarchy.Months(contributions.Values.SelectMany(l => l.Select(c => c.Period))).GetValueOrThrow();
        var leafProblem = contributions.Values.SelectMany(l => l).FirstOrDefault(c => areas.TryGetIndex(c.Area, out var a) && !areas.IsLeaf(a));
        if (leafProblem.Area is { } mixed)
        {
            throw new SelfDataException(TerritoryErrorCodes.InvalidContribution, $"The commune '{mixed}' is given both whole and by IRIS: a study is at one level per commune.");
        }

        var aggregator = new TableAggregator(areas, months);
        foreach (var (pseudonym, list) in contributions)
        {
            var key = KeyOf(pseudonym);
            var own = bounder is null
                ? list
                : [.. bounder.Bound(list.Select(c => new Contribution<(string, string)>(key, (c.Area, c.Period), c.Value))).Select(c => (c.Cell.Item1, c.Cell.Item2, c.Value))];
            aggregator.AddContributor(key, own);
        }

        return aggregator.ToTable();
    }

    /// <summary>The contributor key of a pseudonym in a contributions file: the SHA-256 of its UTF-8 bytes.</summary>
    internal static ContributorKey KeyOf(string pseudonym) => ContributorKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(pseudonym)));

    internal static byte[] Write(TableRelease release, SecrecyRules rules, int contributors, int contributions, NoiseOptions? noise)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("rules");
            json.WriteNumber("k", rules.MinContributors);
            if (rules.Dominance is { } d)
            {
                json.WriteNumber("dominance", d.Percent / 100m);
            }

            json.WriteEndObject();
            json.WriteNumber("contributors", contributors);
            json.WriteNumber("contributions", contributions);
            if (noise is not null)
            {
                json.WriteStartObject("noise");
                json.WriteString("mechanism", "discrete Laplace");
                json.WriteNumber("epsilon", noise.Epsilon);
                json.WriteNumber("maxCells", noise.MaxCellsPerContributor);
                json.WriteNumber("maxValue", noise.MaxValue);
                json.WriteBoolean("drawn", release.NoiseDrawn);
                json.WriteEndObject();
            }

            json.WriteStartArray("cells");
            foreach (var cell in release.Cells)
            {
                json.WriteStartObject();
                json.WriteString("area", cell.Area);
                json.WriteString("period", cell.Period);
                json.WriteString("status", cell.StatusCode);
                if (cell.Contributors is { } count)
                {
                    json.WriteNumber("contributors", count);
                }

                if (cell.Value is { } value)
                {
                    json.WritePropertyName("value");
                    json.WriteRawValue(value.ToString(CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("audit");
            json.WriteBoolean("passed", release.Audit.Passed);
            json.WriteNumber("suppressed", release.Audit.Suppressed);
            json.WriteNumber("unknowns", release.Audit.Unknowns);
            json.WriteNumber("equations", release.Audit.Equations);
            json.WriteNumber("rank", release.Audit.Rank);
            json.WriteStartArray("findings");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
