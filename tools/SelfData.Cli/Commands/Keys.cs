using SelfData.Jose;

namespace SelfData.Cli;

/// <summary>Reads trusted keys from a JWK or JWKS file, for every command that verifies a signature.</summary>
internal static class Keys
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

/// <summary>Opens files with user-facing errors.</summary>
internal static class Files
{
    public static string ReadText(FileInfo file) => Io(file, () => File.ReadAllText(file.FullName));

    public static FileStream OpenRead(FileInfo file) => Io(file, () => file.OpenRead());

    public static T Io<T>(FileSystemInfo file, Func<T> action)
    {
        if (!file.Exists)
        {
            throw new CliException(CliErrorCodes.FileNotFound, $"{file.FullName} does not exist.");
        }

        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(CliErrorCodes.FileUnreadable, $"{file.FullName} cannot be read: {ex.Message}");
        }
    }
}
