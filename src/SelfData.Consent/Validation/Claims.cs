using System.Text.Json;
using SelfData.Core;

namespace SelfData.Consent;

/// <summary>Reads and checks JWT claims (RFC 7519) and MyData record fields.</summary>
internal static class Claims
{
    /// <summary>Returns the first error; every argument is evaluated first, so all their out values are assigned.</summary>
    public static SelfDataError? First(params SelfDataError?[] errors)
    {
        foreach (var error in errors)
        {
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    public static SelfDataError? String(JsonElement obj, string name, out string? value, string code = ConsentErrorCodes.InvalidClaim) =>
        StringValue(obj.TryGetProperty(name, out var element) ? element : default, name, out value, code);

    /// <summary>Reads a claim value already found (<see cref="JsonValueKind.Undefined"/> when absent).</summary>
    public static SelfDataError? StringValue(JsonElement element, string name, out string? value, string code = ConsentErrorCodes.InvalidClaim)
    {
        value = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new SelfDataError(code, $"'{name}' is not a string.", name);
        }

        value = element.GetString();
        return null;
    }

    public static SelfDataError? RequiredString(JsonElement obj, string name, out string value, string code)
    {
        var error = String(obj, name, out var text, code);
        value = text ?? string.Empty;
        if (error is not null)
        {
            return error;
        }

        return string.IsNullOrEmpty(text) ? new SelfDataError(code, $"'{name}' is missing.", name) : null;
    }

    public static SelfDataError? Time(JsonElement obj, string name, out DateTimeOffset? value, string code = ConsentErrorCodes.InvalidClaim) =>
        TimeValue(obj.TryGetProperty(name, out var element) ? element : default, name, out value, code);

    /// <summary>Reads a NumericDate already found (<see cref="JsonValueKind.Undefined"/> when absent).</summary>
    public static SelfDataError? TimeValue(JsonElement element, string name, out DateTimeOffset? value, string code = ConsentErrorCodes.InvalidClaim)
    {
        value = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var whole) && whole is >= 0 and <= 253402300799)
        {
            // The usual integer NumericDate: the same instant as the general path below, without parsing a double.
            value = DateTimeOffset.FromUnixTimeMilliseconds(whole * 1000);
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds) || double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799)
        {
            return new SelfDataError(code, $"'{name}' is not a NumericDate (seconds since 1970).", name);
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return null;
    }

    /// <summary>Checks exp (required), nbf, iat and the lifetime of a token.</summary>
    public static SelfDataError? Lifetime(JsonElement payload, DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter) =>
        Lifetime(Get(payload, "exp"), Get(payload, "nbf"), Get(payload, "iat"), now, options, out notBefore, out notAfter);

    /// <summary>Checks exp (required), nbf, iat and the lifetime of a token from claim values already found.</summary>
    public static SelfDataError? Lifetime(JsonElement expClaim, JsonElement nbfClaim, JsonElement iatClaim, DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter)
    {
        notBefore = now;
        notAfter = now;
        var error = TimeValue(expClaim, "exp", out var exp);
        if (error is not null)
        {
            return error;
        }

        error = TimeValue(nbfClaim, "nbf", out var nbf);
        if (error is not null)
        {
            return error;
        }

        error = TimeValue(iatClaim, "iat", out var iat);
        if (error is not null)
        {
            return error;
        }

        return Lifetime(exp, nbf, iat, now, options, out notBefore, out notAfter);
    }

    /// <summary>Checks exp (required), nbf, iat and the lifetime of a token from NumericDates already read.</summary>
    public static SelfDataError? Lifetime(DateTimeOffset? exp, DateTimeOffset? nbf, DateTimeOffset? iat, DateTimeOffset now, ConsentTokenValidatorOptions options, out DateTimeOffset notBefore, out DateTimeOffset notAfter)
    {
        notBefore = now;
        notAfter = now;
        if (exp is null)
        {
            return new SelfDataError(ConsentErrorCodes.ExpirationMissing, "The token has no exp claim.", "exp");
        }

        if (now > exp.Value + options.ClockSkew)
        {
            return new SelfDataError(ConsentErrorCodes.TokenExpired, $"The token expired at {Rfc3339.Format(exp.Value)}.", "exp");
        }

        if (nbf is not null && nbf.Value > now + options.ClockSkew)
        {
            return new SelfDataError(ConsentErrorCodes.TokenNotYetValid, $"The token is not valid before {Rfc3339.Format(nbf.Value)}.", "nbf");
        }

        if (iat is not null && iat.Value > now + options.ClockSkew)
        {
            return new SelfDataError(ConsentErrorCodes.IssuedInFuture, $"The token claims to be issued at {Rfc3339.Format(iat.Value)}, in the future.", "iat");
        }

        var start = nbf ?? iat ?? now;
        if (exp.Value - start > options.MaxTokenLifetime)
        {
            return new SelfDataError(ConsentErrorCodes.LifetimeTooLong, $"The token lives {(exp.Value - start).TotalSeconds:0} s; at most {options.MaxTokenLifetime.TotalSeconds:0} s are accepted.", "exp");
        }

        notBefore = nbf ?? iat ?? now;
        notAfter = exp.Value;
        return null;
    }

    /// <summary>Reads <c>aud</c> as a string or an array of strings.</summary>
    public static SelfDataError? Audiences(JsonElement payload, out List<string> audiences) => AudiencesOf(Get(payload, "aud"), out audiences);

    /// <summary>Reads an <c>aud</c> value already found.</summary>
    public static SelfDataError? AudiencesOf(JsonElement aud, out List<string> audiences)
    {
        audiences = [];
        if (aud.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new SelfDataError(ConsentErrorCodes.AudienceMissing, "The token has no aud claim.", "aud");
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            audiences.Add(aud.GetString()!);
        }
        else if (aud.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in aud.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return new SelfDataError(ConsentErrorCodes.InvalidClaim, "aud holds a value that is not a string.", "aud");
                }

                audiences.Add(item.GetString()!);
            }
        }
        else
        {
            return new SelfDataError(ConsentErrorCodes.InvalidClaim, "aud is neither a string nor an array of strings.", "aud");
        }

        return audiences.Count == 0 ? new SelfDataError(ConsentErrorCodes.AudienceMissing, "The token's aud is empty.", "aud") : null;
    }

    private static JsonElement Get(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : default;

    /// <summary>Reads an array of strings; absent gives null.</summary>
    public static SelfDataError? Strings(JsonElement obj, string name, out List<string>? values, string code) =>
        StringsValue(obj.TryGetProperty(name, out var element) ? element : default, name, out values, code);

    /// <summary>Reads an array of strings already found (<see cref="JsonValueKind.Undefined"/> when absent); absent gives null.</summary>
    public static SelfDataError? StringsValue(JsonElement element, string name, out List<string>? values, string code)
    {
        values = null;
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return new SelfDataError(code, $"'{name}' is not an array.", name);
        }

        values = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(code, $"'{name}' holds a value that is not a string.", name);
            }

            values.Add(item.GetString()!);
        }

        return null;
    }
}

/// <summary>Matches URLs against audience and location patterns: exact, or with <c>*</c> standing for any characters.</summary>
internal static class UrlPattern
{
    public static bool Matches(string pattern, ExportRequest request, UrlPatternCache cache)
    {
        var target = request.NormalizedEndpoint;
        var normalized = cache.Normalized(pattern);
        if (normalized.Length == 0)
        {
            return false;
        }

        return normalized.Contains('*', StringComparison.Ordinal) ? Glob(normalized, target) : string.Equals(normalized, target, StringComparison.Ordinal);
    }

    internal static string Normalize(Uri url)
    {
        var port = url.IsDefaultPort ? string.Empty : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return url.Scheme.ToLowerInvariant() + "://" + url.IdnHost.ToLowerInvariant() + port + url.AbsolutePath;
    }

    /// <summary>Normalizes a pattern the way <see cref="Normalize"/> normalizes URLs; an empty string never matches.</summary>
    internal static string NormalizePattern(string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return Uri.TryCreate(pattern, UriKind.Absolute, out var exact) ? Normalize(exact) : string.Empty;
        }

        // Scheme and host are case-insensitive; the path is compared as written.
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return string.Empty;
        }

        var authorityEnd = pattern.IndexOf('/', schemeEnd + 3);
        var head = authorityEnd < 0 ? pattern : pattern[..authorityEnd];
        var tail = authorityEnd < 0 ? string.Empty : pattern[authorityEnd..];
        return head.ToLowerInvariant() + tail;
    }

    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

/// <summary>
/// Normalized URL patterns (audiences, authorization-detail locations), owned by one options object and so by one
/// validator — never process-wide. Bounded without eviction: once full, further patterns are normalized on each use
/// instead of displacing the ones already kept.
/// </summary>
internal sealed class UrlPatternCache
{
    private const int MaxCached = 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _patterns = new(StringComparer.Ordinal);

    public int Count => _patterns.Count;

    public string Normalized(string pattern)
    {
        if (_patterns.TryGetValue(pattern, out var normalized))
        {
            return normalized;
        }

        normalized = UrlPattern.NormalizePattern(pattern);
        if (_patterns.Count < MaxCached)
        {
            _patterns.TryAdd(pattern, normalized);
        }

        return normalized;
    }
}
