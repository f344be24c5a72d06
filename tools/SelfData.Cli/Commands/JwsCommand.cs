using System.CommandLine;
using System.Text;
using SelfData.Consent;
using SelfData.Jose;

namespace SelfData.Cli;

/// <summary><c>selfdata jws verify &lt;file&gt; --key &lt;jwk-or-jwks&gt; [--alg A]</c>: a compact or JSON-serialized JWS; prints the payload on success.</summary>
internal static class JwsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The JWS: compact, flattened JSON or general JSON serialization." };
        var key = new Option<FileInfo>("--key") { Description = "The trusted key: a JWK, or a JWKS whose keys are matched by kid.", Required = true };
        var alg = new Option<string?>("--alg") { Description = "Accept only this algorithm (e.g. ES256)." };
        var output = CommonOptions.Output();
        var verify = new Command("verify", "Verify a JWS with the given key(s) only, applying the SDK's header rules; prints the payload on success.") { file, key, alg, output };
        verify.SetAction((parse, cancellationToken) => Program.RunAsync(parse, output, console =>
        {
            var keys = Keys.Load(parse.GetValue(key)!);
            var text = Files.ReadText(parse.GetValue(file)!).Trim();
            var options = parse.GetValue(alg) is { } only ? new JwsVerifyOptions { AllowedAlgorithms = [only] } : null;
            var parsed = JwsMessage.Parse(text, new JwsReadOptions { MaxLength = 1 << 20 });
            if (!parsed.TryGetValue(out var message))
            {
                return Task.FromResult(Report(console, false, parsed.Error!.Code, parsed.Error.Message, null, []));
            }

            var results = new List<(string? Kid, string? Alg, bool Ok, string? Code)>();
            foreach (var signature in message.Signatures)
            {
                var trusted = keys.Keys.Count == 1 && signature.KeyId is null ? keys.Keys.Single() : signature.KeyId is null ? null : keys.Find(signature.KeyId);
                if (trusted is null)
                {
                    results.Add((signature.KeyId, signature.Algorithm, false, signature.KeyId is null ? JoseErrorCodes.KeyIdMissing : JoseErrorCodes.KeyNotFound));
                    continue;
                }

                var ok = message.TryVerify(signature, trusted, out var error, options);
                results.Add((signature.KeyId ?? trusted.KeyId, signature.Algorithm, ok, error?.Code));
            }

            var valid = results.Count > 0 && results.All(r => r.Ok);
            var firstFailure = results.FirstOrDefault(r => !r.Ok);
            var payload = message.IsDetached ? null : Encoding.UTF8.GetString(message.Payload.Span);
            return Task.FromResult(Report(console, valid, firstFailure.Code, valid ? null : $"signature by '{firstFailure.Kid}' does not verify", payload, results));
        }));
        return new Command("jws", "Work with JSON Web Signatures.") { verify };
    }

    private static int Report(CliOutput console, bool valid, string? code, string? message, string? payload, List<(string? Kid, string? Alg, bool Ok, string? Code)> signatures)
    {
        if (console.Json)
        {
            console.WriteJson(new { valid, code, message, signatures = signatures.Select(s => new { kid = s.Kid, alg = s.Alg, verified = s.Ok, code = s.Code }), payload = valid ? payload : null });
        }
        else if (valid)
        {
            console.Out.Write(payload ?? string.Empty);
            if (payload is not null && !payload.EndsWith('\n'))
            {
                console.Out.WriteLine();
            }
        }
        else
        {
            console.Fail(code ?? JoseErrorCodes.SignatureInvalid, message ?? "the JWS does not verify");
        }

        return valid ? ExitCodes.Success : ExitCodes.Invalid;
    }
}
