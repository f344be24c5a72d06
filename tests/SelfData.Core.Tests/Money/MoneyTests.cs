using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core.Tests.Generators;

namespace SelfData.Core.Tests;

public class MoneyTests
{
    [Property]
    public Property Money_survives_json_round_trips_exactly() =>
        Prop.ForAll(CoreGenerators.Money.ToArbitrary(), money =>
        {
            var json = JsonSerializer.Serialize(money);
            var back = JsonSerializer.Deserialize<Money>(json);
            return back == money
                && back.Amount.Scale == money.Amount.Scale
                && JsonSerializer.Serialize(back) == json;
        });

    [Fact]
    public void Json_shape_keeps_trailing_zeros() =>
        Assert.Equal("{\"amount\":12.30,\"currency\":\"EUR\"}", JsonSerializer.Serialize(new Money(12.30m, "EUR")));

    [Theory]
    [InlineData("€", "EUR")]
    [InlineData("$", "USD")]
    [InlineData("£", "GBP")]
    [InlineData("eur", "EUR")]
    [InlineData("Euros", "EUR")]
    public void Symbols_and_spellings_fail_with_SD9021_and_name_the_code(string given, string suggested)
    {
        var error = CurrencyCode.Parse(given).Error!;
        Assert.Equal(CoreErrorCodes.CurrencySymbolNotCode, error.Code);
        Assert.Contains(suggested, error.Message, StringComparison.Ordinal);
        var ex = Assert.Throws<SelfDataValidationException>(() => new Money(1m, given));
        Assert.Equal("SD9021", ex.Code);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO1")]
    [InlineData("")]
    [InlineData("E")]
    public void Codes_outside_iso_4217_fail_with_SD9020(string given) =>
        Assert.Equal(CoreErrorCodes.UnknownCurrency, CurrencyCode.Parse(given).Error!.Code);

    [Fact]
    public void Minor_units_come_from_iso_4217()
    {
        Assert.Equal(2, CurrencyCode.Parse("EUR").Value.MinorUnits);
        Assert.Equal(0, CurrencyCode.Parse("JPY").Value.MinorUnits);
        Assert.Equal(3, CurrencyCode.Parse("KWD").Value.MinorUnits);
        Assert.True(CurrencyCode.Parse("HRK").Value.IsHistoric);
        Assert.False(CurrencyCode.Eur.IsHistoric);
    }

    [Fact]
    public void Adding_different_currencies_fails_with_SD9022()
    {
        var ex = Assert.Throws<SelfDataValidationException>(() => new Money(1m, "EUR") + new Money(1m, "USD"));
        Assert.Equal("SD9022", ex.Code);
        Assert.Equal(new Money(3.5m, "EUR"), new Money(1m, "EUR") + new Money(2.5m, "EUR"));
    }

    [Fact]
    public void Invalid_currency_in_json_names_the_code()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>("{\"amount\":1,\"currency\":\"€\"}"));
        Assert.Equal("SD9021", Assert.IsType<SelfDataValidationException>(ex.InnerException).Code);
    }
}
