using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Tests;

namespace SelfData.Conformance.Tests;

/// <summary>The examples quoted in docs/conformance.md and the package README, compiled and run.</summary>
public class DocsExamples
{
    [Fact]
    public void Checking_one_document()
    {
        var bill = MutationTests.Sample("BillingDoctypes.Bills", ExportProfile.Cozy);
        bill["currency"] = "€";
        var json = bill.ToJsonString();
        var lines = new List<string>();

        var validator = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions
        {
            Level = ConformanceLevel.Strict,
            Profile = ExportProfile.Cozy,
        });
        var result = validator.Validate(json, "io.cozy.bills");
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                lines.Add($"{error.Code} at {error.InstanceLocation} ({error.KeywordLocation}): {error.Message}");
            }
        }

        Assert.Equal("SD3014 at /currency (/properties/currency/$ref/enum): Value should match one of the values specified by the enum", Assert.Single(lines));
    }

    [Fact]
    public async Task Checking_an_ndjson_file()
    {
        var export = ExportHarness.Builder(ExportHarness.Options(ExportProfile.Cozy)).Add(ElectricityDoctypes.LinkyStatements, NdjsonTests.LinkyDays(2)).Build();
        var path = Path.Combine(Path.GetTempPath(), "selfdata-docs-" + Guid.NewGuid().ToString("N") + ".ndjson");
        try
        {
            await using (var output = File.Create(path))
            {
                await export.Datasets[0].WriteNdjsonAsync(output);
            }

            var validator = new SchemaConformanceValidator();
            var report = new List<string>();

            await using var file = File.OpenRead(path);
            var result = await validator.ValidateNdjsonAsync(file, "org.fing.mesinfos.consumptionstatement");
            report.Add($"{result.ValidDocuments}/{result.Documents} documents conform");
            foreach (var error in result.Errors)
            {
                report.Add($"line {error.Document.Line}: {error.Code} at {error.InstanceLocation}");
            }

            Assert.Equal(["96/96 documents conform"], report);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Checking_an_archive()
    {
        var archivePath = Path.Combine(Path.GetTempPath(), "selfdata-docs-" + Guid.NewGuid().ToString("N") + ".zip");
        var holderKeys = VerificationKeySet.Parse(ArchiveFixture.Key.ToPublicJwks()).Value;
        var validator = new SchemaConformanceValidator();
        try
        {
            await File.WriteAllBytesAsync(archivePath, await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));

            await using var archive = File.OpenRead(archivePath);
            var result = await validator.ValidateArchiveAsync(archive, holderKeys);
            var signedBy = result.ArchiveVerification?.SigningKeyId;

            Assert.True(result.IsValid);
            Assert.Equal("enedis-2024", signedBy);
        }
        finally
        {
            File.Delete(archivePath);
        }
    }

    [Fact]
    public void Checking_what_a_platform_receives()
    {
        var pilotDocument = """{"contractNumber":"1234654321","statementType":"REEL","statementCategory":"RELEVE_REEL_PAR_ERD_GRD","statementReason":"RELEVE_PERIODIQUE","start":"2016-03-01T00:00:00","end":"2016-09-01T00:00:00","value":"648.0"}""";

        var platform = new SchemaConformanceValidator(new SchemaConformanceValidatorOptions
        {
            Level = ConformanceLevel.Compatible,
            Profile = ExportProfile.MesInfos,
        });
        var accepted = platform.Validate(pilotDocument, "org.fing.mesinfos.consumptionstatement").IsValid;

        Assert.True(accepted);
        Assert.False(new SchemaConformanceValidator(new SchemaConformanceValidatorOptions { Profile = ExportProfile.MesInfos }).Validate(pilotDocument, "org.fing.mesinfos.consumptionstatement").IsValid);
    }

    [Fact]
    public void Getting_a_schema_for_another_tool()
    {
        var id = ConformanceSchemas.GetId(ConformanceLevel.Strict, ExportProfile.Cozy, "io.cozy.bills");
        var schemaJson = ConformanceSchemas.GetSchemaText(id!);

        Assert.Equal("https://schemas.selfdata.dev/v1/strict/cozy/io.cozy.bills.schema.json", id!.AbsoluteUri);
        Assert.Contains("\"$id\": \"https://schemas.selfdata.dev/v1/strict/cozy/io.cozy.bills.schema.json\"", schemaJson, StringComparison.Ordinal);
    }
}
