using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using Interval = SelfData.Core.Interval;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>A change of one character of a serialized token or record: where, and the non-zero XOR mask applied.</summary>
public readonly record struct ByteFlip(int Seed, int Mask)
{
    public string Apply(string text, int from = 0)
    {
        var index = from + (Seed % (text.Length - from));
        return string.Concat(text.AsSpan(0, index), ((char)(text[index] ^ Mask)).ToString(), text.AsSpan(index + 1));
    }
}

/// <summary>What an OAuth export grant and a request inside it look like.</summary>
public sealed record GrantShape(string[] Doctypes, string[] Requested, string? Purpose, Interval? Period, Interval? RequestedPeriod, int LifetimeMinutes, string Algorithm);

/// <summary>What a MyData world looks like.</summary>
public sealed record MyDataShape(string Version, JwsSerialization Serialization, ConsentStatus[] Statuses, bool TokenInPopOnly);

/// <summary>Generators for the consent properties: realistic valid shapes and single-character tampering.</summary>
public static class ConsentGenerators
{
    private static readonly string[] DoctypeNames = ["fr.example.energy.loadcurve", "fr.example.energy.contract", "fr.example.energy.dailyconsumption", "fr.example.gas.index", "io.cozy.bills"];

    /// <summary>One character changed anywhere, to any other value.</summary>
    public static Gen<ByteFlip> Flip =>
        from seed in Gen.Choose(0, int.MaxValue)
        from mask in Gen.Choose(1, 255)
        select new ByteFlip(seed, mask);

    /// <summary>Grants with a subset of doctypes, optional purpose and period, and a request inside them.</summary>
    public static Gen<GrantShape> Grant =>
        from mask in Gen.Choose(1, (1 << DoctypeNames.Length) - 1)
        from pick in Gen.Choose(0, int.MaxValue)
        from withPurpose in Gen.Elements(true, false)
        from startDays in Gen.Choose(0, 700)
        from lengthDays in Gen.Choose(2, 400)
        from withPeriod in Gen.Elements(true, false)
        from lifetime in Gen.Choose(1, 24 * 60)
        from algorithm in Gen.Elements(JwsAlgorithms.ES256, JwsAlgorithms.RS256, JwsAlgorithms.PS256, JwsAlgorithms.ES384)
        select Shape(mask, pick, withPurpose, startDays, lengthDays, withPeriod, lifetime, algorithm);

    /// <summary>MyData worlds in every version and record serialization, with status chains ending Active.</summary>
    public static Gen<MyDataShape> MyData =>
        from version in Gen.Elements("1.2.1", "1.3", "2.0")
        from serialization in Gen.Elements(JwsSerialization.Compact, JwsSerialization.FlattenedJson, JwsSerialization.GeneralJson)
        from history in Gen.Elements(ConsentStatus.Active, ConsentStatus.Disabled).ArrayOf().Where(a => a.Length <= 5)
        from popOnly in Gen.Elements(true, false)
        select new MyDataShape(version, serialization, [.. history, ConsentStatus.Active], popOnly);

    private static GrantShape Shape(int mask, int pick, bool withPurpose, int startDays, int lengthDays, bool withPeriod, int lifetime, string algorithm)
    {
        var granted = DoctypeNames.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
        var requested = granted.Where((_, i) => ((pick >> i) & 1) == 1).DefaultIfEmpty(granted[0]).ToArray();
        var start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(startDays);
        Interval? period = withPeriod ? new Interval(start, start.AddDays(lengthDays)) : null;
        Interval? requestedPeriod = withPeriod ? new Interval(start.AddDays(lengthDays / 4), start.AddDays(lengthDays / 2)) : null;
        return new GrantShape(granted, requested, withPurpose ? "energy-advice" : null, period, requestedPeriod, lifetime, algorithm);
    }
}
