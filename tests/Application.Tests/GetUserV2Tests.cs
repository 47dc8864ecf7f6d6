using FluentValidation;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Users;
using Identity.Application.Users.GetUserV2;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>
/// v2 GetUserByID: the tenant is the user's own org (x-zitadel-orgid plays no role), the caller may read
/// itself, and a user where the caller holds no role answers exactly like a user that does not exist.
/// </summary>
public class GetUserV2Tests
{
    private static readonly UserId TargetId = new("7");

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly Dictionary<string, string[]> _rolesByScope = new(StringComparer.Ordinal);
    private readonly List<Func<User>> _stored = [];
    private readonly RequestContext _context = TestData.Context();
    private readonly NextSpy<UserDto> _next = new(_ => null!);

    public GetUserV2Tests()
    {
        _organizations.GetAsync(Arg.Any<OrgId>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<Organization?>(Orgs.FirstOrDefault(o => o.Id == ci.ArgAt<OrgId>(0))));
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<IReadOnlyList<string>>(
                [.. ci.ArgAt<IReadOnlyCollection<string>>(1).SelectMany(scope => _rolesByScope.TryGetValue(scope, out var roles) ? roles : [])]));
        Users = TestData.Users(() => _stored.Select(s => s()).FirstOrDefault() ?? TestData.Machine("none", new OrgId("none")));
    }

    private List<Organization> Orgs { get; } = [TestData.Org(), TestData.Org(TestData.OtherOrgId, "Other")];

    private IUserRepository Users { get; }

    /// <summary>The tenant and authorization behaviours as the pipeline runs them (outermost first), then next.</summary>
    private async Task Send(string userId)
    {
        var query = new GetUserV2Query(userId);
        var authorization = new AuthorizationBehaviour<GetUserV2Query, UserDto>(_context, _memberships);
        await new TenantResolutionBehaviour<GetUserV2Query, UserDto>(_context, _organizations, Users, [new GetUserV2Validator()])
            .Handle(query, CancellationToken.None, () => authorization.Handle(query, CancellationToken.None, _next.Delegate));
    }

    private void Store(Func<User> user) => _stored.Add(user);

    [Fact]
    public async Task The_tenant_is_the_users_org_whatever_the_header_names()
    {
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _context.RequestedOrgId = TestData.OrgId.Value; // the caller's own org: ignored
        _rolesByScope[TestData.OtherOrgId.Value] = [Roles.OrgOwnerViewer];

        await Send(TargetId.Value);

        Assert.Equal(TestData.OtherOrgId, _context.Tenant?.Id);
        Assert.Equal(1, _next.Calls);
    }

    [Theory]
    [InlineData(Roles.OrgOwner)]
    [InlineData(Roles.OrgUserManager)]
    [InlineData(Roles.OrgOwnerViewer)]
    public async Task An_org_role_with_user_read_in_the_users_org_passes(string role)
    {
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _rolesByScope[TestData.OtherOrgId.Value] = [role];

        await Send(TargetId.Value);

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task IAM_OWNER_reads_a_user_of_any_org()
    {
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];

        await Send(TargetId.Value);

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task The_caller_reads_itself_without_any_role()
    {
        Store(() => TestData.Machine(TestData.CallerId.Value));

        await Send(TestData.CallerId.Value);

        Assert.Equal(TestData.OrgId, _context.Tenant?.Id);
        Assert.Equal(1, _next.Calls);
        await _memberships.DidNotReceiveWithAnyArgs().GetRolesAsync(default!, default!, default);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task A_caller_sets_its_own_password_without_a_role_only_with_its_current_password(bool withCurrent, int reached)
    {
        Store(() => TestData.Human(TestData.CallerId.Value));
        var command = new Identity.Application.Users.SetPasswordV2.SetPasswordV2Command(
            TestData.CallerId.Value, "New-Horse-7-Battery", false, withCurrent ? "Old-Horse-7-Battery" : null, null);
        var next = new NextSpy<ObjectDetailsDto>(_ => null!);
        var authorization = new AuthorizationBehaviour<Identity.Application.Users.SetPasswordV2.SetPasswordV2Command, ObjectDetailsDto>(_context, _memberships);

        var call = new TenantResolutionBehaviour<Identity.Application.Users.SetPasswordV2.SetPasswordV2Command, ObjectDetailsDto>(_context, _organizations, Users, [])
            .Handle(command, CancellationToken.None, () => authorization.Handle(command, CancellationToken.None, next.Delegate));

        if (withCurrent)
        {
            await call;
        }
        else
        {
            Assert.Equal("USER-NotFound", (await Assert.ThrowsAsync<DomainException>(() => call)).Summary.Id);
        }

        Assert.Equal(reached, next.Calls);
    }

    [Fact]
    public async Task A_user_where_the_caller_holds_no_role_answers_exactly_like_an_unknown_user()
    {
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _rolesByScope[TestData.OrgId.Value] = [Roles.OrgOwner]; // owner of its own org only

        var hidden = await Assert.ThrowsAsync<DomainException>(() => Send(TargetId.Value));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => Send("404404"));

        Assert.Equal(ErrorKind.NotFound, hidden.Kind);
        Assert.Equal("USER-NotFound", hidden.Summary.Id);
        Assert.Equal(unknown.Kind, hidden.Kind);
        Assert.Equal(unknown.Summary, hidden.Summary);
        Assert.Equal(unknown.Message, hidden.Message);
        Assert.Equal(unknown.Details, hidden.Details);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task A_user_of_the_callers_own_org_is_not_found_either_when_the_caller_holds_no_role()
    {
        Store(() => TestData.Human(TargetId.Value));

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(TargetId.Value));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task A_role_in_the_users_org_without_user_read_is_denied()
    {
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _rolesByScope[TestData.OtherOrgId.Value] = ["ORG_PROJECT_CREATOR"]; // a role that grants nothing here

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(TargetId.Value));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-PermissionDenied", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task A_removed_user_is_not_found_even_for_IAM_OWNER()
    {
        Store(() => TestData.Human(TargetId.Value).Reach(UserState.Removed));
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(TargetId.Value));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Null(_context.Tenant);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task A_user_of_a_removed_org_is_not_found()
    {
        Orgs[1] = TestData.Org(TestData.OtherOrgId, "Other").WithState(OrgState.Removed);
        Store(() => TestData.Human(TargetId.Value, TestData.OtherOrgId));
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(TargetId.Value));

        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u200Bb")]
    [InlineData("a\u0000b")]
    public async Task A_malformed_id_is_refused_before_any_lookup(string userId)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send(userId));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("VALIDATION-InvalidArgument", error.Summary.Id);
        await Users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task An_id_of_201_characters_is_refused_with_the_user_id_rule()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send(new string('1', 201)));

        Assert.Contains(error.Details, d => d.Id == "USER-UserIdInvalid");
        await Users.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public void The_validator_names_the_v2_field()
    {
        var result = new GetUserV2Validator().Validate(new GetUserV2Query(""));

        Assert.Equal("user_id", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public async Task The_handler_shows_the_change_required_flag_and_the_password_change_date()
    {
        var changed = TestData.Now.AddMinutes(-5);
        var user = TestData.Human(TargetId.Value, TestData.OtherOrgId);
        user.SetInitialPassword(TestData.GoodPassword, new Domain.Passwords.PasswordPolicy(Domain.Passwords.PasswordComplexityPolicy.Default, null, false), _ => "HASH", changed, "9");
        var context = TestData.Context(Orgs[1]);

        var dto = await new GetUserV2Handler(context, TestData.Users(() => user)).Handle(new GetUserV2Query(TargetId.Value), CancellationToken.None);

        Assert.Equal(UserState.Active, dto.State);
        Assert.NotNull(dto.Human);
        Assert.True(dto.Human.PasswordChangeRequired);
        Assert.Equal(changed, dto.Human.PasswordChanged);
        Assert.Equal(["alice@other.acme.localhost"], dto.LoginNames);
        Assert.Equal("200", dto.Details.ResourceOwner);
        Assert.Equal(2, dto.Details.Sequence);
    }

    [Fact]
    public async Task The_handler_shows_an_imported_user_without_the_flag()
    {
        var context = TestData.Context(Orgs[0]);

        var dto = await new GetUserV2Handler(context, TestData.Users(() => TestData.Human(TargetId.Value))).Handle(new GetUserV2Query(TargetId.Value), CancellationToken.None);

        Assert.Equal(UserState.Initial, dto.State);
        Assert.False(dto.Human!.PasswordChangeRequired);
        Assert.Null(dto.Human.PasswordChanged);
    }

    [Fact]
    public async Task The_handler_reads_machine_users()
    {
        var context = TestData.Context(Orgs[0]);

        var dto = await new GetUserV2Handler(context, TestData.Users(() => TestData.Machine(TargetId.Value))).Handle(new GetUserV2Query(TargetId.Value), CancellationToken.None);

        Assert.Null(dto.Human);
        Assert.Equal("Robot", dto.Machine!.Name);
        Assert.False(dto.Machine.HasSecret);
    }

    [Fact]
    public void The_query_takes_its_tenant_from_the_user_and_is_no_instance_request()
    {
        Assert.IsAssignableFrom<ITenantFromUser>(new GetUserV2Query("1"));
        Assert.False(typeof(IInstanceRequest).IsAssignableFrom(typeof(GetUserV2Query)));
        Assert.True(new GetUserV2Query("1").SelfAllowed);
        Assert.Equal(Permissions.UserRead, new GetUserV2Query("1").Permission);
    }
}
