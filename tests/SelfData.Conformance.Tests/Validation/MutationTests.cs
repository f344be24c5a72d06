using System.Text.Json.Nodes;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Banking;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Mobility;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests;

namespace SelfData.Conformance.Tests;

/// <summary>
/// Targeted mutations of valid builder output are caught at the right place: every required field dropped, every value
/// swapped for one of another kind, every date and instant corrupted, every currency replaced — for every doctype and
/// profile, the error names the mutated value's JSON Pointer and the right code.
/// </summary>
public class MutationTests
{
    private static readonly string[] DateCodes = [ConformanceErrorCodes.InvalidFormat, ConformanceErrorCodes.PatternMismatch];

    public static TheoryData<ExportProfile> Profiles => new() { ExportProfile.Cozy, ExportProfile.MesInfos };

    [Property(MaxTest = 3)]
    public Property Dropping_any_required_field_is_reported_on_its_object_with_its_name() =>
        ForEverySite(ConformanceLevel.Strict, (validator, doctype, document, site) =>
        {
            if (site.Value is not JsonObject obj || !site.Schema.TryGetProperty("required", out var required))
            {
                return;
            }

            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!).Where(obj.ContainsKey))
            {
                var mutated = SchemaNavigator.With(document, site.Pointer + "/" + SchemaNavigator.Escape(name), null, remove: true);
                var result = validator.Validate(mutated, doctype);
                Assert.Contains(result.Errors, e => e.Code == ConformanceErrorCodes.RequiredPropertyMissing && e.InstanceLocation == site.Pointer && e.Property == name);
                Assert.Equal(1, result.InvalidDocuments);
            }
        });

    [Property(MaxTest = 3)]
    public Property Swapping_any_value_for_another_kind_is_reported_at_that_value() =>
        ForEverySite(ConformanceLevel.Strict, (validator, doctype, document, site) =>
        {
            if (site.Value is not JsonValue value || site.Pointer.Length == 0)
            {
                return;
            }

            JsonNode replacement = value.GetValueKind() switch
            {
                JsonValueKind.String => JsonValue.Create(42),
                JsonValueKind.Number => JsonValue.Create("forty-two"),
                _ => JsonValue.Create("yes"),
            };
            var result = validator.Validate(SchemaNavigator.With(document, site.Pointer, replacement), doctype);
            var expected = site.Schema.TryGetProperty("type", out _) ? ConformanceErrorCodes.WrongType : ConformanceErrorCodes.ValueNotAllowed;
            Assert.True(
                result.Errors.Any(e => e.InstanceLocation == site.Pointer && e.Code == expected),
                $"{doctype} {site.Pointer} → {replacement.ToJsonString()}: expected {expected}, got " + string.Join("; ", result.Errors.Select(e => $"{e.Code} {e.InstanceLocation}")));
        });

    [Property(MaxTest = 3)]
    public Property Corrupted_dates_and_instants_are_refused_at_strict_where_they_are() =>
        ForEverySite(ConformanceLevel.Strict, (validator, doctype, document, site) =>
        {
            if (site.Definition is not ("instant" or "date") || site.Value is not JsonValue)
            {
                return;
            }

            var instant = site.Definition == "instant";
            string[] corrupt = instant
                ? ["2016-03-033T00:00:00.000Z", "2024-13-01T00:00:00Z", "2023-02-29T10:00:00+01:00", "2024-01-01T00:00:00", "2017-09-22 00:00:00+01:00", "2024-01-01T25:00:00Z", "22/09/2017"]
                : ["2016-07-012016-07-01", "2024-13-01", "2023-02-29", "2024-1-1", "2024-01-01T00:00:00Z"];
            foreach (var text in corrupt)
            {
                if (text.Length > 10 && !instant && site.Pointer.EndsWith("/datetime", StringComparison.Ordinal))
                {
                    continue; // io.cozy.files metadata.datetime is a date or an instant.
                }

                var result = validator.Validate(SchemaNavigator.With(document, site.Pointer, JsonValue.Create(text)), doctype);
                var here = result.Errors.Where(e => e.InstanceLocation == site.Pointer).ToList();
                Assert.True(here.Count > 0, $"{doctype} {site.Pointer} = {text} passes strict.");
                Assert.All(here, e => Assert.Contains(e.Code, DateCodes));
                Assert.All(result.Errors, e => Assert.Equal(site.Pointer, e.InstanceLocation));
            }
        });

    [Property(MaxTest = 3)]
    public Property Real_world_date_forms_pass_compatible_and_impossible_dates_do_not() =>
        ForEverySite(ConformanceLevel.Compatible, (validator, doctype, document, site) =>
        {
            if (site.Definition != "temporal" || site.Value is not JsonValue)
            {
                return;
            }

            foreach (var text in new[] { "2017-03-01T00:00:00", "2017-09-22 00:00:00+01:00", "2015-07-20T19:00", "2016-03-01T00:00:00.000Z", "2017-08-17", "2024-02-29T12:00:00+0100" })
            {
                var result = validator.Validate(SchemaNavigator.With(document, site.Pointer, JsonValue.Create(text)), doctype);
                Assert.True(result.IsValid, $"{doctype} {site.Pointer} = {text}: " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }

            foreach (var text in new[] { "2016-03-033T00:00:00.000Z", "2016-07-012016-07-01", "2017-13-01", "2017-02-30T00:00:00", "2023-02-29", "2024-04-31", "10/04/2011", "2017-01-01T24:00:00" })
            {
                var result = validator.Validate(SchemaNavigator.With(document, site.Pointer, JsonValue.Create(text)), doctype);
                Assert.Contains(result.Errors, e => e.InstanceLocation == site.Pointer && e.Code == ConformanceErrorCodes.PatternMismatch);
            }
        });

    [Property(MaxTest = 3)]
    public Property Currencies_outside_iso_4217_are_refused_where_they_are() =>
        Prop.ForAll(Exports.ToArbitrary(), exports =>
        {
            foreach (var level in new[] { ConformanceLevel.Strict, ConformanceLevel.Compatible })
            {
                foreach (var (profile, validator, doctype, document) in Documents(exports, level))
                {
                    var schema = SchemaJson(level, profile, doctype);
                    foreach (var site in SchemaNavigator.Sites(schema, document).Where(s => s.Definition is "currency" or "currencyOrSymbol"))
                    {
                        foreach (var text in new[] { "EURO", "eur", "XXY", "" })
                        {
                            var result = validator.Validate(SchemaNavigator.With(document, site.Pointer, JsonValue.Create(text)), doctype);
                            Assert.Contains(result.Errors, e => e.InstanceLocation == site.Pointer && e.Code == ConformanceErrorCodes.ValueNotAllowed);
                        }

                        var symbol = validator.Validate(SchemaNavigator.With(document, site.Pointer, JsonValue.Create("€")), doctype);
                        Assert.Equal(level == ConformanceLevel.Compatible, symbol.IsValid);
                    }
                }
            }

            return true;
        });

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_negative_bill_amount_and_an_unknown_operation_type_are_refused(ExportProfile profile)
    {
        var validator = Validators.Of(ConformanceLevel.Strict, profile);
        var bill = Sample("BillingDoctypes.Bills", profile);
        var result = validator.Validate(SchemaNavigator.With(bill, "/amount", JsonValue.Create(-12.5m)), "io.cozy.bills");
        Assert.Equal([(ConformanceErrorCodes.OutOfRange, "/amount")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));

        var operation = Sample("BankingDoctypes.Operations", profile);
        operation["type"] = "credit card";
        Assert.True(validator.Validate(operation.ToJsonString(), "io.cozy.bank.operations").IsValid);
        result = validator.Validate(SchemaNavigator.With(operation, "/type", JsonValue.Create("wire")), "io.cozy.bank.operations");
        Assert.Equal([(ConformanceErrorCodes.ValueNotAllowed, "/type")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
        Assert.Equal("/properties/type/enum", result.Errors[0].KeywordLocation);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Coordinates_out_of_range_are_refused_where_they_are(ExportProfile profile)
    {
        var validator = Validators.Of(ConformanceLevel.Strict, profile);
        var point = Sample("TelecomDoctypes.GeoPoints", profile);
        var result = validator.Validate(SchemaNavigator.With(point, "/latitude", JsonValue.Create(91.5)), "fr.orange.geopoint");
        Assert.Equal([(ConformanceErrorCodes.OutOfRange, "/latitude")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
        result = validator.Validate(SchemaNavigator.With(point, "/longitude", JsonValue.Create(-180.01)), "fr.orange.geopoint");
        Assert.Equal([(ConformanceErrorCodes.OutOfRange, "/longitude")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));

        var trip = Sample("MobilityDoctypes.Trips", profile);
        // Latitude and longitude swapped: a longitude of 151.2 written where the latitude goes.
        var swapped = SchemaNavigator.With(trip, "/series/0/properties/start_loc/coordinates/1", JsonValue.Create(151.2));
        result = validator.Validate(swapped, "io.cozy.timeseries.geojson");
        Assert.Equal([(ConformanceErrorCodes.OutOfRange, "/series/0/properties/start_loc/coordinates/1")], result.Errors.Select(e => (e.Code, e.InstanceLocation)));
    }

    [Fact]
    public void An_unexpected_property_in_a_closed_enedis_object_is_refused_at_strict_only()
    {
        var reading = Sample("ElectricityDoctypes.LoadCurve", ExportProfile.Cozy);
        reading["usage_point"]![0]!["meter_reading"]!["reading_type"]!["unit_typo"] = "W";
        var strict = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).Validate(reading.ToJsonString(), "fr.enedis.api.meteringdata.loadcurve");
        var error = Assert.Single(strict.Errors);
        Assert.Equal(ConformanceErrorCodes.UnexpectedProperty, error.Code);
        Assert.Equal("/usage_point/0/meter_reading/reading_type/unit_typo", error.InstanceLocation);
        Assert.Equal("unit_typo", error.Property);
        Assert.Equal("/properties/usage_point/items/properties/meter_reading/properties/reading_type/additionalProperties", error.KeywordLocation);
        Assert.True(Validators.Of(ConformanceLevel.Compatible, ExportProfile.Cozy).Validate(reading.ToJsonString(), "fr.enedis.api.meteringdata.loadcurve").IsValid);

        // Platforms add their own fields at the root of any document.
        reading.AsObject().Remove("usage_point_unused");
        reading["_rev"] = "2-b4d36d1b";
        reading["myPlatformField"] = new JsonObject { ["any"] = 1 };
        reading["usage_point"]![0]!["meter_reading"]!["reading_type"]!.AsObject().Remove("unit_typo");
        Assert.True(Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).Validate(reading.ToJsonString(), "fr.enedis.api.meteringdata.loadcurve").IsValid);
    }

    [Fact]
    public void The_files_cozy_metadata_accepts_only_the_keys_cozy_stack_accepts()
    {
        var file = Sample("BillingDoctypes.Files", ExportProfile.Cozy);
        file["cozyMetadata"]!["uploadedBy"] = new JsonObject { ["slug"] = "drive" };
        Assert.True(Validators.Of(ConformanceLevel.Compatible, ExportProfile.Cozy).Validate(file.ToJsonString(), "io.cozy.files").IsValid);
        file["cozyMetadata"]!["carbonCopy"] = true;
        foreach (var level in new[] { ConformanceLevel.Strict, ConformanceLevel.Compatible })
        {
            var result = Validators.Of(level, ExportProfile.Cozy).Validate(file.ToJsonString(), "io.cozy.files");
            Assert.Equal([(ConformanceErrorCodes.UnexpectedProperty, "/cozyMetadata/carbonCopy", "carbonCopy")], result.Errors.Select(e => (e.Code, e.InstanceLocation, e.Property)));
        }
    }

    [Fact]
    public void A_required_property_missing_inside_a_reference_is_reported_through_the_reference()
    {
        var bill = Sample("BillingDoctypes.Bills", ExportProfile.Cozy);
        var result = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).Validate(SchemaNavigator.With(bill, "/cozyMetadata/createdAt", null, remove: true), "io.cozy.bills");
        var error = Assert.Single(result.Errors);
        Assert.Equal((ConformanceErrorCodes.RequiredPropertyMissing, "/cozyMetadata", "createdAt"), (error.Code, error.InstanceLocation, error.Property));
        Assert.Equal("/properties/cozyMetadata/$ref/required", error.KeywordLocation);
        Assert.Equal(ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, "io.cozy.bills"), error.SchemaId);
        Assert.Equal("The required property 'createdAt' is missing.", error.Message);
        Assert.EndsWith($"at /cozyMetadata: {ConformanceErrorCodes.RequiredPropertyMissing} The required property 'createdAt' is missing.", error.ToString(), StringComparison.Ordinal);
    }

    private static Gen<List<(ExportProfile Profile, List<(BuilderCase Case, List<string> Documents)> Export)>> Exports =>
        from cozy in BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.Cozy))
        from mesinfos in BuilderCatalogue.Exports(ExportHarness.Options(ExportProfile.MesInfos))
        select new List<(ExportProfile, List<(BuilderCase, List<string>)>)> { (ExportProfile.Cozy, cozy), (ExportProfile.MesInfos, mesinfos) };

    private static Property ForEverySite(ConformanceLevel level, Action<SchemaConformanceValidator, string, JsonNode, SchemaSite> check) =>
        Prop.ForAll(Exports.ToArbitrary(), exports =>
        {
            foreach (var (profile, validator, doctype, document) in Documents(exports, level))
            {
                Assert.True(validator.Validate(document.ToJsonString(), doctype).IsValid);
                foreach (var site in SchemaNavigator.Sites(SchemaJson(level, profile, doctype), document))
                {
                    check(validator, doctype, document, site);
                }
            }

            return true;
        });

    /// <summary>One document per builder case and profile (the first of each export), with the validator for its level.</summary>
    private static IEnumerable<(ExportProfile Profile, SchemaConformanceValidator Validator, string Doctype, JsonNode Document)> Documents(
        List<(ExportProfile Profile, List<(BuilderCase Case, List<string> Documents)> Export)> exports, ConformanceLevel level)
    {
        foreach (var (profile, export) in exports)
        {
            var validator = Validators.Of(level, profile);
            foreach (var (builderCase, documents) in export)
            {
                yield return (profile, validator, builderCase.Doctype, JsonNode.Parse(documents[0])!);
            }
        }
    }

    internal static JsonElement SchemaJson(ConformanceLevel level, ExportProfile profile, string doctype) =>
        JsonDocument.Parse(ConformanceSchemas.GetSchemaText(ConformanceSchemas.GetId(level, profile, doctype)!)!).RootElement;

    internal static JsonNode Sample(string caseName, ExportProfile profile) =>
        JsonNode.Parse(BuilderCatalogue.All.Single(c => c.Name == caseName).Documents(ExportHarness.Options(profile)).Sample(10, 1).First()[0])!;
}
