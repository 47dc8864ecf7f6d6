using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

/// <summary>The shared org policy lifecycle for the password age policy, and its expiry rule.</summary>
public class OrganizationPasswordAgePolicyTests() : OrganizationTwoFieldPolicyTests<PasswordAgePolicy>(Descriptor)
{
    internal static readonly TwoFieldPolicyDescriptor<PasswordAgePolicy> Descriptor = new(
        (maxAgeDays, expireWarnDays) => new PasswordAgePolicy(maxAgeDays, expireWarnDays),
        org => org.PasswordAgePolicy,
        (org, policy, at, editor) => org.AddPasswordAgePolicy(policy, at, editor),
        (org, policy, at, editor) => org.UpdatePasswordAgePolicy(policy, at, editor),
        (org, at, editor) => org.ResetPasswordAgePolicy(at, editor),
        "org.policy.password.age",
        ("maxAgeDays", "expireWarnDays"),
        (typeof(PasswordAgePolicyAdded), typeof(PasswordAgePolicyChanged), typeof(PasswordAgePolicyRemoved)),
        e => e switch
        {
            PasswordAgePolicyAdded added => added.Policy,
            PasswordAgePolicyChanged changed => changed.Policy,
            _ => throw new InvalidOperationException(e.Type),
        });

    [Fact]
    public void Default_never_expires()
    {
        Assert.Equal(new PasswordAgePolicy(0, 0), PasswordAgePolicy.Default);
        Assert.False(PasswordAgePolicy.Default.Expires);
        Assert.True(new PasswordAgePolicy(1, 0).Expires);
        Assert.False(new PasswordAgePolicy(0, 4).Expires);
    }

    // ---- Expiry rule ----------------------------------------------------------------------------

    [Theory]
    [InlineData(-1, false)] // one second before max_age_days
    [InlineData(0, false)] // exactly max_age_days old: not yet (upstream expires only when older)
    [InlineData(1, true)] // one second after
    public void A_password_expires_only_when_older_than_max_age_days(int secondsPastMaxAge, bool expired)
    {
        var changedAt = TestData.Created;
        var now = changedAt + TimeSpan.FromDays(30) + TimeSpan.FromSeconds(secondsPastMaxAge);

        Assert.Equal(expired, new PasswordAgePolicy(30, 5).HasExpired(changedAt, now));
    }

    [Fact]
    public void Zero_max_age_never_expires_and_an_unknown_age_does_not_expire()
    {
        var changedAt = TestData.Created;
        var muchLater = changedAt + TimeSpan.FromDays(100 * 365);

        Assert.False(PasswordAgePolicy.Default.HasExpired(changedAt, muchLater));
        Assert.False(new PasswordAgePolicy(0, 7).HasExpired(changedAt, muchLater));
        Assert.False(new PasswordAgePolicy(1, 0).HasExpired(null, muchLater));
        Assert.True(new PasswordAgePolicy(1, 0).HasExpired(changedAt, muchLater));
    }

    [Fact]
    public void The_largest_max_age_does_not_overflow()
    {
        var changedAt = TestData.Created;

        Assert.False(new PasswordAgePolicy(uint.MaxValue, 0).HasExpired(changedAt, changedAt + TimeSpan.FromDays(3650)));
    }
}
