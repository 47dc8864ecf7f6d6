using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>The no-escalation-through-the-target rule (<see cref="Roles.Outranks"/>) and its supporting pieces.</summary>
public class TargetRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly OrgId Org = new("1");
    private static readonly OrgId Other = new("2");
    private static readonly UserId Caller = new("10");
    private static readonly UserId Target = new("20");

    private static Membership In(OrgId org, UserId user, params string[] roles) => Membership.ForOrg(org, user, roles, Now);

    private static Membership Iam(UserId user) => Membership.ForInstance(user, Now);

    public static TheoryData<string, string, bool> OrgCases() => new()
    {
        { Roles.OrgUserManager, Roles.OrgUserManager, true },
        { Roles.OrgUserManager, Roles.OrgOwner, false },
        { Roles.OrgUserManager, Roles.OrgOwnerViewer, false },
        { Roles.OrgOwner, Roles.OrgOwner, true },
        { Roles.OrgOwner, Roles.OrgUserManager, true },
        { Roles.OrgOwner, Roles.OrgOwnerViewer, true },
        { Roles.OrgOwnerViewer, Roles.OrgUserManager, false },
    };

    [Theory]
    [MemberData(nameof(OrgCases))]
    public void In_one_org_the_caller_needs_every_permission_of_the_target(string callerRole, string targetRole, bool allowed) =>
        Assert.Equal(allowed, Roles.Outranks([In(Org, Caller, callerRole)], [In(Org, Target, targetRole)]));

    [Fact]
    public void A_target_without_roles_is_outranked_by_anyone() => Assert.True(Roles.Outranks([], []));

    [Fact]
    public void Only_an_iam_owner_outranks_an_iam_owner()
    {
        Assert.False(Roles.Outranks([In(Org, Caller, Roles.OrgOwner)], [Iam(Target)]));
        Assert.True(Roles.Outranks([Iam(Caller)], [Iam(Target), In(Org, Target, Roles.OrgOwner), In(Other, Target, Roles.OrgOwner)]));
    }

    [Fact]
    public void Every_scope_of_the_target_counts()
    {
        Membership[] caller = [In(Org, Caller, Roles.OrgOwner)];

        Assert.False(Roles.Outranks(caller, [In(Org, Target, Roles.OrgUserManager), In(Other, Target, Roles.OrgOwnerViewer)]));
        Assert.True(Roles.Outranks([.. caller, In(Other, Caller, Roles.OrgOwnerViewer)], [In(Org, Target, Roles.OrgUserManager), In(Other, Target, Roles.OrgOwnerViewer)]));
    }

    [Fact]
    public void Roles_in_another_org_do_not_count_for_this_one() =>
        Assert.False(Roles.Outranks([In(Other, Caller, Roles.OrgOwner)], [In(Org, Target, Roles.OrgUserManager)]));

    [Fact]
    public void Permissions_of_roles_are_their_union_and_unknown_roles_grant_nothing()
    {
        Assert.Empty(Roles.PermissionsOf(["NOT_A_ROLE"]));
        Assert.Equal(
            Roles.PermissionsOf([Roles.OrgOwner]).Order(StringComparer.Ordinal),
            Roles.PermissionsOf([Roles.OrgUserManager, Roles.OrgOwnerViewer, Roles.OrgOwner]).Order(StringComparer.Ordinal));
        Assert.Contains(Permissions.OrgCreate, Roles.PermissionsOf([Roles.IamOwner]));
    }

    [Fact]
    public void Touch_raises_the_membership_version()
    {
        var membership = Iam(Target);

        membership.Touch();
        membership.Touch();

        Assert.Equal(2, membership.Version);
    }

    [Fact]
    public void Removing_a_token_raises_one_event_with_its_id_only()
    {
        var user = User.CreateMachine(Target, Org, "bot", new MachineProfile("Bot", "", AccessTokenType.Bearer), Now, "x");
        var token = user.AddPersonalAccessToken(new TokenId("t"), new string('f', 64), null, Now, "x");

        user.RemovePersonalAccessToken(token, Now.AddHours(1), "editor");

        Assert.Equal(2, token.Sequence);
        Assert.Equal(3, user.Sequence);
        var raised = user.PendingEvents[^1];
        Assert.Equal("user.personal.access.token.removed", raised.Type);
        Assert.Equal(["tokenId"], raised.Payload.Keys);
        Assert.Equal("editor", raised.EditorId);
    }

    [Fact]
    public void A_token_of_another_user_is_not_found()
    {
        var user = User.CreateMachine(Target, Org, "bot", new MachineProfile("Bot", "", AccessTokenType.Bearer), Now, "x");
        var token = new PersonalAccessToken(new TokenId("t"), Caller, new string('f', 64), null, Now);

        var error = Assert.Throws<DomainException>(() => user.RemovePersonalAccessToken(token, Now, "editor"));

        Assert.Equal(Errors.User.TokenNotFoundId, error.Summary.Id);
        Assert.Equal(1, user.Sequence);
    }
}
