using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SelfData.Portability;
using SelfData.Core;

namespace SelfData.Conformance.Tests;

/// <summary>The compatible level only ever accepts more: whatever is valid at strict is valid at compatible, in the same profile.</summary>
public class LevelTests
{
    [Property(MaxTest = 300)]
    public Property Everything_valid_at_strict_is_valid_at_compatible() =>
        Prop.ForAll(FlagEvaluatorTests.Documents.ToArbitrary(), sample =>
        {
            var strict = Validators.Of(ConformanceLevel.Strict, sample.Profile).Validate(sample.Json, sample.Doctype);
            var compatible = Validators.Of(ConformanceLevel.Compatible, sample.Profile).Validate(sample.Json, sample.Doctype);
            return (!strict.IsValid || compatible.IsValid)
                .Label($"{sample.Doctype} {sample.Profile}: strict valid, compatible errors: " + string.Join("; ", compatible.Errors.Select(e => $"{e.Code} {e.InstanceLocation}")));
        });

    [Fact]
    public void Compatible_is_looser_on_every_strict_error_of_the_real_world_documents()
    {
        // The converse does not hold: the real-world documents pass compatible and fail strict.
        foreach (var row in RealWorldDocumentTests.Documents)
        {
            var (doctype, profile, json) = ((string)row[0], (ExportProfile)row[1], (string)row[2]);
            Assert.False(Validators.Of(ConformanceLevel.Strict, profile).Validate(json, doctype).IsValid);
            Assert.True(Validators.Of(ConformanceLevel.Compatible, profile).Validate(json, doctype).IsValid);
        }
    }
}
