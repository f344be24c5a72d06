using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using SelfData.Core;

namespace SelfData.Jose;

/// <summary>
/// Represents a parsed JWS in any serialization (RFC 7515): its payload and its signatures with their headers.
/// Parsing checks structure only; <see cref="TryVerify(JwsSignature, VerificationKey, out SelfDataError?, JwsVerifyOptions?)"/> checks a signature with a trusted key.
/// </summary>
/// <remarks>
/// Parsing failures carry <see cref="JoseErrorCodes.TokenTooLarge"/>, <see cref="JoseErrorCodes.MalformedJws"/>,
/// <see cref="JoseErrorCodes.InvalidBase64Url"/>, <see cref="JoseErrorCodes.MalformedJson"/>,
/// <see cref="JoseErrorCodes.DuplicateJsonMember"/>, <see cref="JoseErrorCodes.JsonTooDeep"/>,
/// <see cref="JoseErrorCodes.EncryptedTokenNotSupported"/>, <see cref="JoseErrorCodes.TooManySignatures"/> or
/// <see cref="JoseErrorCodes.HeaderParameterConflict"/>.
/// </remarks>
public sealed class JwsMessage
{
    // Marks a compact message's payload as present; its encoded form is read from the compact text.
    private const string CompactPayload = "";

    private readonly string? _compact;
    private readonly int _signingInputLength;
    private readonly JwsHeaderCache? _headerCache;

    private JwsMessage(JwsSerialization serialization, string? compact, int signingInputLength, string? payloadEncoded, ReadOnlyMemory<byte> payload, IReadOnlyList<JwsSignature> signatures, int maxDepth, JwsHeaderCache? headerCache = null)
    {
        _headerCache = headerCache;
        Serialization = serialization;
        _compact = compact;
        _signingInputLength = signingInputLength;
        PayloadEncoded = payloadEncoded;
        Payload = payload;
        Signatures = signatures;
        MaxDepth = maxDepth;
    }

    /// <summary>Gets the serialization the JWS was read from.</summary>
    public JwsSerialization Serialization { get; }

    /// <summary>Gets the payload bytes (empty when the payload is detached).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Gets a value indicating whether the payload is detached and must be supplied with <see cref="WithDetachedPayload"/>.</summary>
    public bool IsDetached => PayloadEncoded is null;

    /// <summary>Gets the signatures, one for the compact and flattened serializations.</summary>
    public IReadOnlyList<JwsSignature> Signatures { get; }

    internal string? PayloadEncoded { get; }

    internal int MaxDepth { get; }

    /// <summary>Parses a JWS in the compact, flattened JSON or general JSON serialization.</summary>
    /// <param name="text">The JWS.</param>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="JwsReadOptions.Default"/>.</param>
    /// <param name="headerCache">
    /// The cache of protected headers already seen under a verified signature, or <see langword="null"/>. A header
    /// this message brings is added to it only when one of its signatures verifies.
    /// </param>
    /// <returns>The message, or the error that makes it unreadable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static ParseResult<JwsMessage> Parse(string text, JwsReadOptions? options = null, JwsHeaderCache? headerCache = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= JwsReadOptions.Default;
        if (text.Length > options.MaxLength)
        {
            return TooLarge(text, options);
        }

        var trimmed = text.AsSpan().Trim();
        return trimmed.Length > 0 && trimmed[0] == '{' ? ParseJson(text, options, headerCache) : ParseCompact(text, options, headerCache, Memory<byte>.Empty);
    }

    /// <summary>
    /// Parses a JWS in the compact serialization, decoding its payload and signature into a buffer the caller owns
    /// (such as an array rented from <see cref="ArrayPool{T}.Shared"/>): a validator that reads a token within one call
    /// then allocates no array for its bytes. The message's <see cref="Payload"/> and signature values point into the
    /// buffer, so the caller must not reuse the buffer while it still reads the message or anything parsed from it.
    /// </summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="buffer">
    /// Where the payload and signature are decoded; at least <see cref="DecodedLengthLimit(string)"/> bytes. When it is
    /// smaller, an array is allocated instead (the result is the same).
    /// </param>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="JwsReadOptions.Default"/>.</param>
    /// <param name="headerCache">The cache of protected headers already seen under a verified signature, or <see langword="null"/>.</param>
    /// <returns>The message, or the error that makes it unreadable (<see cref="JoseErrorCodes.MalformedJws"/> for a JWS in a JSON serialization).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static ParseResult<JwsMessage> ParseCompact(string text, Memory<byte> buffer, JwsReadOptions? options = null, JwsHeaderCache? headerCache = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= JwsReadOptions.Default;
        if (text.Length > options.MaxLength)
        {
            return TooLarge(text, options);
        }

        var trimmed = text.AsSpan().Trim();
        return trimmed.Length > 0 && trimmed[0] == '{'
            ? Fail(JoseErrorCodes.MalformedJws, "The JWS is in a JSON serialization, not the compact one.")
            : ParseCompact(text, options, headerCache, buffer);
    }

    /// <summary>Gets the most bytes the payload and signature of a compact JWS decode to: the buffer size <see cref="ParseCompact(string, Memory{byte}, JwsReadOptions?, JwsHeaderCache?)"/> needs.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <returns>Three quarters of its length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static int DecodedLengthLimit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Base64Url.DecodedLength(text.Length);
    }

    /// <summary>Returns a copy of this message with the detached payload attached (RFC 7515 appendix F).</summary>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>A message whose signatures can be verified.</returns>
    /// <exception cref="InvalidOperationException">The payload is not detached.</exception>
    public JwsMessage WithDetachedPayload(ReadOnlySpan<byte> payload)
    {
        if (!IsDetached)
        {
            throw new InvalidOperationException("The payload of this JWS is not detached.");
        }

        return new JwsMessage(Serialization, null, 0, Base64Url.Encode(payload), payload.ToArray(), Signatures, MaxDepth, _headerCache);
    }

    /// <summary>Parses the payload as a JSON object with the same strictness as headers (no duplicate members, bounded depth).</summary>
    /// <param name="document">The parsed payload; the caller disposes it.</param>
    /// <param name="error">The error when the payload is not a strict JSON object.</param>
    /// <returns><see langword="true"/> when the payload is a JSON object.</returns>
    public bool TryGetJsonPayload([NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out SelfDataError? error)
    {
        error = StrictJson.TryParse(Payload, MaxDepth, "The payload", out document);
        if (error is null && document!.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = new SelfDataError(JoseErrorCodes.PayloadNotJsonObject, "The payload is not a JSON object.");
        }

        return error is null;
    }

    /// <summary>Verifies one signature of this message with a trusted key.</summary>
    /// <param name="signature">One of <see cref="Signatures"/>.</param>
    /// <param name="key">The trusted key; it is used whatever the headers say about keys (<c>jwk</c>, <c>jku</c>, <c>x5u</c> and <c>x5c</c> are never used).</param>
    /// <param name="error">The reason the signature is refused.</param>
    /// <param name="options">The rules, or <see langword="null"/> for <see cref="JwsVerifyOptions.Default"/>.</param>
    /// <returns><see langword="true"/> when the signature verifies.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> or <paramref name="key"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Failure codes: <see cref="JoseErrorCodes.AlgorithmMissing"/>, <see cref="JoseErrorCodes.AlgorithmNotProtected"/>,
    /// <see cref="JoseErrorCodes.UnsecuredJws"/>, <see cref="JoseErrorCodes.UnsupportedAlgorithm"/>,
    /// <see cref="JoseErrorCodes.CriticalHeaderInvalid"/>, <see cref="JoseErrorCodes.CriticalHeaderUnsupported"/>,
    /// <see cref="JoseErrorCodes.AlgorithmKeyMismatch"/>, <see cref="JoseErrorCodes.AlgorithmNotAllowed"/>,
    /// <see cref="JoseErrorCodes.PayloadMissing"/>, <see cref="JoseErrorCodes.EcdsaSignatureNotRaw"/>,
    /// <see cref="JoseErrorCodes.EcdsaSignatureZero"/>, <see cref="JoseErrorCodes.HeaderKeyUrlIgnored"/>,
    /// <see cref="JoseErrorCodes.HeaderEmbeddedKeyIgnored"/>, <see cref="JoseErrorCodes.SignatureInvalid"/>.
    /// </remarks>
    public bool TryVerify(JwsSignature signature, VerificationKey key, [NotNullWhen(false)] out SelfDataError? error, JwsVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(key);
        options ??= JwsVerifyOptions.Default;

        // Headers already accepted under these (immutable) options are not checked twice (CheckHeaders knows them).
        error = CheckHeaders(signature, options, out var algorithm);
        return error is null && TryVerifyCheckedHeaders(signature, key, algorithm!, out error, options);
    }

    /// <summary>Verifies a signature whose headers <c>CheckHeaders</c> already accepted.</summary>
    internal bool TryVerifyCheckedHeaders(JwsSignature signature, VerificationKey key, string algorithm, [NotNullWhen(false)] out SelfDataError? error, JwsVerifyOptions options)
    {
        var info = JwsAlgorithms.Info(algorithm);
        if (info.Family != key.KeyType || (info.Curve is not null && info.Curve != key.Curve))
        {
            error = new SelfDataError(JoseErrorCodes.AlgorithmKeyMismatch, $"The JWS uses {algorithm} but its key '{UntrustedText.Escape(key.KeyId)}' is a {key.KeyType} key{(key.Curve is null ? string.Empty : " on " + key.Curve)}.");
            return false;
        }

        if (!Contains(key.Algorithms, algorithm) || (options.AllowedAlgorithms is not null && !Contains(options.AllowedAlgorithms, algorithm)))
        {
            error = new SelfDataError(JoseErrorCodes.AlgorithmNotAllowed, $"The algorithm {algorithm} is not allowed for the key '{UntrustedText.Escape(key.KeyId)}'.");
            return false;
        }

        if (IsDetached)
        {
            error = new SelfDataError(JoseErrorCodes.PayloadMissing, "The payload is detached; attach it before verifying.");
            return false;
        }

        var value = signature.Value.Span;
        if (info.Family == JwsKeyType.EllipticCurve)
        {
            if (value.Length != 2 * info.Size)
            {
                error = new SelfDataError(JoseErrorCodes.EcdsaSignatureNotRaw, $"An {algorithm} signature is the raw R‖S of {2 * info.Size} bytes; this one has {value.Length} (DER or truncated).");
                return false;
            }

            if (!value[..info.Size].ContainsAnyExcept((byte)0) || !value[info.Size..].ContainsAnyExcept((byte)0))
            {
                error = new SelfDataError(JoseErrorCodes.EcdsaSignatureZero, "The ECDSA signature has R or S equal to zero.");
                return false;
            }
        }

        if (!VerifySignature(signature, key, info))
        {
            error = SignatureFailure(signature, key.KeyId);
            return false;
        }

        if (_headerCache is not null && signature.ProtectedHeader is not null && !signature.HeaderFromCache)
        {
            _headerCache.Remember(signature, MaxDepth);
        }

        error = null;
        return true;
    }

    internal static SelfDataError SignatureFailure(JwsSignature signature, string keyId)
    {
        if (signature.HasParameter("jku") || signature.HasParameter("x5u"))
        {
            return new SelfDataError(JoseErrorCodes.HeaderKeyUrlIgnored, $"The signature does not verify with the trusted key '{UntrustedText.Escape(keyId)}'; the key URL in the header (jku/x5u) is never followed.");
        }

        if (signature.HasParameter("jwk") || signature.HasParameter("x5c"))
        {
            return new SelfDataError(JoseErrorCodes.HeaderEmbeddedKeyIgnored, $"The signature does not verify with the trusted key '{UntrustedText.Escape(keyId)}'; the key embedded in the header (jwk/x5c) is never used.");
        }

        return new SelfDataError(JoseErrorCodes.SignatureInvalid, $"The signature does not verify with the trusted key '{UntrustedText.Escape(keyId)}'.");
    }

    /// <summary>
    /// Checks the headers of a signature without verifying it: <c>alg</c> present, protected, supported and not
    /// <c>none</c>; <c>crit</c> well formed and understood. Use it to refuse a token before looking up its key.
    /// </summary>
    /// <param name="signature">The signature.</param>
    /// <param name="options">The rules, or <see langword="null"/> for <see cref="JwsVerifyOptions.Default"/>.</param>
    /// <returns><see langword="null"/> when the headers are acceptable, else the error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is <see langword="null"/>.</exception>
    public static SelfDataError? CheckHeaders(JwsSignature signature, JwsVerifyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return CheckHeaders(signature, options ?? JwsVerifyOptions.Default, out _);
    }

    internal static SelfDataError? CheckHeaders(JwsSignature signature, JwsVerifyOptions options, out string? algorithm)
    {
        // Headers already accepted under these (immutable) options: nothing else can change the verdict.
        if (signature.AcceptedHeaders is { } accepted && ReferenceEquals(accepted.Options, options))
        {
            algorithm = accepted.Algorithm;
            return null;
        }

        algorithm = signature.ProtectedHeader?.Algorithm;
        if (algorithm is null)
        {
            if (signature.ProtectedHeader?.Contains("alg") == true)
            {
                return new SelfDataError(JoseErrorCodes.AlgorithmMissing, "The alg header is not a string.");
            }

            algorithm = signature.UnprotectedHeader?.Algorithm;
            if (algorithm is null)
            {
                return new SelfDataError(JoseErrorCodes.AlgorithmMissing, "The JWS header has no alg.");
            }

            if (!options.AllowUnprotectedAlgorithm)
            {
                return new SelfDataError(JoseErrorCodes.AlgorithmNotProtected, "The alg header is only in the unprotected header, where it is not integrity-protected.");
            }
        }

        if (string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase))
        {
            return new SelfDataError(JoseErrorCodes.UnsecuredJws, "The JWS uses alg 'none': it is not signed.");
        }

        if (!JwsAlgorithms.IsSupported(algorithm))
        {
            return new SelfDataError(JoseErrorCodes.UnsupportedAlgorithm, $"The algorithm '{UntrustedText.Escape(algorithm)}' is not supported.");
        }

        var critical = CheckCritical(signature, options);
        if (critical is null)
        {
            signature.AcceptedHeaders = new JwsSignature.HeaderCheck(options, algorithm);
        }

        return critical;
    }

    private static SelfDataError? CheckCritical(JwsSignature signature, JwsVerifyOptions options)
    {
        if (signature.UnprotectedHeader?.Contains("crit") == true)
        {
            return new SelfDataError(JoseErrorCodes.CriticalHeaderInvalid, "crit must be in the protected header (RFC 7515 §4.1.11).");
        }

        var header = signature.ProtectedHeader;
        if (header is null || !header.Parameters.TryGetProperty("crit"u8, out var crit))
        {
            return null;
        }

        if (crit.ValueKind != JsonValueKind.Array || crit.GetArrayLength() == 0)
        {
            return new SelfDataError(JoseErrorCodes.CriticalHeaderInvalid, "crit must be a non-empty array of header names.");
        }

        foreach (var item in crit.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(JoseErrorCodes.CriticalHeaderInvalid, "crit must list header names as strings.");
            }

            var name = item.GetString()!;
            if (JwsHeader.IsRegistered(name))
            {
                return new SelfDataError(JoseErrorCodes.CriticalHeaderInvalid, $"crit names the registered header '{UntrustedText.Escape(name)}'.");
            }

            if (!header.Contains(name))
            {
                return new SelfDataError(JoseErrorCodes.CriticalHeaderInvalid, $"crit names '{UntrustedText.Escape(name)}', which the protected header does not have.");
            }

            if (!Contains(options.UnderstoodCriticalHeaders, name))
            {
                return new SelfDataError(JoseErrorCodes.CriticalHeaderUnsupported, $"crit requires the extension '{UntrustedText.Escape(name)}', which is not understood.");
            }
        }

        return null;
    }

    private bool VerifySignature(JwsSignature signature, VerificationKey key, JwsAlgorithms.AlgorithmInfo info)
    {
        var length = _compact is not null ? _signingInputLength : signature.ProtectedEncoded.Length + 1 + PayloadEncoded!.Length;
        byte[]? rented = null;
        var input = length <= 4096 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            if (_compact is not null)
            {
                Encoding.ASCII.GetBytes(_compact.AsSpan(0, length), input);
            }
            else
            {
                var p = Encoding.ASCII.GetBytes(signature.ProtectedEncoded, input);
                input[p] = (byte)'.';
                Encoding.ASCII.GetBytes(PayloadEncoded, input[(p + 1)..]);
            }

            return key.Verify(info, input, signature.Value.Span);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ParseResult<JwsMessage> TooLarge(string text, JwsReadOptions options) =>
        ParseResult.ForError<JwsMessage>(JoseErrorCodes.TokenTooLarge, $"The JWS is {text.Length} characters long; at most {options.MaxLength} are accepted.");

    private static ParseResult<JwsMessage> ParseCompact(string text, JwsReadOptions options, JwsHeaderCache? cache, Memory<byte> destination)
    {
        var first = text.IndexOf('.', StringComparison.Ordinal);
        var last = text.LastIndexOf('.');
        if (first < 0 || first == last)
        {
            return Fail(JoseErrorCodes.MalformedJws, "A compact JWS has three parts separated by '.'.");
        }

        var dots = text.AsSpan().Count('.');
        if (dots == 4)
        {
            return Fail(JoseErrorCodes.EncryptedTokenNotSupported, "The token has five parts: it is a JWE; encrypted tokens are not accepted.");
        }

        if (dots != 2)
        {
            return Fail(JoseErrorCodes.MalformedJws, "A compact JWS has three parts separated by '.'.");
        }

        var headerPart = text.AsSpan(0, first);
        var payloadPart = text.AsSpan(first + 1, last - first - 1);
        var signaturePart = text.AsSpan(last + 1);
        var error = ReadProtectedHeader(headerPart, options, cache, out var header, out var cached);
        if (error is not null)
        {
            return ParseResult.ForError<JwsMessage>(error);
        }

        // The payload and the signature are decoded into one buffer: the caller's when it is large enough.
        var payloadLength = Base64Url.DecodedLength(payloadPart.Length);
        var length = payloadLength + Base64Url.DecodedLength(signaturePart.Length);
        if (!Base64Url.IsCanonical(payloadPart) || !Base64Url.IsCanonical(signaturePart))
        {
            return Fail(JoseErrorCodes.InvalidBase64Url, "A part of the JWS is not canonical unpadded base64url.");
        }

        var buffer = destination.Length >= length ? destination[..length] : new byte[length];
        if (Base64Url.Decode(payloadPart, buffer.Span[..payloadLength]) != payloadLength || Base64Url.Decode(signaturePart, buffer.Span[payloadLength..]) != length - payloadLength)
        {
            return Fail(JoseErrorCodes.InvalidBase64Url, "A part of the JWS is not canonical unpadded base64url.");
        }

        // The signing input of a compact JWS is the text before the last '.': no part is copied unless the payload
        // is detached, when the protected header is needed to rebuild the input.
        var detached = payloadPart.Length == 0;
        var signature = new JwsSignature(header, null, detached ? text[..first] : string.Empty, buffer[payloadLength..], text, first, cached);
        var message = new JwsMessage(JwsSerialization.Compact, detached ? null : text, last, detached ? null : CompactPayload, buffer[..payloadLength], [signature], options.MaxDepth, cache);
        return ParseResult.ForValue(message);
    }

    private static ParseResult<JwsMessage> ParseJson(string text, JwsReadOptions options, JwsHeaderCache? cache)
    {
        var error = StrictJson.TryParse(Encoding.UTF8.GetBytes(text), options.MaxDepth, "The JWS JSON serialization", out var document);
        if (error is not null)
        {
            return ParseResult.ForError<JwsMessage>(error);
        }

        var root = document!.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(JoseErrorCodes.MalformedJws, "A JWS JSON serialization is an object.");
        }

        string? payloadEncoded = null;
        byte[] payload = [];
        if (root.TryGetProperty("payload", out var payloadElement))
        {
            if (payloadElement.ValueKind != JsonValueKind.String)
            {
                return Fail(JoseErrorCodes.MalformedJws, "The payload member is not a string.");
            }

            payloadEncoded = payloadElement.GetString()!;
            if (!Base64Url.TryDecode(payloadEncoded, out payload))
            {
                return Fail(JoseErrorCodes.InvalidBase64Url, "The payload is not canonical unpadded base64url.");
            }
        }

        var signatures = new List<JwsSignature>();
        JwsSerialization serialization;
        if (root.TryGetProperty("signatures", out var array))
        {
            if (root.TryGetProperty("signature", out _) || root.TryGetProperty("protected", out _) || root.TryGetProperty("header", out _))
            {
                return Fail(JoseErrorCodes.MalformedJws, "A JWS cannot mix the general and the flattened JSON serializations.");
            }

            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                return Fail(JoseErrorCodes.MalformedJws, "The signatures member is not a non-empty array.");
            }

            if (array.GetArrayLength() > options.MaxSignatures)
            {
                return Fail(JoseErrorCodes.TooManySignatures, $"The JWS has {array.GetArrayLength()} signatures; at most {options.MaxSignatures} are accepted.");
            }

            foreach (var item in array.EnumerateArray())
            {
                error = ReadJsonSignature(item, options, cache, out var signature);
                if (error is not null)
                {
                    return ParseResult.ForError<JwsMessage>(error);
                }

                signatures.Add(signature!);
            }

            serialization = JwsSerialization.GeneralJson;
        }
        else
        {
            error = ReadJsonSignature(root, options, cache, out var signature);
            if (error is not null)
            {
                return ParseResult.ForError<JwsMessage>(error);
            }

            signatures.Add(signature!);
            serialization = JwsSerialization.FlattenedJson;
        }

        return ParseResult.ForValue(new JwsMessage(serialization, null, 0, payloadEncoded, payload, signatures, options.MaxDepth, cache));
    }

    private static SelfDataError? ReadJsonSignature(JsonElement item, JwsReadOptions options, JwsHeaderCache? cache, out JwsSignature? signature)
    {
        signature = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJws, "A signature entry is not an object.");
        }

        if (!item.TryGetProperty("signature", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJws, "A signature entry has no signature string.");
        }

        if (!Base64Url.TryDecode(value.GetString(), out var bytes))
        {
            return new SelfDataError(JoseErrorCodes.InvalidBase64Url, "A signature is not canonical unpadded base64url.");
        }

        JwsHeader? protectedHeader = null;
        var protectedEncoded = string.Empty;
        if (item.TryGetProperty("protected", out var protectedElement))
        {
            if (protectedElement.ValueKind != JsonValueKind.String)
            {
                return new SelfDataError(JoseErrorCodes.MalformedJws, "The protected member is not a string.");
            }

            protectedEncoded = protectedElement.GetString()!;
            var error = ReadProtectedHeader(protectedEncoded, options, cache, out protectedHeader, out _);
            if (error is not null)
            {
                return error;
            }
        }

        JwsHeader? unprotectedHeader = null;
        if (item.TryGetProperty("header", out var headerElement))
        {
            if (headerElement.ValueKind != JsonValueKind.Object)
            {
                return new SelfDataError(JoseErrorCodes.MalformedJws, "The header member is not an object.");
            }

            unprotectedHeader = new JwsHeader(headerElement, isProtected: false);
            if (protectedHeader is not null)
            {
                foreach (var parameter in headerElement.EnumerateObject())
                {
                    if (protectedHeader.Contains(parameter.Name))
                    {
                        return new SelfDataError(JoseErrorCodes.HeaderParameterConflict, $"The header parameter '{UntrustedText.Escape(parameter.Name)}' is in both the protected and the unprotected header.");
                    }
                }
            }
        }

        if (protectedHeader is null && unprotectedHeader is null)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJws, "A signature entry has neither a protected nor an unprotected header.");
        }

        signature = new JwsSignature(protectedHeader, unprotectedHeader, protectedEncoded, bytes, null, 0);
        return null;
    }

    private static SelfDataError? ReadProtectedHeader(ReadOnlySpan<char> encoded, JwsReadOptions options, JwsHeaderCache? cache, out JwsHeader? header, out bool cached)
    {
        // Only parsing is cached, and only for headers already seen under a verified signature.
        cached = false;
        if (cache is not null && cache.TryGet(encoded, options.MaxDepth, out header))
        {
            cached = true;
            return null;
        }

        return ParseProtectedHeader(encoded, options, out header);
    }

    private static SelfDataError? ParseProtectedHeader(ReadOnlySpan<char> encoded, JwsReadOptions options, out JwsHeader? header)
    {
        header = null;
        if (!Base64Url.TryDecode(encoded, out var bytes))
        {
            return new SelfDataError(JoseErrorCodes.InvalidBase64Url, "The protected header is not canonical unpadded base64url.");
        }

        var error = StrictJson.TryParse(bytes, options.MaxDepth, "The protected header", out var document);
        if (error is not null)
        {
            return error;
        }

        if (document!.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new SelfDataError(JoseErrorCodes.MalformedJws, "The protected header is not a JSON object.");
        }

        header = new JwsHeader(document.RootElement, isProtected: true);
        return null;
    }

    private static bool Contains(IEnumerable<string> values, string value)
    {
        if (values is IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var item in values)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static ParseResult<JwsMessage> Fail(string code, string message) => ParseResult.ForError<JwsMessage>(code, message);
}
