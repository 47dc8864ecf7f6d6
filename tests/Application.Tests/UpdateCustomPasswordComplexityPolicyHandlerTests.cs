using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using NSubstitute;

namespace Identity.Application.Tests;

public class UpdateCustomPasswordComplexityPolicyHandlerTests
{
    private static readonly PasswordComplexityPolicy Existing = new(10, true, true, true, true);

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly Organization _tenant = TestData.Org().WithPasswordPolicy(Existing);
    private readonly Organization _stored = TestData.Org().WithPasswordPolicy(Existing);

    public UpdateCustomPasswordComplexityPolicyHandlerTests() =>
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(_stored);

    private Task<ObjectDetailsDto> Update(UpdateCustomPasswordComplexityPolicyCommand command) =>
        new UpdateCustomPasswordComplexityPolicyHandler(TestData.Context(_tenant), _organizations, new FakeTimeProvider(TestData.Now))
            .Handle(command, CancellationToken.None);

    [Fact]
    public async Task Policy_is_changed_on_the_org_loaded_from_the_repository()
    {
        var details = await Update(new UpdateCustomPasswordComplexityPolicyCommand(14, false, true, false, true));

        Assert.Equal(new PasswordComplexityPolicy(14, false, true, false, true), _stored.PasswordPolicy);
        Assert.Equal(new ObjectDetailsDto(3, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var changed = _stored.PendingEvents[^1];
        Assert.Equal("org.policy.password.complexity.changed", changed.Type);
        Assert.Equal(14, changed.Payload["minLength"]);
        Assert.Equal(TestData.CallerId.Value, changed.EditorId);
        Assert.Equal(Existing, _tenant.PasswordPolicy);
        Assert.Equal(2, _tenant.Sequence);
    }

    [Fact]
    public async Task Identical_policy_is_NotChanged()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Update(new UpdateCustomPasswordComplexityPolicyCommand(10, true, true, true, true)));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Equal(2, _stored.Sequence);
    }

    [Fact]
    public async Task Org_without_a_custom_policy_is_NotFound()
    {
        _organizations.GetAsync(TestData.OrgId, Arg.Any<CancellationToken>()).Returns(TestData.Org());

        var error = await Assert.ThrowsAsync<DomainException>(() => Update(new UpdateCustomPasswordComplexityPolicyCommand(12, true, true, true, true)));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
    }

    [Fact]
    public async Task Out_of_range_min_length_that_got_past_validation_is_still_refused()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Update(new UpdateCustomPasswordComplexityPolicyCommand(73, true, true, true, true)));

        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
        Assert.Equal(Existing, _stored.PasswordPolicy);
        Assert.Equal(2, _stored.Sequence);
    }

    [Fact]
    public void Command_needs_policy_write()
    {
        Assert.Equal(Permissions.PolicyWrite, new UpdateCustomPasswordComplexityPolicyCommand(8, true, true, true, true).Permission);
    }
}
