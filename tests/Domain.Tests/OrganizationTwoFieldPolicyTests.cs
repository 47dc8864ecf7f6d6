using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

/// <summary>
/// What the domain tests of one org policy need: how to build it (two uint fields), read it off the org, add, update and
/// reset it, and the names its events carry.
/// </summary>
public sealed record TwoFieldPolicyDescriptor<TPolicy>(
    Func<uint, uint, TPolicy> Create,
    Func<Organization, TPolicy?> Of,
    Action<Organization, TPolicy, DateTimeOffset, string> Add,
    Action<Organization, TPolicy, DateTimeOffset, string> Update,
    Action<Organization, DateTimeOffset, string> Reset,
    string EventPrefix,
    (string First, string Second) PayloadFields,
    (Type Added, Type Changed, Type Removed) EventTypes,
    Func<DomainEvent, TPolicy> PolicyOfEvent)
    where TPolicy : class;

/// <summary>The lifecycle every org policy of two uint fields shares: add, update, reset, their errors and events.</summary>
public abstract class OrganizationTwoFieldPolicyTests<TPolicy>(TwoFieldPolicyDescriptor<TPolicy> policy)
    where TPolicy : class
{
    private const string Actor = "777";

    private TPolicy Custom => policy.Create(5, 3);
    private TPolicy Other => policy.Create(10, 0);

    private Organization WithPolicy(TPolicy value)
    {
        var org = TestData.Org1();
        policy.Add(org, value, TestData.Created, TestData.Editor);
        return org;
    }

    private (long Sequence, DateTimeOffset ChangedAt, int Events, TPolicy? Policy) Snapshot(Organization org) =>
        (org.Sequence, org.ChangedAt, org.PendingEvents.Count, policy.Of(org));

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

    private Dictionary<string, object?> Payload(uint first, uint second) =>
        new() { [policy.PayloadFields.First] = first, [policy.PayloadFields.Second] = second };

    [Fact]
    public void New_org_has_no_policy()
    {
        Assert.Null(policy.Of(TestData.Org1()));
    }

    [Fact]
    public void Add_sets_the_policy_and_raises_added()
    {
        var org = TestData.Org1();
        org.ClearPendingEvents();

        policy.Add(org, Custom, TestData.Now, Actor);

        Assert.Equal(Custom, policy.Of(org));
        Assert.Null(org.PasswordPolicy);
        Assert.Equal(2, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var added = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, added, policy.EventPrefix + ".added", 2);
        Assert.Equal(Payload(5, 3), added.Payload);
        Assert.IsType(policy.EventTypes.Added, added);
        Assert.Equal(Custom, policy.PolicyOfEvent(added));
    }

    [Fact]
    public void Add_accepts_zero_meaning_the_policy_does_nothing()
    {
        var org = TestData.Org1();

        policy.Add(org, policy.Create(0, 0), TestData.Now, Actor);

        Assert.Equal(policy.Create(0, 0), policy.Of(org));
        Assert.Equal(2, org.Sequence);
    }

    [Fact]
    public void Add_when_one_exists_is_AlreadyExists_and_changes_nothing()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => policy.Add(org, Other, TestData.Now, Actor));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Policy_and_complexity_policy_are_independent()
    {
        var org = TestData.Org1();
        org.AddPasswordPolicy(new PasswordComplexityPolicy(12, true, true, true, true), TestData.Now, Actor);

        policy.Add(org, Custom, TestData.Now, Actor);
        policy.Reset(org, TestData.Now, Actor);

        Assert.Null(policy.Of(org));
        Assert.Equal(new PasswordComplexityPolicy(12, true, true, true, true), org.PasswordPolicy);
    }

    [Fact]
    public void Add_refuses_null()
    {
        var org = TestData.Org1();

        Assert.Throws<ArgumentNullException>(() => policy.Add(org, null!, TestData.Now, Actor));
        Assert.Equal(1, org.Sequence);
    }

    [Fact]
    public void Update_changes_the_policy_and_raises_changed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        policy.Update(org, Other, TestData.Now, Actor);

        Assert.Equal(Other, policy.Of(org));
        Assert.Equal(3, org.Sequence);
        var changed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, changed, policy.EventPrefix + ".changed", 3);
        Assert.Equal(Payload(10, 0), changed.Payload);
        Assert.IsType(policy.EventTypes.Changed, changed);
        Assert.Equal(Other, policy.PolicyOfEvent(changed));
    }

    [Theory]
    [InlineData(6u, 3u)]
    [InlineData(5u, 4u)]
    [InlineData(0u, 3u)]
    public void Update_accepts_a_change_of_any_single_field(uint first, uint second)
    {
        var org = WithPolicy(Custom);

        policy.Update(org, policy.Create(first, second), TestData.Now, Actor);

        Assert.Equal(policy.Create(first, second), policy.Of(org));
        Assert.Equal(3, org.Sequence);
    }

    [Fact]
    public void Update_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => policy.Update(org, Custom, TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Update_with_identical_values_is_NotChanged()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => policy.Update(org, policy.Create(5, 3), TestData.Now, Actor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Reset_drops_the_policy_and_raises_removed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        policy.Reset(org, TestData.Now, Actor);

        Assert.Null(policy.Of(org));
        Assert.Equal(3, org.Sequence);
        var removed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, removed, policy.EventPrefix + ".removed", 3);
        Assert.Empty(removed.Payload);
        Assert.IsType(policy.EventTypes.Removed, removed);
    }

    [Fact]
    public void Reset_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => policy.Reset(org, TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Policy_can_be_added_again_after_a_reset()
    {
        var org = TestData.Org1();

        policy.Add(org, Custom, TestData.Now, Actor);
        policy.Update(org, Other, TestData.Now, Actor);
        policy.Reset(org, TestData.Now, Actor);
        policy.Add(org, Custom, TestData.Now, Actor);

        Assert.Equal(Custom, policy.Of(org));
        Assert.Equal(
            ["org.added", policy.EventPrefix + ".added", policy.EventPrefix + ".changed", policy.EventPrefix + ".removed", policy.EventPrefix + ".added"],
            org.PendingEvents.Select(e => e.Type));
    }
}
