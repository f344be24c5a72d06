using SelfData.Core;
using SelfData.Portability.Archives;
using SelfData.Portability.Jobs;

namespace SelfData.Portability.Tests.Jobs;

public class ExportJobJsonTests
{
    [Fact]
    public void A_job_with_every_member_round_trips()
    {
        var job = new ExportJob
        {
            Id = ExportJob.NewId(),
            Owner = new ExportJobOwner("client", "subject", "consent", new string('j', 43)),
            Request = new ExportJobRequest
            {
                Doctypes = [new Doctype("io.cozy.bills")],
                Profile = ExportProfile.MesInfos,
                Layout = ArchiveLayout.CozyMove,
                Since = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)),
                Until = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.FromHours(1)),
            },
            State = ExportJobState.Failed,
            IdempotencyKey = "key \"quoted\" é",
            CreatedAt = new DateTimeOffset(2024, 6, 1, 12, 0, 0, 123, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2024, 6, 1, 12, 1, 0, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2024, 6, 2, 12, 1, 0, TimeSpan.Zero),
            Attempts = 3,
            LeaseOwner = "w1",
            LeaseExpiresAt = new DateTimeOffset(2024, 6, 1, 12, 0, 30, TimeSpan.Zero),
            Progress = "writing",
            Error = new SelfDataError("SD2022", "stalled", "lease"),
            Result = new ExportJobResult
            {
                TransactionTime = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero),
                Archive = new ExportArtifact("archive.zip", 10, new string('a', 64), "application/zip"),
                Signature = new ExportArtifact("manifest.jws", 11, new string('b', 64), "application/jose"),
                Outputs = [new ExportJobOutput(new Doctype("io.cozy.bills"), 2, new ExportArtifact("io.cozy.bills.ndjson", 12, new string('c', 64), "application/x-ndjson"))],
                Errors = [new SelfDataError("SD2020", "none")],
            },
        };
        var back = ExportJobJson.Deserialize(ExportJobJson.Serialize(job));
        Assert.Equal(job, back);
        Assert.NotEqual(job, back with { Request = back.Request with { Doctypes = [new Doctype("io.cozy.files")] } });
        Assert.NotEqual(job, back with { Result = back.Result! with { Errors = [] } });
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"v\":2}")]
    [InlineData("[1]")]
    [InlineData("{\"v\":1,\"id\":\"x\"}")]
    public void Unreadable_state_is_refused_with_its_code(string json) =>
        Assert.Equal(CoreErrorCodes.UnreadableState, Assert.Throws<SelfDataException>(() => ExportJobJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json))).Code);
}
