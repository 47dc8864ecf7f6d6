using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Orgs.AddOrg;
using Identity.Application.Users;
using Identity.Application.Users.GetUserById;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using NSubstitute;

namespace Identity.Application.Tests;

public class TenantResolutionBehaviourTests
{
    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly RequestContext _context = TestData.Context();
    private readonly NextSpy<ObjectDetailsDto> _next = new(new ObjectDetailsDto(1, TestData.Created, TestData.Now, "x"));

    private Task<ObjectDetailsDto> Send(SetInitialPasswordCommand? command = null) =>
        new TenantResolutionBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(_context, _organizations, Substitute.For<IUserRepository>(), [])
            .Handle(command ?? new SetInitialPasswordCommand("1", TestData.GoodPassword), CancellationToken.None, _next.Delegate);

    private void Store(Organization org) =>
        _organizations.GetAsync(org.Id, Arg.Any<CancellationToken>()).Returns(org);

    [Fact]
    public async Task Missing_org_is_denied_and_next_is_not_invoked()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(Errors.Auth.OrgNotFoundId, error.Summary.Id);
        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
        Assert.Null(_context.Tenant);
    }

    [Fact]
    public async Task Removed_org_is_denied_and_next_is_not_invoked()
    {
        Store(TestData.Org().WithState(OrgState.Removed));

        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
        Assert.Null(_context.Tenant);
    }

    [Fact]
    public async Task Requested_org_of_another_tenant_that_does_not_exist_is_denied_even_if_the_callers_org_exists()
    {
        Store(TestData.Org());
        _context.RequestedOrgId = "999";

        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task Callers_org_is_the_tenant_when_no_header_is_sent()
    {
        var own = TestData.Org();
        Store(own);

        var result = await Send();

        Assert.Same(own, _context.Tenant);
        Assert.Equal(1, _next.Calls);
        Assert.Equal("x", result.ResourceOwner);
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Blank_header_falls_back_to_the_callers_org(string header)
    {
        var own = TestData.Org();
        Store(own);
        _context.RequestedOrgId = header;

        await Send();

        Assert.Same(own, _context.Tenant);
    }

    [Theory]
    [InlineData("200")]
    [InlineData(" 200 ")]
    public async Task Header_org_is_used_when_present(string header)
    {
        Store(TestData.Org());
        var other = TestData.Org(TestData.OtherOrgId, "Other");
        Store(other);
        _context.RequestedOrgId = header;

        await Send();

        Assert.Same(other, _context.Tenant);
        Assert.Equal(1, _next.Calls);
        await _organizations.Received(1).GetAsync(TestData.OtherOrgId, Arg.Any<CancellationToken>());
        await _organizations.DidNotReceive().GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Inactive_org_is_still_a_tenant()
    {
        var own = TestData.Org().WithState(OrgState.Inactive);
        Store(own);

        await Send();

        Assert.Same(own, _context.Tenant);
    }

    [Fact]
    public async Task Instance_request_skips_resolution()
    {
        var next = new NextSpy<AddOrgResult>(new AddOrgResult("1", new ObjectDetailsDto(1, TestData.Now, TestData.Now, "1")));
        _context.RequestedOrgId = "999";

        var result = await new TenantResolutionBehaviour<AddOrgCommand, AddOrgResult>(_context, _organizations, Substitute.For<IUserRepository>(), [])
            .Handle(new AddOrgCommand("New"), CancellationToken.None, next.Delegate);

        Assert.Equal("1", result.Id);
        Assert.Equal(1, next.Calls);
        Assert.Null(_context.Tenant);
        await _organizations.DidNotReceiveWithAnyArgs().GetAsync(default, default);
    }

    [Fact]
    public async Task Query_gets_a_tenant_too()
    {
        var own = TestData.Org();
        Store(own);
        var next = new NextSpy<UserDto>(_ => null!);

        await new TenantResolutionBehaviour<GetUserByIdQuery, UserDto>(_context, _organizations, Substitute.For<IUserRepository>(), [])
            .Handle(new GetUserByIdQuery("1"), CancellationToken.None, next.Delegate);

        Assert.Same(own, _context.Tenant);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Without_a_caller_the_request_is_unauthenticated()
    {
        _context.Caller = null;

        var error = await Assert.ThrowsAsync<DomainException>(() => Send());

        Assert.Equal(ErrorKind.Unauthenticated, error.Kind);
        Assert.Equal(0, _next.Calls);
    }
}
