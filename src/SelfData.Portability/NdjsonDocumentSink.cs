using System.Buffers;

namespace SelfData.Portability;

/// <summary>
/// Writes documents as NDJSON (one document per line, <c>\n</c>-terminated) to a stream, batching small writes into
/// 64 KB blocks. Counts the documents and bytes it wrote.
/// </summary>
public sealed class NdjsonDocumentSink : IDocumentSink
{
    private const int BlockSize = 64 * 1024;
    private readonly Stream _destination;
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _used;

    /// <summary>Initializes a new instance of the <see cref="NdjsonDocumentSink"/> class.</summary>
    /// <param name="destination">The stream to write to; it is not closed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not writable.</exception>
    public NdjsonDocumentSink(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(destination));
        }

        _destination = destination;
    }

    /// <summary>Gets the number of documents written.</summary>
    public long Documents { get; private set; }

    /// <summary>Gets the number of bytes written, newlines included.</summary>
    public long Bytes { get; private set; }

    /// <inheritdoc />
    public ValueTask WriteDocumentAsync(ExportedDocument document, CancellationToken cancellationToken)
    {
        var json = document.Json.Span;
        var needed = json.Length + 1;
        Documents++;
        Bytes += needed;
        if (_used + needed <= _block.Length)
        {
            json.CopyTo(_block.AsSpan(_used));
            _block[_used + json.Length] = (byte)'\n';
            _used += needed;
            return ValueTask.CompletedTask;
        }

        return WriteSlowAsync(document.Json, cancellationToken);
    }

    /// <summary>Writes buffered lines to the stream and flushes it.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the stream is flushed.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteSlowAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        if (json.Length + 1 > _block.Length)
        {
            ArrayPool<byte>.Shared.Return(_block);
            _block = ArrayPool<byte>.Shared.Rent(json.Length + 1);
        }

        json.Span.CopyTo(_block);
        _block[json.Length] = (byte)'\n';
        _used = json.Length + 1;
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await _destination.WriteAsync(_block.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _used = 0;
        }
    }
}
