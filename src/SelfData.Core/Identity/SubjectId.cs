using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>
/// Represents the identifier of the person data is about — preferably a pseudonym (a MyData surrogate id, a UUID),
/// never a name. Exports carry it in their manifest.
/// </summary>
/// <remarks>
/// A subject id is 1 to <see cref="MaxLength"/> characters, has no control characters and no leading or trailing
/// white space. Failures carry <see cref="CoreErrorCodes.InvalidSubjectId"/> (<c>SD9002</c>).
/// </remarks>
[JsonConverter(typeof(SubjectIdJsonConverter))]
public readonly struct SubjectId : IEquatable<SubjectId>
{
    /// <summary>The longest subject id accepted.</summary>
    public const int MaxLength = 256;

    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="SubjectId"/> struct.</summary>
    /// <param name="value">The identifier.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataValidationException">The identifier is malformed (<c>SD9002</c>).</exception>
    public SubjectId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = Check(value);
        if (error is not null)
        {
            throw error.ToException();
        }

        _value = value;
    }

    /// <summary>Gets the identifier.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a subject identifier.</summary>
    /// <param name="value">The identifier.</param>
    /// <returns>The result, holding the subject id or an <c>SD9002</c> error.</returns>
    public static ParseResult<SubjectId> Parse(string? value)
    {
        var error = Check(value);
        return error is null ? ParseResult.ForValue(new SubjectId(value!)) : ParseResult.ForError<SubjectId>(error);
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <inheritdoc />
    public bool Equals(SubjectId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SubjectId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Compares two subject ids for equality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(SubjectId left, SubjectId right) => left.Equals(right);

    /// <summary>Compares two subject ids for inequality.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(SubjectId left, SubjectId right) => !left.Equals(right);

    private static SelfDataError? Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new SelfDataError(CoreErrorCodes.InvalidSubjectId, "Subject id is empty.");
        }

        if (value.Length > MaxLength)
        {
            return new SelfDataError(CoreErrorCodes.InvalidSubjectId, $"Subject id is longer than {MaxLength} characters.");
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return new SelfDataError(CoreErrorCodes.InvalidSubjectId, "Subject id starts or ends with white space.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return new SelfDataError(CoreErrorCodes.InvalidSubjectId, "Subject id contains a control character.");
            }
        }

        return null;
    }
}

/// <summary>Reads and writes a <see cref="SubjectId"/> as a JSON string.</summary>
public sealed class SubjectIdJsonConverter : JsonConverter<SubjectId>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The token is not a valid subject id string.</exception>
    public override SubjectId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = SubjectId.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
        return result.TryGetValue(out var id) ? id : throw new JsonException(result.Error!.Message, result.Error.ToException());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SubjectId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
