using System.Security.Cryptography;
using SelfData.Core;

namespace SelfData.Territory.Aggregation;

/// <summary>
/// A contributor's pseudonym in one study: HMAC-SHA-256 of the person's subject id under a secret of that study. The
/// same person has unrelated keys in two studies, and the key reveals nothing of the subject id without the secret.
/// </summary>
public readonly struct ContributorKey : IEquatable<ContributorKey>, IComparable<ContributorKey>
{
    /// <summary>The length of a key, in bytes.</summary>
    public const int Length = 32;

    private readonly byte[]? _bytes;

    private ContributorKey(byte[] bytes) => _bytes = bytes;

    /// <summary>Gets the key's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Derives a person's key for a study.</summary>
    /// <param name="studySecret">The study's secret: at least 32 random bytes, kept by whoever pseudonymises, never published.</param>
    /// <param name="subject">The person.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes.</exception>
    public static ContributorKey Derive(ReadOnlySpan<byte> studySecret, SubjectId subject)
    {
        if (studySecret.Length < 32)
        {
            throw new ArgumentException("A study secret is at least 32 random bytes.", nameof(studySecret));
        }

        var key = new byte[Length];
        HMACSHA256.HashData(studySecret, System.Text.Encoding.UTF8.GetBytes(subject.Value), key);
        return new ContributorKey(key);
    }

    /// <summary>Reads a key from its 32 bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public static ContributorKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new ContributorKey(bytes.ToArray()) : throw new ArgumentException("A contributor key is 32 bytes.", nameof(bytes));

    /// <inheritdoc />
    public bool Equals(ContributorKey other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContributorKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    /// <inheritdoc />
    public int CompareTo(ContributorKey other) => Bytes.SequenceCompareTo(other.Bytes);

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexString(Bytes).ToLowerInvariant();

    /// <summary>Compares two keys.</summary>
    public static bool operator ==(ContributorKey left, ContributorKey right) => left.Equals(right);

    /// <summary>Compares two keys.</summary>
    public static bool operator !=(ContributorKey left, ContributorKey right) => !left.Equals(right);

    /// <summary>Orders two keys by their bytes.</summary>
    public static bool operator <(ContributorKey left, ContributorKey right) => left.CompareTo(right) < 0;

    /// <summary>Orders two keys by their bytes.</summary>
    public static bool operator >(ContributorKey left, ContributorKey right) => left.CompareTo(right) > 0;

    /// <summary>Orders two keys by their bytes.</summary>
    public static bool operator <=(ContributorKey left, ContributorKey right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two keys by their bytes.</summary>
    public static bool operator >=(ContributorKey left, ContributorKey right) => left.CompareTo(right) >= 0;
}
