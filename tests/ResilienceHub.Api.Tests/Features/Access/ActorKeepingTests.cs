using ResilienceHub.Api.Features.Access;

namespace ResilienceHub.Api.Tests.Features.Access;

/// <summary>Who keeps which reference data, as <see cref="Actor"/> decides it.</summary>
public class ActorKeepingTests
{
    private static Actor As(string role, params string[] groups) => new("someone", [role], [], null, "sub", groups);

    [Fact]
    public void AnAdminKeepsTheOrganisationsOfItsGroupsAndAnyInNoGroup()
    {
        Assert.True(As(Roles.Admin, "NCSRG").MayKeepOrganisation(["NCSRG"]));
        Assert.True(As(Roles.Admin, "NCSRG").MayKeepOrganisation(["LSC", "NCSRG"]));
        Assert.False(As(Roles.Admin, "NCSRG").MayKeepOrganisation(["LSC"]));
        Assert.True(As(Roles.Admin, "NCSRG").MayKeepOrganisation([]));
        Assert.True(As(Roles.Admin).MayKeepOrganisation([]));
        Assert.True(As(Roles.Admin, Actor.EveryGroup).MayKeepOrganisation(["LSC"]));
        Assert.False(As(Roles.Director, Actor.EveryGroup).MayKeepOrganisation([]));
    }

    [Fact]
    public void AnAdminKeepsItsOwnGroupsAndOnlyAnAdminOfEveryGroupMakesANewOneOrKeepsTheCatalogue()
    {
        Assert.True(As(Roles.Admin, "NCSRG").MayKeepGroup("NCSRG", exists: true));
        Assert.True(As(Roles.Admin, "ncsrg").MayKeepGroup("NCSRG", exists: true));
        Assert.False(As(Roles.Admin, "NCSRG").MayKeepGroup("LSC", exists: true));
        Assert.False(As(Roles.Admin, "NCSRG").MayKeepGroup("NEW", exists: false));
        Assert.True(As(Roles.Admin, Actor.EveryGroup).MayKeepGroup("NEW", exists: false));
        Assert.False(As(Roles.Viewer, Actor.EveryGroup).MayKeepGroup("NCSRG", exists: true));
        Assert.True(As(Roles.Admin, Actor.EveryGroup).MayKeepCatalogue);
        Assert.False(As(Roles.Admin, "NCSRG").MayKeepCatalogue);
        Assert.False(As(Roles.Director, Actor.EveryGroup).MayKeepCatalogue);
    }
}
