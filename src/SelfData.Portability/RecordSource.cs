using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Portability;

internal interface IRecordSource
{
    Doctype Doctype { get; }

    bool IsSeries { get; }

    ValueTask WriteAsync(DatasetWriteState state, IDocumentSink sink, CancellationToken cancellationToken);
}

/// <summary>The per-dataset buffers, counters and pre-rendered envelope shared by its sources.</summary>
internal sealed class DatasetWriteState
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    internal static readonly JsonEncodedText IdName = JsonEncodedText.Encode("_id");
    internal static readonly JsonEncodedText CozyMetadataName = JsonEncodedText.Encode("cozyMetadata");
    internal static readonly JsonEncodedText DocTypeVersionName = JsonEncodedText.Encode("docTypeVersion");

    internal DatasetWriteState(Doctype doctype, ExportSettings settings)
    {
        Doctype = doctype;
        Settings = settings;
        Buffer = new ArrayBufferWriter<byte>(4096);
        Writer = new Utf8JsonWriter(Buffer, WriterOptions);
        Validation = new RecordValidationContext(doctype);
        WriteContext = new DocumentWriteContext(settings.Options.Profile, settings.Options.MesInfosStringNumbers, settings.TransactionTime);
        var options = settings.Options;
        CreatedByApp = options.CreatedByApp ?? options.Holder!.Id;
        CreatedByAppVersion = options.CreatedByAppVersion ?? PortabilityOptions.SdkVersion;
        DocTypeVersion = JsonEncodedText.Encode(CreatedByApp + "-" + CreatedByAppVersion, WriterOptions.Encoder);
    }

    public Doctype Doctype { get; }

    public ExportSettings Settings { get; }

    public ArrayBufferWriter<byte> Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    public RecordValidationContext Validation { get; }

    public DocumentWriteContext WriteContext { get; }

    public string CreatedByApp { get; }

    public string CreatedByAppVersion { get; }

    public JsonEncodedText DocTypeVersion { get; }

    public byte[] IdBuffer { get; } = new byte[32];

    public HashSet<UInt128> SeenIds { get; } = [];

    public Dictionary<string, object> SeriesStates { get; } = new(StringComparer.Ordinal);

    public long Records { get; set; }

    public long Documents { get; set; }

    public long DuplicatesRemoved { get; set; }

    public long OutsideWindow { get; set; }

    public byte[] CozyMetadata(int doctypeVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("doctypeVersion", doctypeVersion);
            writer.WriteNumber("metadataVersion", 1);
            DocumentWriteContext.WriteInstant(writer, "createdAt", Settings.TransactionTime);
            DocumentWriteContext.WriteInstant(writer, "updatedAt", Settings.TransactionTime);
            writer.WriteString("createdByApp", CreatedByApp);
            writer.WriteString("createdByAppVersion", CreatedByAppVersion);
            if (Settings.Options.SourceAccountIdentifier is { } account)
            {
                writer.WriteString("sourceAccountIdentifier", account);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public DatasetSummary Summary() => new(Doctype, Records, Documents, DuplicatesRemoved, OutsideWindow);
}

internal sealed class RecordSource<TRecord>(IDoctypeMapping<TRecord> mapping, IAsyncEnumerable<TRecord> records) : IRecordSource
{
    public Doctype Doctype => mapping.Doctype;

    public bool IsSeries => mapping is ISeriesMapping<TRecord>;

    public async ValueTask WriteAsync(DatasetWriteState state, IDocumentSink sink, CancellationToken cancellationToken)
    {
        var writer = new DocumentBuilder<TRecord>(mapping, state, (sink as IConsumptionSink)?.Consumption);
        long index = -1;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            index++;
            if (!writer.TryWrite(record, index))
            {
                continue;
            }

            await sink.WriteDocumentAsync(writer.Current, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Turns one record into one document: window, validation, series checks, id, fields, envelope.</summary>
internal sealed class DocumentBuilder<TRecord>
{
    private readonly IDoctypeMapping<TRecord> _mapping;
    private readonly ISeriesMapping<TRecord>? _series;
    private readonly IAttachmentMapping<TRecord>? _attachments;
    private readonly IConsumptionMapping<TRecord>? _consumption;
    private readonly ConsumptionRecorder? _recorder;
    private readonly DatasetWriteState _state;
    private readonly byte[]? _cozyMetadata;
    private readonly DateTimeOffset? _since;
    private readonly DateTimeOffset? _until;
    private readonly bool _removeDuplicates;
    private SeriesState? _lastSeries;
    private string? _lastSeriesKey;

    public DocumentBuilder(IDoctypeMapping<TRecord> mapping, DatasetWriteState state, ConsumptionRecorder? recorder = null)
    {
        _mapping = mapping;
        _recorder = recorder;
        _consumption = recorder is null ? null : mapping as IConsumptionMapping<TRecord>;
        _series = mapping as ISeriesMapping<TRecord>;
        _attachments = mapping as IAttachmentMapping<TRecord>;
        _state = state;
        _since = state.Settings.Since;
        _until = state.Settings.Until;
        _removeDuplicates = state.Settings.Options.DuplicateReadings == DuplicateReadingHandling.RemoveIdentical;
        if (state.Settings.Options.Profile == ExportProfile.Cozy)
        {
            _cozyMetadata = state.CozyMetadata(mapping.DoctypeVersion);
        }
    }

    public ExportedDocument Current { get; private set; }

    public bool TryWrite(TRecord record, long index)
    {
        var state = _state;
        state.Records++;
        var validation = state.Validation;
        validation.RecordIndex = index;
        if ((_since is not null || _until is not null) && _mapping.GetChangeInstant(record) is { } changed
            && ((_since is { } since && changed < since) || (_until is { } until && changed >= until)))
        {
            state.OutsideWindow++;
            return false;
        }

        _mapping.Validate(record, validation);
        if (_series is not null && !CheckSeries(record, validation))
        {
            state.DuplicatesRemoved++;
            return false;
        }

        Span<byte> scratch = stackalloc byte[256];
        var keys = new IdentityKeyWriter(scratch);
        try
        {
            _mapping.WriteIdentity(record, ref keys);
            if (keys.Count != _mapping.IdentityKeys.Count)
            {
                throw new InvalidOperationException($"The {_mapping.Doctype} mapping wrote {keys.Count} identity values for {_mapping.IdentityKeys.Count} keys.");
            }

            keys.WriteId(state.IdBuffer);
        }
        finally
        {
            keys.Dispose();
        }

        if (_series is null && !state.SeenIds.Add(ToUInt128(state.IdBuffer)))
        {
            validation.Fail(
                PortabilityErrorCodes.DuplicateIdentity,
                string.Join(",", _mapping.IdentityKeys),
                $"Another record has the same identity ({string.Join(", ", _mapping.IdentityKeys)}) and so the same _id {Encoding.ASCII.GetString(state.IdBuffer)}.");
        }

        var buffer = state.Buffer;
        var writer = state.Writer;
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(DatasetWriteState.IdName, state.IdBuffer);
        _mapping.WriteFields(writer, record, state.WriteContext);
        if (_cozyMetadata is not null)
        {
            writer.WritePropertyName(DatasetWriteState.CozyMetadataName);
            writer.WriteRawValue(_cozyMetadata, skipInputValidation: true);
        }
        else
        {
            writer.WriteString(DatasetWriteState.DocTypeVersionName, state.DocTypeVersion);
        }

        writer.WriteEndObject();
        writer.Flush();
        state.Documents++;
        _consumption?.ReportConsumption(record, _recorder!);
        Current = new ExportedDocument(state.Doctype, index, state.IdBuffer, buffer.WrittenMemory, _attachments?.GetContent(record));
        return true;
    }

    private static UInt128 ToUInt128(byte[] hex)
    {
        UInt128 value = 0;
        foreach (var b in hex)
        {
            value = (value << 4) | (uint)(b <= '9' ? b - '0' : b - 'a' + 10);
        }

        return value;
    }

    /// <summary>Returns false when the record is an identical duplicate to drop.</summary>
    private bool CheckSeries(TRecord record, RecordValidationContext validation)
    {
        var series = _series!;
        var key = series.GetSeriesKey(record);
        var (start, length) = series.GetPosition(record);
        var step = series.StepTicks;
        if (length != step)
        {
            validation.Fail(
                PortabilityErrorCodes.IntervalMismatch,
                "interval",
                $"The reading covers {TimeSpan.FromTicks(length)} but the series step is {TimeSpan.FromTicks(step)}.");
        }

        SeriesState? last;
        if (_lastSeries is not null && string.Equals(_lastSeriesKey, key, StringComparison.Ordinal))
        {
            last = _lastSeries;
        }
        else
        {
            last = _state.SeriesStates.TryGetValue(key, out var found) ? (SeriesState)found : null;
            if (last is null)
            {
                last = new SeriesState(start, record);
                _state.SeriesStates[key] = last;
                _lastSeries = last;
                _lastSeriesKey = key;
                return true;
            }

            _lastSeries = last;
            _lastSeriesKey = key;
        }

        if ((start - last.Origin) % step != 0)
        {
            validation.Fail(
                PortabilityErrorCodes.IntervalMismatch,
                "start",
                $"The reading starts off the series' {TimeSpan.FromTicks(step)} step (the series started at tick {last.Origin}).");
        }

        if (start < last.Start)
        {
            validation.Fail(PortabilityErrorCodes.ReadingOutOfOrder, "start", $"The reading comes before the previous reading of series '{key}'; readings must be in chronological order.");
        }

        if (start == last.Start)
        {
            if (_removeDuplicates && series.IsSameReading(last.Record, record))
            {
                return false;
            }

            validation.Fail(
                PortabilityErrorCodes.DuplicateReading,
                "start",
                series.IsSameReading(last.Record, record)
                    ? $"The reading repeats the previous reading of series '{key}' (set DuplicateReadings to RemoveIdentical to drop identical repeats)."
                    : $"Two different readings of series '{key}' share the same instant.");
        }

        last.Start = start;
        last.Record = record;
        return true;
    }

    private sealed class SeriesState(long origin, TRecord record)
    {
        public long Origin { get; } = origin;

        public long Start { get; set; } = origin;

        public TRecord Record { get; set; } = record;
    }
}
