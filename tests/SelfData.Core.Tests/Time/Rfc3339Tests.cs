using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core.Tests.Generators;

namespace SelfData.Core.Tests;

public class Rfc3339Tests
{
    [Property(MaxTest = 300)]
    public Property Instants_round_trip_with_their_offset() =>
        Prop.ForAll(CoreGenerators.Instant.ToArbitrary(), instant =>
        {
            var back = Rfc3339.Parse(Rfc3339.Format(instant)).Value;
            return back == instant && back.Offset == instant.Offset;
        });

    [Property(MaxTest = 300)]
    public Property Formatting_matches_the_framework_round_trip_format() =>
        Prop.ForAll(CoreGenerators.Instant.ToArbitrary(), instant =>
        {
            var expected = DateTimeOffset.Parse(Rfc3339.Format(instant), System.Globalization.CultureInfo.InvariantCulture);
            return expected == instant && expected.Offset == instant.Offset;
        });

    [Theory]
    [InlineData(2024, 1, 1, 0, 30, 0, 0, "2024-01-01T00:30:00Z")]
    [InlineData(2024, 6, 1, 12, 0, 0, 120, "2024-06-01T12:00:00+02:00")]
    [InlineData(2017, 4, 22, 1, 0, 0, -300, "2017-04-22T01:00:00-05:00")]
    public void Instants_are_written_with_their_offset(int y, int mo, int d, int h, int mi, int s, int offsetMinutes, string expected) =>
        Assert.Equal(expected, Rfc3339.Format(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes))));

    [Fact]
    public void Fractions_are_trimmed() =>
        Assert.Equal("2024-01-01T00:00:00.25Z", Rfc3339.Format(new DateTimeOffset(2024, 1, 1, 0, 0, 0, 250, TimeSpan.Zero)));

    [Theory]
    [InlineData("2017-03-01T00:00:00")]
    [InlineData("2017-09-22 00:00:00+01:00")]
    [InlineData("2015-07-20T19:00")]
    [InlineData("2016-03-033T00:00:00.000Z")]
    [InlineData("2016-13-01T00:00:00Z")]
    [InlineData("2016-02-30T00:00:00Z")]
    [InlineData("2016-07-012016-07-01")]
    [InlineData("10/04/2011")]
    [InlineData("2016-01-01T24:00:00Z")]
    public void Real_world_deviations_fail_with_SD9031(string text) =>
        Assert.Equal(CoreErrorCodes.InvalidInstant, Rfc3339.Parse(text).Error!.Code);

    [Theory]
    [InlineData("2017-08-17", true)]
    [InlineData("2016-02-29", true)]
    [InlineData("2017-02-29", false)]
    [InlineData("2017-8-17", false)]
    [InlineData("2017-08-33", false)]
    public void Calendar_dates_are_strict(string text, bool valid)
    {
        var result = Rfc3339.ParseDate(text);
        Assert.Equal(valid, result.Success);
        if (!valid)
        {
            Assert.Equal(CoreErrorCodes.InvalidDate, result.Error!.Code);
        }
        else
        {
            Assert.Equal(text, Rfc3339.FormatDate(result.Value));
        }
    }

    [Fact]
    public void Intervals_are_half_open()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var interval = new Interval(start, start.AddDays(1));
        Assert.True(interval.Contains(start));
        Assert.False(interval.Contains(start.AddDays(1)));
        Assert.False(interval.Overlaps(new Interval(start.AddDays(1), start.AddDays(2))));
        Assert.Equal(CoreErrorCodes.InvalidInterval, Assert.Throws<SelfDataArgumentException>(() => new Interval(start, start.AddTicks(-1))).Code);
        var dates = new DateInterval(new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));
        Assert.Equal(31, dates.Days);
        Assert.False(dates.Contains(new DateOnly(2024, 2, 1)));
    }
}
