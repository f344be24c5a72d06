using System.Buffers;

namespace SelfData.Conformance;

/// <summary>Receives the lines of an NDJSON stream.</summary>
internal interface ILineSink
{
    /// <summary>Receives one non-blank line; the memory is valid only until the returned task completes.</summary>
    ValueTask LineAsync(ReadOnlyMemory<byte> line, long number, CancellationToken cancellationToken);

    /// <summary>Receives a line longer than the limit, which was skipped without being held in memory.</summary>
    ValueTask TooLargeAsync(long number, long bytes, CancellationToken cancellationToken);
}

/// <summary>
/// Splits a stream into NDJSON lines with bounded memory: a line is held only up to the document limit, a longer one
/// is skipped and reported. Blank lines are skipped but counted, so line numbers match an editor's; a UTF-8 byte order
/// mark at the start and <c>\r</c> before <c>\n</c> are ignored.
/// </summary>
internal static class NdjsonLines
{
    private const int InitialBuffer = 64 * 1024;

    public static async Task ReadAsync(Stream stream, int maxLineBytes, ILineSink sink, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            int start = 0, end = 0;
            long line = 0;
            long skipped = -1; // ≥ 0 while skipping the rest of a line that is too long
            var first = true;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else if (skipped >= 0 || buffer.Length > maxLineBytes)
                    {
                        // The pending line is already too long: forget what is held and skip to its end.
                        skipped = Math.Max(skipped, 0) + end;
                        start = end = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxLineBytes + 1));
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (first)
                {
                    first = false;
                    if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        start = 3;
                    }
                }

                var scanFrom = end;
                end += read;
                int newline;
                while ((newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n')) >= 0)
                {
                    var lineEnd = scanFrom + newline;
                    line++;
                    if (skipped >= 0)
                    {
                        await sink.TooLargeAsync(line, skipped + (lineEnd - start), cancellationToken).ConfigureAwait(false);
                        skipped = -1;
                    }
                    else
                    {
                        await EmitAsync(buffer.AsMemory(start, lineEnd - start), line, maxLineBytes, sink, cancellationToken).ConfigureAwait(false);
                    }

                    start = lineEnd + 1;
                    scanFrom = start;
                }
            }

            if (skipped >= 0)
            {
                await sink.TooLargeAsync(line + 1, skipped + (end - start), cancellationToken).ConfigureAwait(false);
            }
            else if (end > start)
            {
                await EmitAsync(buffer.AsMemory(start, end - start), line + 1, maxLineBytes, sink, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValueTask EmitAsync(ReadOnlyMemory<byte> content, long number, int maxLineBytes, ILineSink sink, CancellationToken cancellationToken)
    {
        if (content.Length > 0 && content.Span[^1] == (byte)'\r')
        {
            content = content[..^1];
        }

        if (content.Length > maxLineBytes)
        {
            return sink.TooLargeAsync(number, content.Length, cancellationToken);
        }

        return IsBlank(content.Span) ? ValueTask.CompletedTask : sink.LineAsync(content, number, cancellationToken);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;
}
