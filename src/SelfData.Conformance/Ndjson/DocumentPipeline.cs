using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace SelfData.Conformance;

/// <summary>
/// Checks a sequence of documents in parallel with bounded memory, and gives the results in input order.
/// </summary>
/// <remarks>
/// The producer copies documents into batches (at most <see cref="MaxBatchDocuments"/> documents or
/// <see cref="BatchBytes"/> bytes each, in pooled buffers); <c>workers</c> tasks check the batches; the results are
/// merged in batch order. At most twice as many batches as workers are alive at once — queued, being checked or waiting
/// for an earlier batch — so memory does not grow with the input. Once the merged results hold the maximum number of
/// errors, later invalid documents are counted without being explained.
/// </remarks>
internal sealed class DocumentPipeline : ILineSink, IDisposable
{
    internal const int MaxBatchDocuments = 256;
    internal const int BatchBytes = 256 * 1024;

    private readonly DocumentChecker _checker;
    private readonly int _workers;
    private readonly int _maxDocumentBytes;
    private readonly Tally _total;
    private readonly Channel<Batch> _queue;
    private readonly SemaphoreSlim _alive;
    private readonly Dictionary<long, Tally> _finished = [];
    private readonly object _mergeLock = new();
    private long _nextToMerge;
    private long _nextSequence;
    private volatile bool _full;
    private volatile bool _enoughWarnings;
    private Batch? _current;

    /// <summary>Gets or sets the archive entry of the documents being added, or <see langword="null"/>.</summary>
    public string? Path { get; set; }

    /// <summary>Gets or sets the doctype of the documents being added, or <see langword="null"/> to read each one's <c>docType</c>.</summary>
    public string? Doctype { get; set; }

    public DocumentPipeline(DocumentChecker checker, int workers, int maxErrors, int maxDocumentBytes, int maxWarnings = 1_000)
    {
        _checker = checker;
        _workers = workers;
        _maxDocumentBytes = maxDocumentBytes;
        _total = new Tally(maxErrors, maxWarnings);
        _queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(workers) { SingleWriter = true, SingleReader = false });
        _alive = new SemaphoreSlim(workers * 2, workers * 2);
    }

    /// <summary>Runs the producer while the workers check what it adds, then returns the merged result.</summary>
    public async Task<Tally> RunAsync(Func<DocumentPipeline, CancellationToken, Task> produce, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task[_workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(stop), CancellationToken.None);
        }

        Exception? producerFailure = null;
        try
        {
            await produce(this, stop.Token).ConfigureAwait(false);
            await DispatchAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            producerFailure = ex;
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            _queue.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Examined below: a worker's own failure comes first, then the caller's cancellation, then the producer's failure.
        }

        if (workers.FirstOrDefault(w => w.IsFaulted)?.Exception?.InnerException is { } workerFailure)
        {
            ExceptionDispatchInfo.Throw(workerFailure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (producerFailure is not null)
        {
            ExceptionDispatchInfo.Throw(producerFailure);
        }

        return _total;
    }

    /// <summary>Adds one document; its bytes must stay valid until the returned task completes, and are copied by then.</summary>
    public async ValueTask AddAsync(ReadOnlyMemory<byte> document, long line, CancellationToken cancellationToken)
    {
        if (_current is { } batch && !batch.Fits(document.Length))
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }

        (_current ??= new Batch(_nextSequence++, document.Length)).Add(document.Span, line, Path, Doctype);
        if (_current.IsFull)
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a document that was too large to read.</summary>
    public ValueTask AddTooLargeAsync(long line, long bytes, CancellationToken cancellationToken)
    {
        (_current ??= new Batch(_nextSequence++, 0)).AddTooLarge(line, bytes, Path, Doctype);
        return _current.IsFull ? DispatchAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Adds what was found outside the workers (the archive's verification, its manifest), at this point of the input order.</summary>
    public async ValueTask AddOutcomeAsync(Tally outcome, CancellationToken cancellationToken)
    {
        if (_current is { Items.Count: > 0 })
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }

        (_current ??= new Batch(_nextSequence++, 0)).Outcomes.Add(outcome);
    }

    ValueTask ILineSink.LineAsync(ReadOnlyMemory<byte> line, long number, CancellationToken cancellationToken) => AddAsync(line, number, cancellationToken);

    ValueTask ILineSink.TooLargeAsync(long number, long bytes, CancellationToken cancellationToken) => AddTooLargeAsync(number, bytes, cancellationToken);

    public void Dispose()
    {
        _current?.Dispose();
        _alive.Dispose();
    }

    private async ValueTask DispatchAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } batch)
        {
            return;
        }

        _current = null;
        try
        {
            await _alive.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _queue.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private async Task WorkAsync(CancellationTokenSource stop)
    {
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                Tally result;
                try
                {
                    result = Check(batch, stop.Token);
                }
                finally
                {
                    batch.Dispose();
                }

                Finish(batch.Sequence, result);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stop the producer and the other workers; RunAsync reports this exception.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Tally Check(Batch batch, CancellationToken cancellationToken)
    {
        var tally = new Tally(_total.MaxErrors, _total.MaxWarnings) { RunIsFull = () => _full, RunHasEnoughWarnings = () => _enoughWarnings };
        foreach (var outcome in batch.Outcomes)
        {
            tally.Merge(outcome);
        }

        foreach (var item in batch.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = new Source(item.Path, item.Line, -1);
            if (item.TooLargeBytes >= 0)
            {
                tally.Count(null);
                tally.MarkInvalid();
                tally.Add(new ConformanceError(
                    ConformanceErrorCodes.DocumentTooLarge,
                    $"The document has {item.TooLargeBytes} bytes or more; at most {_maxDocumentBytes} are read.",
                    source.Locate(item.Doctype)));
                continue;
            }

            _checker.Check(batch.Memory(item), source, item.Doctype, tally);
        }

        return tally;
    }

    private void Finish(long sequence, Tally result)
    {
        lock (_mergeLock)
        {
            _finished[sequence] = result;
            while (_finished.Remove(_nextToMerge, out var next))
            {
                _total.Merge(next);
                _nextToMerge++;
                _alive.Release();
            }

            if (_total.Errors.Count >= _total.MaxErrors)
            {
                _full = true;
            }

            if (_total.Warnings.Count >= _total.MaxWarnings)
            {
                _enoughWarnings = true;
            }
        }
    }

    private readonly record struct Item(int Offset, int Length, long Line, string? Path, string? Doctype, long TooLargeBytes);

    private sealed class Batch : IDisposable
    {
        private byte[] _buffer;
        private int _used;

        public Batch(long sequence, int firstDocument)
        {
            Sequence = sequence;
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, firstDocument));
        }

        public long Sequence { get; }

        public List<Item> Items { get; } = new(MaxBatchDocuments);

        public List<Tally> Outcomes { get; } = [];

        public bool IsFull => Items.Count >= MaxBatchDocuments || _used >= BatchBytes;

        public bool Fits(int length) => _used + length <= _buffer.Length && Items.Count < MaxBatchDocuments;

        public void Add(ReadOnlySpan<byte> document, long line, string? path, string? doctype)
        {
            document.CopyTo(_buffer.AsSpan(_used));
            Items.Add(new Item(_used, document.Length, line, path, doctype, TooLargeBytes: -1));
            _used += document.Length;
        }

        public void AddTooLarge(long line, long bytes, string? path, string? doctype) =>
            Items.Add(new Item(0, 0, line, path, doctype, TooLargeBytes: bytes));

        public ReadOnlyMemory<byte> Memory(Item item) => _buffer.AsMemory(item.Offset, item.Length);

        public void Dispose()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }
    }
}
