using Identity.Domain.Common;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

public class PasswordComplexityPolicyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(72)]
    public void Min_length_within_1_to_72_is_valid(int minLength)
    {
        var policy = new PasswordComplexityPolicy(minLength, true, false, true, false);

        Assert.Same(policy, policy.EnsureValid());
    }

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(73)]
    [InlineData(int.MaxValue)]
    public void Min_length_outside_1_to_72_is_refused(int minLength)
    {
        var error = Assert.Throws<DomainException>(() => new PasswordComplexityPolicy(minLength, false, false, false, false).EnsureValid());

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
    }

    [Fact]
    public void Instance_default_is_8_with_all_four_classes()
    {
        var policy = PasswordComplexityPolicy.Default;

        Assert.Equal(new PasswordComplexityPolicy(8, true, true, true, true), policy);
        Assert.Equal(72, PasswordComplexityPolicy.MaxLength);
    }

    [Fact]
    public void A_policy_of_min_length_72_accepts_exactly_72_code_points()
    {
        var policy = new PasswordPolicy(new PasswordComplexityPolicy(72, false, false, false, false), null, false);

        Assert.Equal(72, policy.Validate(new string('z', 72), []).Value.Length);
        var error = Assert.Throws<DomainException>(() => policy.Validate(new string('z', 71), []));
        Assert.Equal([Errors.Policy.MinLengthId], error.Details.Select(d => d.Id));
    }
}
