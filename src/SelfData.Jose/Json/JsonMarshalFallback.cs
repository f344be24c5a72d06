#if !NET9_0_OR_GREATER
using System.Text.Json;

namespace SelfData.Jose;

/// <summary>
/// net8.0 only: <c>System.Runtime.InteropServices.JsonMarshal</c> (raw UTF-8 names and values) does not exist there.
/// These answers send every caller to its exact, unescaped path: a name reads as escaped, a value as holding an object.
/// </summary>
internal static class JsonMarshal
{
    public static ReadOnlySpan<byte> GetRawUtf8PropertyName(JsonProperty property) => property.Value.ValueKind == JsonValueKind.Undefined ? default : "\\"u8;

    public static ReadOnlySpan<byte> GetRawUtf8Value(JsonElement element) => element.ValueKind == JsonValueKind.Undefined ? default : "{"u8;
}
#endif
