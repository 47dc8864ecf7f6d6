using Identity.Application.Common;
using Identity.Application.Policies;
using Identity.Application.Policies.GetPasswordComplexityPolicy;
using Identity.Domain.Access;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Application.Tests;

public class GetPasswordComplexityPolicyHandlerTests
{
    private static readonly PasswordComplexityPolicy ConfiguredDefault = new(9, true, false, true, false);

    private static Task<PasswordComplexityPolicyDto> Get(Organization tenant) =>
        new GetPasswordComplexityPolicyHandler(TestData.Context(tenant), TestData.Rules(settings: TestData.Settings(ConfiguredDefault)))
            .Handle(new GetPasswordComplexityPolicyQuery(), CancellationToken.None);

    [Fact]
    public async Task Org_without_a_policy_gets_the_instance_default_flagged_as_default()
    {
        var dto = await Get(TestData.Org());

        Assert.Equal(
            new PasswordComplexityPolicyDto(new ObjectDetailsDto(1, TestData.Created, TestData.Created, TestData.OrgId.Value), 9, true, false, true, false, IsDefault: true),
            dto);
    }

    [Fact]
    public async Task Org_with_a_custom_policy_gets_it_not_flagged_as_default()
    {
        var org = TestData.Org();
        org.AddPasswordPolicy(new PasswordComplexityPolicy(14, false, true, false, true), TestData.Now, TestData.CallerId.Value);

        var dto = await Get(org);

        Assert.Equal(
            new PasswordComplexityPolicyDto(new ObjectDetailsDto(2, TestData.Created, TestData.Now, TestData.OrgId.Value), 14, false, true, false, true, IsDefault: false),
            dto);
    }

    [Fact]
    public async Task Custom_policy_equal_to_the_default_is_still_not_default()
    {
        var org = TestData.Org().WithPasswordPolicy(ConfiguredDefault);

        Assert.False((await Get(org)).IsDefault);
    }

    [Fact]
    public async Task After_a_reset_the_default_applies_again()
    {
        var org = TestData.Org().WithPasswordPolicy(new PasswordComplexityPolicy(14, false, true, false, true));
        org.ResetPasswordPolicy(TestData.Now, TestData.CallerId.Value);

        var dto = await Get(org);

        Assert.True(dto.IsDefault);
        Assert.Equal(9, dto.MinLength);
        Assert.Equal(3, dto.Details!.Sequence);
    }

    [Fact]
    public void Query_needs_policy_read()
    {
        Assert.Equal(Permissions.PolicyRead, new GetPasswordComplexityPolicyQuery().Permission);
    }
}
