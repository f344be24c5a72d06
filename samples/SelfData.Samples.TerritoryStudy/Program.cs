// docs/territory.md quotes the region below as its worked example; CI builds and runs it.
using System.Security.Cryptography;
using SelfData.Core;
using SelfData.Territory.Aggregation;
using SelfData.Territory.Release;
using SelfData.Territory.Secrecy;
using SelfData.Territory.Tables;

// #region worked-example
// A study of electricity in two IRIS of Lyon 1er and one of Lyon 2e, over two months.
// IRIS 693810102 has only 4 residents taking part: fewer than k = 10.
var areas = Hierarchy.IrisCommunes(["693810101", "693810102", "693820101"]).GetValueOrThrow();
var months = Hierarchy.Months(["2025-01", "2025-02"]).GetValueOrThrow();
var aggregator = new TableAggregator(areas, months);
var secret = RandomNumberGenerator.GetBytes(32);   // the study's secret: pseudonyms differ per study
var residents = new[] { ("693810101", 14), ("693810102", 4), ("693820101", 25) };
var person = 0;
foreach (var (iris, count) in residents)
{
    for (var i = 0; i < count; i++, person++)
    {
        var key = ContributorKey.Derive(secret, new SubjectId("resident-" + person));
        aggregator.AddContributor(key, [(iris, "2025-01", 250_000L + (person * 1_000)), (iris, "2025-02", 230_000L + (person * 900))]);
    }
}

// Primary rules, secondary suppression, the independent audit, and the ledger of what is already public.
var ledger = new InMemoryReleaseLedger();
var options = new ReleaseOptions(SecrecyRules.EnergyResidential);
var release = (await TableReleaser.ReleaseAsync(aggregator.ToTable(), options, "lyon-electricity", ledger)).GetValueOrThrow();
foreach (var cell in release.Cells)
{
    Console.WriteLine($"{cell.Area,-10} {cell.Period,-8} {cell.StatusCode} {cell.Contributors,3} {cell.Value,10}");
}

Console.WriteLine($"audit passed: {release.Audit.Passed}, {release.Audit.Suppressed} cells withheld, none recomputable");
// #endregion

// The sample fails CI if the release is not what docs/territory.md shows.
var withheld = release.Cells.Where(c => c.Status != CellStatus.Published).Select(c => c.Area + " " + c.Period).ToList();
return release.Audit.Passed && withheld.Count == 6 && withheld.All(w => w.StartsWith("693810", StringComparison.Ordinal)) ? 0 : 1;
