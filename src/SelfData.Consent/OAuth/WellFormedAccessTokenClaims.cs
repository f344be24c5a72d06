using System.Text.Json;
using SelfData.Core;

namespace SelfData.Consent;

/// <summary>The claims of an access token, read from the parsed payload or in one forward pass.</summary>
internal interface IAccessTokenClaims
{
    /// <summary>Gets a value indicating whether the payload has a claim only MyData records and tokens carry.</summary>
    bool HasMyDataClaims { get; }

    SelfDataError? ReadIssuer(out string? issuer);

    SelfDataError? ReadLifetime(DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter);

    /// <summary>Reads <c>aud</c>: a single audience, or else a non-empty list.</summary>
    SelfDataError? ReadAudience(out string? single, out List<string>? audiences);

    SelfDataError? ReadNames(out string? subject, out string? tokenId, out string? consentId, out string? grantId);

    /// <summary>Reads <c>client_id</c> (RFC 9068 §2.2), the client the token was issued to.</summary>
    SelfDataError? ReadClientId(out string? clientId);

    SelfDataError? ReadGrants(ConsentTokenValidatorOptions options, out List<ConsentGrant> grants);

    /// <summary>Reads <c>cnf.jkt</c>, the thumbprint of the key a DPoP-bound token is bound to (RFC 9449 §6.1).</summary>
    SelfDataError? ReadConfirmation(out string? thumbprint);
}

/// <summary>
/// The claims of the usual access token, read in a single forward <see cref="Utf8JsonReader"/> pass. Only a payload
/// that the strict document path would read without any error is taken: valid UTF-8, a JSON object within the depth
/// limit, no member named twice (unescaped names only), every claim of the type it must have, <c>aud</c> a string,
/// no <c>scp</c> and no MyData claim, only primitive values for other members, and every export authorization detail
/// complete and valid. Anything else makes <see cref="TryRead"/> return <see langword="false"/>, and the caller reads
/// the payload with the strict document, which reports the exact failure.
/// </summary>
internal struct WellFormedAccessTokenClaims : IAccessTokenClaims
{
    private const int MaxMembers = 32;

    private string? _issuer;
    private string? _subject;
    private string? _audience;
    private string? _tokenId;
    private string? _clientId;
    private string? _consentId;
    private string? _grantId;
    private string? _scope;
    private DateTimeOffset? _expires;
    private DateTimeOffset? _notBefore;
    private DateTimeOffset? _issuedAt;
    private List<ConsentGrant>? _grants;

    public readonly bool HasMyDataClaims => false;

    public static bool TryRead(ReadOnlySpan<byte> utf8, int maxDepth, string exportType, out WellFormedAccessTokenClaims claims)
    {
        claims = default;

        // RFC 8725 §3.7: UTF-8 only; the reader does not validate every string.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            Span<int> starts = stackalloc int[MaxMembers];
            Span<int> lengths = stackalloc int[MaxMembers];
            var count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!AddName(ref reader, starts, lengths, ref count, utf8))
                {
                    return false;
                }

                var claim = AccessTokenClaims.Classify(reader.ValueSpan);
                if (!reader.Read())
                {
                    return false;
                }

                var ok = claim switch
                {
                    AccessTokenClaims.Claim.Issuer => ReadString(ref reader, out claims._issuer),
                    AccessTokenClaims.Claim.Subject => ReadString(ref reader, out claims._subject),
                    AccessTokenClaims.Claim.Audience => ReadRequiredString(ref reader, out claims._audience),
                    AccessTokenClaims.Claim.Expires => ReadTime(ref reader, out claims._expires),
                    AccessTokenClaims.Claim.NotBefore => ReadTime(ref reader, out claims._notBefore),
                    AccessTokenClaims.Claim.IssuedAt => ReadTime(ref reader, out claims._issuedAt),
                    AccessTokenClaims.Claim.TokenId => ReadString(ref reader, out claims._tokenId),
                    AccessTokenClaims.Claim.ClientId => ReadString(ref reader, out claims._clientId),
                    AccessTokenClaims.Claim.ConsentId => ReadString(ref reader, out claims._consentId),
                    AccessTokenClaims.Claim.GrantId => ReadString(ref reader, out claims._grantId),
                    AccessTokenClaims.Claim.Scope => ReadRequiredString(ref reader, out claims._scope),
                    AccessTokenClaims.Claim.AuthorizationDetails => ReadDetails(ref reader, utf8, exportType, out claims._grants),
                    AccessTokenClaims.Claim.Other => IsPrimitive(reader.TokenType),
                    _ => false, // scp, cnf and the MyData claims: the document path.
                };
                if (!ok)
                {
                    return false;
                }
            }

            // The end of the object, then nothing but whitespace; a token without aud goes to the document path.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && claims._audience is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public readonly SelfDataError? ReadIssuer(out string? issuer)
    {
        issuer = _issuer;
        return null;
    }

    public readonly SelfDataError? ReadLifetime(DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter) =>
        Claims.Lifetime(_expires, _notBefore, _issuedAt, now, options, out notBefore, out notAfter);

    public readonly SelfDataError? ReadAudience(out string? single, out List<string>? audiences)
    {
        single = _audience!;
        audiences = null;
        return null;
    }

    public readonly SelfDataError? ReadNames(out string? subject, out string? tokenId, out string? consentId, out string? grantId)
    {
        subject = _subject;
        tokenId = _tokenId;
        consentId = _consentId;
        grantId = _grantId;
        return null;
    }

    public readonly SelfDataError? ReadClientId(out string? clientId)
    {
        clientId = _clientId;
        return null;
    }

    public readonly SelfDataError? ReadGrants(ConsentTokenValidatorOptions options, out List<ConsentGrant> grants)
    {
        grants = _grants ?? [];
        if (_scope is not null)
        {
            AccessTokenValidator.AddScopeGrant(grants, [.. _scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)], options);
        }

        return null;
    }

    /// <summary>Reads no confirmation: a token with <c>cnf</c> always takes the document path.</summary>
    public readonly SelfDataError? ReadConfirmation(out string? thumbprint)
    {
        thumbprint = null;
        return null;
    }

    /// <summary>Records an unescaped member name; <see langword="false"/> for an escaped name, a repeated name or too many members.</summary>
    private static bool AddName(ref Utf8JsonReader reader, scoped Span<int> starts, scoped Span<int> lengths, ref int count, ReadOnlySpan<byte> utf8)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || count == starts.Length)
        {
            return false;
        }

        var name = reader.ValueSpan;
        for (var i = 0; i < count; i++)
        {
            if (lengths[i] == name.Length && utf8.Slice(starts[i], lengths[i]).SequenceEqual(name))
            {
                return false;
            }
        }

        starts[count] = (int)reader.TokenStartIndex + 1;
        lengths[count] = name.Length;
        count++;
        return true;
    }

    private static bool IsPrimitive(JsonTokenType type) => type is not (JsonTokenType.StartObject or JsonTokenType.StartArray);

    /// <summary>A string, or null for absent.</summary>
    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }

    private static bool ReadRequiredString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }

    /// <summary>An integer NumericDate in range, or null for absent.</summary>
    private static bool ReadTime(ref Utf8JsonReader reader, out DateTimeOffset? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var whole) || whole is < 0 or > 253402300799)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(whole * 1000);
        return true;
    }

    /// <summary>An array of strings, or null for absent.</summary>
    private static bool ReadStrings(ref Utf8JsonReader reader, out List<string>? values)
    {
        values = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            list.Add(reader.GetString()!);
        }

        values = list;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>The RFC 9396 details: an array of objects with a string type; each export detail complete and valid.</summary>
    private static bool ReadDetails(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string exportType, out List<ConsentGrant>? grants)
    {
        grants = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<ConsentGrant>();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (!ReadDetail(ref reader, utf8, exportType, out var grant))
            {
                return false;
            }

            if (grant is not null)
            {
                list.Add(grant);
            }
        }

        grants = list;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string exportType, out ConsentGrant? grant)
    {
        grant = null;
        Span<int> starts = stackalloc int[MaxMembers];
        Span<int> lengths = stackalloc int[MaxMembers];
        var count = 0;
        bool hasType = false, isExport = false, hasPeriod = false;
        List<string>? datatypes = null, actions = null, locations = null, purposes = null;
        string? purpose = null, identifier = null, start = null, end = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!AddName(ref reader, starts, lengths, ref count, utf8))
            {
                return false;
            }

            var name = reader.ValueSpan;
            if (!reader.Read())
            {
                return false;
            }

            bool ok;
            if (name.SequenceEqual("type"u8))
            {
                ok = reader.TokenType == JsonTokenType.String;
                hasType = true;
                isExport = ok && reader.ValueTextEquals(exportType);
            }
            else if (name.SequenceEqual("datatypes"u8)) { ok = ReadStrings(ref reader, out datatypes); }
            else if (name.SequenceEqual("actions"u8)) { ok = ReadStrings(ref reader, out actions); }
            else if (name.SequenceEqual("locations"u8)) { ok = ReadStrings(ref reader, out locations); }
            else if (name.SequenceEqual("purposes"u8)) { ok = ReadStrings(ref reader, out purposes); }
            else if (name.SequenceEqual("purpose"u8)) { ok = ReadString(ref reader, out purpose); }
            else if (name.SequenceEqual("identifier"u8)) { ok = ReadString(ref reader, out identifier); }
            else if (name.SequenceEqual("period"u8))
            {
                hasPeriod = reader.TokenType != JsonTokenType.Null;
                ok = !hasPeriod || ReadPeriod(ref reader, utf8, out start, out end);
            }
            else
            {
                ok = IsPrimitive(reader.TokenType);
            }

            if (!ok)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || !hasType)
        {
            return false;
        }

        if (!isExport)
        {
            return true;
        }

        // The checks of the document path: anything it would refuse goes back to it for the exact error.
        if (datatypes is null || datatypes.Count == 0)
        {
            return false;
        }

        var doctypes = new List<Doctype>(datatypes.Count);
        foreach (var datatype in datatypes)
        {
            if (!Doctype.Parse(datatype).TryGetValue(out var doctype))
            {
                return false;
            }

            doctypes.Add(doctype);
        }

        Interval? period = null;
        if (hasPeriod)
        {
            if (start is null || end is null)
            {
                return false;
            }

            var from = Rfc3339.Parse(start);
            var to = Rfc3339.Parse(end);
            if (!from.Success || !to.Success || to.Value < from.Value)
            {
                return false;
            }

            period = new Interval(from.Value, to.Value);
        }

        if (purposes is not null && purpose is not null)
        {
            purposes.Add(purpose);
        }

        grant = new ConsentGrant
        {
            Doctypes = doctypes,
            Datasets = datatypes,
            Period = period,
            Purposes = purposes ?? (purpose is null ? null : [purpose]),
            Locations = locations,
            Actions = actions,
            Identifier = identifier,
        };
        return true;
    }

    /// <summary>A period object with string start and end (other members primitive).</summary>
    private static bool ReadPeriod(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, out string? start, out string? end)
    {
        start = null;
        end = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Span<int> starts = stackalloc int[MaxMembers];
        Span<int> lengths = stackalloc int[MaxMembers];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!AddName(ref reader, starts, lengths, ref count, utf8))
            {
                return false;
            }

            var name = reader.ValueSpan;
            if (!reader.Read())
            {
                return false;
            }

            var ok = name.SequenceEqual("start"u8) ? ReadRequiredString(ref reader, out start)
                : name.SequenceEqual("end"u8) ? ReadRequiredString(ref reader, out end)
                : IsPrimitive(reader.TokenType);
            if (!ok)
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }
}
