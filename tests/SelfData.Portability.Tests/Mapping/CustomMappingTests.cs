using SelfData.Core;
using SelfData.Portability.Mapping;

namespace SelfData.Portability.Tests;

public class CustomMappingTests
{
    private sealed record Reading(string Meter, int Litres);

    private sealed class WaterMapping(string doctype) : JsonDoctypeMapping<Reading>(doctype, "meter")
    {
        public override void WriteIdentity(Reading record, ref IdentityKeyWriter keys) => keys.Add(record.Meter);
    }

    [Theory]
    [InlineData("Fr.Water.Readings")]
    [InlineData("fr..water")]
    [InlineData("")]
    public void A_custom_mapping_with_an_invalid_doctype_fails_with_its_code(string doctype)
    {
        var error = Assert.Throws<SelfDataValidationException>(() => new WaterMapping(doctype));
        Assert.Equal(PortabilityErrorCodes.InvalidDoctype, error.Code);
        Assert.Equal("doctype", error.FieldPath);
        Assert.Equal(CoreErrorCodes.InvalidDoctype, Assert.IsType<SelfDataValidationException>(error.InnerException).Code);
    }

    [Fact]
    public void A_custom_mapping_with_a_valid_doctype_keeps_it()
    {
        Assert.Equal("fr.eaudugrandlyon.readings", new WaterMapping("fr.eaudugrandlyon.readings").Doctype.Name);
    }
}
