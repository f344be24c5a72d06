using SelfData.Core;

namespace SelfData.Orleans;

/// <summary>
/// A SelfData failure raised inside a grain, carried to its caller with its stable <see cref="Code"/>
/// (<see cref="SelfDataException"/> itself has no Orleans codec and would reach the caller as a
/// <c>CodecNotFoundException</c>). Branch on <see cref="Code"/>; the message is the original one.
/// </summary>
[GenerateSerializer]
public sealed class ClusterException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ClusterException"/> class.</summary>
    /// <param name="code">The stable error code of the failure, for example <c>SD7010</c>.</param>
    /// <param name="message">A description of the failure, without the code.</param>
    public ClusterException(string code, string message)
        : base(message)
    {
        Code = SelfDataError.IsCode(code) ? code : throw new ArgumentException("An error code has the form SDnnnn.", nameof(code));
    }

    /// <summary>Gets the stable error code, for example <c>SD7010</c>.</summary>
    [Id(0)]
    public string Code { get; private set; }

    /// <summary>Returns the code, the exception's type and message, and the stack trace.</summary>
    /// <returns>The code followed by what <see cref="Exception.ToString"/> returns.</returns>
    public override string ToString() => Code + " " + base.ToString();

    /// <summary>Runs a grain's work, turning a <see cref="SelfDataException"/> into a <see cref="ClusterException"/> with its code.</summary>
    internal static async Task<T> CarryAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(true);
        }
        catch (SelfDataException e)
        {
            throw new ClusterException(e.Code, e.Message);
        }
    }
}
