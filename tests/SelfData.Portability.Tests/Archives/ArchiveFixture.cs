using System.IO.Compression;
using System.Security.Cryptography;
using SelfData.Core;
using SelfData.Jose;
using SelfData.Portability.Archives;
using SelfData.Portability.Bills;
using SelfData.Portability.Energy;
using SelfData.Portability.Mapping;
using SelfData.Portability.Telecom;

namespace SelfData.Portability.Tests;

/// <summary>Builds realistic exports and archives, and rewrites archives to tamper with them.</summary>
internal static class ArchiveFixture
{
    public static readonly SigningKey Key = SigningKey.CreateEcdsa("enedis-2024");
    public static readonly SigningKey OtherKey = SigningKey.CreateEcdsa("enedis-2024");

    public static VerificationKeySet Trusted => new([Key.VerificationKey]);

    public static PortabilityExport Export(ExportProfile profile = ExportProfile.Cozy, string? hostileText = null)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var readings = Enumerable.Range(0, 3 * 48).Select(i => new LoadCurveReading("12345678901234", start.AddMinutes(30 * i), TimeSpan.FromMinutes(30), new Quantity(400 + (i % 48 * 20), Unit.Watt)));
        var file = new FileDocument
        {
            Path = "/Administratif/EDF/2024-01.pdf",
            Mime = "application/pdf",
            Size = 13,
            CreatedAt = start.AddDays(31),
            Qualification = "energy_invoice",
            ContentAuthor = "edf",
            InvoiceNumber = "F-2024-01",
            Content = FileContent.FromBytes("/Administratif/EDF/2024-01.pdf", "%PDF-1.4 fake"u8.ToArray()),
        };
        var bill = new Bill
        {
            Vendor = hostileText ?? "EDF",
            Date = start.AddDays(31),
            Amount = new Money(84.20m, "EUR"),
            VendorRef = hostileText ?? "INV-2024-01",
            DocumentId = DocumentId.Compute(BillingDoctypes.Files, file),
        };
        var points = Enumerable.Range(0, 3).Select(i => new GeoPoint { Msisdn = "33612345678", Timestamp = start.AddHours(i), Latitude = 45.76 + (i / 100.0), Longitude = 4.83, Radius = 50 }).ToList();
        return ExportHarness.Builder(ExportHarness.Options(profile))
            .Add(ElectricityDoctypes.LinkyStatements, readings)
            .Add(BillingDoctypes.Files, [file])
            .Add(BillingDoctypes.Bills, [bill])
            .Add(TelecomDoctypes.GeoPoints, points)
            .Build();
    }

    public static async Task<byte[]> ArchiveAsync(ArchiveLayout layout, PortabilityExport? export = null, SigningKey? key = null)
    {
        using var stream = new MemoryStream();
        var writer = new PortabilityArchiveWriter(new PortabilityArchiveWriterOptions { SigningKey = key ?? Key, Layout = layout });
        await writer.WriteAsync(export ?? Export(), stream);
        return stream.ToArray();
    }

    public static Task<ArchiveVerificationResult> VerifyAsync(byte[] archive, IEnumerable<VerificationKey>? keys = null, ArchiveVerificationOptions? options = null) =>
        PortabilityArchive.VerifyAsync(new MemoryStream(archive), keys is null ? Trusted : new VerificationKeySet(keys), options);

    public static List<(string Name, byte[] Bytes)> Entries(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToList();
    }

    public static byte[] Rewrite(IEnumerable<(string Name, byte[] Bytes)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    public static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
