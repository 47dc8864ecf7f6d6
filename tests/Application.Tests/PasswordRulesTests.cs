using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Application.Tests;

public class PasswordRulesTests
{
    private static readonly PasswordComplexityPolicy Custom = new(12, false, true, false, false);

    [Fact]
    public void Instance_default_applies_when_the_org_has_no_policy()
    {
        var rules = TestData.Rules(settings: TestData.Settings(PasswordComplexityPolicy.Default));

        var policy = rules.For(TestData.Org());

        Assert.Equal(PasswordComplexityPolicy.Default, policy.Complexity);
        Assert.Equal(PasswordComplexityPolicy.Default, rules.DefaultPolicy);
    }

    [Fact]
    public void Org_custom_policy_wins_over_the_default()
    {
        var rules = TestData.Rules(settings: TestData.Settings(PasswordComplexityPolicy.Default));
        var org = TestData.Org().WithPasswordPolicy(Custom);

        var policy = rules.For(org);

        Assert.Equal(Custom, policy.Complexity);
        // behaviour follows: 12 lower-case letters pass the custom policy, the default would refuse them
        Assert.Equal("abcdefghijkl", policy.Validate("abcdefghijkl", []).Value);
        var error = Assert.Throws<DomainException>(() => policy.Validate("abcdefghijk", []));
        Assert.Equal([Errors.Policy.MinLengthId], error.Details.Select(d => d.Id));
    }

    [Fact]
    public void Custom_default_from_configuration_is_used()
    {
        var configured = new PasswordComplexityPolicy(10, true, false, false, false);

        var policy = TestData.Rules(settings: TestData.Settings(configured)).For(TestData.Org());

        Assert.Equal(configured, policy.Complexity);
    }

    [Fact]
    public void Common_list_is_used_when_switched_on()
    {
        var common = new FakeCommonPasswords("Password1!");
        var policy = TestData.Rules(common, TestData.Settings(common: true)).For(TestData.Org());

        Assert.True(policy.RefusesCommonPasswords);
        var error = Assert.Throws<DomainException>(() => policy.Validate("Password1!", []));
        Assert.Equal([Errors.Policy.CommonPasswordId], error.Details.Select(d => d.Id));
    }

    [Fact]
    public void Common_list_is_not_passed_when_switched_off()
    {
        var common = new FakeCommonPasswords("Password1!");
        var policy = TestData.Rules(common, TestData.Settings(common: false)).For(TestData.Org());

        Assert.False(policy.RefusesCommonPasswords);
        Assert.Equal("Password1!", policy.Validate("Password1!", []).Value);
        Assert.Equal(0, common.Calls);
    }

    [Fact]
    public void Personal_check_follows_the_switch()
    {
        var on = TestData.Rules(settings: TestData.Settings(personal: true)).For(TestData.Org());
        var off = TestData.Rules(settings: TestData.Settings(personal: false)).For(TestData.Org());

        Assert.True(on.RefusePersonalInformation);
        Assert.False(off.RefusePersonalInformation);
        Assert.Throws<DomainException>(() => on.Validate("Xalice#2024", ["alice"]));
        Assert.Equal("Xalice#2024", off.Validate("Xalice#2024", ["alice"]).Value);
    }

    [Fact]
    public void Null_org_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => TestData.Rules().For(null!));
    }

    [Fact]
    public void Guessability_rule_uses_the_estimator_with_the_configured_minimum()
    {
        var strength = new FakePasswordStrength(2);
        var policy = TestData.Rules(settings: TestData.Settings() with { MinStrengthScore = 3 }, strength: strength).For(TestData.Org());

        Assert.Equal(3, policy.MinStrengthScore);
        var error = Assert.Throws<DomainException>(() => policy.Validate(TestData.GoodPassword, ["alice"]));
        Assert.Equal([Errors.Policy.TooGuessableId], error.Details.Select(d => d.Id));
        Assert.Contains("alice", Assert.Single(strength.Asked).UserInputs);
    }

    [Fact]
    public void Guessability_rule_is_off_with_minimum_zero()
    {
        var strength = new FakePasswordStrength(0);
        var policy = TestData.Rules(settings: TestData.Settings() with { MinStrengthScore = 0 }, strength: strength).For(TestData.Org());

        Assert.Equal(0, policy.MinStrengthScore);
        Assert.Equal(TestData.GoodPassword, policy.Validate(TestData.GoodPassword, []).Value);
        Assert.Empty(strength.Asked);
    }
}
