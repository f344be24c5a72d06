using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability;
using SelfData.Portability.Tests;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>Every document the export builders write conforms to its published schema: valid by construction.</summary>
public class BuilderOutputTests
{
    internal static readonly SchemaConformanceValidator StrictCozy = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy);
    internal static readonly SchemaConformanceValidator StrictMesInfos = Validators.Of(ConformanceLevel.Strict, ExportProfile.MesInfos);
    internal static readonly SchemaConformanceValidator CompatibleCozy = Validators.Of(ConformanceLevel.Compatible, ExportProfile.Cozy);
    internal static readonly SchemaConformanceValidator CompatibleMesInfos = Validators.Of(ConformanceLevel.Compatible, ExportProfile.MesInfos);

    [Property(MaxTest = 15)]
    public Property Every_builder_output_conforms_at_strict_in_the_cozy_profile() =>
        Prop.ForAll(BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.Cozy)).ToArbitrary(), exports => AllConform(exports, StrictCozy));

    [Property(MaxTest = 15)]
    public Property Every_builder_output_conforms_at_strict_in_the_mesinfos_profile() =>
        Prop.ForAll(BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.MesInfos)).ToArbitrary(), exports => AllConform(exports, StrictMesInfos));

    [Property(MaxTest = 10)]
    public Property Every_builder_output_conforms_at_compatible_too() =>
        Prop.ForAll(
            BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.Cozy)).ToArbitrary(),
            BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.MesInfos)).ToArbitrary(),
            (cozy, mesinfos) => AllConform(cozy, CompatibleCozy) && AllConform(mesinfos, CompatibleMesInfos));

    /// <summary>
    /// The MesInfos pilot switch writes some numbers as strings: compatible accepts them, strict refuses them — with a
    /// type error exactly where a string replaced a number, for every doctype whose pilot shape has string numbers.
    /// </summary>
    [Property(MaxTest = 15)]
    public Property Pilot_string_numbers_conform_at_compatible_and_fail_strict_where_they_are_strings() =>
        Prop.ForAll(BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true)).ToArbitrary(), exports =>
        {
            var strict = true;
            foreach (var (builderCase, documents) in exports)
            {
                foreach (var json in documents)
                {
                    var compatible = CompatibleMesInfos.Validate(json, builderCase.Doctype);
                    Assert.True(compatible.IsValid, Describe(builderCase, json, compatible));
                    var strings = JsonPaths.StringNumbers(json);
                    var result = StrictMesInfos.Validate(json, builderCase.Doctype);
                    if (strings.Count == 0)
                    {
                        Assert.True(result.IsValid, Describe(builderCase, json, result));
                        continue;
                    }

                    Assert.False(result.IsValid, builderCase.Name + " with pilot strings passes strict:\n" + json);
                    Assert.All(result.Errors, e => Assert.Equal(ConformanceErrorCodes.WrongType, e.Code));
                    Assert.Equal(strings.Order(StringComparer.Ordinal), result.Errors.Select(e => e.InstanceLocation).Distinct().Order(StringComparer.Ordinal));
                    strict &= !result.IsValid;
                }
            }

            return strict;
        });

    [Fact]
    public void The_pilot_switch_produces_string_numbers_in_the_doctypes_that_had_them()
    {
        var options = ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true);
        var withStrings = BuilderCatalogue.Exports(options).Sample(20, 5)
            .SelectMany(e => e)
            .Where(e => e.Documents.Any(d => JsonPaths.StringNumbers(d).Count > 0))
            .Select(e => e.Case.Doctype)
            .ToHashSet();
        Assert.Contains("org.fing.mesinfos.consumptionstatement", withStrings);
        Assert.Contains("fr.enedis.api.meteringdata.loadcurve", withStrings);
        Assert.Contains("io.cozy.bills", withStrings);
        Assert.Contains("org.fing.mesinfos.contract", withStrings);
    }

    internal static bool AllConform(List<(BuilderCase Case, List<string> Documents)> exports, SchemaConformanceValidator validator)
    {
        foreach (var (builderCase, documents) in exports)
        {
            foreach (var json in documents)
            {
                var result = validator.Validate(json, builderCase.Doctype);
                Assert.True(result.IsValid, Describe(builderCase, json, result));
                Assert.Equal(1, result.Documents);
                Assert.Equal(1, result.DocumentsByDoctype[builderCase.Doctype]);
            }
        }

        return true;
    }

    internal static string Describe(BuilderCase builderCase, string json, ConformanceResult result) =>
        $"{builderCase.Name} ({result.Level}, {result.Profile}):\n" + string.Join("\n", result.Errors.Select(e => $"  {e.Code} at '{e.InstanceLocation}' ({e.KeywordLocation}) {e.Property}: {e.Message}")) + "\n" + json;
}

/// <summary>Validators shared by the tests.</summary>
internal static class Validators
{
    public static SchemaConformanceValidator Of(ConformanceLevel level, ExportProfile profile, int parallelism = 2) =>
        new(new SchemaConformanceValidatorOptions { Level = level, Profile = profile, MaxDegreeOfParallelism = parallelism });
}

/// <summary>Finds values in documents.</summary>
internal static class JsonPaths
{
    /// <summary>The JSON Pointers of the strings that hold a number (the pilot's string numbers), outside identifiers.</summary>
    public static List<string> StringNumbers(string json)
    {
        var found = new List<string>();
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Walk(document.RootElement, "", found);
        return found;
    }

    private static readonly HashSet<string> NumberFields = new(StringComparer.Ordinal)
    {
        "value", "volume", "index", "contract_power", "reading_number", "power", "dernierIndex", "annualConsumption", "amount", "power_subscribed",
    };

    private static void Walk(System.Text.Json.JsonElement element, string pointer, List<string> found)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = pointer + "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    if (property.Value.ValueKind == System.Text.Json.JsonValueKind.String && NumberFields.Contains(property.Name))
                    {
                        found.Add(child);
                    }
                    else
                    {
                        Walk(property.Value, child, found);
                    }
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, pointer + "/" + i++, found);
                }

                break;
        }
    }
}
