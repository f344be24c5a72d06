using SelfData.Core;

namespace SelfData.Consent;

/// <summary>
/// Represents an infrastructure failure while resolving keys: a JWKS file that cannot be read, or a JWKS URL that
/// cannot be fetched or does not hold a key set. Its <see cref="SelfDataException.Code"/> is
/// <see cref="ConsentErrorCodes.KeySourceUnavailable"/>.
/// </summary>
public sealed class ConsentKeySourceException : SelfDataException
{
    /// <summary>Initializes a new instance of the <see cref="ConsentKeySourceException"/> class.</summary>
    /// <param name="message">A description of the failure, without the code.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ConsentKeySourceException(string message, Exception? innerException = null)
        : base(ConsentErrorCodes.KeySourceUnavailable, message, innerException)
    {
    }
}

/// <summary>
/// Represents an infrastructure failure of a consent status store or a token replay store, such as a SQLite I/O error.
/// Its <see cref="SelfDataException.Code"/> is <see cref="ConsentErrorCodes.StatusStoreUnavailable"/> or
/// <see cref="ConsentErrorCodes.ReplayStoreUnavailable"/>.
/// </summary>
public sealed class ConsentStoreException : SelfDataException
{
    /// <summary>Initializes a new instance of the <see cref="ConsentStoreException"/> class.</summary>
    /// <param name="code">The code: <see cref="ConsentErrorCodes.StatusStoreUnavailable"/> or <see cref="ConsentErrorCodes.ReplayStoreUnavailable"/>.</param>
    /// <param name="message">A description of the failure, without the code.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ConsentStoreException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
