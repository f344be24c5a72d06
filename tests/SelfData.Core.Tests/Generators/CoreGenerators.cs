using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;

namespace SelfData.Core.Tests.Generators;

/// <summary>Realistic and deliberately broken values for the core model.</summary>
public static class CoreGenerators
{
    private static readonly char[] DoctypeChars = "abcdefghijklmnopqrstuvwxyz0123456789_".ToCharArray();

    // A segment of a valid doctype: one or more allowed characters other than '.'.
    private static Gen<string> Segment =>
        Gen.Elements(DoctypeChars).ArrayOf().Where(a => a.Length is > 0 and <= 12).Select(a => new string(a));

    /// <summary>Valid doctype names: 1 to 6 dot-separated segments.</summary>
    public static Gen<string> ValidDoctype =>
        Gen.Choose(1, 6).SelectMany(n => Segment.ArrayOf(n)).Select(parts => string.Join('.', parts));

    /// <summary>Strings drawn from an alphabet mixing allowed and forbidden characters, valid or not.</summary>
    public static Gen<string> AnyDoctypeLikeString =>
        Gen.Elements("abcz09_.A-Z é/..".ToCharArray()).ArrayOf().Select(a => new string(a));

    /// <summary>Names that break exactly one part of the rule.</summary>
    public static Gen<string> InvalidDoctype =>
        Gen.OneOf(
            ValidDoctype.Select(s => "." + s),
            ValidDoctype.Select(s => s + "."),
            Gen.Zip(ValidDoctype, ValidDoctype).Select(t => t.Item1 + ".." + t.Item2),
            Gen.Zip(ValidDoctype, Gen.Elements('A', 'Z', '-', ' ', '/', 'é', '*', ':')).Select(t => t.Item1 + t.Item2),
            Gen.Constant(string.Empty));

    /// <summary>Exact decimals with 0 to 6 fractional digits and magnitude below one billion.</summary>
    public static Gen<decimal> ExactDecimal =>
        from whole in Gen.Choose(-999_999_999, 999_999_999)
        from fraction in Gen.Choose(0, 999_999)
        from scale in Gen.Choose(0, 6)
        select decimal.Round(whole + (fraction / 1_000_000m), scale);

    /// <summary>Any supported unit.</summary>
    public static Gen<Unit> Unit => Gen.Elements(Units.All.ToArray());

    /// <summary>Quantities with exact decimal values.</summary>
    public static Gen<Quantity> Quantity =>
        from value in ExactDecimal
        from unit in Unit
        select new Quantity(value, unit);

    /// <summary>Amounts of money with a scale from 0 to 4 in a real ISO 4217 currency.</summary>
    public static Gen<Money> Money =>
        from units in Gen.Choose(-99_999_999, 99_999_999)
        from scale in Gen.Choose(0, 4)
        from code in Gen.Elements(CurrencyCode.KnownCodes.ToArray())
        select new Money(new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale), code);

    /// <summary>Durations with any combination of components, including fractional seconds.</summary>
    public static Gen<IsoDuration> Duration =>
        from y in Small
        from mo in Small
        from w in Small
        from d in Small
        from h in Small
        from mi in Small
        from s in Gen.Choose(0, 3600)
        from fraction in Gen.Choose(0, 9_999_999)
        from withFraction in Gen.Elements(true, false)
        select new IsoDuration(y, mo, w, d, h, mi, withFraction ? s + (fraction / 10_000_000m) : s);

    /// <summary>Instants between 1900 and 2170 at tick resolution, with offsets in quarter hours within ±14 hours.</summary>
    public static Gen<DateTimeOffset> Instant =>
        from seconds in Gen.Choose(0, int.MaxValue)
        from ticks in Gen.Choose(0, 9_999_999)
        from quarters in Gen.Choose(-14 * 4, 14 * 4)
        from withTicks in Gen.Elements(false, false, true)
        select new DateTimeOffset(
            new DateTime(new DateTime(1900, 1, 1).Ticks + (seconds * 4L * TimeSpan.TicksPerSecond) + (withTicks ? ticks : 0), DateTimeKind.Unspecified),
            TimeSpan.FromMinutes(quarters * 15));

    private static Gen<int> Small => Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 99)), (1, Gen.Choose(100, 100_000)));
}
