using Microsoft.IdentityModel.Tokens;

namespace SelfData.Cli;

/// <summary>Reads trusted keys from a JWK or JWKS file.</summary>
internal static class Keys
{
    public static IReadOnlyList<JsonWebKey> Load(FileInfo file)
    {
        var text = Files.ReadText(file);
        try
        {
            if (text.Contains("\"keys\"", StringComparison.Ordinal))
            {
                var set = new JsonWebKeySet(text);
                return set.Keys.Count > 0 ? [.. set.Keys] : throw new CliException(CliErrorCodes.MalformedKeySet, $"{file.Name} holds no keys.");
            }

            return [new JsonWebKey(text)];
        }
        catch (ArgumentException ex)
        {
            throw new CliException(CliErrorCodes.MalformedKeySet, $"{file.Name} is not a JWK or JWKS: {ex.Message.Split('\n')[0]}");
        }
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
