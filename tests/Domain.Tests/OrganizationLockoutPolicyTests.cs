using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

/// <summary>The shared org policy lifecycle for the lockout policy, and what only the lockout policy means.</summary>
public class OrganizationLockoutPolicyTests() : OrganizationTwoFieldPolicyTests<LockoutPolicy>(Descriptor)
{
    internal static readonly TwoFieldPolicyDescriptor<LockoutPolicy> Descriptor = new(
        (password, otp) => new LockoutPolicy(password, otp),
        org => org.LockoutPolicy,
        (org, policy, at, editor) => org.AddLockoutPolicy(policy, at, editor),
        (org, policy, at, editor) => org.UpdateLockoutPolicy(policy, at, editor),
        (org, at, editor) => org.ResetLockoutPolicy(at, editor),
        "org.policy.lockout",
        ("maxPasswordAttempts", "maxOtpAttempts"),
        (typeof(LockoutPolicyAdded), typeof(LockoutPolicyChanged), typeof(LockoutPolicyRemoved)),
        e => e switch
        {
            LockoutPolicyAdded added => added.Policy,
            LockoutPolicyChanged changed => changed.Policy,
            _ => throw new InvalidOperationException(e.Type),
        });

    [Fact]
    public void Default_is_no_lockout()
    {
        Assert.Equal(new LockoutPolicy(0, 0), LockoutPolicy.Default);
        Assert.False(LockoutPolicy.Default.LocksOnPasswordFailures);
        Assert.True(new LockoutPolicy(1, 0).LocksOnPasswordFailures);
        Assert.False(new LockoutPolicy(0, 4).LocksOnPasswordFailures);
    }
}
