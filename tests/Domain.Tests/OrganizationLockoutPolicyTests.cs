using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

public class OrganizationLockoutPolicyTests
{
    private const string Actor = "777";

    private static readonly LockoutPolicy Custom = new(5, 3);
    private static readonly LockoutPolicy Other = new(10, 0);

    private static Organization WithPolicy(LockoutPolicy policy)
    {
        var org = TestData.Org1();
        org.AddLockoutPolicy(policy, TestData.Created, TestData.Editor);
        return org;
    }

    private static (long Sequence, DateTimeOffset ChangedAt, int Events, LockoutPolicy? Policy) Snapshot(Organization org) =>
        (org.Sequence, org.ChangedAt, org.PendingEvents.Count, org.LockoutPolicy);

    private static void AssertOrgEvent(Organization org, DomainEvent @event, string type, long sequence)
    {
        Assert.Equal(type, @event.Type);
        Assert.Equal(sequence, @event.Sequence);
        Assert.Equal("org", @event.AggregateType);
        Assert.Equal(org.Id.Value, @event.AggregateId);
        Assert.Equal(org.Id.Value, @event.ResourceOwner);
        Assert.Equal(Actor, @event.EditorId);
        Assert.Equal(TestData.Now, @event.CreatedAt);
    }

    [Fact]
    public void Default_is_no_lockout()
    {
        Assert.Equal(new LockoutPolicy(0, 0), LockoutPolicy.Default);
        Assert.False(LockoutPolicy.Default.LocksOnPasswordFailures);
        Assert.True(new LockoutPolicy(1, 0).LocksOnPasswordFailures);
        Assert.False(new LockoutPolicy(0, 4).LocksOnPasswordFailures);
    }

    [Fact]
    public void New_org_has_no_lockout_policy()
    {
        Assert.Null(TestData.Org1().LockoutPolicy);
    }

    [Fact]
    public void AddLockoutPolicy_sets_the_policy_and_raises_added()
    {
        var org = TestData.Org1();
        org.ClearPendingEvents();

        org.AddLockoutPolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.LockoutPolicy);
        Assert.Null(org.PasswordPolicy);
        Assert.Equal(2, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var added = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, added, "org.policy.lockout.added", 2);
        Assert.Equal(new Dictionary<string, object?> { ["maxPasswordAttempts"] = 5u, ["maxOtpAttempts"] = 3u }, added.Payload);
        Assert.Equal(Custom, Assert.IsType<LockoutPolicyAdded>(added).Policy);
    }

    [Fact]
    public void AddLockoutPolicy_accepts_zero_meaning_no_lockout()
    {
        var org = TestData.Org1();

        org.AddLockoutPolicy(new LockoutPolicy(0, 0), TestData.Now, Actor);

        Assert.Equal(new LockoutPolicy(0, 0), org.LockoutPolicy);
        Assert.Equal(2, org.Sequence);
    }

    [Fact]
    public void AddLockoutPolicy_when_one_exists_is_AlreadyExists_and_changes_nothing()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddLockoutPolicy(Other, TestData.Now, Actor));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Lockout_and_complexity_policies_are_independent()
    {
        var org = TestData.Org1();
        org.AddPasswordPolicy(new PasswordComplexityPolicy(12, true, true, true, true), TestData.Now, Actor);

        org.AddLockoutPolicy(Custom, TestData.Now, Actor);
        org.ResetLockoutPolicy(TestData.Now, Actor);

        Assert.Null(org.LockoutPolicy);
        Assert.Equal(new PasswordComplexityPolicy(12, true, true, true, true), org.PasswordPolicy);
    }

    [Fact]
    public void AddLockoutPolicy_refuses_null()
    {
        var org = TestData.Org1();

        Assert.Throws<ArgumentNullException>(() => org.AddLockoutPolicy(null!, TestData.Now, Actor));
        Assert.Equal(1, org.Sequence);
    }

    [Fact]
    public void UpdateLockoutPolicy_changes_the_policy_and_raises_changed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.UpdateLockoutPolicy(Other, TestData.Now, Actor);

        Assert.Equal(Other, org.LockoutPolicy);
        Assert.Equal(3, org.Sequence);
        var changed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, changed, "org.policy.lockout.changed", 3);
        Assert.Equal(new Dictionary<string, object?> { ["maxPasswordAttempts"] = 10u, ["maxOtpAttempts"] = 0u }, changed.Payload);
        Assert.Equal(Other, Assert.IsType<LockoutPolicyChanged>(changed).Policy);
    }

    [Theory]
    [InlineData(6u, 3u)]
    [InlineData(5u, 4u)]
    [InlineData(0u, 3u)]
    public void UpdateLockoutPolicy_accepts_a_change_of_any_single_field(uint password, uint otp)
    {
        var org = WithPolicy(Custom);

        org.UpdateLockoutPolicy(new LockoutPolicy(password, otp), TestData.Now, Actor);

        Assert.Equal(new LockoutPolicy(password, otp), org.LockoutPolicy);
        Assert.Equal(3, org.Sequence);
    }

    [Fact]
    public void UpdateLockoutPolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdateLockoutPolicy(Custom, TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void UpdateLockoutPolicy_with_identical_values_is_NotChanged()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdateLockoutPolicy(new LockoutPolicy(5, 3), TestData.Now, Actor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void ResetLockoutPolicy_drops_the_policy_and_raises_removed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.ResetLockoutPolicy(TestData.Now, Actor);

        Assert.Null(org.LockoutPolicy);
        Assert.Equal(3, org.Sequence);
        var removed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, removed, "org.policy.lockout.removed", 3);
        Assert.Empty(removed.Payload);
        Assert.IsType<LockoutPolicyRemoved>(removed);
    }

    [Fact]
    public void ResetLockoutPolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.ResetLockoutPolicy(TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Policy_can_be_added_again_after_a_reset()
    {
        var org = TestData.Org1();

        org.AddLockoutPolicy(Custom, TestData.Now, Actor);
        org.UpdateLockoutPolicy(Other, TestData.Now, Actor);
        org.ResetLockoutPolicy(TestData.Now, Actor);
        org.AddLockoutPolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.LockoutPolicy);
        Assert.Equal(
            ["org.added", "org.policy.lockout.added", "org.policy.lockout.changed", "org.policy.lockout.removed", "org.policy.lockout.added"],
            org.PendingEvents.Select(e => e.Type));
    }
}
