using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core;
using SelfData.Portability.Energy;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class LinkyStatementTests
{
    private const string Prm = "12345678901234";
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

    private static LoadCurveReading At(int slot, decimal watts = 1000m, int minutes = 30) =>
        new(Prm, Start.AddMinutes(30 * slot), TimeSpan.FromMinutes(minutes), new Quantity(watts, Unit.Watt));

    private static bool SameReading(LoadCurveReading a, LoadCurveReading b) =>
        a.UsagePointId == b.UsagePointId && a.Start == b.Start && a.Start.Offset == b.Start.Offset && a.Length == b.Length && a.AveragePower.IsSameMagnitude(b.AveragePower);

    [Property(MaxTest = 30)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(EnergyGenerators.LoadCurve.ToArbitrary(), readings => MappingLaws.RoundTrips(ElectricityDoctypes.LinkyStatements, readings, SameReading));

    [Property(MaxTest = 15)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(EnergyGenerators.LoadCurve.ToArbitrary(), readings => MappingLaws.IsDeterministic(ElectricityDoctypes.LinkyStatements, readings));

    [Fact]
    public async Task Documents_carry_the_pilot_fields_with_value_in_kwh()
    {
        MappingLaws.HasFields(ElectricityDoctypes.LinkyStatements, At(0), "contractNumber", "statementType", "statementCategory", "statementReason", "start", "end", "value", "unit");
        var docs = await ExportHarness.WriteAsync(ElectricityDoctypes.LinkyStatements, [At(0, 1000m)]);
        Assert.Contains("\"contractNumber\":\"12345678901234\",\"statementType\":\"mesure\",\"statementCategory\":\"linky\",\"statementReason\":\"LinkyHalfHourElecConsumption\",\"start\":\"2024-01-01T00:00:00+01:00\",\"end\":\"2024-01-01T00:30:00+01:00\",\"value\":0.5,\"unit\":\"kWh\"", docs[0], StringComparison.Ordinal);
        Assert.Contains("\"cozyMetadata\":{\"doctypeVersion\":1,\"metadataVersion\":1,\"createdAt\":\"2024-03-01T12:00:00Z\",\"updatedAt\":\"2024-03-01T12:00:00Z\",\"createdByApp\":\"selfdata-tests\",\"createdByAppVersion\":\"1.0.0\",\"sourceAccountIdentifier\":\"germaine.dupond@example.org\"}", docs[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pilot_switch_writes_string_numbers_only_in_the_mesinfos_profile()
    {
        var pilot = await ExportHarness.WriteAsync(ElectricityDoctypes.LinkyStatements, [At(0)], ExportHarness.Options(ExportProfile.MesInfos, pilotStrings: true));
        Assert.Contains("\"value\":\"0.5\"", pilot[0], StringComparison.Ordinal);
        Assert.Contains("\"docTypeVersion\":\"selfdata-tests-1.0.0\"", pilot[0], StringComparison.Ordinal);
        var cozy = await ExportHarness.WriteAsync(ElectricityDoctypes.LinkyStatements, [At(0)], ExportHarness.Options(ExportProfile.Cozy, pilotStrings: true));
        Assert.Contains("\"value\":0.5", cozy[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_order_readings_are_refused() =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0), At(2), At(1)], 2, PortabilityErrorCodes.ReadingOutOfOrder, "start");

    [Fact]
    public void Repeated_readings_are_refused_by_default() =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0), At(1), At(1)], 2, PortabilityErrorCodes.DuplicateReading, "start");

    [Fact]
    public async Task Identical_repeats_can_be_dropped_and_are_counted()
    {
        var options = ExportHarness.Options();
        options.DuplicateReadings = DuplicateReadingHandling.RemoveIdentical;
        var export = ExportHarness.Builder(options).Add(ElectricityDoctypes.LinkyStatements, [At(0), At(1), At(1), At(2), At(2), At(3)]).Build();
        var sink = new ExportHarness.CollectingSink();
        var summary = (await export.WriteAsync(sink)).Single();
        Assert.Equal(4, sink.Documents.Count);
        Assert.Equal(new DatasetSummary(ElectricityDoctypes.LinkyStatements.Doctype, 6, 4, 2, 0), summary);
    }

    [Fact]
    public async Task Different_values_at_one_instant_are_refused_even_when_dropping_identical_repeats()
    {
        var options = ExportHarness.Options();
        options.DuplicateReadings = DuplicateReadingHandling.RemoveIdentical;
        var export = ExportHarness.Builder(options).Add(ElectricityDoctypes.LinkyStatements, [At(0), At(1, 1000m), At(1, 1200m)]).Build();
        var ex = await Assert.ThrowsAsync<SelfDataValidationException>(() => export.WriteAsync(new ExportHarness.CollectingSink()));
        Assert.Equal(PortabilityErrorCodes.DuplicateReading, ex.Code);
        Assert.Equal(2, ex.RecordIndex);
    }

    [Fact]
    public void An_interval_that_does_not_match_the_step_is_refused() =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0), At(1, minutes: 15)], 1, PortabilityErrorCodes.IntervalMismatch, "interval");

    [Fact]
    public void A_reading_off_the_step_is_refused() =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0), At(1) with { Start = Start.AddMinutes(45) }], 1, PortabilityErrorCodes.IntervalMismatch, "start");

    [Theory]
    [InlineData("1234567890123")]
    [InlineData("1234567890123A")]
    [InlineData("123456789012345")]
    public void A_delivery_point_that_is_not_14_digits_is_refused(string prm) =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0), At(1) with { UsagePointId = prm }], 1, PortabilityErrorCodes.InvalidUsagePointId, "contractNumber");

    [Fact]
    public void Energy_instead_of_power_is_refused() =>
        MappingLaws.Rejects(ElectricityDoctypes.LinkyStatements, [At(0) with { AveragePower = new Quantity(500m, Unit.WattHour) }], 0, PortabilityErrorCodes.WrongUnit, "value");

    [Fact]
    public async Task Series_are_checked_per_delivery_point()
    {
        var other = At(0) with { UsagePointId = "98765432109876" };
        var docs = await ExportHarness.WriteAsync(ElectricityDoctypes.LinkyStatements, [At(0), At(1), other, At(2), other with { Start = other.Start.AddMinutes(30) }]);
        Assert.Equal(5, docs.Count);
    }

    [Fact]
    public async Task The_window_keeps_only_changed_readings_and_counts_the_rest()
    {
        var export = ExportHarness.Builder()
            .WithWindow(Start.AddMinutes(60), Start.AddMinutes(120))
            .Add(ElectricityDoctypes.LinkyStatements, Enumerable.Range(0, 6).Select(i => At(i)))
            .Build();
        var sink = new ExportHarness.CollectingSink();
        var summary = (await export.WriteAsync(sink)).Single();
        Assert.Equal(2, summary.Documents);
        Assert.Equal(4, summary.OutsideWindow);
        Assert.Equal(summary.Records, summary.Documents + summary.OutsideWindow + summary.DuplicatesRemoved);
        Assert.All(sink.Documents, d => Assert.Contains("T01:", d, StringComparison.Ordinal));
    }
}
