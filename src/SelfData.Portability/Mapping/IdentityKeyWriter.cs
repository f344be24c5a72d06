using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// Joins the values of a record's identity keys with <c>####</c> and hashes them into the document's <c>_id</c>,
/// without allocating.
/// </summary>
/// <remarks>
/// Values are written in their wire form: instants as RFC 3339 with offset, dates as <c>YYYY-MM-DD</c>, numbers in
/// invariant culture, <see langword="null"/> as the empty string.
/// </remarks>
public ref struct IdentityKeyWriter
{
    private static ReadOnlySpan<byte> Separator => "####"u8;

    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="IdentityKeyWriter"/> struct over a scratch buffer.</summary>
    /// <param name="buffer">The scratch buffer; a larger one is rented when it fills up.</param>
    public IdentityKeyWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _rented = null;
        _length = 0;
        _count = 0;
    }

    /// <summary>Gets the number of values written.</summary>
    public readonly int Count => _count;

    /// <summary>Gets the joined UTF-8 text written so far.</summary>
    public readonly ReadOnlySpan<byte> Text => _buffer[.._length];

    /// <summary>Adds a text value.</summary>
    /// <param name="value">The value; <see langword="null"/> is written as the empty string.</param>
    public void Add(string? value) => Add(value.AsSpan());

    /// <summary>Adds a text value.</summary>
    /// <param name="value">The value.</param>
    public void Add(ReadOnlySpan<char> value)
    {
        BeginValue(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer[_length..]);
    }

    /// <summary>Adds a text value already encoded as UTF-8, such as a constant <c>"linky"u8</c>.</summary>
    /// <param name="utf8">The value.</param>
    public void AddUtf8(ReadOnlySpan<byte> utf8)
    {
        BeginValue(utf8.Length);
        utf8.CopyTo(_buffer[_length..]);
        _length += utf8.Length;
    }

    /// <summary>Adds an instant in RFC 3339 form with its offset.</summary>
    /// <param name="value">The instant.</param>
    public void Add(DateTimeOffset value)
    {
        BeginValue(Rfc3339.MaxUtf8Length);
        Rfc3339.TryFormat(value, _buffer[_length..], out var written);
        _length += written;
    }

    /// <summary>Adds a calendar date as <c>YYYY-MM-DD</c>.</summary>
    /// <param name="value">The date.</param>
    public void Add(DateOnly value)
    {
        BeginValue(10);
        Rfc3339.TryFormatDate(value, _buffer[_length..], out var written);
        _length += written;
    }

    /// <summary>Adds a number in invariant form, without trailing zeros (<c>12.30</c> and <c>12.3</c> give the same id).</summary>
    /// <param name="value">The number.</param>
    public void Add(decimal value)
    {
        BeginValue(32);
        Utf8Formatter.TryFormat(value / 1.0000000000000000000000000000m, _buffer[_length..], out var written);
        _length += written;
    }

    /// <summary>Adds an integer.</summary>
    /// <param name="value">The integer.</param>
    public void Add(long value)
    {
        BeginValue(20);
        Utf8Formatter.TryFormat(value, _buffer[_length..], out var written);
        _length += written;
    }

    /// <summary>Hashes the joined values into a 32-character lowercase hexadecimal id, as UTF-8.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public readonly void WriteId(Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_buffer[.._length], hash);
        const string Hex = "0123456789abcdef";
        for (var i = 0; i < 16; i++)
        {
            destination[2 * i] = (byte)Hex[hash[i] >> 4];
            destination[(2 * i) + 1] = (byte)Hex[hash[i] & 0xF];
        }
    }

    /// <summary>Returns the rented buffer, if any. Call it once the id is written.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void BeginValue(int maxBytes)
    {
        var needed = _length + (_count > 0 ? Separator.Length : 0) + maxBytes;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer[.._length].CopyTo(larger);
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
            }

            _rented = larger;
            _buffer = larger;
        }

        if (_count > 0)
        {
            Separator.CopyTo(_buffer[_length..]);
            _length += Separator.Length;
        }

        _count++;
    }
}
