using System.Text;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>Warnings: where a document accepted at the compatible level is not strict, apart from the errors.</summary>
public class WarningTests
{
    private static readonly SchemaConformanceValidator Compatible = Validators.Of(ConformanceLevel.Compatible, ExportProfile.Cozy);
    private static readonly SchemaConformanceValidator CompatibleMesInfos = Validators.Of(ConformanceLevel.Compatible, ExportProfile.MesInfos);

    private const string Operation = """{"label":"CB CARREFOUR","amount":-45.9,"currency":"EUR","date":"DATE","account":"a1"}""";

    [Theory]
    [InlineData("2017-09-22 00:00:00+01:00", "2017-09-22T00:00:00+01:00", "a space instead of 'T'")]
    [InlineData("2017-03-01T00:00:00", "2017-03-01T00:00:00±hh:mm", "no UTC offset")]
    [InlineData("2015-07-20T19:00", "2015-07-20T19:00:00±hh:mm", "no seconds, no UTC offset")]
    [InlineData("2017-08-17", "2017-08-17Thh:mm:ss±hh:mm", "a date without a time")]
    [InlineData("2017-09-22t10:00:00z", "2017-09-22T10:00:00Z", "a lowercase 't'")]
    [InlineData("2017-09-22T10:00:00+0100", "2017-09-22T10:00:00+01:00", "an offset without ':'")]
    public void An_instant_in_a_variant_real_connectors_write_is_accepted_with_a_warning_giving_the_strict_form(string written, string expected, string said)
    {
        var result = Compatible.Validate(Operation.Replace("DATE", written, StringComparison.Ordinal), "io.cozy.bank.operations");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings, w => w.InstanceLocation == "/date");
        Assert.Equal(ConformanceWarningCodes.TemporalNotStrict, warning.Code);
        // The strict schema's format or pattern, whichever its evaluation reports first: one warning either way.
        Assert.Contains(warning.StrictCode, new[] { ConformanceErrorCodes.InvalidFormat, ConformanceErrorCodes.PatternMismatch });
        Assert.Equal(expected, warning.Expected);
        Assert.Contains(said, warning.Message, StringComparison.Ordinal);
        Assert.Equal(ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, "io.cozy.bank.operations"), warning.SchemaId);
        Assert.Equal(1, result.DocumentsWithWarnings);
        Assert.Contains("(strict: " + expected + ")", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_strict_document_has_no_warning_and_an_invalid_one_has_errors_only()
    {
        var strictOperation = Operation.Replace("DATE", "2017-09-22T00:00:00+01:00", StringComparison.Ordinal)
            .Replace("}", ""","vendorId":"v1","_id":"x","cozyMetadata":{"doctypeVersion":1,"metadataVersion":1,"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","createdByApp":"a","createdByAppVersion":"1"}}""", StringComparison.Ordinal);
        Assert.True(Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).Validate(strictOperation, "io.cozy.bank.operations").IsValid);
        var clean = Compatible.Validate(strictOperation, "io.cozy.bank.operations");
        Assert.True(clean.IsValid);
        Assert.Empty(clean.Warnings);
        Assert.Equal(0, clean.DocumentsWithWarnings);

        var invalid = Compatible.Validate(Operation.Replace("DATE", "2017-02-30 00:00:00", StringComparison.Ordinal), "io.cozy.bank.operations");
        Assert.False(invalid.IsValid);
        Assert.Equal(ConformanceErrorCodes.PatternMismatch, Assert.Single(invalid.Errors).Code);
        Assert.Empty(invalid.Warnings);
    }

    [Fact]
    public void Nulls_empty_dates_string_numbers_and_missing_strict_fields_each_have_their_warning()
    {
        var json = """{"vendor":"EDF","clientId":"6012345678","balance":"0.00","nextBillDate":"","paymentMeans":null,"docTypeVersion":"konnectors_edf-0.7.9"}""";
        var result = CompatibleMesInfos.Validate(json, "org.fing.mesinfos.paymentterms");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var byLocation = result.Warnings.ToDictionary(w => w.InstanceLocation + (w.Property is null ? string.Empty : "." + w.Property));
        Assert.Equal(ConformanceWarningCodes.NumberAsString, byLocation["/balance"].Code);
        Assert.Equal("0.00", byLocation["/balance"].Expected);
        Assert.Equal(ConformanceErrorCodes.WrongType, byLocation["/balance"].StrictCode);
        Assert.Equal(ConformanceWarningCodes.NullValue, byLocation["/nextBillDate"].Code);
        Assert.Equal(ConformanceWarningCodes.NullValue, byLocation["/paymentMeans"].Code);
        Assert.Equal(ConformanceWarningCodes.StrictFieldMissing, byLocation["._id"].Code);
        Assert.Equal("_id", byLocation["._id"].Property);
        Assert.Equal(4, result.Warnings.Count);
    }

    [Fact]
    public void A_currency_symbol_is_another_kind_of_deviation_with_the_strict_code()
    {
        var result = Compatible.Validate(Operation.Replace("DATE", "2017-09-22T00:00:00Z", StringComparison.Ordinal).Replace("\"EUR\"", "\"€\"", StringComparison.Ordinal), "io.cozy.bank.operations");
        var warning = Assert.Single(result.Warnings, w => w.InstanceLocation == "/currency");
        Assert.Equal(ConformanceWarningCodes.NotStrict, warning.Code);
        Assert.Equal(ConformanceErrorCodes.ValueNotAllowed, warning.StrictCode);
    }

    [Fact]
    public void Warnings_can_be_turned_off_and_are_never_reported_at_the_strict_level()
    {
        var json = Operation.Replace("DATE", "2017-09-22 00:00:00", StringComparison.Ordinal);
        var quiet = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Compatible, ReportWarnings = false });
        var result = quiet.Validate(json, "io.cozy.bank.operations");
        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal(0, result.DocumentsWithWarnings);
        var strict = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).Validate(json, "io.cozy.bank.operations");
        Assert.False(strict.IsValid);
        Assert.Empty(strict.Warnings);
    }

    [Fact]
    public async Task An_ndjson_stream_lists_warnings_in_line_order_counts_every_warned_document_and_respects_the_budget()
    {
        var lines = new StringBuilder();
        for (var i = 1; i <= 500; i++)
        {
            var date = i % 2 == 0 ? "2017-09-22 00:00:00+01:00" : "2017-09-22T00:00:00+01:00";
            lines.Append(Operation.Replace("DATE", date, StringComparison.Ordinal).Replace("a1", "a" + i, StringComparison.Ordinal)).Append('\n');
        }

        var validator = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Compatible, MaxDegreeOfParallelism = 4, MaxWarnings = 100 });
        var result = await validator.ValidateNdjsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())), "io.cozy.bank.operations");
        Assert.True(result.IsValid);
        Assert.Equal(500, result.DocumentsWithWarnings);
        Assert.Equal(100, result.Warnings.Count);
        Assert.True(result.WarningsTruncated);
        var lineNumbers = result.Warnings.Select(w => w.Document.Line!.Value).ToList();
        Assert.Equal(lineNumbers.Order(), lineNumbers);
        Assert.All(result.Warnings.Where(w => w.InstanceLocation == "/date"), w => Assert.Equal(0, w.Document.Line!.Value % 2));
    }

    [Fact]
    public void An_unknown_doctype_is_an_error_by_default_and_a_warning_when_asked()
    {
        const string json = """{"day":"2024-01-01","litres":120}""";
        Assert.Equal(ConformanceErrorCodes.UnknownDoctype, Assert.Single(Compatible.Validate(json, "com.example.water.day").Errors).Code);
        var lenient = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { UnknownDoctypes = UnknownDoctypeHandling.Warn });
        var result = lenient.Validate(json, "com.example.water.day");
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(ConformanceWarningCodes.UnknownDoctype, warning.Code);
        Assert.Equal("com.example.water.day", warning.Document.Doctype);
        Assert.Equal(1, result.DocumentsByDoctype["com.example.water.day"]);

        // A name that is not a doctype stays an error.
        Assert.Equal(ConformanceErrorCodes.UnknownDoctype, Assert.Single(lenient.Validate(json, "Not A Doctype").Errors).Code);
    }

    [Fact]
    public void A_holders_own_schema_checks_its_doctype_at_every_level_and_profile()
    {
        const string schema = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["day","litres"],
             "properties":{"day":{"type":"string","format":"date"},"litres":{"type":"integer","minimum":0}}}
            """;
        foreach (var level in new[] { ConformanceLevel.Strict, ConformanceLevel.Compatible })
        {
            foreach (var profile in new[] { ExportProfile.Cozy, ExportProfile.MesInfos })
            {
                var options = new SchemaConformanceValidatorOptions { Level = level, Profile = profile };
                options.DoctypeSchemas["com.example.water.day"] = schema;
                var validator = new SchemaConformanceValidator(options);
                Assert.True(validator.Validate("""{"day":"2024-01-01","litres":120}""", "com.example.water.day").IsValid);
                var bad = validator.Validate("""{"day":"2024-02-30","litres":-1}""", "com.example.water.day");
                Assert.Equal([ConformanceErrorCodes.InvalidFormat, ConformanceErrorCodes.OutOfRange], bad.Errors.Select(e => e.Code).Order(StringComparer.Ordinal));
                Assert.Equal(new Uri("urn:selfdata:doctype:com.example.water.day"), bad.Errors[0].SchemaId);
                Assert.Empty(validator.Validate("""{"day":"2024-01-01","litres":120}""", "com.example.water.day").Warnings);
            }
        }
    }

    [Theory]
    [InlineData("io.cozy.bills", "{}", "published schema")]
    [InlineData("Com.Example", "{}", "not a doctype name")]
    [InlineData("com.example.x", "[1]", "JSON object")]
    [InlineData("com.example.x", "{\"type\":", "not well-formed JSON")]
    [InlineData("com.example.x", "{\"$ref\":\"https://example.org/other.json\"}", "self-contained")]
    public void A_holder_schema_that_cannot_be_used_is_refused_when_the_validator_is_created(string doctype, string schema, string said)
    {
        var options = new SchemaConformanceValidatorOptions();
        options.DoctypeSchemas[doctype] = schema;
        var problem = Assert.Single(options.Validate());
        Assert.Equal(ConformanceErrorCodes.InvalidOptions, problem.Code);
        Assert.Contains(said, problem.Message, StringComparison.Ordinal);
        var thrown = Assert.Throws<SelfDataArgumentException>(() => new SchemaConformanceValidator(options));
        Assert.Equal(ConformanceErrorCodes.InvalidOptions, thrown.Code);
    }

    [Fact]
    public void A_holder_doctype_that_reuses_a_published_shape_is_checked_with_its_schema()
    {
        var options = new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Compatible };
        options.DoctypeAliases["fr.eauxdusud.water.day"] = "com.grandlyon.egl.day";
        var validator = new SchemaConformanceValidator(options);
        var good = validator.Validate("""{"load":312,"year":2024,"month":3,"day":5,"hour":0,"minute":0}""", "fr.eauxdusud.water.day");
        Assert.True(good.IsValid, string.Join("; ", good.Errors));
        Assert.Equal(1, good.DocumentsByDoctype["fr.eauxdusud.water.day"]);
        Assert.Contains(good.Warnings, w => w.Property == "_id");
        var bad = validator.Validate("""{"load":312,"year":2024,"month":13,"day":5,"hour":0,"minute":0}""", "fr.eauxdusud.water.day");
        var error = Assert.Single(bad.Errors);
        Assert.Equal(ConformanceErrorCodes.OutOfRange, error.Code);
        Assert.Equal(ConformanceSchemas.GetId(ConformanceLevel.Compatible, ExportProfile.Cozy, "com.grandlyon.egl.day"), error.SchemaId);

        var wrong = new SchemaConformanceValidatorOptions();
        wrong.DoctypeAliases["fr.eauxdusud.water.day"] = "com.example.nothing";
        wrong.DoctypeAliases["io.cozy.bills"] = "io.cozy.files";
        Assert.Equal(2, wrong.Validate().Count);
    }

    [Fact]
    public void The_documented_holder_setup_checks_its_doctype_and_lets_other_unknown_ones_through_with_a_warning()
    {
        const string schemaText = """{"type":"object","required":["day","litres"],"properties":{"litres":{"type":"integer","minimum":0}}}""";
        var options = new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Compatible };
        options.DoctypeSchemas["com.example.water.day"] = schemaText; // your JSON Schema (draft 2020-12), as text
        options.UnknownDoctypes = UnknownDoctypeHandling.Warn; // others: accepted unchecked, SD3045
        var validator = new SchemaConformanceValidator(options);
        Assert.Equal(ConformanceErrorCodes.OutOfRange, Assert.Single(validator.Validate("""{"day":"2024-01-01","litres":-1}""", "com.example.water.day").Errors).Code);
        var other = validator.Validate("""{"x":1}""", "com.example.gas.day");
        Assert.True(other.IsValid);
        Assert.Equal(ConformanceWarningCodes.UnknownDoctype, Assert.Single(other.Warnings).Code);
    }
}
