using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Portability;

/// <summary>One customer's half-hourly readings: 10 years = 175,200 records, with a daily and seasonal shape.</summary>
internal static class LoadCurveData
{
    public const string Prm = "12345678901234";
    public static readonly DateTimeOffset Origin = new(2014, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

    public static IEnumerable<LoadCurveReading> Readings(int count)
    {
        var step = TimeSpan.FromMinutes(30);
        for (var i = 0; i < count; i++)
        {
            var start = Origin.AddTicks(step.Ticks * i);
            var hour = start.Hour + (start.Minute / 60.0);
            var watts = 300 + (700 * Math.Exp(-Math.Pow(hour - 8, 2) / 2)) + (1200 * Math.Exp(-Math.Pow(hour - 19.5, 2) / 3));
            watts *= 1 + (0.6 * Math.Cos(2 * Math.PI * (start.DayOfYear - 15) / 365.0));
            yield return new LoadCurveReading(Prm, start, step, new Quantity(Math.Round((decimal)watts, 0), Unit.Watt));
        }
    }
}
