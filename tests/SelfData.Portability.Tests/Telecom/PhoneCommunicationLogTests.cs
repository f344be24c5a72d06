using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Mapping;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class PhoneCommunicationLogTests
{
    [Property(MaxTest = 40)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(TelecomGenerators.CommunicationLog.ToArbitrary(), log => MappingLaws.RoundTrips(TelecomDoctypes.CommunicationLogs, [log], (a, b) => a == b));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(TelecomGenerators.CommunicationLog.ToArbitrary(), log => MappingLaws.IsDeterministic(TelecomDoctypes.CommunicationLogs, [log]));

    [Property(MaxTest = 50)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(TelecomGenerators.CommunicationLog, TelecomGenerators.BrokenCommunicationLog).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(TelecomDoctypes.CommunicationLogs, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields() =>
        MappingLaws.HasFields(
            TelecomDoctypes.CommunicationLogs,
            TelecomGenerators.CommunicationLog.Sample(10, 1).First() with { Partner = "33465145277", Length = 1, ChipType = "M", Type = PhoneCommunicationTypes.IncomingSms, Latitude = 48.88, Longitude = 2.35, NetworkType = "4G", EndCause = "16" },
            "msisdn", "timestamp", "partner", "type", "length", "chipType", "latitude", "longitude", "networkType", "endCause");

    [Fact]
    public void Identity_is_the_line_and_the_instant()
    {
        Assert.Equal(["msisdn", "timestamp"], TelecomDoctypes.CommunicationLogs.IdentityKeys);
        var log = TelecomGenerators.CommunicationLog.Sample(10, 1).First();
        MappingLaws.Rejects(TelecomDoctypes.CommunicationLogs, [log, log with { Partner = "33699999999", EndCause = "31" }], 1, PortabilityErrorCodes.DuplicateIdentity);
    }

    [Fact]
    public async Task Documented_example_writes_the_pilot_fields()
    {
        var builder = ExportHarness.Builder();
        var calls = new[]
        {
            new PhoneCommunicationLog
            {
                Msisdn = "33612345678",
                Timestamp = new DateTimeOffset(2016, 8, 5, 14, 51, 53, TimeSpan.FromHours(2)),
                Partner = "33465145277",
                Type = PhoneCommunicationTypes.OutgoingCall,
                Length = 57,
                ChipType = PhoneChipTypes.Seconds,
                Latitude = 48.8817,
                Longitude = 2.35278,
                NetworkType = "4G",
            },
        };
        builder.Add(TelecomDoctypes.CommunicationLogs, calls);

        var sink = new ExportHarness.CollectingSink();
        await builder.Build().WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"msisdn\":\"33612345678\",\"timestamp\":\"2016-08-05T14:51:53+02:00\",\"partner\":\"33465145277\",\"type\":\"appel sortant\",\"length\":57,\"chipType\":\"s\",\"latitude\":48.8817,\"longitude\":2.35278,\"networkType\":\"4G\"", json, StringComparison.Ordinal);
    }
}
