using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;

namespace SelfData.Portability.Tests;

public class ArchiveRoundTripTests
{
    [Theory]
    [InlineData(ArchiveLayout.Ndjson, ExportProfile.Cozy)]
    [InlineData(ArchiveLayout.Ndjson, ExportProfile.MesInfos)]
    [InlineData(ArchiveLayout.CozyMove, ExportProfile.Cozy)]
    [InlineData(ArchiveLayout.CozyMove, ExportProfile.MesInfos)]
    public async Task Written_archives_verify_with_the_holders_key(ArchiveLayout layout, ExportProfile profile)
    {
        var archive = await ArchiveFixture.ArchiveAsync(layout, ArchiveFixture.Export(profile));
        var result = await ArchiveFixture.VerifyAsync(archive);
        Assert.True(result.IsValid, string.Join("\n", result.Failures));
        Assert.Equal("enedis-2024", result.SigningKeyId);
        Assert.Equal(profile == ExportProfile.Cozy ? "cozy" : "mesinfos", result.Manifest!.Profile);
        Assert.Equal(144 + 3, result.Manifest.Files.Single(f => f.Doctype == "org.fing.mesinfos.consumptionstatement").Count + 3);
    }

    [Fact]
    public async Task The_ndjson_layout_has_one_file_per_doctype_and_the_file_contents()
    {
        var names = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson)).Select(e => e.Name).ToList();
        Assert.Equal(
            ["data/org.fing.mesinfos.consumptionstatement.ndjson", "data/io.cozy.files.ndjson", "files/Administratif/EDF/2024-01.pdf", "data/io.cozy.bills.ndjson", "data/fr.orange.geopoint.ndjson", "index.html", "manifest.json", "manifest.jws"],
            names);
    }

    [Fact]
    public async Task The_cozy_layout_has_one_file_per_document_and_content_right_after_its_metadata()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.CozyMove));
        var names = entries.Select(e => e.Name).ToList();
        Assert.Equal(144, names.Count(n => n.StartsWith("My Cozy/Data/org.fing.mesinfos.consumptionstatement/", StringComparison.Ordinal)));
        var fileDoc = names.FindIndex(n => n.StartsWith("My Cozy/Data/io.cozy.files/", StringComparison.Ordinal));
        Assert.Equal("My Cozy/Files/Administratif/EDF/2024-01.pdf", names[fileDoc + 1]);
        foreach (var (name, bytes) in entries.Where(e => e.Name.StartsWith("My Cozy/Data/", StringComparison.Ordinal)))
        {
            var id = JsonDocument.Parse(bytes).RootElement.GetProperty("_id").GetString();
            Assert.EndsWith("/" + id + ".json", name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_manifest_lists_every_data_file_with_counts_bytes_and_sha256()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        var manifest = JsonDocument.Parse(entries.Single(e => e.Name == "manifest.json").Bytes).RootElement;
        Assert.Equal("selfdata-export", manifest.GetProperty("format").GetString());
        Assert.Equal("enedis", manifest.GetProperty("holder").GetProperty("id").GetString());
        Assert.Equal("subject-1", manifest.GetProperty("subject").GetString());
        Assert.Equal("2024-03-01T12:00:00Z", manifest.GetProperty("transactionTime").GetString());
        foreach (var file in manifest.GetProperty("files").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == "documents"))
        {
            var bytes = entries.Single(e => e.Name == file.GetProperty("path").GetString()).Bytes;
            Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), file.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Count(b => b == (byte)'\n'), file.GetProperty("count").GetInt64());
        }

        var jws = ArchiveFixture.Text(entries.Single(e => e.Name == "manifest.jws").Bytes);
        Assert.Matches("^[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+$", jws);
    }

    [Fact]
    public async Task Same_export_gives_identical_archive_bytes()
    {
        var first = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson, ArchiveFixture.Export(), SigningKey.FromRsa("rsa-1", ArchiveFixtureRsa.Key, "RS256"));
        var second = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson, ArchiveFixture.Export(), SigningKey.FromRsa("rsa-1", ArchiveFixtureRsa.Key, "RS256"));
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("PS256")]
    [InlineData("RS256")]
    public async Task Rsa_keys_sign_with_ps256_or_rs256(string algorithm)
    {
        var key = SigningKey.FromRsa("rsa-" + algorithm, ArchiveFixtureRsa.Key, algorithm);
        var result = await ArchiveFixture.VerifyAsync(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson, null, key), [key.VerificationKey]);
        Assert.True(result.IsValid, string.Join("\n", result.Failures));
        Assert.Contains("\"alg\":\"" + algorithm + "\"", key.ToPublicJwks(), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_keys_are_checked()
    {
        using var small = System.Security.Cryptography.RSA.Create(1024);
        Assert.Equal(JoseErrorCodes.WeakKey, Assert.Throws<SelfDataArgumentException>(() => SigningKey.FromRsa("k", small)).Code);
        using var hmac = SigningKey.FromSymmetricKey("k", new byte[32]);
        var refused = Assert.Throws<SelfDataArgumentException>(() => new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = hmac }));
        Assert.Equal(ArchiveErrorCodes.InvalidSigningKey, refused.Code);
        using var es384 = SigningKey.CreateEcdsa("k", JwsAlgorithms.ES384);
        Assert.Equal(ArchiveErrorCodes.InvalidSigningKey, Assert.Throws<SelfDataArgumentException>(() => new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = es384 })).Code);
        Assert.Equal(ArchiveErrorCodes.InvalidSigningKey, Assert.Throws<SelfDataArgumentException>(() => new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions())).Code);
        Assert.Equal(ArchiveErrorCodes.InvalidWriterOptions, Assert.Throws<SelfDataArgumentException>(() => new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = es384, PreviewRows = -1 })).Errors[^1].Code);
    }

    [Fact]
    public async Task A_failing_or_cancelled_export_leaves_no_complete_looking_archive()
    {
        var dir = Directory.CreateTempSubdirectory("selfdata-archive-");
        try
        {
            var path = Path.Combine(dir.FullName, "export.zip");
            var writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = ArchiveFixture.Key });
            var failing = ExportHarness.Builder().Add(ElectricityDoctypes.LinkyStatements, Failing()).Build();
            await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(failing, path));
            Assert.Empty(dir.GetFiles());

            using var cts = new CancellationTokenSource();
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(ArchiveFixture.Export(), path, cts.Token));
            Assert.Empty(dir.GetFiles());

            var invalid = ExportHarness.Builder().Add(BillingDoctypes.Bills, [new Bill { Vendor = "", Date = DateTimeOffset.UnixEpoch, Amount = new Money(1, "EUR") }]).Build();
            await Assert.ThrowsAsync<SelfDataValidationException>(() => writer.WriteAsync(invalid, path));
            Assert.Empty(dir.GetFiles());

            var done = await writer.WriteAsync(ArchiveFixture.Export(), path);
            Assert.Equal(path, done.Path);
            Assert.Single(dir.GetFiles());
            await using var file = File.OpenRead(path);
            Assert.True((await PortabilityArchive.VerifyAsync(file, ArchiveFixture.Trusted)).IsValid);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async IAsyncEnumerable<LoadCurveReading> Failing()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 100; i++)
        {
            await Task.Yield();
            yield return new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(1, Unit.Watt));
        }

        throw new IOException("meter database unreachable");
    }
}

internal static class ArchiveFixtureRsa
{
    public static readonly System.Security.Cryptography.RSA Key = System.Security.Cryptography.RSA.Create(2048);
}
