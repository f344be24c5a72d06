using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>A MyData service link record (SLR) payload.</summary>
internal sealed class ServiceLinkRecord
{
    public required string Version { get; init; }

    public required string LinkId { get; init; }

    public required string SurrogateId { get; init; }

    public string? OperatorId { get; init; }

    public string? ServiceId { get; init; }

    public required VerificationKeySet ConsentRecordKeys { get; init; }

    public VerificationKey? OperatorKey { get; init; }

    public static SelfDataError? Read(JsonElement payload, TrustedKeyCache.Lease keys, out ServiceLinkRecord? record)
    {
        record = null;
        var error = Claims.First(MyDataFields.Version(payload, out var version), Claims.RequiredString(payload, "link_id", out var linkId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(payload, "surrogate_id", out var surrogateId, ConsentErrorCodes.RecordMalformed), Claims.String(payload, "operator_id", out var operatorId, ConsentErrorCodes.RecordMalformed), Claims.String(payload, "service_id", out var serviceId, ConsentErrorCodes.RecordMalformed));
        if (error is not null)
        {
            return error;
        }

        if (!payload.TryGetProperty("cr_keys", out var crKeys))
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The service link record has no cr_keys.", "cr_keys");
        }

        // The specification writes cr_keys as a JWK Set; some implementations write a bare array of JWKs.
        if (crKeys.ValueKind == JsonValueKind.Object)
        {
            if (!crKeys.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return new SelfDataError(JoseErrorCodes.InvalidKey, "cr_keys: a JWK Set is an object with a keys array.", "cr_keys");
            }

            crKeys = array;
        }
        else if (crKeys.ValueKind != JsonValueKind.Array)
        {
            return new SelfDataError(JoseErrorCodes.InvalidKey, "cr_keys: a JWK Set is an object with a keys array.", "cr_keys");
        }

        var set = ReadArray(crKeys, keys);
        if (!set.Success)
        {
            return new SelfDataError(set.Error!.Code, "cr_keys: " + set.Error.Message, "cr_keys");
        }

        VerificationKey? operatorKey = null;
        if (payload.TryGetProperty("operator_key", out var operatorKeyElement) && operatorKeyElement.ValueKind != JsonValueKind.Null)
        {
            error = MyDataFields.WrappedKey(operatorKeyElement, "operator_key", keys, out operatorKey);
            if (error is not null)
            {
                return error;
            }
        }

        record = new ServiceLinkRecord { Version = version!, LinkId = linkId, SurrogateId = surrogateId, OperatorId = operatorId, ServiceId = serviceId, ConsentRecordKeys = set.Value, OperatorKey = operatorKey };
        return null;
    }

    private static ParseResult<VerificationKeySet> ReadArray(JsonElement array, TrustedKeyCache.Lease lease)
    {
        var keys = new List<VerificationKey>();
        foreach (var item in array.EnumerateArray())
        {
            var key = lease.FromJwk(item);
            if (!key.Success)
            {
                return ParseResult.ForError<VerificationKeySet>(key.Error!);
            }

            if (keys.Any(k => k.KeyId == key.Value.KeyId))
            {
                return ParseResult.ForError<VerificationKeySet>(JoseErrorCodes.InvalidKey, $"The key id '{UntrustedText.Escape(key.Value.KeyId)}' appears twice.");
            }

            keys.Add(key.Value);
        }

        return ParseResult.ForValue(new VerificationKeySet(keys));
    }
}

/// <summary>A MyData consent record (CR) payload, versions 1.2.1, 1.3 (common/role-specific parts) and 2.0 (also the flat form).</summary>
internal sealed class ConsentRecord
{
    public required string Version { get; init; }

    public required string ConsentId { get; init; }

    public required string SurrogateId { get; init; }

    public required string ServiceLinkId { get; init; }

    public string? ResourceSetId { get; init; }

    public required IReadOnlyList<string> Datasets { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public required string Operator { get; init; }

    public string? SubjectId { get; init; }

    public required string Role { get; init; }

    public VerificationKey? ProofKey { get; init; }

    public VerificationKey? TokenIssuerKey { get; init; }

    public IReadOnlyList<string>? Purposes { get; init; }

    public static SelfDataError? Read(JsonElement payload, TrustedKeyCache.Lease keys, out ConsentRecord? record)
    {
        record = null;
        var common = payload.TryGetProperty("common_part", out var c) && c.ValueKind == JsonValueKind.Object ? c : payload;
        var role = payload.TryGetProperty("role_specific_part", out var r) && r.ValueKind == JsonValueKind.Object ? r : payload;
        var error = Claims.First(MyDataFields.Version(common, out var version), Claims.RequiredString(common, "cr_id", out var crId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(common, "surrogate_id", out var surrogateId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(common, "slr_id", out var slrId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(common, "operator", out var operatorId, ConsentErrorCodes.RecordMalformed), Claims.String(common, "subject_id", out var subjectId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(common, "role", out var roleName, ConsentErrorCodes.RecordMalformed), Claims.Time(common, "iat", out var iat, ConsentErrorCodes.RecordMalformed), Claims.Time(common, "nbf", out var nbf, ConsentErrorCodes.RecordMalformed), Claims.Time(common, "exp", out var exp, ConsentErrorCodes.RecordMalformed));
        if (error is not null)
        {
            return error;
        }

        if (iat is null)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The consent record has no iat.", "iat");
        }

        if (nbf is not null && exp is not null && exp < nbf)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The consent record expires before it starts.", "exp");
        }

        error = ReadResourceSet(common, out var rsId, out var datasets);
        if (error is not null)
        {
            return error;
        }

        VerificationKey? popKey = null, issuerKey = null;
        if (role.TryGetProperty("pop_key", out var popElement) && popElement.ValueKind != JsonValueKind.Null)
        {
            error = MyDataFields.WrappedKey(popElement, "pop_key", keys, out popKey);
        }

        if (error is null && role.TryGetProperty("token_issuer_key", out var issuerElement) && issuerElement.ValueKind != JsonValueKind.Null)
        {
            error = MyDataFields.WrappedKey(issuerElement, "token_issuer_key", keys, out issuerKey);
        }

        if (error is not null)
        {
            return error;
        }

        error = ReadPurposes(payload.TryGetProperty("usage_rules", out _) ? payload : role, out var purposes);
        if (error is not null)
        {
            return error;
        }

        record = new ConsentRecord
        {
            Version = version!,
            ConsentId = crId,
            SurrogateId = surrogateId,
            ServiceLinkId = slrId,
            ResourceSetId = rsId,
            Datasets = datasets!,
            IssuedAt = iat.Value,
            NotBefore = nbf,
            Expires = exp,
            Operator = operatorId,
            SubjectId = subjectId,
            Role = roleName,
            ProofKey = popKey,
            TokenIssuerKey = issuerKey,
            Purposes = purposes,
        };
        return null;
    }

    private static SelfDataError? ReadResourceSet(JsonElement common, out string? rsId, out List<string>? datasets)
    {
        rsId = null;
        datasets = null;
        if (!common.TryGetProperty("rs_description", out var description) || description.ValueKind != JsonValueKind.Object
            || !description.TryGetProperty("resource_set", out var set) || set.ValueKind != JsonValueKind.Object)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The consent record has no rs_description.resource_set.", "rs_description");
        }

        var error = Claims.String(set, "rs_id", out rsId, ConsentErrorCodes.RecordMalformed);
        if (error is not null)
        {
            return error;
        }

        if (!set.TryGetProperty("dataset", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The resource set lists no dataset.", "rs_description.resource_set.dataset");
        }

        datasets = [];
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return new SelfDataError(ConsentErrorCodes.RecordMalformed, "A dataset is not an object.", "rs_description.resource_set.dataset");
            }

            error = Claims.RequiredString(item, "dataset_id", out var id, ConsentErrorCodes.RecordMalformed);
            if (error is not null)
            {
                return error;
            }

            datasets.Add(id);
        }

        return null;
    }

    private static SelfDataError? ReadPurposes(JsonElement owner, out List<string>? purposes)
    {
        purposes = null;
        if (!owner.TryGetProperty("usage_rules", out var rules) || rules.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (rules.ValueKind != JsonValueKind.Array)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "usage_rules is not an array.", "usage_rules");
        }

        purposes = [];
        foreach (var rule in rules.EnumerateArray())
        {
            // 1.2.1 and 1.3: strings; 2.0: objects with purposeId.
            if (rule.ValueKind == JsonValueKind.String)
            {
                purposes.Add(rule.GetString()!);
            }
            else if (rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("purposeId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                purposes.Add(id.GetString()!);
            }
            else
            {
                return new SelfDataError(ConsentErrorCodes.RecordMalformed, "A usage rule is neither a string nor an object with purposeId.", "usage_rules");
            }
        }

        return null;
    }
}

/// <summary>A MyData consent status record (CSR) payload.</summary>
internal sealed class ConsentStatusRecord
{
    public required string RecordId { get; init; }

    public required string SurrogateId { get; init; }

    public required string ConsentId { get; init; }

    public required ConsentStatus Status { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public string? PreviousRecordId { get; init; }

    public static SelfDataError? Read(JsonElement payload, out ConsentStatusRecord? record)
    {
        record = null;
        var error = Claims.First(MyDataFields.Version(payload, out _), Claims.RequiredString(payload, "record_id", out var recordId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(payload, "surrogate_id", out var surrogateId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(payload, "cr_id", out var crId, ConsentErrorCodes.RecordMalformed), Claims.RequiredString(payload, "consent_status", out var statusName, ConsentErrorCodes.RecordMalformed), Claims.Time(payload, "iat", out var iat, ConsentErrorCodes.RecordMalformed), Claims.String(payload, "prev_record_id", out var previous, ConsentErrorCodes.RecordMalformed));
        if (error is not null)
        {
            return error;
        }

        ConsentStatus? status = statusName.ToUpperInvariant() switch
        {
            "ACTIVE" => ConsentStatus.Active,
            "DISABLED" => ConsentStatus.Disabled,
            "WITHDRAWN" => ConsentStatus.Withdrawn,
            _ => null,
        };
        if (status is null)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, $"consent_status '{UntrustedText.Escape(statusName)}' is not Active, Disabled or Withdrawn.", "consent_status");
        }

        if (iat is null)
        {
            return new SelfDataError(ConsentErrorCodes.RecordMalformed, "The consent status record has no iat.", "iat");
        }

        // The first record has no predecessor: null in the specification, "NULL" or "" in the reference implementation.
        if (previous is "" or "NULL" or "null")
        {
            previous = null;
        }

        record = new ConsentStatusRecord { RecordId = recordId, SurrogateId = surrogateId, ConsentId = crId, Status = status.Value, IssuedAt = iat.Value, PreviousRecordId = previous };
        return null;
    }
}

internal static class MyDataFields
{
    private static readonly string[] Versions = ["1.2", "1.2.1", "1.3", "2.0"];

    public static SelfDataError? Version(JsonElement obj, out string? version)
    {
        var error = Claims.String(obj, "version", out version, ConsentErrorCodes.RecordMalformed);
        if (error is null && version is null)
        {
            // The 2.0 payload skeletons spell it "Version".
            error = Claims.String(obj, "Version", out version, ConsentErrorCodes.RecordMalformed);
        }

        if (error is not null)
        {
            return error;
        }

        return version is null
            ? new SelfDataError(ConsentErrorCodes.RecordMalformed, "The record has no version.", "version")
            : Array.IndexOf(Versions, version) < 0 ? new SelfDataError(ConsentErrorCodes.RecordVersionUnsupported, $"The record version '{UntrustedText.Escape(version)}' is not 1.2, 1.2.1, 1.3 or 2.0.", "version") : null;
    }

    public static SelfDataError? WrappedKey(JsonElement element, string name, TrustedKeyCache.Lease keys, out VerificationKey? key)
    {
        key = null;
        var jwk = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("jwk", out var inner) ? inner : element;
        var parsed = keys.FromJwk(jwk);
        if (!parsed.Success)
        {
            return new SelfDataError(parsed.Error!.Code, name + ": " + parsed.Error.Message, name);
        }

        key = parsed.Value;
        return null;
    }
}
