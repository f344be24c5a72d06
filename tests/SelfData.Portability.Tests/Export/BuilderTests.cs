using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using SelfData.Core;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class BuilderTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

    private static IEnumerable<LoadCurveReading> Curve(int count) =>
        Enumerable.Range(0, count).Select(i => new LoadCurveReading("12345678901234", Start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(500 + i, Unit.Watt)));

    [Fact]
    public void Invalid_options_fail_in_the_constructor()
    {
        var ex = Assert.Throws<SelfDataArgumentException>(() => new PortabilityExportBuilder(new PortabilityOptions()));
        Assert.Equal(PortabilityErrorCodes.InvalidOptions, ex.Code);
        Assert.Contains("Holder", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        var options = ExportHarness.Options();
        options.CreatedByApp = "has space";
        Assert.Equal(PortabilityErrorCodes.InvalidOptions, Assert.Throws<SelfDataArgumentException>(() => new PortabilityExportBuilder(options)).Code);
    }

    [Fact]
    public void Build_requires_a_subject_and_records()
    {
        var noSubject = new PortabilityExportBuilder(ExportHarness.Options()).Add(ElectricityDoctypes.LinkyStatements, Curve(1));
        Assert.Throws<InvalidOperationException>(noSubject.Build);
        Assert.Throws<InvalidOperationException>(() => ExportHarness.Builder().Build());
        Assert.Equal(CoreErrorCodes.InvalidInterval, Assert.Throws<SelfDataArgumentException>(() => ExportHarness.Builder().WithWindow(Start, Start)).Code);
    }

    [Fact]
    public void Options_are_copied_when_the_builder_is_created()
    {
        var options = ExportHarness.Options();
        var builder = new PortabilityExportBuilder(options, new FakeTimeProvider(ExportHarness.Now)).ForSubject(new SubjectId("s"));
        options.Profile = ExportProfile.MesInfos;
        Assert.Equal(ExportProfile.Cozy, builder.Add(ElectricityDoctypes.LinkyStatements, Curve(1)).Build().Profile);
    }

    [Fact]
    public async Task Sources_of_one_doctype_share_a_dataset_and_datasets_are_written_once()
    {
        var statement = EnergyGenerators.Statement.Sample(10, 1).First();
        var export = ExportHarness.Builder()
            .Add(ElectricityDoctypes.LinkyStatements, Curve(3))
            .Add(BillingDoctypes.Bills, new[] { BillsGenerators.Bill.Sample(10, 1).First() })
            .Add(ElectricityDoctypes.Statements, new[] { statement })
            .Build();
        Assert.Equal(["org.fing.mesinfos.consumptionstatement", "io.cozy.bills"], export.Datasets.Select(d => d.Doctype.Name));
        Assert.True(export.Datasets[0].IsSeries);
        var summaries = await export.WriteAsync(new ExportHarness.CollectingSink());
        Assert.Equal(4, summaries[0].Documents);
        Assert.Equal(ExportHarness.Now, export.TransactionTime);
        await Assert.ThrowsAsync<InvalidOperationException>(() => export.Datasets[0].WriteAsync(new ExportHarness.CollectingSink()));
    }

    [Fact]
    public async Task Ndjson_has_one_document_per_line()
    {
        var bytes = await ExportHarness.NdjsonAsync(ElectricityDoctypes.LinkyStatements, Curve(1000));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        Assert.Equal(1001, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.All(lines[..^1], l => Assert.StartsWith("{\"_id\":\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_stops_the_export()
    {
        using var cts = new CancellationTokenSource();
        var export = ExportHarness.Builder().Add(ElectricityDoctypes.LinkyStatements, Endless(cts)).Build();
        var sink = new ExportHarness.CollectingSink();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => export.WriteAsync(sink, cts.Token));
        Assert.Equal(9, sink.Documents.Count);
    }

    [Fact]
    public async Task A_failing_source_surfaces_its_own_exception()
    {
        var export = ExportHarness.Builder().Add(ElectricityDoctypes.LinkyStatements, Failing()).Build();
        var ex = await Assert.ThrowsAsync<IOException>(() => export.WriteAsync(new ExportHarness.CollectingSink()));
        Assert.Equal("database gone", ex.Message);
    }

    private static async IAsyncEnumerable<LoadCurveReading> Endless(CancellationTokenSource cts, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var i = 0;
        foreach (var reading in Curve(100_000))
        {
            if (++i == 10)
            {
                await cts.CancelAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return reading;
        }
    }

    private static async IAsyncEnumerable<LoadCurveReading> Failing()
    {
        foreach (var reading in Curve(5))
        {
            await Task.Yield();
            yield return reading;
        }

        throw new IOException("database gone");
    }
}
