using System.Text.Json.Nodes;
using SelfData.Jose;

namespace SelfData.Consent.Tests;

/// <summary>
/// A validator keeps the MyData records it has read (a Sink presents the same ones with every request), but never a
/// verdict: each call verifies every signature again with the keys it resolves then, and only verified records are kept.
/// </summary>
public class RecordCacheTests : ConsentTestBase
{
    [Fact]
    public async Task A_kept_record_is_verified_again_with_the_keys_of_each_call()
    {
        var serviceKeys = new SwitchableKeySource(MyData.ServiceKey.VerificationKey);
        var options = MyDataOptions();
        options.ServiceLinkKeys = serviceKeys;
        var validator = Validator(options);
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);

        Assert.True((await validator.ValidateMyDataRequestAsync(presentation, request)).IsValid);
        Assert.Equal(3, validator.CachedRecordCount);

        // The service's key is withdrawn: the very same, already-read link record is refused.
        serviceKeys.Enabled = false;
        var refused = await validator.ValidateMyDataRequestAsync(presentation, request);
        Assert.False(refused.IsValid);
        Assert.Equal(JoseErrorCodes.KeyNotFound, refused.Error!.Code);

        serviceKeys.Enabled = true;
        Assert.True((await validator.ValidateMyDataRecordsAsync(presentation, request)).IsValid);
        Assert.Equal(3, validator.CachedRecordCount);
    }

    [Fact]
    public async Task Records_whose_signatures_fail_are_never_kept()
    {
        var validator = Validator(MyDataOptions());
        var request = MyDataRequest();
        var valid = MyData.MintPresentation(request);

        // The consent record with its signature's last byte changed: read, refused, not kept.
        var cr = JsonNode.Parse(valid.ConsentRecord)!.AsObject();
        var signature = cr["signatures"]![0]!["signature"]!.GetValue<string>();
        Assert.True(Base64Url.TryDecode(signature, out var bytes));
        bytes[^1] ^= 1;
        cr["signatures"]![0]!["signature"] = Base64Url.Encode(bytes);
        var tampered = new MyDataPresentation { ServiceLinkRecord = valid.ServiceLinkRecord, ConsentRecord = cr.ToJsonString(), StatusRecords = valid.StatusRecords, AuthorizationToken = valid.AuthorizationToken, ProofOfPossession = valid.ProofOfPossession };
        for (var i = 0; i < 2; i++)
        {
            var result = await validator.ValidateMyDataRequestAsync(tampered, request);
            Assert.False(result.IsValid);
            Assert.Equal(JoseErrorCodes.SignatureInvalid, result.Error!.Code);
        }

        // Only the link record, which verified, was kept.
        Assert.Equal(1, validator.CachedRecordCount);
        Assert.True((await validator.ValidateMyDataRequestAsync(valid, request)).IsValid);
        Assert.Equal(3, validator.CachedRecordCount);
    }

    [Fact]
    public async Task Validations_sharing_kept_records_on_many_threads_agree()
    {
        var validator = Validator(MyDataOptions());
        var request = MyDataRequest();
        var presentation = MyData.MintPresentation(request);
        var withdrawn = MyData.MintPresentation(request, ConsentStatus.Active, ConsentStatus.Withdrawn);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            (i, await validator.ValidateMyDataRecordsAsync(i % 2 == 0 ? presentation : withdrawn, request)))));

        foreach (var (i, result) in results)
        {
            Assert.Equal(i % 2 == 0, result.IsValid);
            if (i % 2 == 1)
            {
                Assert.Equal(ConsentErrorCodes.ConsentWithdrawn, result.Error!.Code);
            }
        }
    }

    private sealed class SwitchableKeySource(VerificationKey key) : KeySource
    {
        public volatile bool Enabled = true;

        public override ValueTask<VerificationKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken = default) => ValueTask.FromResult(FindLoadedKey(keyId));

        public override VerificationKey? FindLoadedKey(string keyId) => Enabled && keyId == key.KeyId ? key : null;
    }
}
