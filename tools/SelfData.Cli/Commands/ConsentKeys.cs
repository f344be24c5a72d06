using SelfData.Consent;

namespace SelfData.Cli;

/// <summary>Reads trusted keys for the consent and JWS commands.</summary>
internal static class ConsentKeys
{
    public static VerificationKeySet Load(FileInfo file)
    {
        var text = Files.ReadText(file);
        if (text.Contains("\"keys\"", StringComparison.Ordinal))
        {
            var set = VerificationKeySet.Parse(text);
            return set.Success && set.Value.Keys.Count > 0
                ? set.Value
                : throw new CliException(CliErrorCodes.MalformedKeySet, $"{file.Name} is not a JWKS with keys: {set.Error?.Message ?? "it is empty"}.");
        }

        // A lone JWK without kid (such as the RFC 7515 examples) is named after its file.
        var key = VerificationKey.FromJwk(text, text.Contains("\"kid\"", StringComparison.Ordinal) ? null : file.Name);
        return key.Success ? new VerificationKeySet([key.Value]) : throw new CliException(CliErrorCodes.MalformedKeySet, $"{file.Name} is not a JWK: {key.Error!.Message}");
    }
}
