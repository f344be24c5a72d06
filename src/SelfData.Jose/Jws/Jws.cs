using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelfData.Jose;

/// <summary>Signs JWS in the compact, flattened JSON and general JSON serializations (RFC 7515).</summary>
/// <remarks>To read and verify a JWS, use <see cref="JwsMessage.Parse"/> and <see cref="JwsMessage.TryVerify(JwsSignature, VerificationKey, out SelfData.Core.SelfDataError?, JwsVerifyOptions?)"/>.</remarks>
public static class Jws
{
    /// <summary>Signs a payload in the compact serialization, with <c>alg</c> and <c>kid</c> in the protected header.</summary>
    /// <param name="payload">The payload bytes (JSON or not).</param>
    /// <param name="key">The signing key.</param>
    /// <param name="header">Further header parameters, or <see langword="null"/>.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static string SignCompact(ReadOnlySpan<byte> payload, SigningKey key, JwsHeaderOptions? header = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var protectedHeader = ProtectedHeader(key, header, compact: true);
        return SignCompactWithRawHeader(protectedHeader, payload, key, header?.DetachedPayload ?? false);
    }

    private static string SignCompactWithRawHeader(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload, SigningKey key, bool detachedPayload = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var h = Base64Url.Encode(protectedHeader);
        var p = Base64Url.Encode(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(h + "." + p));
        return h + "." + (detachedPayload ? string.Empty : p) + "." + Base64Url.Encode(signature);
    }

    /// <summary>Signs a payload in the flattened JSON serialization.</summary>
    /// <param name="payload">The payload bytes.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="header">Further header parameters, or <see langword="null"/>.</param>
    /// <returns>The JWS as a JSON object, without insignificant white space.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public static string SignFlattenedJson(ReadOnlySpan<byte> payload, SigningKey key, JwsHeaderOptions? header = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var p = Base64Url.Encode(payload);
        return Write(writer =>
        {
            writer.WriteStartObject();
            if (!(header?.DetachedPayload ?? false))
            {
                writer.WriteString("payload", p);
            }

            WriteSignatureMembers(writer, p, key, header);
            writer.WriteEndObject();
        });
    }

    /// <summary>Signs a payload in the general JSON serialization, once per key.</summary>
    /// <param name="payload">The payload bytes.</param>
    /// <param name="keys">The signing keys, in signature order.</param>
    /// <param name="header">Further header parameters for every signature, or <see langword="null"/>.</param>
    /// <returns>The JWS as a JSON object, without insignificant white space.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is empty or holds <see langword="null"/>.</exception>
    public static string SignGeneralJson(ReadOnlySpan<byte> payload, IEnumerable<SigningKey> keys, JwsHeaderOptions? header = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        if (list.Count == 0 || list.Any(k => k is null))
        {
            throw new ArgumentException("At least one signing key is needed, and none may be null.", nameof(keys));
        }

        var p = Base64Url.Encode(payload);
        return Write(writer =>
        {
            writer.WriteStartObject();
            if (!(header?.DetachedPayload ?? false))
            {
                writer.WriteString("payload", p);
            }

            writer.WriteStartArray("signatures");
            foreach (var key in list)
            {
                writer.WriteStartObject();
                WriteSignatureMembers(writer, p, key, header);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteSignatureMembers(Utf8JsonWriter writer, string payloadEncoded, SigningKey key, JwsHeaderOptions? header)
    {
        var h = Base64Url.Encode(ProtectedHeader(key, header, compact: false));
        var signature = key.Sign(Encoding.ASCII.GetBytes(h + "." + payloadEncoded));
        writer.WriteString("protected", h);
        var unprotected = header?.UnprotectedParameters;
        var kidUnprotected = header?.KeyIdInUnprotectedHeader ?? false;
        if (unprotected is { Count: > 0 } || kidUnprotected)
        {
            writer.WriteStartObject("header");
            if (kidUnprotected)
            {
                writer.WriteString("kid", key.KeyId);
            }

            WriteMembers(writer, unprotected);
            writer.WriteEndObject();
        }

        writer.WriteString("signature", Base64Url.Encode(signature));
    }

    private static byte[] ProtectedHeader(SigningKey key, JwsHeaderOptions? header, bool compact)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", key.Algorithm);
            if (compact || !(header?.KeyIdInUnprotectedHeader ?? false))
            {
                writer.WriteString("kid", key.KeyId);
            }

            if (header?.Type is not null)
            {
                writer.WriteString("typ", header.Type);
            }

            if (header?.ContentType is not null)
            {
                writer.WriteString("cty", header.ContentType);
            }

            WriteMembers(writer, header?.ProtectedParameters);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteMembers(Utf8JsonWriter writer, JsonObject? members)
    {
        if (members is null)
        {
            return;
        }

        foreach (var (name, value) in members)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
