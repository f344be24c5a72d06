using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfData.Core;

/// <summary>
/// Represents the name of a document type ("doctype"), such as <c>io.cozy.bills</c> or
/// <c>fr.enedis.api.meteringdata.loadcurve</c>, validated with Cozy's rule.
/// </summary>
/// <remarks>
/// Cozy's rule (cozy-stack <c>CheckDoctypeName</c>): only lowercase ASCII letters, digits, <c>.</c> and <c>_</c>;
/// no leading or trailing <c>.</c>; no <c>..</c>. Uppercase letters and <c>-</c> are refused.
/// A name longer than <see cref="MaxLength"/> characters is refused as well.
/// Failures carry <see cref="CoreErrorCodes.InvalidDoctype"/> (<c>SD9001</c>).
/// </remarks>
[JsonConverter(typeof(DoctypeJsonConverter))]
public readonly struct Doctype : IEquatable<Doctype>, IComparable<Doctype>
{
    /// <summary>The longest doctype name accepted.</summary>
    public const int MaxLength = 256;

    private readonly string? _name;

    /// <summary>Initializes a new instance of the <see cref="Doctype"/> struct.</summary>
    /// <param name="name">The doctype name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataValidationException">The name breaks Cozy's rule (<c>SD9001</c>).</exception>
    public Doctype(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var error = Check(name);
        if (error is not null)
        {
            throw error.ToException();
        }

        _name = name;
    }

    /// <summary>Gets the doctype name.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>Gets a value indicating whether this is the default, empty instance.</summary>
    public bool IsDefault => _name is null;

    /// <summary>Parses a doctype name.</summary>
    /// <param name="name">The name to parse.</param>
    /// <returns>The result, holding the doctype or an <c>SD9001</c> error.</returns>
    public static ParseResult<Doctype> Parse(string? name)
    {
        var error = Check(name);
        return error is null ? ParseResult.ForValue(new Doctype(name!, trusted: true)) : ParseResult.ForError<Doctype>(error);
    }

    /// <summary>Determines whether a name follows Cozy's doctype rule.</summary>
    /// <param name="name">The name to test.</param>
    /// <returns><see langword="true"/> when the name is a valid doctype.</returns>
    public static bool IsValid(string? name) => Check(name) is null;

    /// <summary>Determines whether this doctype lies in a namespace, such as <c>fr.enedis</c> for <c>fr.enedis.api.customers.identity</c>.</summary>
    /// <param name="doctypeNamespace">The namespace, itself a valid doctype name.</param>
    /// <returns><see langword="true"/> when the doctype equals the namespace or starts with it followed by a dot.</returns>
    public bool IsInNamespace(string doctypeNamespace)
    {
        ArgumentNullException.ThrowIfNull(doctypeNamespace);
        var name = Name;
        return name.Length > doctypeNamespace.Length
            ? name.StartsWith(doctypeNamespace, StringComparison.Ordinal) && name[doctypeNamespace.Length] == '.'
            : string.Equals(name, doctypeNamespace, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <inheritdoc />
    public bool Equals(Doctype other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Doctype other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public int CompareTo(Doctype other) => string.CompareOrdinal(Name, other.Name);

    /// <summary>Compares two doctypes for equality.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when the names are equal.</returns>
    public static bool operator ==(Doctype left, Doctype right) => left.Equals(right);

    /// <summary>Compares two doctypes for inequality.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when the names differ.</returns>
    public static bool operator !=(Doctype left, Doctype right) => !left.Equals(right);

    /// <summary>Orders two doctypes by ordinal name.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(Doctype left, Doctype right) => left.CompareTo(right) < 0;

    /// <summary>Orders two doctypes by ordinal name.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(Doctype left, Doctype right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two doctypes by ordinal name.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(Doctype left, Doctype right) => left.CompareTo(right) > 0;

    /// <summary>Orders two doctypes by ordinal name.</summary>
    /// <param name="left">The first doctype.</param>
    /// <param name="right">The second doctype.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(Doctype left, Doctype right) => left.CompareTo(right) >= 0;

    internal static SelfDataError? Check(string? name, string what = "Doctype")
    {
        if (string.IsNullOrEmpty(name))
        {
            return new SelfDataError(CoreErrorCodes.InvalidDoctype, what + " name is empty.");
        }

        if (name.Length > MaxLength)
        {
            return new SelfDataError(CoreErrorCodes.InvalidDoctype, $"{what} name is longer than {MaxLength} characters.");
        }

        if (name[0] == '.' || name[^1] == '.')
        {
            return new SelfDataError(CoreErrorCodes.InvalidDoctype, $"{what} name '{Printable(name)}' starts or ends with '.'.");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.';
            if (!ok)
            {
                var hint = c is >= 'A' and <= 'Z' ? " Use lowercase letters." : string.Empty;
                return new SelfDataError(
                    CoreErrorCodes.InvalidDoctype,
                    $"{what} name '{Printable(name)}' contains '{Printable(c.ToString())}' at position {i}; only lowercase letters, digits, '.' and '_' are allowed.{hint}");
            }

            if (c == '.' && i > 0 && name[i - 1] == '.')
            {
                return new SelfDataError(CoreErrorCodes.InvalidDoctype, $"{what} name '{Printable(name)}' contains '..'.");
            }
        }

        return null;
    }

    internal static string Printable(string value) => UntrustedText.Escape(value, 80);

    private Doctype(string name, bool trusted)
    {
        _ = trusted;
        _name = name;
    }
}

/// <summary>Reads and writes a <see cref="Doctype"/> as a JSON string.</summary>
public sealed class DoctypeJsonConverter : JsonConverter<Doctype>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The token is not a string or the name is not a valid doctype; its inner <see cref="SelfDataValidationException"/> carries the code.</exception>
    public override Doctype Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A doctype is a JSON string.", new SelfDataValidationException(CoreErrorCodes.InvalidDoctype, "A doctype is a JSON string."));
        }

        var result = Doctype.Parse(reader.GetString());
        return result.TryGetValue(out var doctype) ? doctype : throw new JsonException(result.Error!.Message, result.Error.ToException());
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Doctype value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Name);
    }
}
