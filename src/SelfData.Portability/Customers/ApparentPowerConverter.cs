using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelfData.Core;

namespace SelfData.Portability.Customers;

/// <summary>How a subscribed power (a <see cref="Quantity"/> in kVA) is written.</summary>
internal enum ApparentPowerForm
{
    /// <summary>Always a JSON number of kVA (<c>"powerkVA": 6</c>).</summary>
    Number,

    /// <summary>A JSON number of kVA, or with the MesInfos string-number switch the string the Enedis API sent (<c>"6"</c>).</summary>
    PilotString,

    /// <summary>A JSON number of kVA, or with the MesInfos string-number switch the string EDF's konnector wrote (<c>"6 kVA"</c>).</summary>
    PilotStringWithUnit,
}

/// <summary>
/// Writes a <see cref="Quantity"/> of apparent power as a number of kVA, or as the pilot's string when the export asks
/// for <see cref="PortabilityOptions.MesInfosStringNumbers"/>; reads a number, <c>"6"</c> or <c>"6 kVA"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class KilovoltAmpereAttribute : JsonConverterAttribute
{
    public KilovoltAmpereAttribute(ApparentPowerForm form)
    {
        Form = form;
    }

    public ApparentPowerForm Form { get; }

    public override JsonConverter? CreateConverter(Type typeToConvert) =>
        typeToConvert == typeof(Quantity) ? new KilovoltAmpereConverter(Form)
        : typeToConvert == typeof(Quantity?) ? new NullableKilovoltAmpereConverter(Form)
        : throw new InvalidOperationException($"{nameof(KilovoltAmpereAttribute)} applies to Quantity properties only.");

    internal static Quantity Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Quantity(reader.GetDecimal(), Unit.KilovoltAmpere);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!.Trim();
            if (text.EndsWith("kVA", StringComparison.Ordinal))
            {
                text = text[..^3].TrimEnd();
            }

            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return new Quantity(value, Unit.KilovoltAmpere);
            }
        }

        throw new JsonException("A power is a number of kVA, such as 6 or \"6 kVA\".");
    }

    internal static void Write(Utf8JsonWriter writer, Quantity value, ApparentPowerForm form, JsonSerializerOptions options)
    {
        var kva = value.ConvertTo(Unit.KilovoltAmpere).Value;
        if (form != ApparentPowerForm.Number && options.Converters.Contains(PilotStringNumberAttribute.Marker))
        {
            var text = kva.ToString(CultureInfo.InvariantCulture);
            writer.WriteStringValue(form == ApparentPowerForm.PilotStringWithUnit ? text + " kVA" : text);
        }
        else
        {
            writer.WriteNumberValue(kva);
        }
    }

    private sealed class KilovoltAmpereConverter(ApparentPowerForm form) : JsonConverter<Quantity>
    {
        public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            KilovoltAmpereAttribute.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
            KilovoltAmpereAttribute.Write(writer, value, form, options);
    }

    private sealed class NullableKilovoltAmpereConverter(ApparentPowerForm form) : JsonConverter<Quantity?>
    {
        public override Quantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            KilovoltAmpereAttribute.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, Quantity? value, JsonSerializerOptions options) =>
            KilovoltAmpereAttribute.Write(writer, value!.Value, form, options);
    }
}

/// <summary>Writes an enumeration as the doctype's documented strings (<see cref="JsonStringEnumMemberNameAttribute"/>) and refuses numbers and unknown strings.</summary>
/// <typeparam name="TEnum">The enumeration.</typeparam>
internal sealed class WireEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public WireEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}
