using SelfData.Portability.Customers;
namespace SelfData.Portability.Tests;

public class RecordEqualityTests
{
    [Fact]
    public void Nested_lists_are_compared_by_value()
    {
        var first = PersonIdentityTests.Example();
        var second = PersonIdentityTests.Example();
        Assert.NotEqual(first, second);
        Assert.True(RecordEquality.Equal(first, second));
    }

    [Fact]
    public void A_difference_deep_in_a_list_is_seen()
    {
        var first = PersonIdentityTests.Example();
        var provider = first.Housing![0].EnergyProviders![0];
        var changed = first with
        {
            Housing = [first.Housing[0] with { EnergyProviders = [provider with { ElectricConsumption = [provider.ElectricConsumption![0] with { Months = [] }] }] }],
        };
        Assert.False(RecordEquality.Equal(first, changed));
    }

    [Fact]
    public void Instants_must_keep_their_offset()
    {
        var utc = new SupplyLastPayment { Date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var paris = utc with { Date = utc.Date!.Value.ToOffset(TimeSpan.FromHours(1)) };
        Assert.False(RecordEquality.Equal(utc, paris));
    }
}
