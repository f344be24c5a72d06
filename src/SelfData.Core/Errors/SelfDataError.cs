using System.Text.RegularExpressions;

namespace SelfData.Core;

/// <summary>
/// Represents a failure as a value: a stable code and a message. Used by results that report failures
/// without throwing; <see cref="ToException"/> creates the matching exception only on demand.
/// </summary>
public sealed partial class SelfDataError : IEquatable<SelfDataError>
{
    /// <summary>Initializes a new instance of the <see cref="SelfDataError"/> class.</summary>
    /// <param name="code">The stable error code, of the form <c>SDnnnn</c>.</param>
    /// <param name="message">A description of the failure, without the code.</param>
    /// <param name="fieldPath">The field the failure concerns, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not of the form <c>SDnnnn</c>.</exception>
    public SelfDataError(string code, string message, string? fieldPath = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        if (!IsCode(code))
        {
            throw new ArgumentException("An error code has the form SDnnnn.", nameof(code));
        }

        Code = code;
        Message = message;
        FieldPath = fieldPath;
    }

    /// <summary>Gets the stable error code.</summary>
    public string Code { get; }

    /// <summary>Gets the description of the failure, without the code.</summary>
    public string Message { get; }

    /// <summary>Gets the field the failure concerns, or <see langword="null"/>.</summary>
    public string? FieldPath { get; }

    /// <summary>Determines whether a string has the form of an error code (<c>SD</c> followed by four digits).</summary>
    /// <param name="code">The string to test.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> is of the form <c>SDnnnn</c>.</returns>
    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>Creates the exception that represents this error.</summary>
    /// <returns>A <see cref="SelfDataValidationException"/> carrying the code, message and field.</returns>
    public SelfDataValidationException ToException() => new(Code, Message, fieldPath: FieldPath);

    /// <inheritdoc />
    public override string ToString() => Format(Code, Message);

    /// <inheritdoc />
    public bool Equals(SelfDataError? other) =>
        other is not null && Code == other.Code && Message == other.Message && FieldPath == other.FieldPath;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SelfDataError);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Message, FieldPath);

    internal static string Format(string code, string message)
    {
        if (!IsCode(code))
        {
            throw new ArgumentException("An error code has the form SDnnnn.", nameof(code));
        }

        return code + ": " + message;
    }

    [GeneratedRegex("^SD[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
