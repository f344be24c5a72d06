using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Telecom;
using SelfData.Portability.Tests.Generators;

namespace SelfData.Portability.Tests;

public class VideoStreamTests
{
    [Property(MaxTest = 40)]
    public Property Record_to_json_to_record_is_lossless() =>
        Prop.ForAll(TelecomGenerators.VideoStream.ToArbitrary(), v => MappingLaws.RoundTrips(TelecomDoctypes.VideoStreams, [v], (a, b) => a == b));

    [Property(MaxTest = 20)]
    public Property Same_input_gives_identical_bytes() =>
        Prop.ForAll(TelecomGenerators.VideoStream.ToArbitrary(), v => MappingLaws.IsDeterministic(TelecomDoctypes.VideoStreams, [v]));

    [Property(MaxTest = 40)]
    public Property Broken_variants_are_rejected_with_their_code() =>
        Prop.ForAll(Gen.Zip(TelecomGenerators.VideoStream, TelecomGenerators.BrokenVideoStream).ToArbitrary(), t =>
        {
            var (good, (broken, code, field)) = t;
            MappingLaws.Rejects(TelecomDoctypes.VideoStreams, [good, broken], 1, code, field);
            return true;
        });

    [Fact]
    public void Documents_carry_the_documented_fields()
    {
        var sample = TelecomGenerators.VideoStream.Sample(10, 1).First() with
        {
            Price = 15.99m,
            ViewingDuration = 5698,
            Content = TelecomGenerators.VideoContent.Sample(10, 1).First() with { SubTitle = "01-Westworld - S01", Quality = "HD", Country = "USA", CsaCode = 3, AdultLevel = 0 },
            Details = TelecomGenerators.VideoDetails.Sample(10, 1).First() with { Device = "asus : Nexus 7=NOSIMENABLED" },
        };
        MappingLaws.HasFields(
            TelecomDoctypes.VideoStreams,
            sample,
            "timestamp", "clientId", "action", "price", "viewingDuration",
            "content.type", "content.title", "content.subTitle", "content.duration", "content.quality", "content.publicationYear",
            "content.country", "content.id", "content.longId", "content.csaCode", "content.adultLevel",
            "details.offer", "details.offerName", "details.service", "details.network", "details.techno", "details.device", "details.platform");
    }

    [Fact]
    public async Task Documented_example_writes_the_pilot_fields()
    {
        var builder = ExportHarness.Builder();
        var orders = new[]
        {
            new VideoStreamEvent
            {
                ClientId = "423456789",
                Timestamp = new DateTimeOffset(2016, 12, 30, 18, 52, 55, TimeSpan.Zero),
                Action = "Commande",
                Price = 15.99m,
                Content = new VideoContent { Type = "Video", Title = "Money monster - HD", Duration = 5698, Quality = "HD", PublicationYear = 2016, Country = "USA", CsaCode = 1 },
                Details = new VideoStreamDetails { Offer = "Paid VOD", Service = "VOD TV", Platform = "Orca" },
            },
        };
        builder.Add(TelecomDoctypes.VideoStreams, orders);

        var sink = new ExportHarness.CollectingSink();
        await builder.Build().WriteAsync(sink);
        var json = Assert.Single(sink.Documents);
        Assert.Contains("\"timestamp\":\"2016-12-30T18:52:55Z\",\"clientId\":\"423456789\",\"action\":\"Commande\",\"price\":15.99,\"content\":{\"type\":\"Video\",\"title\":\"Money monster - HD\",\"duration\":5698,\"quality\":\"HD\",\"publicationYear\":2016,\"country\":\"USA\",\"csaCode\":1},\"details\":{\"offer\":\"Paid VOD\",\"service\":\"VOD TV\",\"platform\":\"Orca\"}", json, StringComparison.Ordinal);
    }
}
