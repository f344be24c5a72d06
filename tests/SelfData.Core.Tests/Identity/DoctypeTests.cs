using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Core.Tests.Generators;

namespace SelfData.Core.Tests;

public class DoctypeTests
{
    // An independent statement of Cozy's rule, to compare the implementation against.
    private static readonly Regex CozyRule = new("^(?!\\.)(?!.*\\.\\.)[a-z0-9._]+(?<!\\.)$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("io.cozy.bills")]
    [InlineData("io.cozy.bank.operations")]
    [InlineData("fr.enedis.api.meteringdata.loadcurve")]
    [InlineData("org.fing.mesinfos.consumptionstatement")]
    [InlineData("com.grandlyon.egl.day")]
    [InlineData("fr.maif.maifuser.sinistre")]
    [InlineData("io.cozy.timeseries.geojson")]
    [InlineData("a")]
    [InlineData("a_b.c_d")]
    public void Real_doctypes_are_accepted(string name)
    {
        Assert.True(Doctype.IsValid(name));
        Assert.Equal(name, new Doctype(name).Name);
    }

    [Theory]
    [InlineData("ConsumpionStatement")]
    [InlineData("fr.orange-mobile")]
    [InlineData(".io.cozy")]
    [InlineData("io.cozy.")]
    [InlineData("io..cozy")]
    [InlineData("")]
    [InlineData("io.cozy.bills ")]
    [InlineData("io/cozy")]
    public void Names_breaking_the_rule_fail_with_SD9001(string name)
    {
        var result = Doctype.Parse(name);
        Assert.False(result.Success);
        Assert.Equal(CoreErrorCodes.InvalidDoctype, result.Error!.Code);
        var ex = Assert.Throws<SelfDataValidationException>(() => new Doctype(name));
        Assert.Equal("SD9001", ex.Code);
        Assert.DoesNotContain("SD9001", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("SD9001 ", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Uppercase_letters_get_a_hint()
    {
        var error = Doctype.Parse("io.cozy.Bills").Error!;
        Assert.Contains("lowercase", error.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property Generated_valid_names_are_accepted() =>
        Prop.ForAll(CoreGenerators.ValidDoctype.ToArbitrary(), name => Doctype.Parse(name).Success);

    [Property]
    public Property Generated_invalid_names_are_rejected_with_their_code() =>
        Prop.ForAll(CoreGenerators.InvalidDoctype.ToArbitrary(), name =>
            Doctype.Parse(name).Error?.Code == CoreErrorCodes.InvalidDoctype);

    [Property(MaxTest = 500)]
    public Property The_rule_accepts_exactly_the_names_the_reference_rule_accepts() =>
        Prop.ForAll(CoreGenerators.AnyDoctypeLikeString.ToArbitrary(), name =>
            Doctype.IsValid(name) == (name.Length <= Doctype.MaxLength && CozyRule.IsMatch(name)));

    [Fact]
    public void Namespace_membership_requires_a_dot_boundary()
    {
        var doctype = new Doctype("fr.enedis.api.customers.identity");
        Assert.True(doctype.IsInNamespace("fr.enedis"));
        Assert.True(doctype.IsInNamespace("fr.enedis.api.customers.identity"));
        Assert.False(doctype.IsInNamespace("fr.ene"));
        Assert.False(doctype.IsInNamespace("fr.enedis.api.customers.identity.x"));
    }

    [Fact]
    public void Json_round_trip_and_invalid_json_value()
    {
        var doctype = new Doctype("io.cozy.bills");
        var json = JsonSerializer.Serialize(doctype);
        Assert.Equal("\"io.cozy.bills\"", json);
        Assert.Equal(doctype, JsonSerializer.Deserialize<Doctype>(json));
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Doctype>("\"IO.COZY\""));
        Assert.Equal("SD9001", Assert.IsType<SelfDataValidationException>(ex.InnerException).Code);
    }
}
