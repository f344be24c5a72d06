namespace SelfData.Core;

/// <summary>
/// Represents an argument a caller passed that breaks a rule with a stable code (a key too weak, an algorithm that does
/// not fit its key, inconsistent options). It is an <see cref="ArgumentException"/>, thrown at once, and it carries the
/// code as <see cref="Code"/> rather than inside its message.
/// </summary>
public sealed class SelfDataArgumentException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="SelfDataArgumentException"/> class.</summary>
    /// <param name="code">The stable error code, of the form <c>SDnnnn</c>.</param>
    /// <param name="message">A description of the problem, without the code.</param>
    /// <param name="paramName">The name of the parameter concerned.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not of the form <c>SDnnnn</c>.</exception>
    public SelfDataArgumentException(string code, string message, string? paramName = null)
        : base(message, paramName)
    {
        if (!SelfDataError.IsCode(code))
        {
            throw new ArgumentException("An error code has the form SDnnnn.", nameof(code));
        }

        Code = code;
        Errors = [new SelfDataError(code, message, paramName)];
    }

    /// <summary>Initializes a new instance of the <see cref="SelfDataArgumentException"/> class for several problems at once.</summary>
    /// <param name="errors">The problems, at least one; the first gives <see cref="Code"/>.</param>
    /// <param name="paramName">The name of the parameter concerned.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public SelfDataArgumentException(IReadOnlyList<SelfDataError> errors, string? paramName = null)
        : base(Describe(errors), paramName)
    {
        Code = errors[0].Code;
        Errors = errors;
    }

    /// <summary>Gets the stable error code of the (first) problem.</summary>
    public string Code { get; }

    /// <summary>Gets every problem, each with its code.</summary>
    public IReadOnlyList<SelfDataError> Errors { get; }

    private static string Describe(IReadOnlyList<SelfDataError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0
            ? throw new ArgumentException("At least one error is needed.", nameof(errors))
            : string.Join(" ", errors.Select(e => e.ToString()));
    }
}
