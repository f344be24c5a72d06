using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Jobs;

namespace SelfData.Cli.Demo;

/// <summary>The demo territory as a holder's data source: the residents' subject ids are the people, the holder's mapping gives the records.</summary>
internal sealed class DemoDataSource : IExportDataSource
{
    private readonly DemoTerritory _territory;
    private readonly TerritoryHolder _holder;

    public DemoDataSource(DemoTerritory territory, TerritoryHolder holder)
    {
        _territory = territory;
        _holder = holder;
        var probe = new PortabilityExportBuilder(new PortabilityOptions { Holder = holder.Id });
        holder.AddData(territory, TerritoryHolders.LoadResident(territory, 1), new HolderSink(probe));
        Doctypes = probe.Doctypes;
    }

    public IReadOnlyCollection<Doctype> Doctypes { get; }

    public ValueTask AddRecordsAsync(ExportDataSourceContext context, CancellationToken cancellationToken)
    {
        using var connection = _territory.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM resident WHERE subject = $s";
        command.Parameters.AddWithValue("$s", context.Subject.Value);
        if (command.ExecuteScalar() is long id)
        {
            _holder.AddData(_territory, TerritoryHolders.LoadResident(_territory, id), new HolderSink(context.Builder, context.IsRequested));
        }

        return ValueTask.CompletedTask;
    }
}
