// A holder's first hour with SelfData.Sdk, end to end: options, a built-in doctype, a doctype of its own, a signed
// archive, a consent token checked before anything is released, conformance, and the same through dependency
// injection. docs/quickstart.md quotes its regions; CI builds and runs it.
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SelfData.Conformance;
using SelfData.Consent;
using SelfData.Core;
using SelfData.Extensions.DependencyInjection;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Mapping;
using SelfData.Testing;

var output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "selfdata-first-hour");
Directory.CreateDirectory(output);
var clock = TimeProvider.System;

// #region options
// Who you are, and which profile your recipients read: Cozy (cozyMetadata) or MesInfos (docTypeVersion).
var options = new PortabilityOptions
{
    Holder = new HolderId("eauxdusud", "fr.eauxdusud", "Eaux du Sud"),
    Profile = ExportProfile.Cozy,
    CreatedByApp = "eauxdusud-selfdata",
    CreatedByAppVersion = "1.0.0",
};
// #endregion

// #region records
// A built-in doctype: Linky half-hours become org.fing.mesinfos.consumptionstatement documents. Records are
// checked as they are built (a negative power, a unit of the wrong dimension is an error with a code).
var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
var halfHours = Enumerable.Range(0, 7 * 48).Select(i =>
    new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(350 + (i % 48 * 20), Unit.Watt)));
var bills = new[]
{
    new Bill { Vendor = "Eaux du Sud", Date = start.AddDays(31), Amount = new Money(38.70m, "EUR"), VendorRef = "F-2024-01" },
};

// A doctype of your own, in your own namespace: the Ecolyo water shape under fr.eauxdusud, and a record type
// mapped by its JSON names (see UsageShareMapping below).
var waterDays = new EcolyoMapping(new Doctype("fr.eauxdusud.water.day"), EcolyoFluid.Water, EcolyoStep.Day);
var days = Enumerable.Range(0, 7).Select(d => new EcolyoLoad(start.Date.AddDays(d), new Quantity(310 + (d * 12), Unit.Litre)));
var export = new PortabilityExportBuilder(options, clock)
    .ForSubject(new SubjectId("0f8fad5b-d9cb-469f-a165-70867728950e"))
    .Add(ElectricityDoctypes.LinkyStatements, halfHours)
    .Add(BillingDoctypes.Bills, bills)
    .Add(waterDays, days)
    .Add(new UsageShareMapping(), [new UsageShare("C-001", 2023, "shower", 38.5m), new UsageShare("C-001", 2023, "garden", 12m)])
    .Build();
// #endregion

// #region consent
// Before releasing anything: the person's access token, from the authorization server you trust, must name this
// person and cover exactly the doctypes asked for. (AccessTokenBuilder, from SelfData.Testing, plays the server.)
using var serverKey = SigningKey.CreateRsa("as-2024");
var issuer = new AccessTokenBuilder(clock, serverKey) { Issuer = "https://as.example.org", Audience = "https://eauxdusud.example/selfdata/exports", Subject = "0f8fad5b-d9cb-469f-a165-70867728950e" };
issuer.Doctypes.Clear();
foreach (var dataset in export.Datasets)
{
    issuer.Doctypes.Add(dataset.Doctype.Name);
}

var token = issuer.Mint();
var consentOptions = new ConsentTokenValidatorOptions();
consentOptions.AccessTokenIssuers.Add(new TrustedIssuer("https://as.example.org", KeySource.FromKeySet(new VerificationKeySet([serverKey.VerificationKey]))));
var consent = new ConsentTokenValidator(consentOptions, clock, new InMemoryConsentStatusStore());
var request = new ExportRequest(new Uri("https://eauxdusud.example/selfdata/exports"), [.. export.Datasets.Select(d => d.Doctype)]);
var decision = await consent.ValidateAccessTokenAsync(token, request);
if (!decision.IsValid)
{
    Console.WriteLine($"403 {decision.ErrorCode}: nothing is released");
    return 1;
}
// #endregion

// #region archive
// The signed archive: data, manifest with every file's SHA-256, its signature, and a page for the person.
using var holderKey = SigningKey.CreateEcdsa("eauxdusud-2024");
var writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = holderKey, IndexLanguage = IndexPageLanguage.French });
var archivePath = Path.Combine(output, "eauxdusud-export.zip");
await writer.WriteAsync(export, archivePath);
await File.WriteAllTextAsync(Path.Combine(output, "jwks.json"), holderKey.ToPublicJwks()); // publish it
// #endregion

// #region conformance
// What a platform runs on receipt: signature, checksums, then every document against the published schemas. Your own
// doctypes need a schema, or an alias to the published shape they reuse.
var conformance = new SchemaConformanceValidatorOptions { Level = ConformanceLevel.Strict };
conformance.DoctypeAliases["fr.eauxdusud.water.day"] = "com.grandlyon.egl.day";
conformance.DoctypeSchemas["fr.eauxdusud.usageshare"] = """
    {"type":"object","required":["contractNumber","year","usage","percent"],
     "properties":{"year":{"type":"integer"},"percent":{"type":"number","minimum":0,"maximum":100}}}
    """;
await using (var archive = File.OpenRead(archivePath))
{
    var checkedArchive = await new SchemaConformanceValidator(conformance).ValidateArchiveAsync(archive, new VerificationKeySet([holderKey.VerificationKey]));
    Console.WriteLine($"{checkedArchive.ValidDocuments}/{checkedArchive.Documents} documents conform; signed by {checkedArchive.ArchiveVerification!.SigningKeyId}");
    foreach (var error in checkedArchive.Errors)
    {
        Console.WriteLine(error);
    }

    if (!checkedArchive.IsValid)
    {
        return 1;
    }
}
// #endregion

// #region di
// The same parts from a container, options validated when the provider is built.
var services = new ServiceCollection();
services.AddSelfData()
    .AddPortability(o => { o.Holder = options.Holder; o.CreatedByApp = options.CreatedByApp; o.CreatedByAppVersion = options.CreatedByAppVersion; })
    .AddPortabilityArchives(o => o.SigningKey = holderKey)
    .AddConformance(o => o.Level = ConformanceLevel.Strict)
    .AddConsentValidation(o => o.AccessTokenIssuers.Add(consentOptions.AccessTokenIssuers[0]))
    .AddInMemoryConsentStores();
using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
var fromContainer = provider.GetRequiredService<PortabilityExportBuilderFactory>().Create()
    .ForSubject(new SubjectId("0f8fad5b-d9cb-469f-a165-70867728950e"))
    .Add(BillingDoctypes.Bills, bills)
    .Build();
var tokenCheck = await provider.GetRequiredService<ConsentTokenValidator>().ValidateAccessTokenAsync(token, new ExportRequest(request.Endpoint, [BillingDoctypes.Bills.Doctype]));
await using (var stream = new MemoryStream())
{
    await provider.GetRequiredService<PortabilityArchiveWriter>().WriteAsync(fromContainer, stream);
    Console.WriteLine($"from the container: token {(tokenCheck.IsValid ? "valid" : tokenCheck.ErrorCode)}, archive of {stream.Length:N0} bytes");
}
// #endregion

Console.WriteLine($"{archivePath}: open it and read index.html; check it with selfdata verify {archivePath} --keys {Path.Combine(output, "jwks.json")}");
return 0;

/// <summary>A holder's own record, mapped by its JSON names.</summary>
internal sealed record UsageShare(
    [property: JsonPropertyName("contractNumber")] string ContractNumber,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("usage")] string Usage,
    [property: JsonPropertyName("percent")] decimal Percent);

/// <summary>The doctype, its identity keys (ordinal order) and the identity values: all a JSON mapping needs.</summary>
internal sealed class UsageShareMapping() : JsonDoctypeMapping<UsageShare>("fr.eauxdusud.usageshare", "contractNumber", "usage", "year")
{
    public override void WriteIdentity(UsageShare record, ref IdentityKeyWriter keys)
    {
        keys.Add(record.ContractNumber);
        keys.Add(record.Usage);
        keys.Add(record.Year);
    }
}
