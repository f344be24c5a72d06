using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Bills;
using SelfData.Portability.Telecom;

namespace SelfData.Conformance.Tests;

/// <summary>Bad input comes back as results with codes; only null arguments throw.</summary>
public class ValidatorTests
{
    private static readonly SchemaConformanceValidator Strict = Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy);

    [Fact]
    public void Invalid_json_is_an_error_with_its_position()
    {
        var result = Strict.Validate("{\n  \"vendor\": \"EDF\",\n  \"amount\": 12,,\n}", "io.cozy.bills");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConformanceErrorCodes.InvalidJson, error.Code);
        Assert.Equal(3, error.Position!.Value.Line);
        Assert.Equal(15, error.Position!.Value.BytePositionInLine);
        Assert.Equal("io.cozy.bills", error.Document.Doctype);
        Assert.Equal((1L, 1L), (result.Documents, result.InvalidDocuments));
        Assert.False(result.IsValid);
        Assert.StartsWith("The document is not well-formed JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Cause);
        Assert.Null(error.KeywordLocation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{'a':1}")]
    public void Malformed_or_ambiguous_json_is_refused(string json) =>
        Assert.Equal(ConformanceErrorCodes.InvalidJson, Assert.Single(Strict.Validate(json, "io.cozy.bills").Errors).Code);

    [Fact]
    public void The_doctype_comes_from_the_caller_or_the_documents_doctype_field()
    {
        var bill = MutationTests.Sample("BillingDoctypes.Bills", ExportProfile.Cozy);
        Assert.Equal(ConformanceErrorCodes.DoctypeMissing, Assert.Single(Strict.Validate(bill.ToJsonString()).Errors).Code);
        bill["docType"] = "io.cozy.bills";
        var result = Strict.Validate(bill.ToJsonString());
        Assert.True(result.IsValid);
        Assert.Equal(1, result.DocumentsByDoctype["io.cozy.bills"]);

        // The caller wins over the field.
        var error = Assert.Single(Strict.Validate(bill.ToJsonString(), "io.cozy.bank.accounts").Errors, e => e.Property == "vendorId");
        Assert.Equal(ConformanceErrorCodes.RequiredPropertyMissing, error.Code);
    }

    [Theory]
    [InlineData("io.cozy.unknown")]
    [InlineData("ConsumpionStatement")]
    [InlineData("io..cozy")]
    [InlineData("")]
    public void An_unknown_doctype_is_its_own_error(string doctype)
    {
        var result = Strict.Validate("{}", doctype);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConformanceErrorCodes.UnknownDoctype, error.Code);
        Assert.Empty(result.DocumentsByDoctype);
        Assert.Equal(1, result.InvalidDocuments);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_document_must_be_an_object(string json) =>
        Assert.Equal(ConformanceErrorCodes.NotAnObject, Assert.Single(Strict.Validate(json, "io.cozy.bills").Errors).Code);

    [Fact]
    public void Bytes_strings_and_elements_give_the_same_result()
    {
        var json = MutationTests.Sample("BillingDoctypes.Bills", ExportProfile.Cozy);
        json.AsObject().Remove("vendor");
        var text = json.ToJsonString();
        using var parsed = JsonDocument.Parse(text);
        var results = new[] { Strict.Validate(text, "io.cozy.bills"), Strict.Validate(Encoding.UTF8.GetBytes(text), "io.cozy.bills"), Strict.Validate(parsed.RootElement, "io.cozy.bills") };
        Assert.All(results, r => Assert.Equal([(ConformanceErrorCodes.RequiredPropertyMissing, "", "vendor")], r.Errors.Select(e => (e.Code, e.InstanceLocation, e.Property))));
    }

    [Fact]
    public void An_array_of_documents_reports_each_one_by_index()
    {
        var good = MutationTests.Sample("TelecomDoctypes.GeoPoints", ExportProfile.Cozy);
        good["docType"] = "fr.orange.geopoint";
        var bad = good.DeepClone();
        bad["latitude"] = 123;
        var array = new JsonArray(good.DeepClone(), bad, good.DeepClone(), JsonValue.Create("not a document")).ToJsonString();
        var result = Strict.ValidateArray(array);
        Assert.Equal((4L, 2L), (result.Documents, result.InvalidDocuments));
        Assert.Equal([(1L, ConformanceErrorCodes.OutOfRange, "/latitude"), (3L, ConformanceErrorCodes.NotAnObject, "")], result.Errors.Select(e => (e.Document.Index!.Value, e.Code, e.InstanceLocation)));
        using var parsed = JsonDocument.Parse(array);
        Assert.Equal(result.Errors.Select(e => e.Message), Strict.ValidateArray(parsed.RootElement).Errors.Select(e => e.Message));
        Assert.Equal(result.Errors.Select(e => e.Message), Strict.ValidateArray(Encoding.UTF8.GetBytes(array)).Errors.Select(e => e.Message));

        Assert.Equal(ConformanceErrorCodes.NotAnObject, Assert.Single(Strict.ValidateArray("{}").Errors).Code);
        Assert.Equal(ConformanceErrorCodes.InvalidJson, Assert.Single(Strict.ValidateArray("[{},").Errors).Code);
        Assert.True(Strict.ValidateArray("[]").IsValid);
    }

    [Fact]
    public async Task Only_null_arguments_throw()
    {
        Assert.Throws<ArgumentNullException>(() => Strict.Validate((string)null!));
        Assert.Throws<ArgumentNullException>(() => Strict.ValidateArray((string)null!));
        Assert.Throws<ArgumentNullException>(() => Strict.ValidateSelfData((string)null!, SelfDataSchema.Manifest));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Strict.ValidateNdjsonAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Strict.ValidateArchiveAsync(null!));
        Assert.Throws<ArgumentException>(() => Strict.Validate(default(JsonElement)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Strict.ValidateSelfData("{}", (SelfDataSchema)42));
        Assert.Throws<ArgumentNullException>(() => ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, null!));
        Assert.Throws<ArgumentNullException>(() => ConformanceSchemas.GetSchemaText(null!));
    }

    [Theory]
    [InlineData(0, 2, 1 << 20, "MaxErrors")]
    [InlineData(10, 0, 1 << 20, "MaxDegreeOfParallelism")]
    [InlineData(10, 1000, 1 << 20, "MaxDegreeOfParallelism")]
    [InlineData(10, 2, 100, "MaxDocumentBytes")]
    public void Invalid_options_are_refused_when_the_validator_is_created(int maxErrors, int parallelism, int maxDocumentBytes, string named)
    {
        var options = new SchemaConformanceValidatorOptions { MaxErrors = maxErrors, MaxDegreeOfParallelism = parallelism, MaxDocumentBytes = maxDocumentBytes };
        Assert.Contains(options.Validate(), e => e.Code == ConformanceErrorCodes.InvalidOptions && e.Message.Contains(named, StringComparison.Ordinal));
        var ex = Assert.Throws<SelfDataArgumentException>(() => new SchemaConformanceValidator(options));
        Assert.Equal("options", ex.ParamName);
        Assert.Equal(ConformanceErrorCodes.InvalidOptions, ex.Code);
        Assert.Contains(new SchemaConformanceValidatorOptions { Level = (ConformanceLevel)9 }.Validate(), e => e.Message.Contains("Level", StringComparison.Ordinal));
        Assert.Contains(new SchemaConformanceValidatorOptions { Profile = (ExportProfile)9 }.Validate(), e => e.Message.Contains("Profile", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_strict_cozy_and_the_options_are_copied()
    {
        var options = new SchemaConformanceValidatorOptions();
        Assert.Empty(options.Validate());
        Assert.Equal((ConformanceLevel.Strict, ExportProfile.Cozy, 1000, Environment.ProcessorCount, 16 << 20), (options.Level, options.Profile, options.MaxErrors, options.MaxDegreeOfParallelism, options.MaxDocumentBytes));
        var validator = new SchemaConformanceValidator(options);
        options.Level = ConformanceLevel.Compatible;
        Assert.Equal(ConformanceLevel.Strict, validator.Level);
        Assert.Equal(ConformanceLevel.Strict, new SchemaConformanceValidator().Level);
    }

    [Fact]
    public void Max_errors_bounds_the_errors_of_one_document()
    {
        var validator = new SchemaConformanceValidator(new() { MaxErrors = 2 });
        var result = validator.Validate("{}", "io.cozy.bills");
        Assert.Equal(2, result.Errors.Count);
        Assert.True(result.ErrorsTruncated);
        Assert.Equal(1, result.InvalidDocuments);
    }

    [Fact]
    public void Errors_say_which_document_and_where()
    {
        var bill = MutationTests.Sample("BillingDoctypes.Bills", ExportProfile.Cozy);
        bill["amount"] = -1;
        var error = Assert.Single(Strict.Validate(bill.ToJsonString(), "io.cozy.bills").Errors);
        Assert.Equal("/properties/amount/minimum", error.KeywordLocation);
        Assert.Contains("/amount", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("io.cozy.bills", error.Document.ToString());
        Assert.Equal("data/x.ndjson line 3 [4] io.cozy.bills", new DocumentLocation { Path = "data/x.ndjson", Line = 3, Index = 4, Doctype = "io.cozy.bills" }.ToString());
    }
}
