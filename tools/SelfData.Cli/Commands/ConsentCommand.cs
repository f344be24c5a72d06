using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Cli;

/// <summary>
/// <c>selfdata consent verify &lt;file&gt; --keys &lt;jwks&gt;</c>: detects an OAuth access token, a MyData authorisation
/// token, a MyData record, or a MyData presentation (the records, token and proof of possession as the demo writes
/// them), and validates it with the SDK's hardened rules.
/// </summary>
internal static class ConsentCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A token (compact JWT), a MyData record (JWS JSON), or a MyData presentation bundle (consent.json)." };
        var keys = new Option<FileInfo>("--keys") { Description = "Trusted keys (JWKS): the token issuer's keys; for MyData records and bundles, the keys that sign the records (a bundle: the Source service's key).", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "The expected issuer (iss, or the MyData operator)." };
        var audience = new Option<string?>("--audience") { Description = "The export endpoint URL the token must be for." };
        var now = new Option<string?>("--now") { Description = "Validate as of this instant (RFC 3339) instead of now." };
        var doctypes = new Option<string[]>("--doctype") { Description = "With a request: a doctype to export (repeatable).", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = "With a request: the start of the data window (RFC 3339)." };
        var to = new Option<string?>("--to") { Description = "With a request: the end of the data window (RFC 3339)." };
        var purpose = new Option<string?>("--purpose") { Description = "With a request: the purpose of the export." };
        var scopeDoctypes = new Option<string[]>("--scope-doctype") { Description = "SCOPE=DOCTYPE: an OAuth scope that grants a doctype (repeatable); a scope that is itself a doctype name grants it without this.", AllowMultipleArgumentsPerToken = true };
        var dpop = new Option<FileInfo?>("--dpop") { Description = "A DPoP proof (RFC 9449) sent with the access token; checked with --method and --url." };
        var method = new Option<string>("--method") { Description = "The HTTP method of the request (the proof's htm).", DefaultValueFactory = _ => "GET" };
        var url = new Option<string?>("--url") { Description = "The request URL (the proof's htu, and the export endpoint)." };
        var output = CommonOptions.Output();
        var verify = new Command("verify", "Validate a consent token or record: signature and header policy, lifetime, issuer, audience, status; with --doctype/--from/--to/--purpose, also that the consent covers that export; with --dpop, the DPoP proof.")
        {
            file, keys, issuer, audience, now, doctypes, from, to, purpose, scopeDoctypes, dpop, method, url, output,
        };
        verify.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, async console =>
        {
            var clock = ClockAt(parse.GetValue(now));
            var trusted = Keys.Load(parse.GetValue(keys)!);
            var text = Files.ReadText(parse.GetValue(file)!).Trim();
            var requested = (parse.GetValue(doctypes) ?? []).Select(d => Doctype.Parse(d).TryGetValue(out var doctype) ? doctype : throw new CliException(CliErrorCodes.InvalidOptionValue, $"--doctype {d}: not a doctype.")).ToList();
            var window = Window(parse.GetValue(from), parse.GetValue(to));
            var scopes = ScopeDoctypes(parse.GetValue(scopeDoctypes) ?? []);
            var proof = parse.GetValue(dpop) is { } proofFile ? Files.ReadText(proofFile).Trim() : null;
            var requestUrl = parse.GetValue(url) is { } u ? (Uri.TryCreate(u, UriKind.Absolute, out var parsedUrl) ? parsedUrl : throw new CliException(CliErrorCodes.InvalidOptionValue, "--url must be an absolute URL.")) : null;
            var args = new Arguments(trusted, parse.GetValue(issuer), parse.GetValue(audience), requested, window, parse.GetValue(purpose), clock, scopes, proof, parse.GetValue(method) ?? "GET", requestUrl);
            var (kind, result) = text.StartsWith('{')
                ? await JsonArtefactAsync(text, args, cancellationToken).ConfigureAwait(false)
                : await CompactTokenAsync(text, args, cancellationToken).ConfigureAwait(false);
            return Report(console, kind, result);
        }));
        var db = new Option<FileInfo>("--db") { Description = "The consent status database (SQLite), such as DIR/<holder>/server/consent-status.sqlite of 'selfdata serve'.", Required = true };
        var consentId = new Option<string>("--consent-id") { Description = "The consent withdrawn.", Required = true };
        var at = new Option<string?>("--now") { Description = "Record the withdrawal as of this instant (RFC 3339) instead of now." };
        var withdraw = new Command("withdraw", "Record that a consent was withdrawn, in a status database a running server reads: its next request under that consent is refused (403) and a running export under it stops.")
        {
            db, consentId, at, output,
        };
        withdraw.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, async console =>
        {
            var id = parse.GetValue(consentId)!;
            if (id.Length is 0 or > 256)
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, "--consent-id is 1 to 256 characters.");
            }

            var when = ClockAt(parse.GetValue(at)).GetUtcNow();
            var file = parse.GetValue(db)!;
            var store = new SelfData.Sqlite.SqliteConsentStatusStore(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file.FullName }.ToString());
            await store.RecordAsync(new ConsentStatusChange(id, ConsentStatus.Withdrawn, when), cancellationToken).ConfigureAwait(false);
            if (console.Json)
            {
                console.WriteJson(new { consentId = id, status = "withdrawn", at = Rfc3339.Format(when), db = file.FullName });
            }
            else
            {
                console.Line($"withdrawn: {UntrustedText.Escape(id)} at {Rfc3339.Format(when)} in {file.FullName}");
            }

            return ExitCodes.Success;
        }));
        return new Command("consent", "Validate consent tokens and records; record withdrawals.") { verify, withdraw };
    }

    private static async Task<(string Kind, Outcome Result)> CompactTokenAsync(string token, Arguments args, CancellationToken cancellationToken)
    {
        using var claims = UnverifiedClaims(token);
        var root = claims.RootElement;
        if (root.TryGetProperty("cr_id", out _) || root.TryGetProperty("pi_id", out _))
        {
            return ("mydata-authorization-token", MyDataToken(token, args));
        }

        var iss = args.Issuer ?? (root.TryGetProperty("iss", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null) ?? "unknown";
        var options = new ConsentTokenValidatorOptions();
        options.AccessTokenIssuers.Add(new TrustedIssuer(iss, KeySource.FromKeys([.. args.Keys.Keys])));
        foreach (var (scope, doctypes) in args.ScopeDoctypes)
        {
            options.ScopeDoctypes[scope] = doctypes;
        }

        Uri endpoint;
        if (args.Url is not null)
        {
            endpoint = args.Url;
            if (args.Audience is not null)
            {
                options.Audiences.Add(args.Audience);
            }
        }
        else
        {
            endpoint = Endpoint(args.Audience, root, options);
        }

        // No status database: a token that names no consent stands on its own lifetime (RFC 9068 tokens with scope only).
        var validator = new ConsentTokenValidator(options, args.Clock);
        var request = new ExportRequest(endpoint, args.Doctypes) { Period = args.Window, Purpose = args.Purpose, Method = args.Method };
        var proof = args.DPoPProof is null ? null : new DPoPProof(args.DPoPProof);
        var result = await validator.ValidateAccessTokenAsync(token, request, proof, cancellationToken).ConfigureAwait(false);
        return ("oauth-access-token", Outcome.From(result));
    }

    private static async Task<(string Kind, Outcome Result)> JsonArtefactAsync(string text, Arguments args, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return ("unknown", Outcome.Fail(JoseErrorCodes.MalformedJson, "The file is not JSON: " + ex.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("consent_record", out _) && root.TryGetProperty("service_link_record", out _))
            {
                return ("mydata-presentation", await PresentationAsync(root, args, cancellationToken).ConfigureAwait(false));
            }

            if (root.TryGetProperty("payload", out _) && (root.TryGetProperty("signatures", out _) || root.TryGetProperty("signature", out _)))
            {
                return MyDataRecord(text, args);
            }

            return ("unknown", Outcome.Fail(CliErrorCodes.InvalidOptionValue, "The JSON is neither a MyData record (JWS JSON serialization) nor a MyData presentation bundle."));
        }
    }

    private static async Task<Outcome> PresentationAsync(JsonElement bundle, Arguments args, CancellationToken cancellationToken)
    {
        var options = new ConsentTokenValidatorOptions { ServiceLinkKeys = KeySource.FromKeys([.. args.Keys.Keys]) };
        if (args.Issuer is not null && bundle.TryGetProperty("consent_record", out _))
        {
            options.OperatorIssuers[args.Issuer] = args.Issuer;
        }

        var validator = new ConsentTokenValidator(options, args.Clock, new InMemoryConsentStatusStore());
        var presentation = new MyDataPresentation
        {
            ServiceLinkRecord = bundle.GetProperty("service_link_record").GetString()!,
            ConsentRecord = bundle.GetProperty("consent_record").GetString()!,
            StatusRecords = [.. bundle.GetProperty("status_records").EnumerateArray().Select(s => s.GetString()!)],
            AuthorizationToken = Optional(bundle, "authorization_token"),
            ProofOfPossession = Optional(bundle, "proof_of_possession"),
        };
        var doctypes = args.Doctypes.Count > 0 ? args.Doctypes
            : bundle.TryGetProperty("doctypes", out var d) ? [.. d.EnumerateArray().Select(x => new Doctype(x.GetString()!))] : [];
        var endpoint = args.Audience ?? Optional(bundle, "endpoint");
        var request = endpoint is null ? null : new ExportRequest(new Uri(endpoint), doctypes)
        {
            Method = Optional(bundle, "method") ?? "GET",
            Period = args.Window,
            Purpose = args.Purpose ?? Optional(bundle, "purpose"),
        };
        var result = request is not null && (presentation.ProofOfPossession is not null || presentation.AuthorizationToken is not null)
            ? await validator.ValidateMyDataRequestAsync(presentation, request, cancellationToken).ConfigureAwait(false)
            : await validator.ValidateMyDataRecordsAsync(presentation, request, cancellationToken).ConfigureAwait(false);
        return Outcome.From(result);
    }

    /// <summary>A lone MyData authorisation token: signature with the given keys, header policy, lifetime, issuer and audience.</summary>
    private static Outcome MyDataToken(string token, Arguments args)
    {
        var (message, payload, failure) = Verified(token, args.Keys);
        if (failure is not null)
        {
            return failure;
        }

        using (payload)
        {
            var claims = payload!.RootElement;
            var now = args.Clock.GetUtcNow();
            var skew = TimeSpan.FromSeconds(60);
            if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds))
            {
                return Outcome.Fail(ConsentErrorCodes.ExpirationMissing, "The token has no exp.");
            }

            if (DateTimeOffset.FromUnixTimeSeconds(expSeconds) + skew <= now)
            {
                return Outcome.Fail(ConsentErrorCodes.TokenExpired, $"The token expired at {Rfc3339.Format(DateTimeOffset.FromUnixTimeSeconds(expSeconds))}.");
            }

            if (claims.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var nbfSeconds) && DateTimeOffset.FromUnixTimeSeconds(nbfSeconds) - skew > now)
            {
                return Outcome.Fail(ConsentErrorCodes.TokenNotYetValid, "The token is not valid yet.");
            }

            if (claims.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var iatSeconds) && DateTimeOffset.FromUnixTimeSeconds(iatSeconds) - skew > now)
            {
                return Outcome.Fail(ConsentErrorCodes.IssuedInFuture, "The token was issued in the future.");
            }

            var iss = claims.TryGetProperty("iss", out var i) ? i.GetString() : null;
            if (args.Issuer is not null && !string.Equals(iss, args.Issuer, StringComparison.Ordinal))
            {
                return Outcome.Fail(ConsentErrorCodes.IssuerUnknown, $"The token's issuer is '{iss}', not '{args.Issuer}'.");
            }

            if (args.Audience is not null && !Audiences(claims).Any(pattern => Matches(pattern, args.Audience)))
            {
                return Outcome.Fail(ConsentErrorCodes.AudienceMismatch, $"The token is not for {args.Audience}.");
            }

            var consentId = claims.TryGetProperty("cr_id", out var cr) ? cr.GetString() : claims.TryGetProperty("pi_id", out var pi) ? pi.GetString() : null;
            return Outcome.Ok(new Dictionary<string, string?>
            {
                ["issuer"] = iss,
                ["consentId"] = consentId,
                ["signingKeyId"] = message!.Signatures[0].KeyId,
                ["algorithm"] = message.Signatures[0].Algorithm,
                ["notAfter"] = Rfc3339.Format(DateTimeOffset.FromUnixTimeSeconds(expSeconds)),
                ["audience"] = string.Join(" ", Audiences(claims)),
            });
        }
    }

    /// <summary>A lone MyData record: every signature with the given keys; a status record must say Active.</summary>
    private static (string Kind, Outcome Result) MyDataRecord(string text, Arguments args)
    {
        var (message, payload, failure) = Verified(text, args.Keys);
        if (failure is not null)
        {
            return ("mydata-record", failure);
        }

        using (payload)
        {
            var record = payload!.RootElement;
            var common = record.TryGetProperty("common_part", out var part) ? part : record;
            var kind = record.TryGetProperty("consent_status", out _) ? "mydata-consent-status-record"
                : record.TryGetProperty("cr_keys", out _) || record.TryGetProperty("link_id", out _) ? "mydata-service-link-record"
                : common.TryGetProperty("cr_id", out _) ? "mydata-consent-record" : "mydata-record";
            if (kind == "mydata-consent-status-record")
            {
                var status = record.GetProperty("consent_status").GetString();
                if (status == "Withdrawn")
                {
                    return (kind, Outcome.Fail(ConsentErrorCodes.ConsentWithdrawn, "The consent is withdrawn."));
                }

                if (status != "Active")
                {
                    return (kind, Outcome.Fail(ConsentErrorCodes.ConsentDisabled, $"The consent is {status}."));
                }
            }

            return (kind, Outcome.Ok(new Dictionary<string, string?>
            {
                ["recordId"] = Text(record, "record_id") ?? Text(common, "cr_id") ?? Text(record, "link_id"),
                ["consentId"] = Text(record, "cr_id") ?? Text(common, "cr_id"),
                ["surrogateId"] = Text(record, "surrogate_id") ?? Text(common, "surrogate_id"),
                ["status"] = Text(record, "consent_status"),
                ["signingKeyIds"] = string.Join(" ", message!.Signatures.Select(s => s.KeyId)),
            }));
        }
    }

    private static (JwsMessage? Message, JsonDocument? Payload, Outcome? Failure) Verified(string text, VerificationKeySet keys)
    {
        var parsed = JwsMessage.Parse(text);
        if (!parsed.TryGetValue(out var message))
        {
            return (null, null, Outcome.Fail(parsed.Error!.Code, parsed.Error.Message));
        }

        foreach (var signature in message.Signatures)
        {
            var key = signature.KeyId is null ? null : keys.Find(signature.KeyId);
            if (key is null)
            {
                return (null, null, Outcome.Fail(signature.KeyId is null ? JoseErrorCodes.KeyIdMissing : JoseErrorCodes.KeyNotFound, $"No trusted key has kid '{signature.KeyId}'."));
            }

            if (!message.TryVerify(signature, key, out var error))
            {
                return (null, null, Outcome.Fail(error.Code, error.Message));
            }
        }

        return message.TryGetJsonPayload(out var document, out var jsonError)
            ? (message, document, null)
            : (null, null, Outcome.Fail(jsonError.Code, jsonError.Message));
    }

    private static JsonDocument UnverifiedClaims(string token)
    {
        var parts = token.Split('.');
        try
        {
            if (parts.Length == 3)
            {
                var padded = parts[1].Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - (padded.Length % 4)) % 4);
                return JsonDocument.Parse(Convert.FromBase64String(padded));
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        return JsonDocument.Parse("{}");
    }

    private static Uri Endpoint(string? audience, JsonElement claims, ConsentTokenValidatorOptions options)
    {
        if (audience is not null)
        {
            return Uri.TryCreate(audience, UriKind.Absolute, out var uri) ? uri : throw new CliException(CliErrorCodes.InvalidOptionValue, "--audience must be an absolute URL.");
        }

        // Without --audience the token's own audience is accepted as the endpoint, so only the token itself is checked.
        foreach (var aud in Audiences(claims))
        {
            if (Uri.TryCreate(aud.TrimEnd('*'), UriKind.Absolute, out var uri))
            {
                return uri;
            }

            options.Audiences.Add(aud);
        }

        return new Uri("https://holder.invalid/");
    }

    private static IEnumerable<string> Audiences(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!) : [];

    private static bool Matches(string pattern, string url) =>
        pattern.EndsWith('*') ? url.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) : string.Equals(pattern, url, StringComparison.OrdinalIgnoreCase);

    private static Interval? Window(string? from, string? to)
    {
        if (from is null && to is null)
        {
            return null;
        }

        var start = from is null ? DateTimeOffset.MinValue : Instant(from, "--from");
        var end = to is null ? DateTimeOffset.MaxValue : Instant(to, "--to");
        return end > start ? new Interval(start, end) : throw new CliException(CliErrorCodes.InvalidOptionValue, "--to must be after --from.");
    }

    private static DateTimeOffset Instant(string text, string option) =>
        Rfc3339.Parse(text).TryGetValue(out var value) ? value : throw new CliException(CliErrorCodes.InvalidOptionValue, $"{option}: '{text}' is not an RFC 3339 instant with offset.");

    private static TimeProvider ClockAt(string? now) => now is null ? TimeProvider.System : new FixedClock(Instant(now, "--now"));

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Text(JsonElement element, string name) => Optional(element, name);

    private static int Report(CliOutput console, string kind, Outcome result)
    {
        if (console.Json)
        {
            console.WriteJson(new { valid = result.Valid, kind, code = result.Code, message = result.Message, verified = result.Verified });
        }
        else if (result.Valid)
        {
            console.Line($"valid {kind}");
            console.Table(null, ["verified", "value"], result.Verified!.Where(v => v.Value is not null).Select(v => (IReadOnlyList<string>)[v.Key, v.Value!]));
        }
        else
        {
            console.Fail(result.Code!, $"{kind} rejected: {result.Message}");
        }

        return result.Valid ? ExitCodes.Success : ExitCodes.Invalid;
    }

    private static Dictionary<string, IList<Doctype>> ScopeDoctypes(IEnumerable<string> values)
    {
        var map = new Dictionary<string, IList<Doctype>>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !Doctype.Parse(value[(equals + 1)..]).TryGetValue(out var doctype))
            {
                throw new CliException(CliErrorCodes.InvalidOptionValue, $"--scope-doctype {value}: expected SCOPE=DOCTYPE with a valid doctype name.");
            }

            var scope = value[..equals];
            if (!map.TryGetValue(scope, out var list))
            {
                map[scope] = list = [];
            }

            list.Add(doctype);
        }

        return map;
    }

    private sealed record Arguments(VerificationKeySet Keys, string? Issuer, string? Audience, IReadOnlyList<Doctype> Doctypes, Interval? Window, string? Purpose, TimeProvider Clock, IReadOnlyDictionary<string, IList<Doctype>> ScopeDoctypes, string? DPoPProof, string Method, Uri? Url);

    private sealed record Outcome(bool Valid, string? Code, string? Message, IReadOnlyDictionary<string, string?>? Verified)
    {
        public static Outcome Ok(IReadOnlyDictionary<string, string?> verified) => new(true, null, null, verified);

        public static Outcome Fail(string code, string message) => new(false, code, message, null);

        public static Outcome From(ConsentValidationResult result)
        {
            if (!result.IsValid)
            {
                var missing = result.NotCovered is { Count: > 0 } notCovered ? " (not covered: " + string.Join(", ", notCovered) + ")" : string.Empty;
                return Fail(result.ErrorCode!, (result.Error?.Message ?? "rejected") + missing);
            }

            var c = result.Consent!;
            return Ok(new Dictionary<string, string?>
            {
                ["kind"] = c.Kind.ToString(),
                ["issuer"] = c.Issuer,
                ["subject"] = c.Subject,
                ["consentId"] = c.ConsentId,
                ["purposes"] = string.Join(" ", c.Purposes),
                ["doctypes"] = string.Join(" ", c.Doctypes.Select(d => d.Name)),
                ["notAfter"] = c.NotAfter is { } notAfter ? Rfc3339.Format(notAfter) : null,
                ["signingKeyId"] = c.SigningKeyId,
                ["algorithm"] = c.Algorithm,
                ["dpopKeyThumbprint"] = c.DPoPKeyThumbprint,
            });
        }
    }
}
