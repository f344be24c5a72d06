namespace SelfData.Cli;

/// <summary>The codes of the command-line tool's own usage and I/O failures (general range <c>SD9xxx</c>).</summary>
internal static class CliErrorCodes
{
    /// <summary>A file or folder named on the command line does not exist.</summary>
    public const string FileNotFound = "SD9101";

    /// <summary>A file cannot be read or written (permissions, I/O error).</summary>
    public const string FileUnreadable = "SD9102";

    /// <summary>An option has a value the command cannot use.</summary>
    public const string InvalidOptionValue = "SD9103";

    /// <summary>A key file is not a JWK or JWKS.</summary>
    public const string MalformedKeySet = "SD9104";

    /// <summary>A service the command needs (the cluster's PostgreSQL, a silo process) cannot be reached or did not start.</summary>
    public const string ServiceUnavailable = "SD9105";
}

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Success, or the input is valid.</summary>
    public const int Success = 0;

    /// <summary>An invalid document, a failed verification or a rejected token.</summary>
    public const int Invalid = 1;

    /// <summary>A usage or I/O error.</summary>
    public const int UsageOrIo = 2;
}

/// <summary>A user error reported as one line with its code, never a stack trace.</summary>
internal sealed class CliException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
