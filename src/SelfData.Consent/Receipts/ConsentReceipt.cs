using System.Text;
using System.Text.Json;
using SelfData.Core;
using SelfData.Jose;

namespace SelfData.Consent;

/// <summary>
/// Represents a Kantara Initiative Consent Receipt v1.1 (<c>KI-CR-v1.1.0</c>): the record, given to the person, of the
/// authority they gave a controller. Written as JSON with the specification's field names; timestamps in seconds.
/// </summary>
/// <remarks>Readers also accept <c>policyURL</c> and millisecond timestamps, which other implementations emit. Failures carry <see cref="ConsentErrorCodes.ReceiptInvalid"/>.</remarks>
public sealed class ConsentReceipt
{
    /// <summary>The version string of Kantara Consent Receipt v1.1.</summary>
    public const string Version11 = "KI-CR-v1.1.0";

    /// <summary>Gets the specification version.</summary>
    /// <value>The default value is <see cref="Version11"/>.</value>
    public string Version { get; init; } = Version11;

    /// <summary>Gets the jurisdiction(s) of the controller and the processing, such as <c>FR</c>.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>Gets when consent was given (written as NumericDate seconds).</summary>
    public required DateTimeOffset ConsentTimestamp { get; init; }

    /// <summary>Gets how consent was obtained, such as <c>MyData consent record</c> or <c>web form</c>.</summary>
    public required string CollectionMethod { get; init; }

    /// <summary>Gets the unique receipt id (a UUID is suggested).</summary>
    public required string ConsentReceiptId { get; init; }

    /// <summary>Gets the controller's public key, or <see langword="null"/>.</summary>
    public string? PublicKey { get; init; }

    /// <summary>Gets the language of the receipt, or <see langword="null"/>.</summary>
    public string? Language { get; init; }

    /// <summary>Gets the identifier of the person, as given by them (for MyData, the surrogate id).</summary>
    public required string PiiPrincipalId { get; init; }

    /// <summary>Gets the controllers.</summary>
    public required IReadOnlyList<PiiController> PiiControllers { get; init; }

    /// <summary>Gets the link to the privacy policy in force when consent was given.</summary>
    public required string PolicyUrl { get; init; }

    /// <summary>Gets the services and their purposes.</summary>
    public required IReadOnlyList<ReceiptService> Services { get; init; }

    /// <summary>Gets a value indicating whether sensitive personal data is involved.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Gets the sensitive data categories (the <c>spiCat</c> field), possibly empty.</summary>
    public IReadOnlyList<string> SpiCategories { get; init; } = [];

    /// <summary>Writes the receipt as Kantara v1.1 JSON.</summary>
    /// <returns>The JSON text.</returns>
    /// <exception cref="SelfDataValidationException">A required field is missing or empty (<c>SD1110</c>).</exception>
    public string ToJson()
    {
        var error = Check();
        if (error is not null)
        {
            throw error.ToException();
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a Kantara v1.1 receipt, also in the variants other implementations emit (<c>policyURL</c>, millisecond timestamps).</summary>
    /// <param name="json">The receipt JSON.</param>
    /// <returns>The receipt, or an error with <see cref="ConsentErrorCodes.ReceiptInvalid"/> (or a JSON code).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static ParseResult<ConsentReceipt> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var error = StrictJson.TryParse(Encoding.UTF8.GetBytes(json), 16, "The consent receipt", out var document);
        if (error is not null)
        {
            return ParseResult.ForError<ConsentReceipt>(error);
        }

        using (document)
        {
            return Read(document!.RootElement);
        }
    }

    internal static ParseResult<ConsentReceipt> Read(JsonElement root)
    {
        try
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("a receipt is a JSON object.", null);
            }

            var policy = Text(root, "policyUrl", required: false) ?? Text(root, "policyURL", required: false) ?? throw new ReceiptFieldException("policyUrl");
            var receipt = new ConsentReceipt
            {
                Version = Text(root, "version")!,
                Jurisdiction = Text(root, "jurisdiction")!,
                ConsentTimestamp = Timestamp(root, "consentTimestamp"),
                CollectionMethod = Text(root, "collectionMethod")!,
                ConsentReceiptId = Text(root, "consentReceiptID")!,
                PublicKey = Text(root, "publicKey", required: false),
                Language = Text(root, "language", required: false),
                PiiPrincipalId = Text(root, "piiPrincipalId")!,
                PiiControllers = Array(root, "piiControllers").Select(ReadController).ToArray(),
                PolicyUrl = policy,
                Services = Array(root, "services").Select(ReadService).ToArray(),
                Sensitive = Bool(root, "sensitive") ?? throw new ReceiptFieldException("sensitive"),
                SpiCategories = Array(root, "spiCat").Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new ReceiptFieldException("spiCat")).ToArray(),
            };
            var error = receipt.Check();
            return error is null ? ParseResult.ForValue(receipt) : ParseResult.ForError<ConsentReceipt>(error);
        }
        catch (ReceiptFieldException e)
        {
            return Invalid($"the field '{e.Field}' is missing or has the wrong type.", e.Field);
        }
    }

    internal SelfDataError? Check()
    {
        if (Version != Version11)
        {
            return new SelfDataError(ConsentErrorCodes.ReceiptInvalid, $"The receipt version is '{UntrustedText.Escape(Version ?? string.Empty)}', not {Version11}.", "version");
        }

        string? missing = null;
        if (string.IsNullOrEmpty(Jurisdiction))
        {
            missing = "jurisdiction";
        }
        else if (string.IsNullOrEmpty(CollectionMethod))
        {
            missing = "collectionMethod";
        }
        else if (string.IsNullOrEmpty(ConsentReceiptId))
        {
            missing = "consentReceiptID";
        }
        else if (string.IsNullOrEmpty(PiiPrincipalId))
        {
            missing = "piiPrincipalId";
        }
        else if (string.IsNullOrEmpty(PolicyUrl))
        {
            missing = "policyUrl";
        }
        else if (PiiControllers is null || PiiControllers.Count == 0)
        {
            missing = "piiControllers";
        }
        else if (Services is null || Services.Count == 0)
        {
            missing = "services";
        }
        else if (SpiCategories is null)
        {
            missing = "spiCat";
        }
        else if (ConsentTimestamp.ToUnixTimeSeconds() < 0)
        {
            missing = "consentTimestamp";
        }

        for (var i = 0; missing is null && i < PiiControllers!.Count; i++)
        {
            var c = PiiControllers[i];
            if (c is null || string.IsNullOrEmpty(c.Name) || string.IsNullOrEmpty(c.Contact) || c.Address is null || string.IsNullOrEmpty(c.Email) || string.IsNullOrEmpty(c.Phone))
            {
                missing = $"piiControllers[{i}]";
            }
        }

        for (var i = 0; missing is null && i < Services!.Count; i++)
        {
            var s = Services[i];
            if (s is null || string.IsNullOrEmpty(s.Name) || s.Purposes is null || s.Purposes.Count == 0)
            {
                missing = $"services[{i}]";
                break;
            }

            for (var j = 0; missing is null && j < s.Purposes.Count; j++)
            {
                var p = s.Purposes[j];
                if (p is null || p.PurposeCategories is null || string.IsNullOrEmpty(p.ConsentType) || p.PiiCategories is null || string.IsNullOrEmpty(p.Termination)
                    || (p.ThirdPartyDisclosure && string.IsNullOrEmpty(p.ThirdPartyName)))
                {
                    missing = $"services[{i}].purposes[{j}]";
                }
            }
        }

        return missing is null ? null : new SelfDataError(ConsentErrorCodes.ReceiptInvalid, $"The receipt field '{missing}' is missing, empty or incomplete.", missing);
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("version", Version);
        writer.WriteString("jurisdiction", Jurisdiction);
        writer.WriteNumber("consentTimestamp", ConsentTimestamp.ToUnixTimeSeconds());
        writer.WriteString("collectionMethod", CollectionMethod);
        writer.WriteString("consentReceiptID", ConsentReceiptId);
        if (PublicKey is not null)
        {
            writer.WriteString("publicKey", PublicKey);
        }

        if (Language is not null)
        {
            writer.WriteString("language", Language);
        }

        writer.WriteString("piiPrincipalId", PiiPrincipalId);
        writer.WriteStartArray("piiControllers");
        foreach (var controller in PiiControllers)
        {
            writer.WriteStartObject();
            writer.WriteString("piiController", controller.Name);
            if (controller.OnBehalf is not null)
            {
                writer.WriteBoolean("onBehalf", controller.OnBehalf.Value);
            }

            writer.WriteString("contact", controller.Contact);
            writer.WriteStartObject("address");
            WriteOptional(writer, "streetAddress", controller.Address.StreetAddress);
            WriteOptional(writer, "addressLocality", controller.Address.AddressLocality);
            WriteOptional(writer, "addressRegion", controller.Address.AddressRegion);
            WriteOptional(writer, "postalCode", controller.Address.PostalCode);
            WriteOptional(writer, "addressCountry", controller.Address.AddressCountry);
            writer.WriteEndObject();
            writer.WriteString("email", controller.Email);
            writer.WriteString("phone", controller.Phone);
            WriteOptional(writer, "piiControllerUrl", controller.Url);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("policyUrl", PolicyUrl);
        writer.WriteStartArray("services");
        foreach (var service in Services)
        {
            writer.WriteStartObject();
            writer.WriteString("service", service.Name);
            writer.WriteStartArray("purposes");
            foreach (var purpose in service.Purposes)
            {
                writer.WriteStartObject();
                WriteOptional(writer, "purpose", purpose.Purpose);
                WriteStrings(writer, "purposeCategory", purpose.PurposeCategories);
                writer.WriteString("consentType", purpose.ConsentType);
                WriteStrings(writer, "piiCategory", purpose.PiiCategories);
                if (purpose.PrimaryPurpose is not null)
                {
                    writer.WriteBoolean("primaryPurpose", purpose.PrimaryPurpose.Value);
                }

                writer.WriteString("termination", purpose.Termination);
                writer.WriteBoolean("thirdPartyDisclosure", purpose.ThirdPartyDisclosure);
                WriteOptional(writer, "thirdPartyName", purpose.ThirdPartyName);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("sensitive", Sensitive);
        WriteStrings(writer, "spiCat", SpiCategories);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static PiiController ReadController(JsonElement e) => new()
    {
        Name = Text(e, "piiController")!,
        OnBehalf = Bool(e, "onBehalf"),
        Contact = Text(e, "contact")!,
        Address = ReadAddress(e.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.Object ? a : throw new ReceiptFieldException("address")),
        Email = Text(e, "email")!,
        Phone = Text(e, "phone")!,
        Url = Text(e, "piiControllerUrl", required: false),
    };

    private static PostalAddress ReadAddress(JsonElement e) => new()
    {
        StreetAddress = Text(e, "streetAddress", required: false),
        AddressLocality = Text(e, "addressLocality", required: false),
        AddressRegion = Text(e, "addressRegion", required: false),
        PostalCode = Text(e, "postalCode", required: false),
        AddressCountry = Text(e, "addressCountry", required: false),
    };

    private static ReceiptService ReadService(JsonElement e) => new()
    {
        Name = Text(e, "service")!,
        Purposes = Array(e, "purposes").Select(ReadPurpose).ToArray(),
    };

    private static ReceiptPurpose ReadPurpose(JsonElement e) => new()
    {
        Purpose = Text(e, "purpose", required: false),
        PurposeCategories = Array(e, "purposeCategory").Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new ReceiptFieldException("purposeCategory")).ToArray(),
        ConsentType = Text(e, "consentType")!,
        PiiCategories = Array(e, "piiCategory").Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new ReceiptFieldException("piiCategory")).ToArray(),
        PrimaryPurpose = Bool(e, "primaryPurpose"),
        Termination = Text(e, "termination")!,
        ThirdPartyDisclosure = Bool(e, "thirdPartyDisclosure") ?? throw new ReceiptFieldException("thirdPartyDisclosure"),
        ThirdPartyName = Text(e, "thirdPartyName", required: false),
    };

    private static string? Text(JsonElement e, string name, bool required = true)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        return required || (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var present) && present.ValueKind != JsonValueKind.Null)
            ? throw new ReceiptFieldException(name)
            : null;
    }

    private static bool? Bool(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new ReceiptFieldException(name);

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new ReceiptFieldException(name);

    private static DateTimeOffset Timestamp(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
        {
            throw new ReceiptFieldException(name);
        }

        // Seconds per the specification; some implementations write milliseconds. 10^11 seconds is in the year 5138.
        return number >= 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(Math.Min(number, 253402300799));
    }

    private static ParseResult<ConsentReceipt> Invalid(string message, string? field) =>
        ParseResult.ForError<ConsentReceipt>(new SelfDataError(ConsentErrorCodes.ReceiptInvalid, "Invalid consent receipt: " + message, field));

    private sealed class ReceiptFieldException(string field) : Exception(field)
    {
        public string Field { get; } = field;
    }
}

/// <summary>Represents a PII controller of a consent receipt (<c>piiControllers[]</c>).</summary>
public sealed class PiiController
{
    /// <summary>Gets the controller's name (<c>piiController</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets whether the controller acts on behalf of another, or <see langword="null"/> when not stated.</summary>
    public bool? OnBehalf { get; init; }

    /// <summary>Gets the contact name.</summary>
    public required string Contact { get; init; }

    /// <summary>Gets the postal address.</summary>
    public required PostalAddress Address { get; init; }

    /// <summary>Gets the contact email.</summary>
    public required string Email { get; init; }

    /// <summary>Gets the contact phone number.</summary>
    public required string Phone { get; init; }

    /// <summary>Gets the controller's web site (<c>piiControllerUrl</c>), or <see langword="null"/>.</summary>
    public string? Url { get; init; }
}

/// <summary>Represents a postal address in a consent receipt (schema.org PostalAddress fields).</summary>
public sealed class PostalAddress
{
    /// <summary>Gets the street address, or <see langword="null"/>.</summary>
    public string? StreetAddress { get; init; }

    /// <summary>Gets the locality (city), or <see langword="null"/>.</summary>
    public string? AddressLocality { get; init; }

    /// <summary>Gets the region, or <see langword="null"/>.</summary>
    public string? AddressRegion { get; init; }

    /// <summary>Gets the postal code, or <see langword="null"/>.</summary>
    public string? PostalCode { get; init; }

    /// <summary>Gets the country, or <see langword="null"/>.</summary>
    public string? AddressCountry { get; init; }
}

/// <summary>Represents a service of a consent receipt with its purposes.</summary>
public sealed class ReceiptService
{
    /// <summary>Gets the service name (<c>service</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the purposes.</summary>
    public required IReadOnlyList<ReceiptPurpose> Purposes { get; init; }
}

/// <summary>Represents a purpose of a service in a consent receipt.</summary>
public sealed class ReceiptPurpose
{
    /// <summary>Gets the short description of the purpose, or <see langword="null"/>.</summary>
    public string? Purpose { get; init; }

    /// <summary>Gets the purpose categories (<c>purposeCategory</c>), such as <c>2 - Contracted Service</c>.</summary>
    public required IReadOnlyList<string> PurposeCategories { get; init; }

    /// <summary>Gets the consent type, such as <c>EXPLICIT</c>.</summary>
    public required string ConsentType { get; init; }

    /// <summary>Gets the personal data categories (<c>piiCategory</c>).</summary>
    public required IReadOnlyList<string> PiiCategories { get; init; }

    /// <summary>Gets whether this is the primary purpose, or <see langword="null"/> when not stated.</summary>
    public bool? PrimaryPurpose { get; init; }

    /// <summary>Gets when or how consent for this purpose ends.</summary>
    public required string Termination { get; init; }

    /// <summary>Gets a value indicating whether data is disclosed to a third party.</summary>
    public bool ThirdPartyDisclosure { get; init; }

    /// <summary>Gets the third party's name; required when <see cref="ThirdPartyDisclosure"/> is set.</summary>
    public string? ThirdPartyName { get; init; }
}

/// <summary>Issues consent receipts signed by the holder, and reads them back.</summary>
public sealed class ConsentReceiptIssuer
{
    /// <summary>The <c>typ</c> of a signed consent receipt.</summary>
    public const string MediaType = "kantara-cr+jwt";

    private readonly SigningKey _holderKey;

    /// <summary>Initializes a new instance of the <see cref="ConsentReceiptIssuer"/> class.</summary>
    /// <param name="holderKey">The holder's signing key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="holderKey"/> is <see langword="null"/>.</exception>
    public ConsentReceiptIssuer(SigningKey holderKey) => _holderKey = holderKey ?? throw new ArgumentNullException(nameof(holderKey));

    /// <summary>Issues a receipt as a compact JWS signed by the holder: the receipt JSON unchanged as payload, <c>typ</c> <see cref="MediaType"/>.</summary>
    /// <param name="receipt">The receipt.</param>
    /// <returns>The compact JWS.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="receipt"/> is <see langword="null"/>.</exception>
    /// <exception cref="SelfDataValidationException">A required field is missing (<c>SD1110</c>).</exception>
    public string IssueJws(ConsentReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return Jws.SignCompact(Encoding.UTF8.GetBytes(receipt.ToJson()), _holderKey, new JwsHeaderOptions { Type = MediaType });
    }

    /// <summary>Reads a signed receipt, verifying it with the holder's key.</summary>
    /// <param name="jws">The compact JWS.</param>
    /// <param name="holderKey">The holder's verification key.</param>
    /// <returns>The receipt, or the error (a JWS code, <c>SD1063</c> for a wrong <c>typ</c>, or <c>SD1110</c>).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ParseResult<ConsentReceipt> ReadJws(string jws, VerificationKey holderKey)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(holderKey);
        var parsed = JwsMessage.Parse(jws);
        if (!parsed.Success)
        {
            return ParseResult.ForError<ConsentReceipt>(parsed.Error!);
        }

        var message = parsed.Value;
        var signature = message.Signatures[0];
        if (!string.Equals(signature.Type, MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return ParseResult.ForError<ConsentReceipt>(ConsentErrorCodes.TokenTypeMismatch, $"The JWS is not a consent receipt (typ '{UntrustedText.Escape(signature.Type ?? "none")}').");
        }

        if (!string.Equals(signature.KeyId, holderKey.KeyId, StringComparison.Ordinal))
        {
            return ParseResult.ForError<ConsentReceipt>(JoseErrorCodes.KeyNotFound, "The receipt is not signed with the holder's key id.");
        }

        if (!message.TryVerify(signature, holderKey, out var error))
        {
            return ParseResult.ForError<ConsentReceipt>(error);
        }

        if (!message.TryGetJsonPayload(out var document, out error))
        {
            return ParseResult.ForError<ConsentReceipt>(error);
        }

        using (document)
        {
            return ConsentReceipt.Read(document.RootElement);
        }
    }
}
