using System.Text.Json.Nodes;
using Json.Schema;
using SelfData.Core;
using SelfData.Territory.Catalogue;
using SelfData.Territory.Geography;

namespace SelfData.Territory.Tests;

public class CatalogueTests
{
    internal static TerritoryCatalogue Lyon() => new("69123", "Données personnelles à Lyon", "Métropole de Lyon",
    [
        new CatalogueEntry
        {
            Id = "enedis-loadcurve", Holder = "Enedis", Title = "Electricity load curve", Description = "Your electricity use every half hour, from the Linky meter.",
            Doctypes = ["fr.enedis.api.meteringdata.loadcurve"], Category = "pd:ServiceConsumptionBehavior", Typology = "Domicile", Coverage = "69123",
            TemporalResolution = "PT30M", UpdateFrequency = "P1D", HistoryDepth = "P3Y", AccessChannels = ["portability-export", "api"], AccessEase = 3,
            Contributable = true, Themes = ["energy"], LegalBasis = "dpv:LegalObligation", SecrecyProfile = "EnergyResidential",
        },
        new CatalogueEntry
        {
            Id = "tcl-trips", Holder = "TCL <Sytral>", Title = "Trips on the network", Description = "Your validations on buses, metros and trams.",
            Doctypes = ["io.cozy.timeseries.geojson"], Category = "pd:TravelHistory", Typology = "Déplacement", Coverage = "69123", SpatialResolutionInMeters = 200,
            TemporalResolution = "PT1M", UpdateFrequency = "P1M", HistoryDepth = "P1Y", AccessChannels = ["request"], AccessEase = 1,
            LegalBasis = "dpv:Contract",
        },
    ]);

    [Fact]
    public void The_JSON_LD_is_valid_against_the_published_schema_and_uses_DCAT_and_DPV()
    {
        var bytes = CatalogueWriter.ToJsonLd(Lyon());
        var schema = JsonSchema.FromText(CatalogueWriter.SchemaJson);
        var node = JsonNode.Parse(bytes)!;
        var result = schema.Evaluate(Element(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))));

        Assert.Equal("dcat:Catalog", (string)node["@type"]!);
        var first = node["dcat:dataset"]![0]!;
        Assert.Equal("pd:ServiceConsumptionBehavior", (string)first["dpv:hasPersonalData"]!["@id"]!);
        Assert.Equal("PT30M", (string)first["dcat:temporalResolution"]!["@value"]!);
        Assert.Equal("http://publications.europa.eu/resource/authority/frequency/DAILY", (string)first["dct:accrualPeriodicity"]!["@id"]!);
        Assert.Equal("200", (string)node["dcat:dataset"]![1]!["dcat:spatialResolutionInMeters"]!["@value"]!);

        // The schema is strict: a dataset without its legal basis, or with an unknown member, is refused.
        var broken = JsonNode.Parse(bytes)!;
        broken["dcat:dataset"]![0]!.AsObject().Remove("dpv:hasLegalBasis");
        Assert.False(schema.Evaluate(Element(broken)).IsValid);
        var extra = JsonNode.Parse(bytes)!;
        extra["dcat:dataset"]![1]!["sd:residentNames"] = "Ada";
        Assert.False(schema.Evaluate(Element(extra)).IsValid);
    }

    private static System.Text.Json.JsonElement Element(JsonNode node) => System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement;

    [Theory]
    [InlineData("category", "not a DPV term")]
    [InlineData("updateFrequency", "not an ISO 8601 duration")]
    [InlineData("accessEase", "not 1, 2 or 3")]
    [InlineData("themes", "required when residents can contribute")]
    [InlineData("id", "used twice")]
    public void An_invalid_entry_is_refused_with_its_entry_and_field(string field, string what)
    {
        var catalogue = Lyon();
        var entry = catalogue.Entries[0];
        var broken = field switch
        {
            "category" => entry with { Category = "energy" },
            "updateFrequency" => entry with { UpdateFrequency = "daily" },
            "accessEase" => entry with { AccessEase = 4 },
            "themes" => entry with { Themes = [] },
            _ => entry with { Id = "tcl-trips" },
        };
        var invalid = catalogue with { Entries = [broken, catalogue.Entries[1]] };
        var result = invalid.Validate();
        Assert.Equal(TerritoryErrorCodes.InvalidCatalogueEntry, result.Error?.Code);
        Assert.Contains($"'{field}'", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(what, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(TerritoryErrorCodes.InvalidCatalogueEntry, Assert.ThrowsAny<SelfDataException>(() => CatalogueWriter.ToJsonLd(invalid)).Code);
    }

    [Fact]
    public void The_page_has_cards_a_map_with_withheld_cells_shown_as_such_and_escapes_what_it_is_given()
    {
        var origin = GridCell.FromCoordinates(45.76, 4.835, 1000).Value;
        var cells = new List<MapCell>();
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var cell = GridCell.FromLaea(origin.Easting + (i * 1000), origin.Northing + (j * 1000), 1000).Value;
                cells.Add(i == 1 && j == 1 ? new MapCell(cell, "A", null) : new MapCell(cell, "V", 1_000_000L * (1 + i + (3 * j))));
            }
        }

        var html = CatalogueWriter.ToHtml(Lyon(), new CatalogueMap("Electricity used in 2025, by 1 km cell", "MWh", 1_000_000, cells), "fr");
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<article").Length - 1);
        Assert.Equal(12, html.Split("<rect x=").Length - 1);
        Assert.Single(html.Split("fill=\"url(#hatch)\"").Skip(1));
        Assert.Contains("masqué : trop peu d&#39;habitants", html, StringComparison.Ordinal);
        Assert.Contains("TCL &lt;Sytral&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("TCL <Sytral>", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"map-title\">", html, StringComparison.Ordinal);
        Assert.Contains("30 minutes", html, StringComparison.Ordinal);
        Assert.Contains("10,0 MWh", html.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CatalogueWriter.ToHtml(Lyon(), null, "de"));
    }
}
