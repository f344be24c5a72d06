using SelfData.Core;

namespace SelfData.Portability.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Linky_statement_document_has_the_pilot_fields_and_cozy_metadata()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var readings = Enumerable.Range(0, 3).Select(i => new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(1000 + i, Unit.Watt)));
        var docs = await ExportHarness.WriteAsync(Electricity.LinkyStatements, readings);
        Assert.Equal(3, docs.Count);
        Assert.StartsWith("{\"_id\":\"", docs[0], StringComparison.Ordinal);
        Assert.Contains("\"contractNumber\":\"12345678901234\",\"statementType\":\"mesure\",\"statementCategory\":\"linky\",\"statementReason\":\"LinkyHalfHourElecConsumption\",\"start\":\"2024-01-01T00:00:00+01:00\",\"end\":\"2024-01-01T00:30:00+01:00\",\"value\":0.5,\"unit\":\"kWh\"", docs[0], StringComparison.Ordinal);
        Assert.Contains("\"cozyMetadata\":{\"doctypeVersion\":1,\"metadataVersion\":1,\"createdAt\":\"2024-03-01T12:00:00Z\"", docs[0], StringComparison.Ordinal);
    }
}
