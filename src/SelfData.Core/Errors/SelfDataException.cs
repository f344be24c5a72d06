namespace SelfData.Core;

/// <summary>
/// Represents a failure raised by SelfData.Sdk. Every instance carries a stable <see cref="Code"/> of the form
/// <c>SDnnnn</c>; its <see cref="Exception.Message"/> describes the failure without the code. Branch on <see cref="Code"/>.
/// </summary>
/// <remarks>
/// Code ranges: <c>SD1xxx</c> consent, <c>SD2xxx</c> portability, <c>SD3xxx</c> conformance,
/// <c>SD4xxx</c> archives, <c>SD9xxx</c> general. The catalogue of codes, with causes and fixes, is <c>docs/errors.md</c>.
/// </remarks>
public class SelfDataException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SelfDataException"/> class.</summary>
    /// <param name="code">The stable error code, for example <c>SD9001</c>.</param>
    /// <param name="message">A description of the failure, without the code.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not of the form <c>SDnnnn</c>.</exception>
    public SelfDataException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = SelfDataError.IsCode(code) ? code : throw new ArgumentException("An error code has the form SDnnnn.", nameof(code));
    }

    /// <summary>Gets the stable error code, for example <c>SD9001</c>.</summary>
    public string Code { get; }

    /// <summary>Returns the code, the exception's type and message, and the stack trace.</summary>
    /// <returns>The code followed by what <see cref="Exception.ToString"/> returns.</returns>
    public override string ToString() => Code + " " + base.ToString();
}
