// Writes one resident's signed export archive, publishes the holder's JWKS, then verifies the archive as a platform
// would. CI builds and runs it; docs/archives.md quotes its regions.
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability;
using SelfData.Portability.Archives;
using SelfData.Portability.Energy;

var output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "selfdata-sample-archive");
Directory.CreateDirectory(output);
var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
var readings = Enumerable.Range(0, 30 * 48).Select(i =>
    new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(300 + (i % 48 * 25), Unit.Watt)));
var export = new PortabilityExportBuilder(new PortabilityOptions { Holder = new HolderId("enedis", "fr.enedis", "Enedis") })
    .ForSubject(new SubjectId("0f8fad5b-d9cb-469f-a165-70867728950e"))
    .Add(ElectricityDoctypes.LinkyStatements, readings)
    .Build();

// #region write
using var key = SigningKey.CreateEcdsa("enedis-2024-01"); // ES256; SigningKey.FromRsa(…, "PS256") for RSA
var writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions
{
    SigningKey = key,
    Layout = ArchiveLayout.Ndjson, // or ArchiveLayout.CozyMove, importable by a Cozy instance
});
var archivePath = Path.Combine(output, "enedis-export.zip");
var written = await writer.WriteAsync(export, archivePath);

// The holder publishes its public keys; platforms verify with them, never with keys found in an archive.
await File.WriteAllTextAsync(Path.Combine(output, "jwks.json"), key.ToPublicJwks());
// #endregion

// #region verify
var trusted = VerificationKeySet.Parse(await File.ReadAllTextAsync(Path.Combine(output, "jwks.json"))).Value;
await using var archive = File.OpenRead(archivePath);
var result = await PortabilityArchive.VerifyAsync(archive, trusted);
foreach (var failure in result.Failures)
{
    Console.WriteLine($"{failure.Code} {failure.Entry}: {failure.Message}");
}
// #endregion

Console.WriteLine($"{archivePath}: {written.Manifest.Files.Sum(f => f.Count)} documents, signed by {result.SigningKeyId}, valid: {result.IsValid}");
return result.IsValid ? 0 : 1;
