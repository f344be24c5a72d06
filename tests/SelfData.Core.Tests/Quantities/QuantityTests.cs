using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core.Tests.Generators;

namespace SelfData.Core.Tests;

public class QuantityTests
{
    private static Gen<(Quantity Quantity, Unit Target)> SameDimensionPair =>
        CoreGenerators.Quantity.SelectMany(
            q => Gen.Elements(Units.All.Where(u => u.GetDimension() == q.Dimension).ToArray()),
            (q, u) => (q, u));

    [Theory]
    [InlineData(1250, Unit.WattHour, Unit.KilowattHour, 1.25)]
    [InlineData(2.5, Unit.MegawattHour, Unit.KilowattHour, 2500)]
    [InlineData(6, Unit.Kilowatt, Unit.Watt, 6000)]
    [InlineData(1.2, Unit.CubicMetre, Unit.Litre, 1200)]
    [InlineData(90, Unit.Minute, Unit.Hour, 1.5)]
    [InlineData(2, Unit.Hour, Unit.Second, 7200)]
    [InlineData(42195, Unit.Metre, Unit.Kilometre, 42.195)]
    public void Known_conversions_are_exact(double value, Unit from, Unit to, double expected)
    {
        var converted = new Quantity((decimal)value, from).ConvertTo(to);
        Assert.Equal((decimal)expected, converted.Value);
        Assert.Equal(to, converted.Unit);
    }

    [Property]
    public Property Converting_there_and_back_returns_the_same_value() =>
        Prop.ForAll(SameDimensionPair.ToArbitrary(), pair =>
        {
            var (q, target) = pair;
            var back = q.ConvertTo(target).ConvertTo(q.Unit);
            return back.Unit == q.Unit && decimal.Round(back.Value, 6) == q.Value;
        });

    [Property]
    public Property Converting_to_a_smaller_unit_and_back_is_exact_without_rounding() =>
        Prop.ForAll(SameDimensionPair.ToArbitrary(), pair =>
        {
            var (q, target) = pair;
            var smaller = target.FactorToBase() <= q.Unit.FactorToBase();
            return !smaller || q.ConvertTo(target).ConvertTo(q.Unit).Value == q.Value;
        });

    [Property]
    public Property Conversions_compose() =>
        Prop.ForAll(
            SameDimensionPair.SelectMany(
                p => Gen.Elements(Units.All.Where(u => u.GetDimension() == p.Quantity.Dimension).ToArray()),
                (p, via) => (p.Quantity, p.Target, Via: via)).ToArbitrary(),
            t =>
            {
                var direct = t.Quantity.ConvertTo(t.Target).Value;
                var composed = t.Quantity.ConvertTo(t.Via).ConvertTo(t.Target).Value;
                return Math.Abs(direct - composed) <= Math.Abs(direct) * 1e-20m + 1e-20m;
            });

    [Property]
    public Property Converted_quantities_keep_their_magnitude() =>
        Prop.ForAll(SameDimensionPair.ToArbitrary(), pair =>
            pair.Quantity.IsSameMagnitude(pair.Quantity.ConvertTo(pair.Target)) || pair.Target.FactorToBase() > pair.Quantity.Unit.FactorToBase());

    [Fact]
    public void Converting_across_dimensions_fails_with_SD9010()
    {
        var energy = new Quantity(10m, Unit.KilowattHour);
        var result = energy.TryConvertTo(Unit.Kilowatt);
        Assert.Equal(CoreErrorCodes.IncompatibleUnits, result.Error!.Code);
        Assert.Equal("SD9010", Assert.Throws<SelfDataValidationException>(() => energy.ConvertTo(Unit.Litre)).Code);
        Assert.Equal("SD9010", Assert.Throws<SelfDataValidationException>(() => energy + new Quantity(1m, Unit.Hour)).Code);
    }

    [Property]
    public Property Every_cross_dimension_conversion_fails() =>
        Prop.ForAll(Gen.Zip(CoreGenerators.Quantity, CoreGenerators.Unit).ToArbitrary(), t =>
            t.Item2.GetDimension() == t.Item1.Dimension || t.Item1.TryConvertTo(t.Item2).Error?.Code == "SD9010");

    [Fact]
    public void Flow_units_convert_inside_their_dimension_and_parse_with_their_common_spellings()
    {
        Assert.Equal(new Quantity(2500m, Unit.LitrePerHour), new Quantity(2.5m, Unit.CubicMetrePerHour).ConvertTo(Unit.LitrePerHour));
        Assert.Equal(Dimension.VolumeFlow, Unit.CubicMetrePerHour.GetDimension());
        Assert.Equal("L/h", Unit.LitrePerHour.Symbol());
        Assert.Equal("m3/h", Unit.CubicMetrePerHour.Symbol());
        Assert.Equal(Unit.CubicMetrePerHour, Units.Parse("m³/h").Value);
        Assert.Equal(Unit.LitrePerHour, Units.Parse("l/h").Value);
        Assert.Equal("SD9010", new Quantity(1m, Unit.CubicMetrePerHour).TryConvertTo(Unit.CubicMetre).Error!.Code);
    }

    [Fact]
    public void Addition_uses_the_finer_unit()
    {
        var sum = new Quantity(1m, Unit.KilowattHour) + new Quantity(250m, Unit.WattHour);
        Assert.Equal(new Quantity(1250m, Unit.WattHour), sum);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_doubles_fail_with_SD9012(double value) =>
        Assert.Equal("SD9012", Assert.Throws<SelfDataValidationException>(() => Quantity.FromDouble(value, Unit.Watt)).Code);

    [Fact]
    public void Doubles_become_their_shortest_decimal() =>
        Assert.Equal(0.1m, Quantity.FromDouble(0.1, Unit.KilowattHour).Value);

    [Theory]
    [InlineData("Wh", Unit.WattHour)]
    [InlineData("kWh", Unit.KilowattHour)]
    [InlineData("m3", Unit.CubicMetre)]
    [InlineData("m³", Unit.CubicMetre)]
    [InlineData("gCO2e", Unit.GramCo2Equivalent)]
    [InlineData("kVA", Unit.KilovoltAmpere)]
    public void Unit_symbols_parse(string symbol, Unit unit) => Assert.Equal(unit, Units.Parse(symbol).Value);

    [Fact]
    public void Unknown_symbols_fail_with_SD9011() => Assert.Equal("SD9011", Units.Parse("mWh").Error!.Code);

    [Property]
    public Property Json_round_trip_is_exact() =>
        Prop.ForAll(CoreGenerators.Quantity.ToArbitrary(), q =>
        {
            var back = JsonSerializer.Deserialize<Quantity>(JsonSerializer.Serialize(q));
            return back == q && back.Value.Scale == q.Value.Scale;
        });
}
