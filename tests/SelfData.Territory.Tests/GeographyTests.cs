using FsCheck;
using FsCheck.Fluent;
using SelfData.Core;
using SelfData.Territory.Geography;

namespace SelfData.Territory.Tests;

public class GeographyTests
{
    // PROJ's GIGS test 5110 (test/gigs/5110.gie), EPSG:3035 forward: longitude, latitude → easting, northing; 0.05 m.
    [Theory]
    [InlineData(5.0, 50.0, 3_962_799.45, 2_999_718.853)]
    [InlineData(10.0, 52.0, 4_321_000.0, 3_210_000.0)]
    [InlineData(0.0, 50.0, 3_606_514.43, 3_036_305.967)]
    [InlineData(5.0, 70.0, 4_127_824.658, 5_214_090.649)]
    public void The_projection_matches_the_GIGS_5110_vectors_to_5_cm(double longitude, double latitude, double easting, double northing)
    {
        var (e, n) = Laea3035.Forward(latitude, longitude);
        Assert.InRange(Math.Abs(e - easting), 0, 0.05);
        Assert.InRange(Math.Abs(n - northing), 0, 0.05);
    }

    [Fact]
    public void A_point_falls_in_the_cell_whose_lower_left_corner_is_its_coordinates_floored()
    {
        var cell = GridCell.FromCoordinates(50.0, 5.0, 200).Value; // E 3,962,799.45, N 2,999,718.853
        Assert.Equal("CRS3035RES200mN2999600E3962600", cell.Id);
        Assert.Equal((200, 2_999_600L, 3_962_600L), (cell.Size, cell.Northing, cell.Easting));
        Assert.Equal("CRS3035RES1000mN2999000E3962000", GridCell.FromCoordinates(50.0, 5.0, 1000).Value.Id);
        Assert.Equal("CRS3035RES1000mN2999000E3962000", cell.Parent(1000).Value.Id);
        Assert.Equal(TerritoryErrorCodes.InvalidGridCell, cell.Parent(300).Error!.Code);
    }

    [Theory]
    [InlineData("CRS3035RES200mN2999600E3962600", true)]
    [InlineData("CRS3035RES100000mN2900000E3900000", true)]
    [InlineData("CRS3035RES200mN2999650E3962600", false)] // corner off the grid
    [InlineData("CRS3035RES300mN2999700E3962700", false)] // 300 does not divide 100 km
    [InlineData("CRS3035RES200mE3962600N2999600", false)] // easting first
    [InlineData("CRS2154RES200mN2999600E3962600", false)] // another CRS
    [InlineData("crs3035res200mn2999600e3962600", false)]
    [InlineData("", false)]
    public void Cell_ids_parse_only_in_their_long_form_on_the_grid(string id, bool valid)
    {
        var parsed = GridCell.Parse(id);
        Assert.Equal(valid, parsed.Success);
        if (valid)
        {
            Assert.Equal(id, parsed.Value.Id);
        }
        else
        {
            Assert.Equal(TerritoryErrorCodes.InvalidGridCell, parsed.Error!.Code);
        }
    }

    [Fact]
    public void Points_outside_the_grid_and_unusable_sizes_are_refused_with_codes()
    {
        Assert.Equal(TerritoryErrorCodes.CoordinatesOutOfRange, GridCell.FromCoordinates(double.NaN, 4.8, 200).Error!.Code);
        Assert.Equal(TerritoryErrorCodes.CoordinatesOutOfRange, GridCell.FromCoordinates(-21.1, 55.5, 200).Error!.Code); // La Réunion: CRS2975, not 3035
        Assert.Equal(TerritoryErrorCodes.InvalidGridCell, GridCell.FromCoordinates(45.76, 4.83, 0).Error!.Code);
        Assert.Equal(TerritoryErrorCodes.InvalidGridCell, GridCell.FromCoordinates(45.76, 4.83, 150).Error!.Code);
    }

    [Fact]
    public void Every_point_of_metropolitan_France_lies_inside_its_cell_and_its_cell_nests_in_the_larger_ones()
    {
        var points = Gen.Choose(4_100_000, 5_120_000).Zip(Gen.Choose(-500_000, 9_600_000)).Select(t => (Lat: t.Item1 / 100_000.0, Lon: t.Item2 / 1_000_000.0));
        Prop.ForAll(points.ToArbitrary(), p =>
        {
            var (e, n) = Laea3035.Forward(p.Lat, p.Lon);
            var cell = GridCell.FromCoordinates(p.Lat, p.Lon, 200).Value;
            var km = GridCell.FromCoordinates(p.Lat, p.Lon, 1000).Value;
            return cell.Easting <= e && e < cell.Easting + 200 && cell.Northing <= n && n < cell.Northing + 200
                && cell.Parent(1000).Value == km
                && GridCell.Parse(cell.Id).Value == cell;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("69123", "69", false)]
    [InlineData("01001", "01", false)]
    [InlineData("2A004", "2A", false)]
    [InlineData("2B033", "2B", false)]
    [InlineData("97411", "974", false)]
    [InlineData("97611", "976", false)]
    [InlineData("75101", "75", true)]
    [InlineData("69381", "69", true)]
    [InlineData("13216", "13", true)]
    public void Commune_codes_follow_the_COG(string code, string department, bool arrondissement)
    {
        var commune = CommuneCode.Parse(code).Value;
        Assert.Equal(code, commune.Value);
        Assert.Equal(department, commune.Department);
        Assert.Equal(arrondissement, commune.IsMunicipalArrondissement);
    }

    [Fact]
    public void Arrondissements_name_their_commune()
    {
        Assert.Equal("75056", CommuneCode.Parse("75120").Value.ParentCommune!.Value.Value);
        Assert.Equal("69123", CommuneCode.Parse("69389").Value.ParentCommune!.Value.Value);
        Assert.Equal("13055", CommuneCode.Parse("13201").Value.ParentCommune!.Value.Value);
        Assert.Null(CommuneCode.Parse("75121").Value.ParentCommune);
        Assert.Null(CommuneCode.Parse("69123").Value.ParentCommune);
    }

    [Theory]
    [InlineData("20004")] // Corsica is 2A/2B
    [InlineData("96001")]
    [InlineData("00001")]
    [InlineData("97711")] // 977 is not one of 971–976
    [InlineData("69000")]
    [InlineData("2C004")]
    [InlineData("6912")]
    [InlineData("691234")]
    [InlineData("69 23")]
    [InlineData(null)]
    public void Other_commune_codes_are_refused(string? code) =>
        Assert.Equal(TerritoryErrorCodes.InvalidCommuneCode, CommuneCode.Parse(code).Error!.Code);

    [Fact]
    public void An_iris_is_its_commune_and_four_digits()
    {
        var iris = IrisCode.Parse("691230101").Value;
        Assert.Equal("69123", iris.Commune.Value);
        Assert.False(iris.IsWholeCommune);
        Assert.True(IrisCode.Parse("010010000").Value.IsWholeCommune);
        Assert.Equal("2A004", IrisCode.Parse("2A0040101").Value.Commune.Value);
        foreach (var bad in new[] { "69123010", "6912301011", "20004 0101", "69123A101", "200040101" })
        {
            Assert.Equal(TerritoryErrorCodes.InvalidIrisCode, IrisCode.Parse(bad).Error!.Code);
        }
    }

    [Fact]
    public void The_documented_example_places_a_point_of_Lyon_in_its_200_m_cell_and_an_iris_in_its_commune()
    {
        var cell = GridCell.FromCoordinates(45.76, 4.835, 200).Value;   // CRS3035RES200mN2...
        var iris = IrisCode.Parse("691230101").Value;                     // iris.Commune == 69123
        Assert.StartsWith("CRS3035RES200mN2", cell.Id, StringComparison.Ordinal);
        Assert.Equal("69123", iris.Commune.Value);
        var (e, n) = Laea3035.Forward(45.76, 4.835);
        Assert.Equal((long)Math.Floor(e / 200) * 200, cell.Easting);
        Assert.Equal((long)Math.Floor(n / 200) * 200, cell.Northing);
    }
}
