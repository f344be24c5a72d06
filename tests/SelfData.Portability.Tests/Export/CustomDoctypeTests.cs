using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests;

// #region custom-doctype
/// <summary>A holder's own record: EDF's yearly cost breakdown by usage.</summary>
public sealed record UsageBreakdown(string ContractNumber, int Year, string Usage, decimal Percent);

/// <summary>The one interface a holder implements to export a doctype of its own.</summary>
public sealed class UsageBreakdownMapping : IDoctypeMapping<UsageBreakdown>
{
    public Doctype Doctype { get; } = new("fr.edf.usagebreakdown");

    // Identity keys in ordinal order; their values make the deterministic _id.
    public IReadOnlyList<string> IdentityKeys { get; } = ["contractNumber", "usage", "year"];

    public void Validate(UsageBreakdown record, RecordValidationContext context)
    {
        context.RequireText(record.ContractNumber, "contractNumber");
        context.RequireRange(record.Percent, 0, 100, "percent");
    }

    public void WriteIdentity(UsageBreakdown record, ref IdentityKeyWriter keys)
    {
        keys.Add(record.ContractNumber);
        keys.Add(record.Usage);
        keys.Add(record.Year);
    }

    public void WriteFields(Utf8JsonWriter writer, UsageBreakdown record, DocumentWriteContext context)
    {
        writer.WriteString("contractNumber", record.ContractNumber);
        writer.WriteNumber("year", record.Year);
        writer.WriteString("usage", record.Usage);
        writer.WriteNumber("percent", record.Percent);
    }

    public UsageBreakdown Read(JsonElement document, DocumentReadContext context) =>
        new(context.GetString(document, "contractNumber"), context.GetInt32(document, "year"), context.GetString(document, "usage"), context.GetDecimal(document, "percent"));
}
// #endregion

// #region json-doctype-mapping
public sealed record UsageShare(
    [property: JsonPropertyName("contractNumber")] string ContractNumber,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("usage")] string Usage,
    [property: JsonPropertyName("percent")] decimal Percent);

public sealed class UsageShareMapping() : JsonDoctypeMapping<UsageShare>("fr.edf.usageshare", "contractNumber", "usage", "year")
{
    public override void WriteIdentity(UsageShare record, ref IdentityKeyWriter keys)
    {
        keys.Add(record.ContractNumber);
        keys.Add(record.Usage);
        keys.Add(record.Year);
    }
}
// #endregion

public class CustomDoctypeTests
{
    private static readonly UsageBreakdownMapping Mapping = new();

    [Fact]
    public async Task A_custom_doctype_gets_ids_envelope_checks_and_round_trips()
    {
        UsageBreakdown[] rows = [new("C-001", 2023, "US_HEATING", 61.5m), new("C-001", 2023, "US_COOKING", 8m)];
        Assert.True(MappingLaws.RoundTrips(Mapping, rows, (a, b) => a == b));
        Assert.True(MappingLaws.IsDeterministic(Mapping, rows));
        MappingLaws.HasFields(Mapping, rows[0], "contractNumber", "year", "usage", "percent");
        MappingLaws.Rejects(Mapping, [rows[0], rows[1] with { Percent = 120 }], 1, PortabilityErrorCodes.ValueOutOfRange, "percent");
        var docs = await ExportHarness.WriteAsync(Mapping, rows);
        Assert.Equal(DocumentId.Compute(Mapping, rows[0]), JsonDocument.Parse(docs[0]).RootElement.GetProperty("_id").GetString());
    }

    [Fact]
    public async Task A_json_mapping_needs_only_its_doctype_its_keys_and_the_identity_values()
    {
        var mapping = new UsageShareMapping();
        UsageShare[] rows = [new("C-001", 2023, "US_HEATING", 61.5m), new("C-001", 2023, "US_COOKING", 8m)];
        Assert.True(MappingLaws.RoundTrips(mapping, rows, (a, b) => a == b));
        MappingLaws.HasFields(mapping, rows[0], "contractNumber", "year", "usage", "percent");
        var docs = await ExportHarness.WriteAsync(mapping, rows);
        Assert.Equal(DocumentId.Compute(mapping, rows[0]), JsonDocument.Parse(docs[0]).RootElement.GetProperty("_id").GetString());
    }

    [Fact]
    public void Identity_keys_must_be_in_ordinal_order()
    {
        var unordered = new UnorderedMapping();
        var ex = Assert.Throws<ArgumentException>(() => ExportHarness.Builder().Add(unordered, Array.Empty<UsageBreakdown>()));
        Assert.Equal("mapping", ex.ParamName);
    }

    [Fact]
    public async Task A_mapping_that_writes_too_few_identity_values_is_caught()
    {
        var export = ExportHarness.Builder().Add(new ShortIdentityMapping(), [new UsageBreakdown("C", 2020, "U", 1)]).Build();
        await Assert.ThrowsAsync<InvalidOperationException>(() => export.WriteAsync(new ExportHarness.CollectingSink()));
    }

    private sealed class UnorderedMapping : IDoctypeMapping<UsageBreakdown>
    {
        public Doctype Doctype => Mapping.Doctype;

        public IReadOnlyList<string> IdentityKeys { get; } = ["year", "contractNumber"];

        public void WriteIdentity(UsageBreakdown record, ref IdentityKeyWriter keys) => Mapping.WriteIdentity(record, ref keys);

        public void WriteFields(Utf8JsonWriter writer, UsageBreakdown record, DocumentWriteContext context) => Mapping.WriteFields(writer, record, context);

        public UsageBreakdown Read(JsonElement document, DocumentReadContext context) => Mapping.Read(document, context);
    }

    private sealed class ShortIdentityMapping : IDoctypeMapping<UsageBreakdown>
    {
        public Doctype Doctype => Mapping.Doctype;

        public IReadOnlyList<string> IdentityKeys => Mapping.IdentityKeys;

        public void WriteIdentity(UsageBreakdown record, ref IdentityKeyWriter keys) => keys.Add(record.ContractNumber);

        public void WriteFields(Utf8JsonWriter writer, UsageBreakdown record, DocumentWriteContext context) => Mapping.WriteFields(writer, record, context);

        public UsageBreakdown Read(JsonElement document, DocumentReadContext context) => Mapping.Read(document, context);
    }
}
