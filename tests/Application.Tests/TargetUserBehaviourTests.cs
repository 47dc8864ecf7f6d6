using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Common.Behaviours;
using Identity.Application.Policies.ResetPasswordComplexityPolicy;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class TargetUserBehaviourTests
{
    private static readonly OrgId ThirdOrg = new("300");
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly List<Membership> _store = [];
    private readonly RequestContext _context = TestData.Context(TestData.Org());
    private readonly NextSpy<ObjectDetailsDto> _next = new(new ObjectDetailsDto(7, TestData.Created, TestData.Now, "100"));
    private readonly User _target = TestData.Human("1");

    public TargetUserBehaviourTests() =>
        _memberships.ListOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<IReadOnlyList<Membership>>(_store.Where(m => m.UserId == ci.ArgAt<UserId>(0)).ToList()));

    private void Grant(UserId user, OrgId? org, params string[] roles) =>
        _store.Add(org is null ? Membership.ForInstance(user, TestData.Created) : Membership.ForOrg(org.Value, user, roles, TestData.Created));

    private Task<ObjectDetailsDto> Send(IUserRepository? users = null, string targetId = "1") =>
        new TargetUserBehaviour<SetInitialPasswordCommand, ObjectDetailsDto>(_context, users ?? TestData.Users(() => _target), _memberships)
            .Handle(new SetInitialPasswordCommand(targetId, TestData.GoodPassword), CancellationToken.None, _next.Delegate);

    private async Task Denied()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Send());
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(Errors.Auth.TargetOutranksCallerId, error.Summary.Id);
        Assert.Equal(0, _next.Calls);
    }

    private async Task Allowed()
    {
        await Send();
        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task A_target_without_roles_passes_without_loading_the_callers_roles()
    {
        Grant(TestData.CallerId, TestData.OrgId, Roles.OrgUserManager);

        await Allowed();

        await _memberships.Received(1).ListOfUserAsync(_target.Id, Arg.Any<CancellationToken>());
        await _memberships.DidNotReceive().ListOfUserAsync(TestData.CallerId, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(Roles.OrgOwner)]
    [InlineData(Roles.OrgOwnerViewer)]
    public async Task A_user_manager_cannot_act_on_a_user_with_permissions_it_lacks(string targetRole)
    {
        Grant(TestData.CallerId, TestData.OrgId, Roles.OrgUserManager);
        Grant(_target.Id, TestData.OrgId, targetRole);

        await Denied();
    }

    [Fact]
    public async Task A_user_manager_acts_on_another_user_manager()
    {
        Grant(TestData.CallerId, TestData.OrgId, Roles.OrgUserManager);
        Grant(_target.Id, TestData.OrgId, Roles.OrgUserManager);

        await Allowed();
    }

    [Fact]
    public async Task An_org_owner_cannot_act_on_an_iam_owner()
    {
        Grant(TestData.CallerId, TestData.OrgId, Roles.OrgOwner);
        Grant(_target.Id, TestData.OrgId, Roles.OrgOwner);
        Grant(_target.Id, null);

        await Denied();
    }

    [Fact]
    public async Task An_org_owner_cannot_act_on_a_user_that_owns_an_org_the_caller_does_not()
    {
        Grant(TestData.CallerId, TestData.OrgId, Roles.OrgOwner);
        Grant(_target.Id, ThirdOrg, Roles.OrgOwner);

        await Denied();
    }

    [Fact]
    public async Task An_iam_owner_acts_on_everyone()
    {
        Grant(TestData.CallerId, null);
        Grant(_target.Id, null);
        Grant(_target.Id, TestData.OrgId, Roles.OrgOwner);
        Grant(_target.Id, ThirdOrg, Roles.OrgOwner);

        await Allowed();
    }

    [Fact]
    public async Task A_target_outside_the_tenant_is_left_to_the_handler_without_revealing_its_roles()
    {
        var foreign = TestData.Human("1", TestData.OtherOrgId);
        Grant(foreign.Id, TestData.OtherOrgId, Roles.OrgOwner);

        await Send(TestData.Users(() => foreign));

        Assert.Equal(1, _next.Calls);
        await _memberships.DidNotReceive().ListOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_caller_acting_on_itself_passes()
    {
        var self = TestData.Human(TestData.CallerId.Value);
        Grant(self.Id, TestData.OrgId, Roles.OrgOwner);

        await Send(TestData.Users(() => self), TestData.CallerId.Value);

        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task A_request_without_a_target_passes_untouched()
    {
        var users = Substitute.For<IUserRepository>();
        var next = new NextSpy<ObjectDetailsDto>(new ObjectDetailsDto(1, TestData.Created, TestData.Now, "100"));

        await new TargetUserBehaviour<ResetPasswordComplexityPolicyCommand, ObjectDetailsDto>(_context, users, _memberships)
            .Handle(new ResetPasswordComplexityPolicyCommand(), CancellationToken.None, next.Delegate);

        Assert.Equal(1, next.Calls);
        Assert.Empty(users.ReceivedCalls());
        Assert.Empty(_memberships.ReceivedCalls());
    }
}
