using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests.Generators;

/// <summary>Realistic building blocks shared by the record generators.</summary>
internal static class Values
{
    /// <summary>A 14-digit delivery point (PRM/PDL/PCE).</summary>
    public static Gen<string> UsagePointId =>
        from high in Gen.Choose(1_000_000, 9_999_999)
        from low in Gen.Choose(0, 9_999_999)
        select high.ToString("D7", System.Globalization.CultureInfo.InvariantCulture) + low.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A French mobile number in international form without '+'.</summary>
    public static Gen<string> Msisdn =>
        from prefix in Gen.Elements("336", "337")
        from rest in Gen.Choose(10_000_000, 99_999_999)
        select prefix + rest.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An instant between 2015 and 2030 at second resolution, with a French offset (+01:00 or +02:00) or UTC.</summary>
    public static Gen<DateTimeOffset> Instant =>
        from seconds in Gen.Choose(0, 15 * 365 * 24 * 3600)
        from offset in Gen.Elements(0, 60, 120)
        select new DateTimeOffset(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddSeconds(seconds), TimeSpan.FromMinutes(offset));

    /// <summary>A calendar date between 2015 and 2030.</summary>
    public static Gen<DateOnly> Date => Gen.Choose(0, 15 * 365).Select(d => new DateOnly(2015, 1, 1).AddDays(d));

    /// <summary>A non-negative amount with two decimals.</summary>
    public static Gen<decimal> Amount => Gen.Choose(0, 500_000).Select(c => c / 100m);

    /// <summary>A latitude in range, with up to 6 decimals.</summary>
    public static Gen<double> Latitude => Gen.Choose(-90_000_000, 90_000_000).Select(v => v / 1_000_000.0);

    /// <summary>A longitude in range, with up to 6 decimals.</summary>
    public static Gen<double> Longitude => Gen.Choose(-180_000_000, 180_000_000).Select(v => v / 1_000_000.0);

    /// <summary>A short text with accents and JSON-special characters.</summary>
    public static Gen<string> Text =>
        from words in Gen.Elements("Germaine", "Dupond", "Électricité", "Tarif Bleu", "quote\"d", "back\\slash", "<script>", "Lyon 3e", "Ça").ArrayOf()
        where words.Length > 0
        select string.Join(' ', words.Take(4));

    /// <summary>An ISO 4217 currency in common use.</summary>
    public static Gen<CurrencyCode> Currency => Gen.Elements("EUR", "EUR", "EUR", "USD", "GBP", "CHF", "JPY").Select(c => CurrencyCode.Parse(c).Value);
}
