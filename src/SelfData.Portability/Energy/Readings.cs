using SelfData.Core;

namespace SelfData.Portability.Energy;

/// <summary>
/// Represents one reading of an electricity load curve: the average power drawn at a delivery point over an interval
/// (30 minutes for Linky, Enedis <c>consumption_load_curve</c>).
/// </summary>
/// <param name="UsagePointId">The delivery point (PRM/PDL), 14 digits.</param>
/// <param name="Start">The start of the interval, with its offset.</param>
/// <param name="Length">The length of the interval; the builder checks it equals the series step.</param>
/// <param name="AveragePower">The average power over the interval; a unit of the power dimension (W, kW).</param>
public readonly record struct LoadCurveReading(string UsagePointId, DateTimeOffset Start, TimeSpan Length, Quantity AveragePower)
{
    /// <summary>Gets the energy drawn over the interval (average power × length).</summary>
    /// <returns>The energy in Wh.</returns>
    public Quantity Energy() => new(Watts() * Length.Ticks / TimeSpan.TicksPerHour, Unit.WattHour);

    /// <summary>The energy over the interval in kWh, without allocating: what Linky statements write and chart.</summary>
    internal decimal EnergyKilowattHours() => Watts() * Length.Ticks / (TimeSpan.TicksPerHour * 1000m);

    private decimal Watts() => AveragePower.Unit == Unit.Watt ? AveragePower.Value : AveragePower.ConvertTo(Unit.Watt).Value;
}

/// <summary>Represents one daily value at a delivery point: energy drawn that day (Wh) or maximum power reached (W).</summary>
/// <param name="UsagePointId">The delivery point (PRM/PDL for electricity, PCE for gas), 14 digits.</param>
/// <param name="Date">The calendar day.</param>
/// <param name="Value">The value: energy (Wh, kWh) for daily energy, power (W, kW) for daily maximum power.</param>
public readonly record struct DailyReading(string UsagePointId, DateOnly Date, Quantity Value);

/// <summary>
/// Represents one day of GRDF Gazpar gas consumption (the gas day runs from 06:00 to 06:00): energy, volume, meter
/// index and the volume-to-energy coefficient.
/// </summary>
/// <param name="Pce">The gas delivery point (PCE), 14 digits.</param>
/// <param name="Date">The gas day.</param>
/// <param name="Energy">The energy (kWh).</param>
/// <param name="Volume">The volume (m3).</param>
/// <param name="Index">The meter index at the end of the day, in m3, when known.</param>
/// <param name="VolumeToEnergyCoefficient">The coefficient that turned the volume into energy (kWh per m3), when known.</param>
public readonly record struct GasDailyReading(
    string Pce,
    DateOnly Date,
    Quantity Energy,
    Quantity Volume,
    decimal? Index = null,
    decimal? VolumeToEnergyCoefficient = null);
