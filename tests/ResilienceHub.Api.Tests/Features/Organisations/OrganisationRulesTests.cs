using ResilienceHub.Api.Features.Organisations;

namespace ResilienceHub.Api.Tests.Features.Organisations;

public class OrganisationRulesTests
{
    [Theory]
    [InlineData("RNL", true)]
    [InlineData("01H", true)]
    [InlineData("A81001", true)]
    [InlineData("RX7", true)]
    [InlineData("RN", false)]
    [InlineData("RNL1234", false)]
    [InlineData("rnl", false)]
    [InlineData("RN L", false)]
    [InlineData("RN-L", false)]
    [InlineData("ＲＮＬ", false)]
    public void AnOdsCodeIsThreeToSixCapitalLettersAndDigits(string code, bool valid) => Assert.Equal(valid, OrganisationRules.IsOdsCode(code));

    [Theory]
    [InlineData("LOCAL-CHOC", true)]
    [InlineData("LOCAL-CCC-ASC", true)]
    [InlineData("LOCAL-NWAS111", true)]
    [InlineData("LOCAL-", false)]
    [InlineData("LOCAL-choc", false)]
    [InlineData("LOCAL-CH OC", false)]
    [InlineData("LOCALCHOC", false)]
    [InlineData("LOCAL-ABCDEFGHIJKLMNOPQRSTUVWXYZ", true)]
    [InlineData("LOCAL-ABCDEFGHIJKLMNOPQRSTUVWXYZ0", false)]
    public void ALocalIdentifierIsLocalAndCapitalLettersDigitsOrHyphensWithinThirtyTwoCharacters(string code, bool valid) =>
        Assert.Equal(valid, OrganisationRules.IsLocalIdentifier(code));

    [Theory]
    [InlineData("RNL", false, new string[0])]
    [InlineData("LOCAL-CHOC", true, new string[0])]
    [InlineData("LOCAL-CHOC", false, new[] { "LOCAL_IDENTIFIER_MISMATCH" })]
    [InlineData("RNL", true, new[] { "LOCAL_IDENTIFIER_MISMATCH" })]
    [InlineData("LOCAL-", true, new[] { "INVALID_LOCAL_IDENTIFIER" })]
    [InlineData("rnl", true, new[] { "INVALID_ODS_CODE", "LOCAL_IDENTIFIER_MISMATCH" })]
    public void TheLocalIdentifierFlagAgreesWithThePrefixAndTheCodeIsCheckedByWhatItIs(string code, bool local, string[] problems) =>
        Assert.Equal(problems, OrganisationRules.Validate(code, "A trust", local, null).Select(e => e.Code));

    [Theory]
    [InlineData("NCSRG", true)]
    [InlineData("LSC", true)]
    [InlineData("NW-1", true)]
    [InlineData("1-NW", true)]
    [InlineData("N", false)]
    [InlineData("-NW", false)]
    [InlineData("ncsrg", false)]
    [InlineData("*", false)]
    [InlineData("NC SRG", false)]
    public void AGroupCodeIsCapitalLettersDigitsAndHyphens(string code, bool valid) => Assert.Equal(valid, OrganisationRules.IsGroupCode(code));

    [Fact]
    public void MembersAreCheckedAtTheirIndexAndARetiredOneMayOnlyStay()
    {
        var organisations = new Dictionary<int, OrganisationView>
        {
            [1] = new(1, "RNL", "North Cumbria", OrganisationType.AcuteTrust, false),
            [2] = new(2, "RXN", "Lancashire", OrganisationType.AcuteTrust, false),
            [3] = new(3, "LOCAL-OLD", "Closed", OrganisationType.SocialCare, true, Active: false),
        };
        var errors = new List<Api.GraphQL.UserError>();

        var staying = OrganisationRules.ReadMembers(errors, ["1", "3", "1"], organisations, new HashSet<int> { 3 }, _ => true, id => new("ORGANISATION_NOT_FOUND", id));
        var joining = OrganisationRules.ReadMembers(errors, ["3", "x", "2"], organisations, new HashSet<int>(), o => o.Id != 2, id => new("ORGANISATION_NOT_FOUND", id));

        Assert.Equal([1, 3], staying);
        Assert.Null(joining);
        Assert.Equal([("ORGANISATION_RETIRED", "memberIds.0"), ("ORGANISATION_NOT_FOUND", "memberIds.1"), ("MEMBER_OUTSIDE_SCOPE", "memberIds.2")],
            errors.Select(e => (e.Code, string.Join('.', e.Field!))));
    }
}
