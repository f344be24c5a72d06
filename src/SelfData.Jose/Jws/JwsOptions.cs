using System.Text.Json.Nodes;

namespace SelfData.Jose;

/// <summary>Represents the serialization of a JWS (RFC 7515 §3.1, §7.2.1, §7.2.2).</summary>
public enum JwsSerialization
{
    /// <summary>The compact serialization: <c>header.payload.signature</c>.</summary>
    Compact = 0,

    /// <summary>The flattened JSON serialization: one signature, members at the top level.</summary>
    FlattenedJson = 1,

    /// <summary>The general JSON serialization: a <c>signatures</c> array.</summary>
    GeneralJson = 2,
}

/// <summary>Represents the limits applied when a JWS is read. Instances are immutable: set the limits when creating one.</summary>
public sealed class JwsReadOptions
{
    private readonly int _maxLength = 16 * 1024;
    private readonly int _maxDepth = 16;
    private readonly int _maxSignatures = 8;

    /// <summary>Gets the options used when none are given.</summary>
    public static JwsReadOptions Default { get; } = new();

    /// <summary>Gets the longest JWS accepted, in characters.</summary>
    /// <value>The default value is 16384 (16 KB).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxLength { get => _maxLength; init => _maxLength = Positive(value); }

    /// <summary>Gets the deepest JSON nesting accepted in headers, payloads and the JSON serializations.</summary>
    /// <value>The default value is 16.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and 64.</exception>
    public int MaxDepth { get => _maxDepth; init => _maxDepth = value is >= 1 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The depth is between 1 and 64."); }

    /// <summary>Gets the most signatures accepted in the general JSON serialization.</summary>
    /// <value>The default value is 8.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxSignatures { get => _maxSignatures; init => _maxSignatures = Positive(value); }

    private static int Positive(int value) => value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive.");
}

/// <summary>Represents the rules applied when a JWS signature is verified. Instances are immutable: set the rules when creating one.</summary>
public sealed class JwsVerifyOptions
{
    private readonly string[]? _allowedAlgorithms;
    private readonly string[] _understood = [];

    /// <summary>Gets the options used when none are given.</summary>
    public static JwsVerifyOptions Default { get; } = new();

    /// <summary>Gets the algorithms accepted, in addition to the key's own binding; <see langword="null"/> accepts every algorithm the key is bound to.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyCollection<string>? AllowedAlgorithms { get => _allowedAlgorithms; init => _allowedAlgorithms = value?.ToArray(); }

    /// <summary>
    /// Gets a value indicating whether an <c>alg</c> found only in the unprotected header is accepted. RFC 7520 §4.7
    /// shows such signatures; they are refused by default because the algorithm is then not integrity-protected.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowUnprotectedAlgorithm { get; init; }

    /// <summary>Gets the header parameters the caller understands and processes when they are listed in <c>crit</c>.</summary>
    /// <value>The default value is an empty collection: any <c>crit</c> extension is refused.</value>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IReadOnlyCollection<string> UnderstoodCriticalHeaders { get => _understood; init => _understood = value?.ToArray() ?? throw new ArgumentNullException(nameof(value)); }
}

/// <summary>Represents the header parameters written when a JWS is signed.</summary>
public sealed class JwsHeaderOptions
{
    /// <summary>Gets the <c>typ</c> parameter, or <see langword="null"/> to omit it.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Type { get; set; }

    /// <summary>Gets or sets the <c>cty</c> parameter, or <see langword="null"/> to omit it.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ContentType { get; set; }

    /// <summary>Gets or sets a value indicating whether the key id is written in the unprotected header (as the MyData reference implementation does) rather than the protected one. Ignored for the compact serialization.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool KeyIdInUnprotectedHeader { get; set; }

    /// <summary>Gets or sets further parameters for the protected header, or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public JsonObject? ProtectedParameters { get; set; }

    /// <summary>Gets or sets parameters for the unprotected header (JSON serializations only), or <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public JsonObject? UnprotectedParameters { get; set; }

    /// <summary>Gets or sets a value indicating whether the payload is left out of the serialization (detached content, RFC 7515 appendix F).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool DetachedPayload { get; set; }
}
