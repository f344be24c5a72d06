using System.IO.Compression;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Tests;

public class HostileArchiveTests
{
    private static readonly byte[] Manifest = "{}"u8.ToArray();

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("data/../../evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/evil.dll")]
    [InlineData("data\\evil.txt")]
    [InlineData("data//evil.txt")]
    public async Task Zip_slip_names_are_refused_without_reading(string name)
    {
        var result = await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite([("manifest.json", Manifest), (name, "x"u8.ToArray())]));
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.UnsafeEntryName && f.Entry == name);
        Assert.Null(result.Manifest);
    }

    [Fact]
    public async Task Duplicate_entry_names_are_refused()
    {
        var result = await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite([("manifest.json", Manifest), ("data/a.ndjson", "1"u8.ToArray()), ("data/a.ndjson", "2"u8.ToArray())]));
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.DuplicateEntry);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_its_compression_ratio()
    {
        var bomb = ArchiveFixture.Rewrite([("manifest.json", Manifest), ("data/zeros.ndjson", new byte[64 << 20])], CompressionLevel.SmallestSize);
        Assert.True(bomb.Length < 1 << 20);
        var result = await ArchiveFixture.VerifyAsync(bomb);
        Assert.Equal(ArchiveErrorCodes.CompressionRatioTooHigh, Assert.Single(result.Failures).Code);
    }

    [Fact]
    public async Task Total_expansion_and_entry_count_have_limits()
    {
        var archive = ArchiveFixture.Rewrite([("manifest.json", Manifest), .. Enumerable.Range(0, 20).Select(i => ($"data/{i}.ndjson", new byte[10_000]))]);
        var expansion = await ArchiveFixture.VerifyAsync(archive, options: new ArchiveVerificationOptions { MaxTotalUncompressedBytes = 100_000, MaxCompressionRatio = 1e9 });
        Assert.Contains(expansion.Failures, f => f.Code == ArchiveErrorCodes.ExpansionTooLarge);
        var count = await ArchiveFixture.VerifyAsync(archive, options: new ArchiveVerificationOptions { MaxEntries = 10 });
        Assert.Equal(ArchiveErrorCodes.TooManyEntries, Assert.Single(count.Failures).Code);
    }

    [Fact]
    public async Task An_oversized_manifest_is_refused()
    {
        var archive = ArchiveFixture.Rewrite([("manifest.json", new byte[2 << 20])]);
        var result = await ArchiveFixture.VerifyAsync(archive, options: new ArchiveVerificationOptions { MaxManifestBytes = 1 << 20, MaxCompressionRatio = 1e9 });
        Assert.Equal(ArchiveErrorCodes.ManifestTooLarge, Assert.Single(result.Failures).Code);
    }

    [Fact]
    public async Task Missing_and_malformed_manifests_have_their_codes()
    {
        Assert.Equal(ArchiveErrorCodes.ManifestMissing, Assert.Single((await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite([("data/a.ndjson", "{}"u8.ToArray())]))).Failures).Code);
        Assert.Equal(ArchiveErrorCodes.ManifestMalformed, Assert.Single((await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite([("manifest.json", "{\"format\":\"other\"}"u8.ToArray())]))).Failures).Code);
        Assert.Equal(ArchiveErrorCodes.ManifestMalformed, Assert.Single((await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite([("manifest.json", "not json"u8.ToArray())]))).Failures).Code);
    }

    [Fact]
    public async Task Something_that_is_not_a_zip_is_refused()
    {
        var result = await ArchiveFixture.VerifyAsync("PK but not really a zip archive at all"u8.ToArray());
        Assert.Equal(ArchiveErrorCodes.NotAnArchive, Assert.Single(result.Failures).Code);
    }

    [Fact]
    public async Task A_missing_signature_is_refused()
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        entries.RemoveAll(e => e.Name == "manifest.jws");
        var result = await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite(entries));
        Assert.False(result.IsValid);
        Assert.Equal(ArchiveErrorCodes.SignatureMissing, Assert.Single(result.Failures).Code);
    }

    [Theory]
    [InlineData("{\"alg\":\"none\",\"kid\":\"enedis-2024\"}", ArchiveErrorCodes.AlgorithmNotAllowed)]
    [InlineData("{\"alg\":\"HS256\",\"kid\":\"enedis-2024\"}", ArchiveErrorCodes.AlgorithmNotAllowed)]
    [InlineData("{\"alg\":\"ES256\"}", ArchiveErrorCodes.UnknownSigningKey)]
    [InlineData("{\"alg\":\"ES256\",\"kid\":\"enedis-2024\",\"crit\":[\"exp\"]}", ArchiveErrorCodes.SignatureInvalid)]
    [InlineData("{\"alg\":\"ES256\",\"alg\":\"ES256\",\"kid\":\"enedis-2024\"}", ArchiveErrorCodes.SignatureInvalid)]
    public async Task Forged_signature_headers_are_refused(string header, string code)
    {
        var entries = ArchiveFixture.Entries(await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson));
        var i = entries.FindIndex(e => e.Name == "manifest.jws");
        var signature = ArchiveFixture.Text(entries[i].Bytes).Split('.')[2];
        var encoded = SelfData.Jose.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header));
        entries[i] = ("manifest.jws", System.Text.Encoding.ASCII.GetBytes(encoded + ".." + signature));
        var result = await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite(entries));
        Assert.Equal(code, Assert.Single(result.Failures).Code);
    }
}
