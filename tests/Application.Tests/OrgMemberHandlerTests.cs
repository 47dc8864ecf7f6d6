using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Application.Orgs.ListOrgMembers;
using Identity.Application.Orgs.RemoveOrgMember;
using Identity.Application.Orgs.UpdateOrgMember;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>UpdateOrgMember, RemoveOrgMember and ListOrgMembers: the member must exist, roles above the caller's are refused, an active owner stays.</summary>
public class OrgMemberHandlerTests
{
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly Organization _tenant = TestData.Org();
    private readonly Organization _stored = TestData.Org();
    private readonly RequestContext _context;
    private readonly List<Membership> _members = [];
    private readonly List<User> _people = [];
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();

    public OrgMemberHandlerTests()
    {
        _context = TestData.Context(_tenant);
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_stored);
        _memberships.ListInScopeAsync(TestData.OrgId.Value, Arg.Any<CancellationToken>()).Returns(_ => _members.ToList());
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([Roles.OrgOwner]);
        _users.FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>())
            .Returns(call => _people.Where(p => call.Arg<IReadOnlyCollection<UserId>>().Contains(p.Id)).ToList());
    }

    private OrgMemberRules Rules => new(_context, _memberships, _users);

    private Membership Member(string id, UserState state = UserState.Active, params string[] roles)
    {
        var user = state == UserState.Active
            ? User.ImportHuman(new UserId(id), TestData.OrgId, "user" + id, TestData.Profile(), TestData.GoodPassword, false,
                new Domain.Passwords.PasswordPolicy(Domain.Passwords.PasswordComplexityPolicy.Default, null, false), _ => "hash", TestData.Created, TestData.CallerId.Value)
            : TestData.Human(id, userName: "user" + id).Reach(state);

        _people.Add(user);
        var membership = Membership.ForOrg(TestData.OrgId, user.Id, roles.Length == 0 ? [Roles.OrgOwnerViewer] : roles, TestData.Created);
        _members.Add(membership);
        return membership;
    }

    private Task<ObjectDetailsDto> Update(string id, params string[] roles) =>
        new UpdateOrgMemberHandler(_context, _organizations, Rules, new FakeTimeProvider(TestData.Now)).Handle(new UpdateOrgMemberCommand(id, roles), CancellationToken.None);

    private Task<ObjectDetailsDto> Remove(string id) =>
        new RemoveOrgMemberHandler(_context, _organizations, _memberships, Rules, new FakeTimeProvider(TestData.Now)).Handle(new RemoveOrgMemberCommand(id), CancellationToken.None);

    [Fact]
    public async Task Update_replaces_the_roles_and_answers_the_orgs_details()
    {
        var member = Member("1");

        var details = await Update("1", Roles.OrgSettingsManager);

        Assert.Equal([Roles.OrgSettingsManager], member.Roles);
        Assert.Equal(_stored.Sequence, details.Sequence);
        Assert.IsType<OrgMemberChanged>(Assert.Single(_stored.PendingEvents, e => e is not OrgAdded));
    }

    [Fact]
    public async Task A_user_who_is_no_member_answers_member_not_found()
    {
        Member("1");

        var update = await Assert.ThrowsAsync<DomainException>(() => Update("2", Roles.OrgOwnerViewer));
        var remove = await Assert.ThrowsAsync<DomainException>(() => Remove("2"));

        Assert.Equal((Errors.Member.NotFoundId, Errors.Member.NotFoundId), (update.Summary.Id, remove.Summary.Id));
        _memberships.DidNotReceive().Remove(Arg.Any<Membership>());
    }

    [Fact]
    public async Task Roles_that_grant_more_than_the_callers_own_are_refused()
    {
        var member = Member("1");
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([Roles.OrgUserManager]);

        var error = await Assert.ThrowsAsync<DomainException>(() => Update("1", Roles.OrgSettingsManager));

        Assert.Equal(Errors.Member.RoleAboveCallerId, error.Summary.Id);
        Assert.Equal([Roles.OrgOwnerViewer], member.Roles);
    }

    /// <summary>The pipeline's target rule sees users of the tenant only; a member of another org is checked here.</summary>
    [Fact]
    public async Task A_member_who_outranks_the_caller_is_neither_changed_nor_removed_whatever_org_the_user_is_in()
    {
        var iamOwner = Member("7", UserState.Active, Roles.OrgOwner);
        Member("1", UserState.Active, Roles.OrgOwner);
        _memberships.ListOfUserAsync(iamOwner.UserId, Arg.Any<CancellationToken>()).Returns([iamOwner, Membership.ForInstance(iamOwner.UserId, TestData.Created)]);
        _memberships.ListOfUserAsync(TestData.CallerId, Arg.Any<CancellationToken>()).Returns([Membership.ForOrg(TestData.OrgId, TestData.CallerId, [Roles.OrgOwner], TestData.Created)]);

        var update = await Assert.ThrowsAsync<DomainException>(() => Update("7", Roles.OrgOwnerViewer));
        var remove = await Assert.ThrowsAsync<DomainException>(() => Remove("7"));

        Assert.Equal((Errors.Auth.TargetOutranksCallerId, Errors.Auth.TargetOutranksCallerId), (update.Summary.Id, remove.Summary.Id));
        Assert.Equal([Roles.OrgOwner], iamOwner.Roles);
        _memberships.DidNotReceive().Remove(Arg.Any<Membership>());
    }

    [Fact]
    public async Task The_last_active_owner_can_neither_be_demoted_nor_removed()
    {
        var owner = Member("1", UserState.Active, Roles.OrgOwner);
        Member("2", UserState.Inactive, Roles.OrgOwner);
        Member("3", UserState.Active, Roles.OrgOwnerViewer);

        var demote = await Assert.ThrowsAsync<DomainException>(() => Update("1", Roles.OrgOwnerViewer));
        var remove = await Assert.ThrowsAsync<DomainException>(() => Remove("1"));

        Assert.Equal((Errors.Member.LastOwnerId, Errors.Member.LastOwnerId), (demote.Summary.Id, remove.Summary.Id));
        Assert.Equal([Roles.OrgOwner], owner.Roles);
        _memberships.DidNotReceive().Remove(Arg.Any<Membership>());
    }

    [Fact]
    public async Task With_another_active_owner_an_owner_is_removed_and_every_owner_membership_is_touched()
    {
        var owner = Member("1", UserState.Active, Roles.OrgOwner);
        var other = Member("2", UserState.Active, Roles.OrgOwner);
        var versions = (owner.Version, other.Version);

        await Remove("1");

        _memberships.Received(1).Remove(owner);
        Assert.True(owner.Version > versions.Item1 && other.Version > versions.Item2, "both owner memberships are touched");
        Assert.IsType<OrgMemberRemoved>(_stored.PendingEvents[^1]);
    }

    [Fact]
    public async Task An_owner_who_keeps_the_role_may_change_the_others()
    {
        var owner = Member("1", UserState.Active, Roles.OrgOwner);

        await Update("1", Roles.OrgOwner, Roles.OrgSettingsManager);

        Assert.Equal([Roles.OrgOwner, Roles.OrgSettingsManager], owner.Roles);
    }

    [Fact]
    public async Task List_filters_orders_and_pages_the_members_of_the_tenant()
    {
        Member("1", UserState.Active, Roles.OrgOwner);
        Member("2");
        Member("3").Stamp(0, TestData.Now);
        Member("4", UserState.Removed);
        var handler = new ListOrgMembersHandler(_context, _memberships, _users, _organizations, new FakeTimeProvider(TestData.Now));

        var all = await handler.Handle(new ListOrgMembersQuery([], 0, 0, Asc: true), CancellationToken.None);
        var page = await handler.Handle(new ListOrgMembersQuery([], 1, 1, Asc: false), CancellationToken.None);
        var byId = await handler.Handle(new ListOrgMembersQuery([new MemberUserIdFilter("2")], 0, 0, true), CancellationToken.None);
        var byName = await handler.Handle(new ListOrgMembersQuery([new MemberFirstNameFilter(new TextQuery("ALI", TextMatch.StartsWithIgnoreCase)), new MemberUserIdFilter("3")], 0, 0, true), CancellationToken.None);
        var none = await handler.Handle(new ListOrgMembersQuery([new MemberFirstNameFilter(new TextQuery("ALI", TextMatch.StartsWith))], 0, 0, true), CancellationToken.None);

        Assert.Equal(["1", "2", "3"], all.Result.Select(m => m.UserId));
        Assert.Equal(3, all.TotalResult);
        Assert.Equal(["2"], page.Result.Select(m => m.UserId));
        Assert.Equal(3, page.TotalResult);
        Assert.Equal(["2"], byId.Result.Select(m => m.UserId));
        Assert.Equal(["3"], byName.Result.Select(m => m.UserId));
        Assert.Empty(none.Result);
        var first = all.Result[0];
        Assert.Equal([Roles.OrgOwner], first.Roles);
        Assert.Equal(("user1@" + _tenant.PrimaryDomain, TestData.OrgId.Value, false), (first.PreferredLoginName, first.UserResourceOwner, first.IsMachine));
        Assert.Equal(TestData.Now, all.Result[2].Details.ChangeDate);
    }
}
