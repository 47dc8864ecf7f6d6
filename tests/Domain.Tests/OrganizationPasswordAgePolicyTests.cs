using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

public class OrganizationPasswordAgePolicyTests
{
    private const string Actor = "777";

    private static readonly PasswordAgePolicy Custom = new(5, 3);
    private static readonly PasswordAgePolicy Other = new(10, 0);

    private static Organization WithPolicy(PasswordAgePolicy policy)
    {
        var org = TestData.Org1();
        org.AddPasswordAgePolicy(policy, TestData.Created, TestData.Editor);
        return org;
    }

    private static (long Sequence, DateTimeOffset ChangedAt, int Events, PasswordAgePolicy? Policy) Snapshot(Organization org) =>
        (org.Sequence, org.ChangedAt, org.PendingEvents.Count, org.PasswordAgePolicy);

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
    public void Default_never_expires()
    {
        Assert.Equal(new PasswordAgePolicy(0, 0), PasswordAgePolicy.Default);
        Assert.False(PasswordAgePolicy.Default.Expires);
        Assert.True(new PasswordAgePolicy(1, 0).Expires);
        Assert.False(new PasswordAgePolicy(0, 4).Expires);
    }

    [Fact]
    public void New_org_has_no_password_age_policy()
    {
        Assert.Null(TestData.Org1().PasswordAgePolicy);
    }

    [Fact]
    public void AddPasswordAgePolicy_sets_the_policy_and_raises_added()
    {
        var org = TestData.Org1();
        org.ClearPendingEvents();

        org.AddPasswordAgePolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.PasswordAgePolicy);
        Assert.Null(org.PasswordPolicy);
        Assert.Equal(2, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var added = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, added, "org.policy.password.age.added", 2);
        Assert.Equal(new Dictionary<string, object?> { ["maxAgeDays"] = 5u, ["expireWarnDays"] = 3u }, added.Payload);
        Assert.Equal(Custom, Assert.IsType<PasswordAgePolicyAdded>(added).Policy);
    }

    [Fact]
    public void AddPasswordAgePolicy_accepts_zero_meaning_never_expires()
    {
        var org = TestData.Org1();

        org.AddPasswordAgePolicy(new PasswordAgePolicy(0, 0), TestData.Now, Actor);

        Assert.Equal(new PasswordAgePolicy(0, 0), org.PasswordAgePolicy);
        Assert.Equal(2, org.Sequence);
    }

    [Fact]
    public void AddPasswordAgePolicy_when_one_exists_is_AlreadyExists_and_changes_nothing()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddPasswordAgePolicy(Other, TestData.Now, Actor));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void PasswordAge_and_complexity_policies_are_independent()
    {
        var org = TestData.Org1();
        org.AddPasswordPolicy(new PasswordComplexityPolicy(12, true, true, true, true), TestData.Now, Actor);

        org.AddPasswordAgePolicy(Custom, TestData.Now, Actor);
        org.ResetPasswordAgePolicy(TestData.Now, Actor);

        Assert.Null(org.PasswordAgePolicy);
        Assert.Equal(new PasswordComplexityPolicy(12, true, true, true, true), org.PasswordPolicy);
    }

    [Fact]
    public void AddPasswordAgePolicy_refuses_null()
    {
        var org = TestData.Org1();

        Assert.Throws<ArgumentNullException>(() => org.AddPasswordAgePolicy(null!, TestData.Now, Actor));
        Assert.Equal(1, org.Sequence);
    }

    [Fact]
    public void UpdatePasswordAgePolicy_changes_the_policy_and_raises_changed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.UpdatePasswordAgePolicy(Other, TestData.Now, Actor);

        Assert.Equal(Other, org.PasswordAgePolicy);
        Assert.Equal(3, org.Sequence);
        var changed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, changed, "org.policy.password.age.changed", 3);
        Assert.Equal(new Dictionary<string, object?> { ["maxAgeDays"] = 10u, ["expireWarnDays"] = 0u }, changed.Payload);
        Assert.Equal(Other, Assert.IsType<PasswordAgePolicyChanged>(changed).Policy);
    }

    [Theory]
    [InlineData(6u, 3u)]
    [InlineData(5u, 4u)]
    [InlineData(0u, 3u)]
    public void UpdatePasswordAgePolicy_accepts_a_change_of_any_single_field(uint maxAgeDays, uint expireWarnDays)
    {
        var org = WithPolicy(Custom);

        org.UpdatePasswordAgePolicy(new PasswordAgePolicy(maxAgeDays, expireWarnDays), TestData.Now, Actor);

        Assert.Equal(new PasswordAgePolicy(maxAgeDays, expireWarnDays), org.PasswordAgePolicy);
        Assert.Equal(3, org.Sequence);
    }

    [Fact]
    public void UpdatePasswordAgePolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdatePasswordAgePolicy(Custom, TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void UpdatePasswordAgePolicy_with_identical_values_is_NotChanged()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdatePasswordAgePolicy(new PasswordAgePolicy(5, 3), TestData.Now, Actor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void ResetPasswordAgePolicy_drops_the_policy_and_raises_removed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.ResetPasswordAgePolicy(TestData.Now, Actor);

        Assert.Null(org.PasswordAgePolicy);
        Assert.Equal(3, org.Sequence);
        var removed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, removed, "org.policy.password.age.removed", 3);
        Assert.Empty(removed.Payload);
        Assert.IsType<PasswordAgePolicyRemoved>(removed);
    }

    [Fact]
    public void ResetPasswordAgePolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.ResetPasswordAgePolicy(TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Policy_can_be_added_again_after_a_reset()
    {
        var org = TestData.Org1();

        org.AddPasswordAgePolicy(Custom, TestData.Now, Actor);
        org.UpdatePasswordAgePolicy(Other, TestData.Now, Actor);
        org.ResetPasswordAgePolicy(TestData.Now, Actor);
        org.AddPasswordAgePolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.PasswordAgePolicy);
        Assert.Equal(
            ["org.added", "org.policy.password.age.added", "org.policy.password.age.changed", "org.policy.password.age.removed", "org.policy.password.age.added"],
            org.PendingEvents.Select(e => e.Type));
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
