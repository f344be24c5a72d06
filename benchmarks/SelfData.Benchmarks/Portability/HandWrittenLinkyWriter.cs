using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using SelfData.Core;
using SelfData.Portability;
using SelfData.Portability.Energy;

namespace SelfData.Benchmarks.Portability;

/// <summary>
/// The baseline: the least code that produces the same NDJSON bytes as the SDK for Linky statements — a
/// Utf8JsonWriter with pre-encoded names, the same SHA-256 id, the same envelope — and nothing else: no validation,
/// no series checks, no window, no async enumeration.
/// </summary>
internal sealed class HandWrittenLinkyWriter
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("_id");
    private static readonly JsonEncodedText ContractNumber = JsonEncodedText.Encode("contractNumber");
    private static readonly JsonEncodedText StatementType = JsonEncodedText.Encode("statementType");
    private static readonly JsonEncodedText StatementCategory = JsonEncodedText.Encode("statementCategory");
    private static readonly JsonEncodedText StatementReason = JsonEncodedText.Encode("statementReason");
    private static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
    private static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText UnitName = JsonEncodedText.Encode("unit");
    private static readonly JsonEncodedText Mesure = JsonEncodedText.Encode("mesure");
    private static readonly JsonEncodedText Linky = JsonEncodedText.Encode("linky");
    private static readonly JsonEncodedText HalfHour = JsonEncodedText.Encode("LinkyHalfHourElecConsumption");
    private static readonly JsonEncodedText Kwh = JsonEncodedText.Encode("kWh");
    private static readonly JsonEncodedText CozyMetadata = JsonEncodedText.Encode("cozyMetadata");
    private static readonly JsonEncodedText DocTypeVersion = JsonEncodedText.Encode("docTypeVersion");
    private readonly byte[] _cozyMetadata;
    private readonly JsonEncodedText _docTypeVersion;
    private readonly bool _cozy;

    public HandWrittenLinkyWriter(bool cozy, string cozyMetadataJson, string docTypeVersion)
    {
        _cozy = cozy;
        _cozyMetadata = System.Text.Encoding.UTF8.GetBytes(cozyMetadataJson);
        _docTypeVersion = JsonEncodedText.Encode(docTypeVersion);
    }

    public long Write(IEnumerable<LoadCurveReading> readings, Stream destination)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Span<byte> key = stackalloc byte[128];
        Span<byte> hash = stackalloc byte[32];
        Span<byte> id = stackalloc byte[32];
        Span<byte> time = stackalloc byte[Rfc3339.MaxUtf8Length];
        long count = 0;
        foreach (var r in readings)
        {
            // _id: SHA-256 of the identity values joined with ####, first 16 bytes in hex.
            var n = System.Text.Encoding.UTF8.GetBytes(r.UsagePointId, key);
            "####"u8.CopyTo(key[n..]);
            n += 4;
            Rfc3339.TryFormat(r.Start, key[n..], out var w);
            n += w;
            "####linky####LinkyHalfHourElecConsumption####mesure"u8.CopyTo(key[n..]);
            n += 51;
            SHA256.HashData(key[..n], hash);
            for (var i = 0; i < 16; i++)
            {
                id[2 * i] = (byte)"0123456789abcdef"[hash[i] >> 4];
                id[(2 * i) + 1] = (byte)"0123456789abcdef"[hash[i] & 0xF];
            }

            writer.WriteStartObject();
            writer.WriteString(Id, id);
            writer.WriteString(ContractNumber, r.UsagePointId);
            writer.WriteString(StatementType, Mesure);
            writer.WriteString(StatementCategory, Linky);
            writer.WriteString(StatementReason, HalfHour);
            Rfc3339.TryFormat(r.Start, time, out w);
            writer.WriteString(Start, time[..w]);
            Rfc3339.TryFormat(r.Start + r.Length, time, out w);
            writer.WriteString(End, time[..w]);
            writer.WriteNumber(Value, r.AveragePower.Value * r.Length.Ticks / (TimeSpan.TicksPerHour * 1000m));
            writer.WriteString(UnitName, Kwh);
            if (_cozy)
            {
                writer.WritePropertyName(CozyMetadata);
                writer.WriteRawValue(_cozyMetadata, skipInputValidation: true);
            }
            else
            {
                writer.WriteString(DocTypeVersion, _docTypeVersion);
            }

            writer.WriteEndObject();
            writer.Flush();
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            writer.Reset(buffer);
            if (buffer.WrittenCount > 60 * 1024)
            {
                destination.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }

            count++;
        }

        destination.Write(buffer.WrittenSpan);
        return count;
    }
}
