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

    /// <summary>Reads the claims of a payload the document path would take without error, else returns <see langword="false"/>.</summary>
    /// <param name="utf8">The payload.</param>
    /// <param name="maxDepth">The nesting limit.</param>
    /// <param name="options">The export authorization type, and the export action (an action equal to it takes its string instead of a new one).</param>
    /// <param name="issuers">The trusted issuers by name: an issuer among them takes its configured string instead of a new one.</param>
    /// <param name="claims">The claims read.</param>
    public static bool TryRead(ReadOnlySpan<byte> utf8, int maxDepth, ConsentTokenValidatorOptions options, Dictionary<string, TrustedIssuer> issuers, out WellFormedAccessTokenClaims claims)
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
            var seen = 0u;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!IsPlainName(ref reader))
                {
                    return false;
                }

                // A known claim has one name: a bit says it was seen. Other names are compared with each other.
                var claim = AccessTokenClaims.Classify(reader.ValueSpan);
                if (claim == AccessTokenClaims.Claim.Other ? !AddName(ref reader, starts, lengths, ref count, utf8) : !FirstTime(ref seen, (int)claim))
                {
                    return false;
                }

                if (!reader.Read())
                {
                    return false;
                }

                var ok = claim switch
                {
                    AccessTokenClaims.Claim.Issuer => ReadIssuer(ref reader, issuers, out claims._issuer),
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
                    AccessTokenClaims.Claim.AuthorizationDetails => ReadDetails(ref reader, utf8, options, claims._audience, out claims._grants),
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

    /// <summary>Tells whether a member name is written without escapes, in one segment (the only names this reader takes).</summary>
    private static bool IsPlainName(ref Utf8JsonReader reader) => !reader.ValueIsEscaped && !reader.HasValueSequence;

    /// <summary>Marks a known member (its own bit); <see langword="false"/> when it was already there.</summary>
    private static bool FirstTime(ref uint seen, int member)
    {
        var bit = 1u << member;
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    /// <summary>Records a plain member name; <see langword="false"/> for a repeated name or too many members.</summary>
    private static bool AddName(ref Utf8JsonReader reader, scoped Span<int> starts, scoped Span<int> lengths, ref int count, ReadOnlySpan<byte> utf8)
    {
        if (count == starts.Length)
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

    /// <summary>The issuer: a string, or null for absent; a trusted issuer's name is its configured string.</summary>
    private static bool ReadIssuer(ref Utf8JsonReader reader, Dictionary<string, TrustedIssuer> issuers, out string? value)
    {
#if NET9_0_OR_GREATER
        const int MaxLength = 256;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxLength)
        {
            Span<char> chars = stackalloc char[MaxLength];
            var written = reader.CopyString(chars);
            if (issuers.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..written], out var name, out _))
            {
                value = name;
                return true;
            }
        }
#endif
        return ReadString(ref reader, out value);
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

    /// <summary>
    /// An array of strings, or null for absent; one string (the usual case) is kept without a list, and a value equal to
    /// <paramref name="known"/> takes that string.
    /// </summary>
    private static bool ReadStrings(ref Utf8JsonReader reader, out IReadOnlyList<string>? values, string? known = null)
    {
        values = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            values = [];
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var first = known is not null && reader.ValueTextEquals(known) ? known : reader.GetString()!;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            values = [first];
            return true;
        }

        var list = new List<string> { first };
        while (reader.TokenType == JsonTokenType.String)
        {
            list.Add(reader.GetString()!);
            if (!reader.Read())
            {
                return false;
            }
        }

        values = list;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>The RFC 9396 details: an array of objects with a string type; each export detail complete and valid.</summary>
    private static bool ReadDetails(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ConsentTokenValidatorOptions options, string? audience, out List<ConsentGrant>? grants)
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
            if (!ReadDetail(ref reader, utf8, options, audience, out var grant))
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

    /// <summary>One authorization detail; the usual location (the audience) and action (the export) take the strings already there.</summary>
    private static bool ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ConsentTokenValidatorOptions options, string? audience, out ConsentGrant? grant)
    {
        grant = null;
        Span<int> starts = stackalloc int[MaxMembers];
        Span<int> lengths = stackalloc int[MaxMembers];
        var count = 0;
        var seen = 0u;
        bool hasType = false, isExport = false, hasPeriod = false;
        IReadOnlyList<string>? datatypes = null, actions = null, locations = null, purposes = null;
        string? purpose = null, identifier = null, start = null, end = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!IsPlainName(ref reader))
            {
                return false;
            }

            var member = DetailMember(reader.ValueSpan);
            if (member == DetailField.Other ? !AddName(ref reader, starts, lengths, ref count, utf8) : !FirstTime(ref seen, (int)member))
            {
                return false;
            }

            if (!reader.Read())
            {
                return false;
            }

            bool ok;
            switch (member)
            {
                case DetailField.Type:
                    ok = reader.TokenType == JsonTokenType.String;
                    hasType = true;
                    isExport = ok && reader.ValueTextEquals(options.ExportAuthorizationType);
                    break;
                case DetailField.Datatypes: ok = ReadStrings(ref reader, out datatypes); break;
                case DetailField.Actions: ok = ReadStrings(ref reader, out actions, options.ExportAction); break;
                case DetailField.Locations: ok = ReadStrings(ref reader, out locations, audience); break;
                case DetailField.Purposes: ok = ReadStrings(ref reader, out purposes); break;
                case DetailField.Purpose: ok = ReadString(ref reader, out purpose); break;
                case DetailField.Identifier: ok = ReadString(ref reader, out identifier); break;
                case DetailField.Period:
                    hasPeriod = reader.TokenType != JsonTokenType.Null;
                    ok = !hasPeriod || ReadPeriod(ref reader, utf8, out start, out end);
                    break;
                default: ok = IsPrimitive(reader.TokenType); break;
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

        var doctypes = new Doctype[datatypes.Count];
        for (var i = 0; i < doctypes.Length; i++)
        {
            if (!Doctype.Parse(datatypes[i]).TryGetValue(out doctypes[i]))
            {
                return false;
            }
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
            purposes = [.. purposes, purpose];
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

    /// <summary>Names a member of an authorization detail this reader knows, or <see cref="DetailField.Other"/>.</summary>
    private static DetailField DetailMember(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("type"u8) => DetailField.Type,
        9 when name.SequenceEqual("datatypes"u8) => DetailField.Datatypes,
        7 when name.SequenceEqual("actions"u8) => DetailField.Actions,
        9 when name.SequenceEqual("locations"u8) => DetailField.Locations,
        8 when name.SequenceEqual("purposes"u8) => DetailField.Purposes,
        7 when name.SequenceEqual("purpose"u8) => DetailField.Purpose,
        10 when name.SequenceEqual("identifier"u8) => DetailField.Identifier,
        6 when name.SequenceEqual("period"u8) => DetailField.Period,
        _ => DetailField.Other,
    };

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
            if (!IsPlainName(ref reader) || !AddName(ref reader, starts, lengths, ref count, utf8))
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

    /// <summary>The members of an authorization detail the one-pass reader knows; each has its own bit in the seen mask.</summary>
    private enum DetailField
    {
        Other,
        Type,
        Datatypes,
        Actions,
        Locations,
        Purposes,
        Purpose,
        Identifier,
        Period,
    }
}
