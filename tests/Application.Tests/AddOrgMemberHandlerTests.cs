using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs.AddOrgMember;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class AddOrgMemberHandlerTests
{
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly IUserRepository _users = TestData.Users(() => TestData.Human("1"), () => TestData.Human("5", TestData.OtherOrgId), () => TestData.Human("6").Reach(UserState.Removed));

    /// <summary>The copy the tenant behaviour resolved; the handler must not change it.</summary>
    private readonly Organization _tenant = TestData.Org();

    /// <summary>The copy the repository loads inside the unit of work.</summary>
    private readonly Organization _stored = TestData.Org();

    private readonly RequestContext _context;

    public AddOrgMemberHandlerTests()
    {
        _context = TestData.Context(_tenant);
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_stored);
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([Roles.OrgOwner]);
    }

    private AddOrgMemberHandler Handler() =>
        new(_context, _organizations, _users, _memberships, new Orgs.OrgMemberRules(_context, _memberships, _users), new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task A_caller_whose_roles_grant_less_cannot_give_the_roles_and_nothing_is_added()
    {
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([Roles.OrgSettingsManager]);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add("1", Roles.OrgUserManager));

        Assert.Equal(Errors.Member.RoleAboveCallerId, error.Summary.Id);
        _memberships.DidNotReceive().Add(Arg.Any<Membership>());
        await _memberships.Received(1).GetRolesAsync(TestData.CallerId,
            Arg.Is<IReadOnlyCollection<string>>(s => s.Count == 2 && s.Contains(Membership.InstanceScope) && s.Contains(TestData.OrgId.Value)), Arg.Any<CancellationToken>());
    }

    private Task<ObjectDetailsDto> Add(string userId = "1", params string[] roles) =>
        Handler().Handle(new AddOrgMemberCommand(userId, roles.Length == 0 ? [Roles.OrgUserManager] : roles), CancellationToken.None);

    [Fact]
    public async Task Member_is_added_and_the_org_details_answer()
    {
        Membership? added = null;
        _memberships.Add(Arg.Do<Membership>(m => added = m));

        var details = await Add("1", Roles.OrgUserManager, Roles.OrgOwnerViewer, Roles.OrgUserManager);

        _memberships.Received(1).Add(Arg.Any<Membership>());
        Assert.NotNull(added);
        Assert.Equal(TestData.OrgId.Value, added.Scope);
        Assert.Equal(new UserId("1"), added.UserId);
        Assert.Equal([Roles.OrgUserManager, Roles.OrgOwnerViewer], added.Roles);
        Assert.Equal(TestData.Now, added.CreatedAt);

        Assert.Equal(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var memberAdded = _stored.PendingEvents[^1];
        Assert.Equal("org.member.added", memberAdded.Type);
        Assert.Equal(2, memberAdded.Sequence);
        Assert.Equal(TestData.CallerId.Value, memberAdded.EditorId);
        Assert.Equal("1", memberAdded.Payload["userId"]);
        await _memberships.Received(1).ExistsAsync(TestData.OrgId.Value, new UserId("1"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Org_is_loaded_through_the_repository_not_taken_from_the_context()
    {
        await Add();

        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
        Assert.Equal(2, _stored.Sequence);
        Assert.Equal(1, _tenant.Sequence);
        Assert.Single(_tenant.PendingEvents);
    }

    [Fact]
    public async Task Org_that_cannot_be_loaded_is_denied_and_nothing_is_added()
    {
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns((Organization?)null);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add());

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Fact]
    public async Task Org_removed_since_the_tenant_was_resolved_is_denied()
    {
        _stored.WithState(OrgState.Removed); // organizations have no state-change methods

        var error = await Assert.ThrowsAsync<DomainException>(() => Add());

        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
    }

    [Theory]
    [InlineData("5")] // a user of another org
    [InlineData("6")] // removed
    [InlineData("404")]
    public async Task User_not_in_the_tenant_is_not_found_and_nothing_is_added(string userId)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add(userId));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
        Assert.Equal(1, _stored.Sequence);
        await _users.Received(1).GetAsync(TestData.OrgId, new UserId(userId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Existing_member_is_AlreadyExists_and_nothing_is_added()
    {
        _memberships.ExistsAsync(TestData.OrgId.Value, new UserId("1"), Arg.Any<CancellationToken>()).Returns(true);

        var error = await Assert.ThrowsAsync<DomainException>(() => Add("1", Roles.OrgOwner));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("MEMBER-AlreadyExists", error.Summary.Id);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
        Assert.Equal(1, _stored.Sequence);
        Assert.Single(_stored.PendingEvents);
    }

    [Fact]
    public async Task Invalid_role_that_got_past_validation_is_still_refused_and_nothing_is_added()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Add("1", Roles.IamOwner));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
        _memberships.DidNotReceiveWithAnyArgs().Add(default!);
        Assert.Equal(1, _stored.Sequence);
    }

    [Fact]
    public void Command_needs_org_member_write()
    {
        Assert.Equal(Permissions.OrgMemberWrite, new AddOrgMemberCommand("1", [Roles.OrgOwner]).Permission);
    }
}
