using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Tests;

namespace SelfData.Conformance.Tests;

/// <summary>Whole export archives: every data file and the manifest checked, with the archive's verification.</summary>
public class ArchiveValidationTests
{
    public static TheoryData<ArchiveLayout, ExportProfile> Layouts => new()
    {
        { ArchiveLayout.Ndjson, ExportProfile.Cozy },
        { ArchiveLayout.Ndjson, ExportProfile.MesInfos },
        { ArchiveLayout.CozyMove, ExportProfile.Cozy },
        { ArchiveLayout.CozyMove, ExportProfile.MesInfos },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Archives_written_by_the_sdk_conform_and_verify(ArchiveLayout layout, ExportProfile profile)
    {
        var archive = await ArchiveFixture.ArchiveAsync(layout, ArchiveFixture.Export(profile));

        // The validator's own profile is overridden by the manifest's.
        var validator = Validators.Of(ConformanceLevel.Strict, profile == ExportProfile.Cozy ? ExportProfile.MesInfos : ExportProfile.Cozy);
        var result = await validator.ValidateArchiveAsync(new MemoryStream(archive), ArchiveFixture.Trusted);
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.ToString())));
        Assert.Equal(profile, result.Profile);
        Assert.True(result.ArchiveVerification!.IsValid);
        Assert.Equal("enedis-2024", result.ArchiveVerification.SigningKeyId);

        var manifest = result.ArchiveVerification.Manifest!;
        var documents = manifest.Files.Where(f => f.Kind == "documents").ToList();
        Assert.Equal(documents.Sum(f => f.Count) + 1, result.Documents);
        foreach (var file in documents)
        {
            Assert.Equal(file.Count, result.DocumentsByDoctype[file.Doctype]);
        }

        Assert.Equal(144, result.DocumentsByDoctype["org.fing.mesinfos.consumptionstatement"]);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Without_keys_the_integrity_is_verified_but_not_the_origin(ArchiveLayout layout, ExportProfile profile)
    {
        var archive = await ArchiveFixture.ArchiveAsync(layout, ArchiveFixture.Export(profile));
        var result = await Validators.Of(ConformanceLevel.Strict, profile).ValidateArchiveAsync(new MemoryStream(archive));
        Assert.True(result.IsValid, string.Join("\n", result.Errors.Select(e => e.ToString())));
        Assert.False(result.ArchiveVerification!.SignatureVerified);
        Assert.Contains(result.ArchiveVerification.Failures, f => f.Code == ArchiveErrorCodes.UnknownSigningKey);
    }

    [Fact]
    public async Task Another_key_fails_verification_with_the_archive_code_in_the_message()
    {
        var archive = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson);
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(archive), new SelfData.Jose.VerificationKeySet([ArchiveFixture.OtherKey.VerificationKey]));
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConformanceErrorCodes.ArchiveNotVerified, error.Code);
        Assert.Equal(ArchiveErrorCodes.SignatureInvalid, error.Cause!.Code);
        Assert.Equal(error.Cause.Message, error.Message);
        Assert.Contains($": {ConformanceErrorCodes.ArchiveNotVerified} ({ArchiveErrorCodes.SignatureInvalid}) ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, result.InvalidDocuments);
    }

    [Fact]
    public async Task A_broken_line_of_an_ndjson_file_is_reported_with_its_entry_and_line()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        var bills = entries.FindIndex(e => e.Name == "data/org.fing.mesinfos.consumptionstatement.ndjson");
        var lines = ArchiveFixture.Text(entries[bills].Bytes).Split('\n');
        var third = JsonNode.Parse(lines[2])!;
        third["start"] = "2024-01-01T01:00:00";
        lines[2] = third.ToJsonString();
        lines[6] = "{\"truncated\":";
        entries[bills] = (entries[bills].Name, Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(ArchiveFixture.Rewrite(entries)), ArchiveFixture.Trusted);
        Assert.Equal(2, result.InvalidDocuments);
        var verification = result.Errors.Where(e => e.Code == ConformanceErrorCodes.ArchiveNotVerified).ToList();
        Assert.Contains(verification, e => e.Cause?.Code == ArchiveErrorCodes.ChecksumMismatch && e.Document.Path == "data/org.fing.mesinfos.consumptionstatement.ndjson");
        var documents = result.Errors.Except(verification).ToList();
        Assert.Equal(
            [(3L, ConformanceErrorCodes.InvalidFormat, "/start"), (3L, ConformanceErrorCodes.PatternMismatch, "/start"), (7L, ConformanceErrorCodes.InvalidJson, "")],
            documents.Select(e => (e.Document.Line!.Value, e.Code, e.InstanceLocation)));
        Assert.All(documents, e => Assert.Equal("data/org.fing.mesinfos.consumptionstatement.ndjson", e.Document.Path));
        Assert.All(documents, e => Assert.Equal("org.fing.mesinfos.consumptionstatement", e.Document.Doctype));
    }

    [Fact]
    public async Task A_broken_document_of_the_cozy_layout_is_reported_with_its_entry_and_the_doctype_of_its_path()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.CozyMove));
        var index = entries.FindIndex(e => e.Name.StartsWith("My Cozy/Data/io.cozy.bills/", StringComparison.Ordinal));
        var bill = JsonNode.Parse(entries[index].Bytes)!;
        bill["currency"] = "€";
        bill["docType"] = "fr.orange.geopoint"; // The path decides.
        entries[index] = (entries[index].Name, Encoding.UTF8.GetBytes(bill.ToJsonString()));
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(ArchiveFixture.Rewrite(entries)));
        var error = Assert.Single(result.Errors, e => e.Code != ConformanceErrorCodes.ArchiveNotVerified);
        Assert.Equal((ConformanceErrorCodes.ValueNotAllowed, "/currency", entries[index].Name, "io.cozy.bills"), (error.Code, error.InstanceLocation, error.Document.Path, error.Document.Doctype));
        Assert.Null(error.Document.Line);
    }

    [Fact]
    public async Task The_manifest_is_checked_against_its_schema()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        var index = entries.FindIndex(e => e.Name == "manifest.json");
        var manifest = JsonNode.Parse(entries[index].Bytes)!;
        manifest["files"]![0]!["sha256"] = "NOT-HEX";
        manifest.AsObject().Remove("subject");
        entries[index] = (entries[index].Name, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(ArchiveFixture.Rewrite(entries)), ArchiveFixture.Trusted);
        var errors = result.Errors.Where(e => e.Document.Path == "manifest.json" && e.Code != ConformanceErrorCodes.ArchiveNotVerified).ToList();
        Assert.Equal(
            [(ConformanceErrorCodes.RequiredPropertyMissing, "", "subject"), (ConformanceErrorCodes.PatternMismatch, "/files/0/sha256", null)],
            errors.Select(e => (e.Code, e.InstanceLocation, e.Property)));
        Assert.Equal(ConformanceSchemas.GetId(SelfDataSchema.Manifest), errors[0].SchemaId);
        Assert.Contains(result.Errors, e => e.Code == ConformanceErrorCodes.ArchiveNotVerified);
    }

    [Fact]
    public async Task A_hostile_archive_is_refused_unread()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        entries.Add(("../evil.json", "{}"u8.ToArray()));
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(ArchiveFixture.Rewrite(entries)), ArchiveFixture.Trusted);
        Assert.Equal(0, result.Documents);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ConformanceErrorCodes.ArchiveUnreadable, "../evil.json"), (error.Code, error.Document.Path));
        Assert.Equal(ArchiveErrorCodes.UnsafeEntryName, error.Cause!.Code);
        Assert.DoesNotContain("SD", error.Message, StringComparison.Ordinal);

        var bomb = ArchiveFixture.Rewrite([("data/io.cozy.bills.ndjson", new byte[4 << 20])], CompressionLevel.SmallestSize);
        result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(bomb));
        Assert.Contains(result.Errors, e => e.Code == ConformanceErrorCodes.ArchiveUnreadable && e.Cause?.Code == ArchiveErrorCodes.CompressionRatioTooHigh);
        Assert.Equal(0, result.Documents);
    }

    [Fact]
    public async Task Not_an_archive_is_a_result_and_an_unseekable_stream_an_argument_error()
    {
        var result = await Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream("not a zip"u8.ToArray()));
        Assert.Equal(ConformanceErrorCodes.ArchiveUnreadable, Assert.Single(result.Errors).Code);
        Assert.False(result.IsValid);
        await Assert.ThrowsAsync<ArgumentException>(() => Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new UnseekableStream()));
    }

    [Fact]
    public async Task Cancellation_is_let_through()
    {
        var archive = await ArchiveFixture.ArchiveAsync(ArchiveLayout.CozyMove);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Validators.Of(ConformanceLevel.Strict, ExportProfile.Cozy).ValidateArchiveAsync(new MemoryStream(archive), ArchiveFixture.Trusted, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Data_entries_are_recognised_by_their_path()
    {
        Assert.Equal(("io.cozy.bills", true), ArchiveDocuments.Classify("data/io.cozy.bills.ndjson"));
        Assert.Equal(("io.cozy.bills", false), ArchiveDocuments.Classify("My Cozy/Data/io.cozy.bills/0f8fad5b.json"));
        Assert.Equal((null, false), ArchiveDocuments.Classify("My Cozy/Files/Administratif/EDF/2024-01.pdf"));
        Assert.Equal((null, false), ArchiveDocuments.Classify("My Cozy/Data/io.cozy.bills/sub/x.json"));
        Assert.Equal((null, false), ArchiveDocuments.Classify("data/Not.A.Doctype.ndjson"));
        Assert.Equal((null, false), ArchiveDocuments.Classify("index.html"));
    }

    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
