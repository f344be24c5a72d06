namespace SelfData.Core;

/// <summary>
/// Represents an organisation that holds personal data (a utility, bank, telecom operator, insurer, city…):
/// a short identifier used in paths and manifests, and the doctype namespace its own doctypes live in.
/// </summary>
/// <remarks>
/// <para>The <see cref="Id"/> is 1 to 64 characters: lowercase letters, digits, <c>-</c> and <c>_</c>, starting with a letter
/// or digit (for example <c>edf</c>, <c>enedis</c>, <c>grand-lyon-eau</c>).</para>
/// <para>The <see cref="DoctypeNamespace"/> follows the doctype rule and holds at least one dot (for example <c>fr.edf</c>,
/// <c>fr.enedis</c>, <c>com.grandlyon</c>). Failures carry <see cref="CoreErrorCodes.InvalidHolderId"/> (<c>SD9003</c>).</para>
/// </remarks>
public sealed class HolderId : IEquatable<HolderId>
{
    /// <summary>Initializes a new instance of the <see cref="HolderId"/> class.</summary>
    /// <param name="id">The holder's short identifier, such as <c>edf</c>.</param>
    /// <param name="doctypeNamespace">The holder's doctype namespace, such as <c>fr.edf</c>.</param>
    /// <param name="displayName">The holder's name as shown to people, such as <c>EDF</c>; defaults to <paramref name="id"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="doctypeNamespace"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataValidationException">The id or namespace is malformed (<c>SD9003</c>).</exception>
    public HolderId(string id, string doctypeNamespace, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(doctypeNamespace);
        var error = Check(id, doctypeNamespace);
        if (error is not null)
        {
            throw error.ToException();
        }

        Id = id;
        DoctypeNamespace = doctypeNamespace;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName;
    }

    /// <summary>Gets the holder's short identifier.</summary>
    public string Id { get; }

    /// <summary>Gets the holder's doctype namespace.</summary>
    public string DoctypeNamespace { get; }

    /// <summary>Gets the holder's name as shown to people.</summary>
    public string DisplayName { get; }

    /// <summary>Validates a holder identifier and namespace.</summary>
    /// <param name="id">The short identifier.</param>
    /// <param name="doctypeNamespace">The doctype namespace.</param>
    /// <returns>The result, holding the holder or an <c>SD9003</c> error.</returns>
    public static ParseResult<HolderId> Parse(string? id, string? doctypeNamespace)
    {
        var error = Check(id, doctypeNamespace);
        return error is null ? ParseResult.ForValue(new HolderId(id!, doctypeNamespace!)) : ParseResult.ForError<HolderId>(error);
    }

    /// <inheritdoc />
    public override string ToString() => Id;

    /// <inheritdoc />
    public bool Equals(HolderId? other) =>
        other is not null && Id == other.Id && DoctypeNamespace == other.DoctypeNamespace;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HolderId);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, DoctypeNamespace);

    private static SelfDataError? Check(string? id, string? doctypeNamespace)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return new SelfDataError(CoreErrorCodes.InvalidHolderId, "Holder id must be 1 to 64 characters.");
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (i > 0 && c is '-' or '_');
            if (!ok)
            {
                return new SelfDataError(
                    CoreErrorCodes.InvalidHolderId,
                    $"Holder id '{Doctype.Printable(id)}' may contain only lowercase letters, digits, '-' and '_', and must start with a letter or digit.");
            }
        }

        var nsError = Doctype.Check(doctypeNamespace, "Holder doctype namespace");
        if (nsError is not null)
        {
            return new SelfDataError(CoreErrorCodes.InvalidHolderId, nsError.Message);
        }

        if (!doctypeNamespace!.Contains('.', StringComparison.Ordinal))
        {
            return new SelfDataError(
                CoreErrorCodes.InvalidHolderId,
                $"Holder doctype namespace '{Doctype.Printable(doctypeNamespace)}' must be a reverse domain name such as 'fr.edf'.");
        }

        return null;
    }
}
