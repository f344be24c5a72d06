namespace SelfData.Core.Tests;

public class SubjectAndHolderTests
{
    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("germaine.dupond@example.org")]
    [InlineData("surrogate_42")]
    public void Pseudonymous_subject_ids_are_accepted(string value) =>
        Assert.Equal(value, new SubjectId(value).Value);

    [Theory]
    [InlineData("")]
    [InlineData(" padded")]
    [InlineData("padded ")]
    [InlineData("tab\tinside")]
    public void Malformed_subject_ids_fail_with_SD9002(string value) =>
        Assert.Equal(CoreErrorCodes.InvalidSubjectId, SubjectId.Parse(value).Error!.Code);

    [Fact]
    public void Overlong_subject_ids_fail_with_SD9002() =>
        Assert.Equal("SD9002", SubjectId.Parse(new string('x', SubjectId.MaxLength + 1)).Error!.Code);

    [Fact]
    public void Holder_keeps_its_namespace_and_display_name()
    {
        var holder = new HolderId("enedis", "fr.enedis", "Enedis");
        Assert.Equal("enedis", holder.Id);
        Assert.Equal("fr.enedis", holder.DoctypeNamespace);
        Assert.Equal("Enedis", holder.DisplayName);
        Assert.Equal("edf", new HolderId("edf", "fr.edf").DisplayName);
    }

    [Theory]
    [InlineData("EDF", "fr.edf")]
    [InlineData("-edf", "fr.edf")]
    [InlineData("edf", "fredf")]
    [InlineData("edf", "fr..edf")]
    [InlineData("edf", "Fr.Edf")]
    [InlineData("", "fr.edf")]
    public void Malformed_holders_fail_with_SD9003(string id, string ns)
    {
        Assert.Equal(CoreErrorCodes.InvalidHolderId, HolderId.Parse(id, ns).Error!.Code);
        Assert.Equal("SD9003", Assert.Throws<SelfDataValidationException>(() => new HolderId(id, ns)).Code);
    }
}
