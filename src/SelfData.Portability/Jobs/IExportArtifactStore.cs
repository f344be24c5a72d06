namespace SelfData.Portability.Jobs;

/// <summary>
/// Where a job's files are written and served from. A file becomes visible only once complete
/// (<see cref="ExportArtifactWriter.CommitAsync"/>); its SHA-256 is computed while it is written.
/// <see cref="FileSystemExportArtifactStore"/> keeps them in a directory.
/// </summary>
public interface IExportArtifactStore
{
    /// <summary>Starts writing a file of a job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="name">The file's name: letters, digits, <c>.</c>, <c>-</c> and <c>_</c>, not starting with <c>.</c>.</param>
    /// <param name="contentType">The media type it is served with.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A writer; dispose it without committing to discard the file.</returns>
    ValueTask<ExportArtifactWriter> CreateAsync(string jobId, string name, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens a committed file for reading.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="name">The file's name.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A readable, seekable stream, or <see langword="null"/> when there is no such file.</returns>
    ValueTask<Stream?> OpenReadAsync(string jobId, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every file of a job, committed or not.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the files are gone.</returns>
    ValueTask DeleteAsync(string jobId, CancellationToken cancellationToken = default);
}

/// <summary>
/// A file being written: write to <see cref="Stream"/>, then <see cref="CommitAsync"/>. Bytes are counted and hashed
/// (SHA-256) as they pass; disposing without committing discards the file.
/// </summary>
public abstract class ExportArtifactWriter : IAsyncDisposable
{
    private readonly HashingStream _stream;
    private bool _committed;

    /// <summary>Initializes a new instance of the <see cref="ExportArtifactWriter"/> class.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="contentType">The media type it is served with.</param>
    /// <param name="destination">Where the bytes go until the commit.</param>
    protected ExportArtifactWriter(string name, string contentType, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(destination);
        Name = name;
        ContentType = contentType;
        _stream = new HashingStream(destination);
    }

    /// <summary>Gets the file's name.</summary>
    public string Name { get; }

    /// <summary>Gets the media type the file is served with.</summary>
    public string ContentType { get; }

    /// <summary>Gets the stream to write the file's bytes to (write-only, not seekable).</summary>
    public Stream Stream => _stream;

    /// <summary>Makes the file visible under its name, replacing nothing: the bytes written are final.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The file's name, length, SHA-256 and media type.</returns>
    public async ValueTask<ExportArtifact> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        var artifact = new ExportArtifact(Name, _stream.Length, _stream.Hash(), ContentType);
        await _stream.Inner.DisposeAsync().ConfigureAwait(false);
        await PublishAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
        return artifact;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            _committed = true;
            await _stream.Inner.DisposeAsync().ConfigureAwait(false);
            await DiscardAsync().ConfigureAwait(false);
        }

        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the written bytes visible under <see cref="Name"/> (for a file, a rename).</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the file is visible.</returns>
    protected abstract ValueTask PublishAsync(CancellationToken cancellationToken);

    /// <summary>Removes the bytes written so far.</summary>
    /// <returns>A task that completes when they are gone.</returns>
    protected abstract ValueTask DiscardAsync();

    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly System.Security.Cryptography.IncrementalHash _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        private long _length;

        public Stream Inner => inner;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public string Hash() => PortabilityArchiveWriter.Hex(_hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            _length += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
