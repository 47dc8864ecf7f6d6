using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies.ResetPasswordComplexityPolicy;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class ResetPasswordComplexityPolicyHandlerTests
{
    private static readonly PasswordComplexityPolicy Existing = new(10, true, true, true, true);

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org().WithPasswordPolicy(Existing);
    private readonly Organization _stored = TestData.Org().WithPasswordPolicy(Existing);

    public ResetPasswordComplexityPolicyHandlerTests() =>
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_stored);

    private Task<ObjectDetailsDto> Reset() =>
        new ResetPasswordComplexityPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(new ResetPasswordComplexityPolicyCommand(), CancellationToken.None);

    [Fact]
    public async Task Policy_is_dropped_from_the_org_loaded_from_the_repository()
    {
        var details = await Reset();

        Assert.Null(_stored.PasswordPolicy);
        Assert.Equal(new ObjectDetailsDto(3, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var removed = _stored.PendingEvents[^1];
        Assert.Equal("org.policy.password.complexity.removed", removed.Type);
        Assert.Equal(TestData.CallerId.Value, removed.EditorId);
        Assert.Equal(Existing, _tenant.PasswordPolicy);
        await _organizations.Received(1).GetAsync(TestData.OrgId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Org_without_a_custom_policy_is_NotFound()
    {
        var plain = TestData.Org();
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(plain);

        var error = await Assert.ThrowsAsync<DomainException>(Reset);

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(1, plain.Sequence);
    }

    [Fact]
    public async Task Org_that_cannot_be_loaded_is_denied()
    {
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns((Organization?)null);

        var error = await Assert.ThrowsAsync<DomainException>(Reset);

        Assert.Equal("AUTH-OrgNotFound", error.Summary.Id);
    }

    [Fact]
    public void Command_needs_policy_delete()
    {
        Assert.Equal(Permissions.PolicyDelete, new ResetPasswordComplexityPolicyCommand().Permission);
    }
}
