namespace SelfData.Core;

/// <summary>
/// Represents the outcome of parsing or validating a value: either the value or a <see cref="SelfDataError"/>.
/// The exception for a failure is created only when <see cref="GetValueOrThrow"/> is called.
/// </summary>
/// <typeparam name="T">The type of the parsed value.</typeparam>
public readonly struct ParseResult<T> : IEquatable<ParseResult<T>>
{
    private readonly T _value;

    internal ParseResult(T value, SelfDataError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Gets a value indicating whether parsing succeeded.</summary>
    public bool Success => Error is null;

    /// <summary>Gets the error when parsing failed, or <see langword="null"/> on success.</summary>
    public SelfDataError? Error { get; }

    /// <summary>Gets the parsed value.</summary>
    /// <exception cref="SelfDataValidationException">Parsing failed; the exception carries the error's code.</exception>
    public T Value => GetValueOrThrow();

    /// <summary>Gets the parsed value, or throws the exception that represents the failure.</summary>
    /// <returns>The parsed value.</returns>
    /// <exception cref="SelfDataValidationException">Parsing failed; the exception carries the error's code.</exception>
    public T GetValueOrThrow() => Error is null ? _value : throw Error.ToException();

    /// <summary>Gets the parsed value when parsing succeeded.</summary>
    /// <param name="value">The parsed value, or the default value on failure.</param>
    /// <returns><see langword="true"/> when parsing succeeded.</returns>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return Error is null;
    }

    /// <inheritdoc />
    public bool Equals(ParseResult<T> other) =>
        Equals(Error, other.Error) && EqualityComparer<T>.Default.Equals(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ParseResult<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value, Error);

    /// <summary>Compares two results for equality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when both hold the same value or the same error.</returns>
    public static bool operator ==(ParseResult<T> left, ParseResult<T> right) => left.Equals(right);

    /// <summary>Compares two results for inequality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when the results differ.</returns>
    public static bool operator !=(ParseResult<T> left, ParseResult<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="ParseResult{T}"/> values.</summary>
public static class ParseResult
{
    /// <summary>Creates a successful result.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The parsed value.</param>
    /// <returns>A successful result holding <paramref name="value"/>.</returns>
    public static ParseResult<T> ForValue<T>(T value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    /// <typeparam name="T">The type the value would have had.</typeparam>
    /// <param name="error">The error.</param>
    /// <returns>A failed result holding <paramref name="error"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static ParseResult<T> ForError<T>(SelfDataError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default!, error);
    }

    /// <summary>Creates a failed result from a code and message.</summary>
    /// <typeparam name="T">The type the value would have had.</typeparam>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">The message, without the code.</param>
    /// <returns>A failed result.</returns>
    public static ParseResult<T> ForError<T>(string code, string message) => ForError<T>(new SelfDataError(code, message));
}
