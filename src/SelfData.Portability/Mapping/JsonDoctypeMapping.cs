using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Mapping;

/// <summary>
/// A doctype mapping that writes and reads its records with System.Text.Json: the record's properties carry their
/// wire names (<see cref="JsonPropertyNameAttribute"/>), <see langword="null"/> properties are left out, instants are
/// written in RFC 3339 with offset, and numbers the MesInfos pilot stored as strings are marked with
/// <see cref="PilotStringNumberAttribute"/>. Derived classes declare the doctype, the identity keys and the checks.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public abstract class JsonDoctypeMapping<TRecord> : IDoctypeMapping<TRecord>
{
    private static readonly JsonSerializerOptions StrictOptions = CreateOptions(pilotStrings: false);
    private static readonly JsonSerializerOptions PilotOptions = CreateOptions(pilotStrings: true);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Initializes a new instance of the <see cref="JsonDoctypeMapping{TRecord}"/> class.</summary>
    /// <param name="doctype">The doctype name.</param>
    /// <param name="identityKeys">The wire names of the identity keys, in any order; they are sorted ordinally.</param>
    /// <exception cref="SelfDataValidationException">The doctype name breaks Cozy's rule (<c>SD2013</c>, with the rule's <c>SD9001</c> failure as inner exception).</exception>
    /// <exception cref="ArgumentException">No identity key is given.</exception>
    protected JsonDoctypeMapping(string doctype, params string[] identityKeys)
    {
        ArgumentNullException.ThrowIfNull(identityKeys);
        if (identityKeys.Length == 0)
        {
            throw new ArgumentException("At least one identity key is required.", nameof(identityKeys));
        }

        var parsed = Doctype.Parse(doctype);
        if (!parsed.Success)
        {
            throw new SelfDataValidationException(PortabilityErrorCodes.InvalidDoctype, $"The custom mapping {UntrustedText.Escape(GetType().Name)} names an invalid doctype: {parsed.Error!.Message}", fieldPath: "doctype", innerException: parsed.Error.ToException());
        }

        Doctype = parsed.Value;
        IdentityKeys = [.. identityKeys.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Doctype Doctype { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> IdentityKeys { get; }

    /// <inheritdoc />
    public virtual int DoctypeVersion => 1;

    /// <inheritdoc />
    public virtual void Validate(TRecord record, RecordValidationContext context)
    {
    }

    /// <inheritdoc />
    public virtual DateTimeOffset? GetChangeInstant(TRecord record) => null;

    /// <inheritdoc />
    public abstract void WriteIdentity(TRecord record, ref IdentityKeyWriter keys);

    /// <inheritdoc />
    public void WriteFields(Utf8JsonWriter writer, TRecord record, DocumentWriteContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        scratch.ResetWrittenCount();
        using (var inner = new Utf8JsonWriter(scratch, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(inner, record, context.PilotStringNumbers ? PilotOptions : StrictOptions);
        }

        // Copy the record's top-level properties into the document the builder has opened.
        var reader = new Utf8JsonReader(scratch.WrittenSpan);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.WritePropertyName(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            writer.WriteRawValue(scratch.WrittenSpan[start..end], skipInputValidation: true);
        }

        WriteExtraFields(writer, record, context);
    }

    /// <inheritdoc />
    public TRecord Read(JsonElement document, DocumentReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var record = document.Deserialize<TRecord>(StrictOptions);
            return record is null ? throw context.Fail("$", "The document is null.") : ReadExtraFields(document, record, context);
        }
        catch (JsonException ex)
        {
            throw context.Fail(ex.Path ?? "$", ex.Message);
        }
    }

    /// <summary>Writes fields the record's properties do not carry, such as links in the profile's form.</summary>
    /// <param name="writer">The writer, inside the document object.</param>
    /// <param name="record">The record.</param>
    /// <param name="context">The write context.</param>
    protected virtual void WriteExtraFields(Utf8JsonWriter writer, TRecord record, DocumentWriteContext context)
    {
    }

    /// <summary>Reads back what <see cref="WriteExtraFields"/> wrote.</summary>
    /// <param name="document">The document.</param>
    /// <param name="record">The record read from the properties.</param>
    /// <param name="context">The read context.</param>
    /// <returns>The complete record.</returns>
    protected virtual TRecord ReadExtraFields(JsonElement document, TRecord record, DocumentReadContext context) => record;

    private static JsonSerializerOptions CreateOptions(bool pilotStrings)
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new Rfc3339Converter());
        options.Converters.Add(new NullableRfc3339Converter());
        if (pilotStrings)
        {
            options.Converters.Add(PilotStringNumberAttribute.Marker);
        }

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var parsed = Rfc3339.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);
            return parsed.TryGetValue(out var value) ? value : throw new JsonException(parsed.Error!.Message);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            Span<byte> buffer = stackalloc byte[Rfc3339.MaxUtf8Length];
            Rfc3339.TryFormat(value, buffer, out var written);
            writer.WriteStringValue(buffer[..written]);
        }
    }

    private sealed class NullableRfc3339Converter : JsonConverter<DateTimeOffset?>
    {
        private readonly Rfc3339Converter _inner = new();

        public override bool HandleNull => false;

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            _inner.Read(ref reader, typeof(DateTimeOffset), options);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
            _inner.Write(writer, value!.Value, options);
    }
}

/// <summary>
/// Marks a <see cref="decimal"/> property the MesInfos pilot stored as a string (<c>"value": "648.0"</c>). It is
/// written as a string only in the MesInfos profile with <see cref="PortabilityOptions.MesInfosStringNumbers"/>, and
/// read from either form.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class PilotStringNumberAttribute : JsonConverterAttribute
{
    internal static readonly JsonConverter Marker = new PilotModeMarker();

    /// <inheritdoc />
    public override JsonConverter? CreateConverter(Type typeToConvert) =>
        typeToConvert == typeof(decimal) ? new PilotDecimalConverter()
        : typeToConvert == typeof(decimal?) ? new PilotNullableDecimalConverter()
        : throw new InvalidOperationException($"{nameof(PilotStringNumberAttribute)} applies to decimal properties only.");

    private static bool PilotMode(JsonSerializerOptions options) => options.Converters.Contains(Marker);

    private static decimal ReadDecimal(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new JsonException("Expected a number.")
            : reader.GetDecimal();

    private static void WriteDecimal(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        if (PilotMode(options))
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private sealed class PilotDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDecimal(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => WriteDecimal(writer, value, options);
    }

    private sealed class PilotNullableDecimalConverter : JsonConverter<decimal?>
    {
        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDecimal(ref reader);

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options) => WriteDecimal(writer, value!.Value, options);
    }

    private sealed class PilotModeMarker : JsonConverter<PilotModeMarker>
    {
        public override PilotModeMarker Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, PilotModeMarker value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }
}
