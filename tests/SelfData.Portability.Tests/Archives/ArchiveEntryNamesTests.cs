using SelfData.Core;
using SelfData.Portability.Archives;

namespace SelfData.Portability.Tests;

public class ArchiveEntryNamesTests
{
    [Theory]
    [InlineData("io.cozy.bills")]
    [InlineData("org.fing.mesinfos.consumptionstatement")]
    public void Data_entry_names_parse_back_to_their_doctype_and_layout(string name)
    {
        var doctype = new Doctype(name);
        Assert.True(ArchiveEntryNames.TryParseData(ArchiveEntryNames.NdjsonData(doctype), out var parsed, out var layout));
        Assert.Equal((doctype, ArchiveLayout.Ndjson), (parsed, layout));
        Assert.True(ArchiveEntryNames.TryParseData(ArchiveEntryNames.CozyDataFolder(doctype) + "0f8fad5b.json", out parsed, out layout));
        Assert.Equal((doctype, ArchiveLayout.CozyMove), (parsed, layout));
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("index.html")]
    [InlineData("data/.ndjson")]
    [InlineData("data/IO.COZY.BILLS.ndjson")]
    [InlineData("data/io.cozy.bills.json")]
    [InlineData("My Cozy/Data/io.cozy.bills.json")]
    [InlineData("My Cozy/Data/io.cozy.bills/.json")]
    [InlineData("My Cozy/Data/io.cozy.bills/a/b.json")]
    [InlineData("My Cozy/Files/io.cozy.bills/a.json")]
    public void Other_entries_are_not_data(string name) =>
        Assert.False(ArchiveEntryNames.TryParseData(name, out _, out _));

    [Fact]
    public async Task The_writer_names_entries_as_the_class_says()
    {
        var archive = await ArchiveFixture.ArchiveAsync(ArchiveLayout.Ndjson);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(archive));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains(ArchiveEntryNames.Manifest, names);
        Assert.Contains(ArchiveEntryNames.Signature, names);
        Assert.Contains(names, n => ArchiveEntryNames.TryParseData(n, out _, out var layout) && layout == ArchiveLayout.Ndjson);
    }
}
