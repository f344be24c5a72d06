namespace SelfData.Portability.Mapping;

/// <summary>
/// Declares that a mapping's records carry consumption (energy, volume, power) that a person would want charted,
/// such as in the archive's <c>index.html</c>. The builder asks only when a sink wants the figures.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public interface IConsumptionMapping<TRecord> : IDoctypeMapping<TRecord>
{
    /// <summary>Reports a record's consumption as daily figures.</summary>
    /// <param name="record">The record.</param>
    /// <param name="recorder">The recorder that folds figures into daily totals.</param>
    void ReportConsumption(TRecord record, ConsumptionRecorder recorder);
}

/// <summary>A sink that wants the consumption figures of the records it receives, folded into daily totals.</summary>
public interface IConsumptionSink : IDocumentSink
{
    /// <summary>Gets the recorder, or <see langword="null"/> when the sink wants no figures.</summary>
    ConsumptionRecorder? Consumption { get; }
}

/// <summary>Specifies how figures of one day combine.</summary>
public enum ConsumptionAggregation
{
    /// <summary>Add them (energy, volume).</summary>
    Sum,

    /// <summary>Keep the largest (maximum power).</summary>
    Max,
}

/// <summary>Folds consumption figures into one total per series and day, in memory proportional to the number of days.</summary>
public sealed class ConsumptionRecorder
{
    private readonly Dictionary<string, Dictionary<DateOnly, decimal>> _series = new(StringComparer.Ordinal);
    private string? _currentSeries;
    private Dictionary<DateOnly, decimal>? _current;

    /// <summary>Gets the series recorded, by name.</summary>
    public IReadOnlyCollection<string> Series => _series.Keys;

    /// <summary>Adds a figure to a series' day.</summary>
    /// <param name="series">The series name, with its unit, such as <c>linky (kWh)</c>.</param>
    /// <param name="day">The day.</param>
    /// <param name="value">The figure.</param>
    /// <param name="aggregation">How figures of one day combine.</param>
    public void Add(string series, DateOnly day, decimal value, ConsumptionAggregation aggregation = ConsumptionAggregation.Sum)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (_current is null || !ReferenceEquals(series, _currentSeries) && !string.Equals(series, _currentSeries, StringComparison.Ordinal))
        {
            if (!_series.TryGetValue(series, out _current))
            {
                _current = [];
                _series[series] = _current;
            }

            _currentSeries = series;
        }

        ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_current, day, out var existed);
        total = !existed ? value : aggregation == ConsumptionAggregation.Max ? Math.Max(total, value) : total + value;
    }

    /// <summary>Gets a series' daily totals in date order.</summary>
    /// <param name="series">The series name.</param>
    /// <returns>The totals, or an empty list.</returns>
    public IReadOnlyList<KeyValuePair<DateOnly, decimal>> Totals(string series) =>
        _series.TryGetValue(series, out var days) ? [.. days.OrderBy(d => d.Key)] : [];
}
