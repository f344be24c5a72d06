using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core.Tests.Generators;

namespace SelfData.Core.Tests;

public class IsoDurationTests
{
    [Theory]
    [InlineData("P1D")]
    [InlineData("PT30M")]
    [InlineData("P6M")]
    [InlineData("P1Y")]
    [InlineData("P3Y")]
    [InlineData("P2W")]
    [InlineData("P1Y2M10DT2H30M")]
    [InlineData("PT0.5S")]
    [InlineData("PT1H0.0000001S")]
    [InlineData("PT0S")]
    public void Canonical_strings_round_trip(string text) => Assert.Equal(text, IsoDuration.Parse(text).Value.ToString());

    [Property]
    public Property Every_duration_round_trips_through_its_string() =>
        Prop.ForAll(CoreGenerators.Duration.ToArbitrary(), d => IsoDuration.Parse(d.ToString()).Value == d);

    [Property]
    public Property Formatting_is_canonical() =>
        Prop.ForAll(CoreGenerators.Duration.ToArbitrary(), d =>
        {
            var text = d.ToString();
            return IsoDuration.Parse(text).Value.ToString() == text;
        });

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("1D")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("P1M1Y")]
    [InlineData("P1D1D")]
    [InlineData("P-1D")]
    [InlineData("P1.5D")]
    [InlineData("PT1.5M30S")]
    [InlineData("p1d")]
    [InlineData("P1DT")]
    public void Malformed_durations_fail_with_SD9030(string text) =>
        Assert.Equal(CoreErrorCodes.InvalidDuration, IsoDuration.Parse(text).Error!.Code);

    [Fact]
    public void Adding_months_follows_the_calendar()
    {
        var start = new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.FromHours(1));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.FromHours(1)), IsoDuration.Parse("P1M").Value.AddTo(start));
        Assert.Equal(new DateOnly(2025, 7, 31), IsoDuration.Parse("P6M").Value.AddTo(new DateOnly(2025, 1, 31)));
    }

    [Fact]
    public void Fixed_lengths_exist_only_without_years_and_months()
    {
        Assert.True(IsoDuration.Parse("PT30M").Value.TryGetFixedLength(out var step));
        Assert.Equal(TimeSpan.FromMinutes(30), step);
        Assert.True(IsoDuration.Parse("P1W1D").Value.TryGetFixedLength(out var week));
        Assert.Equal(TimeSpan.FromDays(8), week);
        Assert.False(IsoDuration.Parse("P1M").Value.TryGetFixedLength(out _));
    }

    [Property]
    public Property Fixed_lengths_round_trip_through_timespans() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).Select(s => TimeSpan.FromSeconds(s)).ToArbitrary(), span =>
            IsoDuration.FromTimeSpan(span).TryGetFixedLength(out var back) && back == span);
}
