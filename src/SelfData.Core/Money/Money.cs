using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>Represents an amount of money: an exact decimal amount in an ISO 4217 currency.</summary>
/// <remarks>
/// The amount keeps its scale (<c>12.30</c> stays <c>12.30</c>) through JSON. Sign is up to the doctype: bank operations
/// are signed, bills are always positive (refunds set <c>isRefund</c>). Adding amounts of different currencies fails
/// with <see cref="CoreErrorCodes.CurrencyMismatch"/> (<c>SD9022</c>).
/// </remarks>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly struct Money : IEquatable<Money>, IFormattable
{
    /// <summary>Initializes a new instance of the <see cref="Money"/> struct.</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The currency.</param>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is the default, empty value.</exception>
    public Money(decimal amount, CurrencyCode currency)
    {
        if (string.IsNullOrEmpty(currency.Code))
        {
            throw new ArgumentException("The currency is required.", nameof(currency));
        }

        Amount = amount;
        Currency = currency;
    }

    /// <summary>Initializes a new instance of the <see cref="Money"/> struct from a currency code string.</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The ISO 4217 code.</param>
    /// <exception cref="SelfDataValidationException">The code is not ISO 4217 (<c>SD9020</c>, or <c>SD9021</c> for a symbol).</exception>
    public Money(decimal amount, string currency)
        : this(amount, CurrencyCode.Parse(currency).GetValueOrThrow())
    {
    }

    /// <summary>Gets the amount.</summary>
    public decimal Amount { get; }

    /// <summary>Gets the currency.</summary>
    public CurrencyCode Currency { get; }

    /// <summary>Gets the absolute value of this amount, in the same currency.</summary>
    /// <returns>The amount without its sign.</returns>
    public Money Abs() => new(Math.Abs(Amount), Currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="SelfDataValidationException">The currencies differ (<c>SD9022</c>).</exception>
    public static Money operator +(Money left, Money right) => Add(left, right);

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="SelfDataValidationException">The currencies differ (<c>SD9022</c>).</exception>
    public static Money Add(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new SelfDataValidationException(
                CoreErrorCodes.CurrencyMismatch,
                $"Cannot add {right.Currency} to {left.Currency}.");
        }

        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money operator -(Money value) => Negate(value);

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money Negate(Money value) => new(-value.Amount, value.Currency);

    /// <inheritdoc />
    /// <remarks>Equality ignores trailing zeros: <c>12.3 EUR</c> equals <c>12.30 EUR</c>.</remarks>
    public bool Equals(Money other) => Amount == other.Amount && Currency == other.Currency;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <inheritdoc />
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Amount.ToString(format, formatProvider ?? CultureInfo.InvariantCulture) + " " + Currency.Code;

    /// <summary>Compares two amounts for equality.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when amount and currency are equal.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Compares two amounts for inequality.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when amount or currency differ.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);
}

/// <summary>Reads and writes <see cref="Money"/> as <c>{"amount": 12.30, "currency": "EUR"}</c>, keeping the decimal and its scale exactly.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The JSON is not a money object or its currency is not ISO 4217.</exception>
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Money is a JSON object with 'amount' and 'currency'.");
        }

        decimal? amount = null;
        CurrencyCode? currency = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "amount":
                    amount = reader.GetDecimal();
                    break;
                case "currency":
                    var parsed = CurrencyCode.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
                    currency = parsed.TryGetValue(out var c) ? c : throw new JsonException(parsed.Error!.Message, parsed.Error.ToException());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return amount is null || currency is null
            ? throw new JsonException("Money needs both 'amount' and 'currency'.")
            : new Money(amount.Value, currency.Value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("amount", value.Amount);
        writer.WriteString("currency", value.Currency.Code);
        writer.WriteEndObject();
    }
}
