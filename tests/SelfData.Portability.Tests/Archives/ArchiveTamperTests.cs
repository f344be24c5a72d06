using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Tests;

public class ArchiveTamperTests
{
    private static readonly Lazy<byte[]> Ndjson = new(() => ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson).GetAwaiter().GetResult());
    private static readonly Lazy<byte[]> Cozy = new(() => ArchiveFixture.ArchiveAsync(ArchiveLayout.CozyMove).GetAwaiter().GetResult());

    private static byte[] Archive(bool cozy) => cozy ? Cozy.Value : Ndjson.Value;

    private static ArchiveVerificationResult Verify(byte[] archive) => ArchiveFixture.VerifyAsync(archive).GetAwaiter().GetResult();

    [Property(MaxTest = 60)]
    public Property Flipping_any_byte_of_any_entry_fails_verification() =>
        Prop.ForAll(
            (from cozy in Gen.Elements(false, true)
             from entry in Gen.Choose(0, 10_000)
             from position in Gen.Choose(0, int.MaxValue)
             from bit in Gen.Choose(0, 7)
             select (cozy, entry, position, bit)).ToArbitrary(),
            t =>
            {
                var entries = ArchiveFixture.Entries(Archive(t.cozy));
                var index = t.entry % entries.Count;
                var (name, bytes) = entries[index];
                if (bytes.Length == 0)
                {
                    return true;
                }

                var changed = (byte[])bytes.Clone();
                changed[t.position % changed.Length] ^= (byte)(1 << t.bit);
                entries[index] = (name, changed);
                var result = Verify(ArchiveFixture.Rewrite(entries));
                var expected = name switch
                {
                    "manifest.json" => new[] { ArchiveErrorCodes.SignatureInvalid, ArchiveErrorCodes.ManifestMalformed },
                    "manifest.jws" => [ArchiveErrorCodes.SignatureInvalid, ArchiveErrorCodes.SignatureMissing, ArchiveErrorCodes.AlgorithmNotAllowed, ArchiveErrorCodes.UnknownSigningKey],
                    _ => [ArchiveErrorCodes.ChecksumMismatch],
                };
                return !result.IsValid && result.Failures.Any(f => expected.Contains(f.Code));
            });

    [Fact]
    public void Every_single_bit_flip_of_the_signature_fails()
    {
        var entries = ArchiveFixture.Entries(Archive(false));
        var i = entries.FindIndex(e => e.Name == "manifest.jws");
        var original = entries[i].Bytes;
        for (var position = 0; position < original.Length; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var changed = (byte[])original.Clone();
                changed[position] ^= (byte)(1 << bit);
                var copy = entries.ToList();
                copy[i] = ("manifest.jws", changed);
                Assert.False(Verify(ArchiveFixture.Rewrite(copy)).IsValid, $"flip of bit {bit} at {position} still verifies");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dropping_a_data_entry_is_caught(bool cozy)
    {
        var entries = ArchiveFixture.Entries(Archive(cozy));
        entries.RemoveAt(entries.FindIndex(e => e.Name.Contains("consumptionstatement", StringComparison.Ordinal)));
        var result = Verify(ArchiveFixture.Rewrite(entries));
        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.EntryMissing);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Adding_an_entry_is_caught(bool cozy)
    {
        var entries = ArchiveFixture.Entries(Archive(cozy));
        entries.Add(("data/extra.ndjson", "{}\n"u8.ToArray()));
        var result = Verify(ArchiveFixture.Rewrite(entries));
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.UnexpectedEntry && f.Entry == "data/extra.ndjson");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Renaming_an_entry_is_caught(bool cozy)
    {
        var entries = ArchiveFixture.Entries(Archive(cozy));
        var i = entries.FindIndex(e => e.Name.Contains("io.cozy.bills", StringComparison.Ordinal));
        entries[i] = (entries[i].Name.Replace("bills", "billz", StringComparison.Ordinal), entries[i].Bytes);
        var result = Verify(ArchiveFixture.Rewrite(entries));
        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code is ArchiveErrorCodes.EntryMissing or ArchiveErrorCodes.UnexpectedEntry);
    }

    [Fact]
    public void Moving_a_cozy_document_under_another_id_is_caught()
    {
        var entries = ArchiveFixture.Entries(Archive(cozy: true));
        var docs = entries.Select((e, i) => (e, i)).Where(x => x.e.Name.StartsWith("My Cozy/Data/org.fing", StringComparison.Ordinal)).Take(2).ToList();
        entries[docs[0].i] = (docs[0].e.Name, docs[1].e.Bytes);
        entries[docs[1].i] = (docs[1].e.Name, docs[0].e.Bytes);
        var result = Verify(ArchiveFixture.Rewrite(entries));
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.LayoutViolation);
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.ChecksumMismatch);
    }

    [Fact]
    public async Task Swapping_the_signing_key_is_caught()
    {
        var forged = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson, null, ArchiveFixture.OtherKey);
        var result = Verify(forged);
        Assert.False(result.IsValid);
        Assert.Equal(ArchiveErrorCodes.SignatureInvalid, Assert.Single(result.Failures).Code);

        var unknown = await ArchiveFixture.VerifyAsync(Ndjson.Value, [Rename(ArchiveFixture.OtherKey, "another")]);
        Assert.Equal(ArchiveErrorCodes.UnknownSigningKey, Assert.Single(unknown.Failures).Code);
    }

    [Fact]
    public void Editing_the_manifest_breaks_the_signature()
    {
        var entries = ArchiveFixture.Entries(Ndjson.Value);
        var i = entries.FindIndex(e => e.Name == "manifest.json");
        entries[i] = ("manifest.json", System.Text.Encoding.UTF8.GetBytes(ArchiveFixture.Text(entries[i].Bytes).Replace("\"subject-1\"", "\"subject-2\"", StringComparison.Ordinal)));
        var result = Verify(ArchiveFixture.Rewrite(entries));
        Assert.False(result.IsValid);
        Assert.Equal(ArchiveErrorCodes.SignatureInvalid, Assert.Single(result.Failures).Code);
    }

    [Fact]
    public async Task Keys_inside_the_archive_are_never_used()
    {
        var entries = ArchiveFixture.Entries(Ndjson.Value);
        entries.Add(("jwks.json", System.Text.Encoding.UTF8.GetBytes(ArchiveFixture.Key.ToPublicJwks())));
        var result = await ArchiveFixture.VerifyAsync(ArchiveFixture.Rewrite(entries), []);
        Assert.False(result.SignatureVerified);
        Assert.Contains(result.Failures, f => f.Code == ArchiveErrorCodes.UnknownSigningKey);
    }

    private static SelfData.Jose.VerificationKey Rename(SelfData.Jose.SigningKey key, string kid) =>
        SelfData.Jose.VerificationKey.FromJwk(key.ToPublicJwk().Replace("\"kid\":\"" + key.KeyId + "\"", "\"kid\":\"" + kid + "\"", StringComparison.Ordinal)).Value;
}
