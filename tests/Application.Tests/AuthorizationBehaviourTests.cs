using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Orgs.AddOrg;
using Identity.Application.Orgs.GetMyOrg;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Access;
using Identity.Domain.Common;
using MediatR;
using NSubstitute;

namespace Identity.Application.Tests;

public class AuthorizationBehaviourTests
{
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly Dictionary<string, string[]> _rolesByScope = new(StringComparer.Ordinal);
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private readonly NextSpy<ObjectDetailsDto> _next = new(new ObjectDetailsDto(7, TestData.Created, TestData.Now, "100"));

    public AuthorizationBehaviourTests()
    {
        // the store: the caller's roles per scope; the fake answers only the scopes it is asked for
        _memberships.GetRolesAsync(TestData.CallerId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<IReadOnlyList<string>>(
                [.. ci.ArgAt<IReadOnlyCollection<string>>(1).SelectMany(scope => _rolesByScope.TryGetValue(scope, out var roles) ? roles : [])]));
    }

    private Task<ObjectDetailsDto> Send() =>
        new AuthorizationBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(_context, _memberships)
            .Handle(new SetInitialPasswordCommand("1", TestData.GoodPassword), CancellationToken.None, _next.Delegate);

    private static bool SameScopes(IReadOnlyCollection<string> actual, params string[] expected) =>
        actual.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    [Fact]
    public async Task Caller_without_a_role_is_denied_and_next_is_not_invoked()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-PermissionDenied", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    [Theory]
    [InlineData(Roles.OrgOwner)]
    [InlineData(Roles.OrgUserManager)]
    public async Task Org_role_granting_the_permission_in_the_tenant_passes(string role)
    {
        _rolesByScope[TestData.OrgId.Value] = [role];

        var result = await Send();

        Assert.Equal(7, result.Sequence);
        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task Org_role_without_the_permission_is_denied()
    {
        _rolesByScope[TestData.OrgId.Value] = [Roles.OrgOwnerViewer];

        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task Org_role_in_another_org_does_not_count()
    {
        _rolesByScope[TestData.OtherOrgId.Value] = [Roles.OrgOwner];

        await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task IAM_OWNER_in_the_instance_scope_passes()
    {
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];

        await Send();

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task Org_request_asks_for_the_instance_and_the_tenant_scope()
    {
        _rolesByScope[TestData.OrgId.Value] = [Roles.OrgOwner];

        await Send();

        await _memberships.Received(1).GetRolesAsync(
            TestData.CallerId,
            Arg.Is<IReadOnlyCollection<string>>(s => SameScopes(s, Membership.InstanceScope, "100")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Instance_request_only_looks_at_the_instance_scope()
    {
        _context.Tenant = null; // no tenant is resolved for instance requests
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];
        var next = new NextSpy<AddOrgResult>(new AddOrgResult("5", new ObjectDetailsDto(1, TestData.Now, TestData.Now, "5")));

        var result = await new AuthorizationBehaviour<AddOrgCommand, AddOrgResult>(_context, _memberships)
            .Handle(new AddOrgCommand("New"), CancellationToken.None, next.Delegate);

        Assert.Equal("5", result.Id);
        Assert.Equal(1, next.Calls);
        await _memberships.Received(1).GetRolesAsync(
            TestData.CallerId,
            Arg.Is<IReadOnlyCollection<string>>(s => SameScopes(s, Membership.InstanceScope)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Instance_request_ignores_org_roles()
    {
        _context.Tenant = null;
        _rolesByScope[TestData.OrgId.Value] = [Roles.OrgOwner];
        var next = new NextSpy<AddOrgResult>(new AddOrgResult("5", new ObjectDetailsDto(1, TestData.Now, TestData.Now, "5")));

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            new AuthorizationBehaviour<AddOrgCommand, AddOrgResult>(_context, _memberships)
                .Handle(new AddOrgCommand("New"), CancellationToken.None, next.Delegate));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Read_permission_is_checked_for_queries()
    {
        _rolesByScope[TestData.OrgId.Value] = [Roles.OrgOwnerViewer];
        var next = new NextSpy<Identity.Application.Orgs.OrgDto>(_ => null!);

        await new AuthorizationBehaviour<GetMyOrgQuery, Identity.Application.Orgs.OrgDto>(_context, _memberships)
            .Handle(new GetMyOrgQuery(), CancellationToken.None, next.Delegate);

        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Request_that_declares_no_permission_is_refused()
    {
        _rolesByScope[Membership.InstanceScope] = [Roles.IamOwner];
        var next = new NextSpy<int>(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AuthorizationBehaviour<UndeclaredRequest, int>(_context, _memberships)
                .Handle(new UndeclaredRequest(), CancellationToken.None, next.Delegate));

        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Without_a_caller_the_request_is_unauthenticated()
    {
        _context.Caller = null;

        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.Unauthenticated, error.Kind);
        Assert.Equal(0, _next.Calls);
    }

    public sealed record UndeclaredRequest : IRequest<int>;
}
