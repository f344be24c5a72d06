using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>Represents an ISO 4217 alphabetic currency code such as <c>EUR</c>.</summary>
/// <remarks>
/// Codes are checked against the ISO 4217 list (current currencies and funds, plus recently withdrawn ones such as
/// <c>HRK</c> that older records still carry). A code outside the list fails with
/// <see cref="CoreErrorCodes.UnknownCurrency"/> (<c>SD9020</c>); a symbol such as <c>€</c> or a lowercase code fails with
/// <see cref="CoreErrorCodes.CurrencySymbolNotCode"/> (<c>SD9021</c>) and a message that names the code to use.
/// </remarks>
[JsonConverter(typeof(CurrencyCodeJsonConverter))]
public readonly struct CurrencyCode : IEquatable<CurrencyCode>
{
    private readonly string? _code;

    private CurrencyCode(string code, int minorUnits, bool historic)
    {
        _code = code;
        MinorUnits = minorUnits;
        IsHistoric = historic;
    }

    /// <summary>Gets the euro.</summary>
    public static CurrencyCode Eur { get; } = Parse("EUR").Value;

    /// <summary>Gets the United States dollar.</summary>
    public static CurrencyCode Usd { get; } = Parse("USD").Value;

    /// <summary>Gets the pound sterling.</summary>
    public static CurrencyCode Gbp { get; } = Parse("GBP").Value;

    /// <summary>Gets the three-letter code.</summary>
    public string Code => _code ?? string.Empty;

    /// <summary>Gets the number of digits after the decimal separator in the currency's minor unit (2 for EUR, 0 for JPY).</summary>
    public int MinorUnits { get; }

    /// <summary>Gets a value indicating whether the currency has been withdrawn (ISO 4217 list three).</summary>
    public bool IsHistoric { get; }

    /// <summary>Gets every code the SDK accepts.</summary>
    public static IEnumerable<string> KnownCodes => Iso4217.AllCodes;

    /// <summary>Parses an ISO 4217 alphabetic code.</summary>
    /// <param name="code">The code, three uppercase letters.</param>
    /// <returns>The result, holding the currency or an <c>SD9020</c>/<c>SD9021</c> error.</returns>
    public static ParseResult<CurrencyCode> Parse(string? code)
    {
        if (code is not null && code.Length == 3 && Iso4217.TryGet(code, out var minor, out var historic))
        {
            return ParseResult.ForValue(new CurrencyCode(code, minor, historic));
        }

        var shown = Doctype.Printable(code ?? string.Empty);
        var hint = code is null ? null : Iso4217.Hint(code);
        return hint is not null
            ? ParseResult.ForError<CurrencyCode>(
                CoreErrorCodes.CurrencySymbolNotCode,
                $"Currency '{shown}' is a symbol or spelling, not an ISO 4217 code; use {hint}.")
            : ParseResult.ForError<CurrencyCode>(
                CoreErrorCodes.UnknownCurrency,
                $"Currency '{shown}' is not an ISO 4217 alphabetic code (three uppercase letters such as EUR).");
    }

    /// <summary>Determines whether a string is an accepted ISO 4217 code.</summary>
    /// <param name="code">The string to test.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> is accepted.</returns>
    public static bool IsValid(string? code) => code is not null && code.Length == 3 && Iso4217.TryGet(code, out _, out _);

    /// <inheritdoc />
    public override string ToString() => Code;

    /// <inheritdoc />
    public bool Equals(CurrencyCode other) => string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CurrencyCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>Compares two currencies for equality.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the codes are equal.</returns>
    public static bool operator ==(CurrencyCode left, CurrencyCode right) => left.Equals(right);

    /// <summary>Compares two currencies for inequality.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when the codes differ.</returns>
    public static bool operator !=(CurrencyCode left, CurrencyCode right) => !left.Equals(right);
}

/// <summary>Reads and writes a <see cref="CurrencyCode"/> as a JSON string.</summary>
public sealed class CurrencyCodeJsonConverter : JsonConverter<CurrencyCode>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not an ISO 4217 code.</exception>
    public override CurrencyCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = CurrencyCode.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
        return result.TryGetValue(out var code) ? code : throw new JsonException(result.Error!.Message, result.Error.ToException());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CurrencyCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Code);
    }
}
