using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;

namespace Identity.Domain.Tests;

public class OrganizationPolicyTests
{
    private const string Actor = "777";

    private static readonly PasswordComplexityPolicy Custom = new(12, false, true, true, false);
    private static readonly PasswordComplexityPolicy Other = new(10, true, false, false, true);

    private static Organization WithPolicy(PasswordComplexityPolicy policy)
    {
        var org = TestData.Org1();
        org.AddPasswordPolicy(policy, TestData.Created, TestData.Editor);
        return org;
    }

    private static (long Sequence, DateTimeOffset ChangedAt, int Events, PasswordComplexityPolicy? Policy) Snapshot(Organization org) =>
        (org.Sequence, org.ChangedAt, org.PendingEvents.Count, org.PasswordPolicy);

    private static void AssertPolicyPayload(PasswordComplexityPolicy expected, DomainEvent @event)
    {
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["minLength"] = expected.MinLength,
                ["hasUppercase"] = expected.HasUppercase,
                ["hasLowercase"] = expected.HasLowercase,
                ["hasNumber"] = expected.HasNumber,
                ["hasSymbol"] = expected.HasSymbol,
            },
            @event.Payload);
    }

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

    // ---- AddPasswordPolicy --------------------------------------------------------------------

    [Fact]
    public void AddPasswordPolicy_sets_the_policy_and_raises_added()
    {
        var org = TestData.Org1();
        org.ClearPendingEvents();

        org.AddPasswordPolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.PasswordPolicy);
        Assert.Equal(2, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        Assert.Equal(TestData.Created, org.CreatedAt);
        var added = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, added, "org.policy.password.complexity.added", 2);
        AssertPolicyPayload(Custom, added);
        Assert.Equal(Custom, Assert.IsType<PasswordComplexityPolicyAdded>(added).Policy);
    }

    [Fact]
    public void AddPasswordPolicy_when_one_exists_is_AlreadyExists_and_changes_nothing()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddPasswordPolicy(Other, TestData.Now, Actor));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("POLICY-AlreadyExists", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
        Assert.Equal(Custom, org.PasswordPolicy);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(73)]
    [InlineData(int.MaxValue)]
    public void AddPasswordPolicy_refuses_a_min_length_outside_1_to_72(int minLength)
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddPasswordPolicy(new PasswordComplexityPolicy(minLength, true, true, true, true), TestData.Now, Actor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
        Assert.Null(org.PasswordPolicy);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(72)]
    public void AddPasswordPolicy_accepts_the_min_length_bounds(int minLength)
    {
        var org = TestData.Org1();
        var policy = new PasswordComplexityPolicy(minLength, false, false, false, false);

        org.AddPasswordPolicy(policy, TestData.Now, Actor);

        Assert.Equal(policy, org.PasswordPolicy);
        Assert.Equal(minLength, org.PendingEvents[^1].Payload["minLength"]);
    }

    [Fact]
    public void AddPasswordPolicy_refuses_null()
    {
        var org = TestData.Org1();

        Assert.Throws<ArgumentNullException>(() => org.AddPasswordPolicy(null!, TestData.Now, Actor));
        Assert.Equal(1, org.Sequence);
    }

    // ---- UpdatePasswordPolicy -----------------------------------------------------------------

    [Fact]
    public void UpdatePasswordPolicy_changes_the_policy_and_raises_changed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.UpdatePasswordPolicy(Other, TestData.Now, Actor);

        Assert.Equal(Other, org.PasswordPolicy);
        Assert.Equal(3, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var changed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, changed, "org.policy.password.complexity.changed", 3);
        AssertPolicyPayload(Other, changed);
        Assert.Equal(Other, Assert.IsType<PasswordComplexityPolicyChanged>(changed).Policy);
    }

    [Theory]
    [InlineData(11, false, true, true, false)]
    [InlineData(12, true, true, true, false)]
    [InlineData(12, false, false, true, false)]
    [InlineData(12, false, true, false, false)]
    [InlineData(12, false, true, true, true)]
    public void UpdatePasswordPolicy_accepts_a_change_of_any_single_field(int minLength, bool upper, bool lower, bool number, bool symbol)
    {
        var org = WithPolicy(Custom);
        var policy = new PasswordComplexityPolicy(minLength, upper, lower, number, symbol);

        org.UpdatePasswordPolicy(policy, TestData.Now, Actor);

        Assert.Equal(policy, org.PasswordPolicy);
        Assert.Equal(3, org.Sequence);
    }

    [Fact]
    public void UpdatePasswordPolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdatePasswordPolicy(Custom, TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void UpdatePasswordPolicy_with_identical_values_is_NotChanged()
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        // an equal policy, not the same instance
        var error = Assert.Throws<DomainException>(() => org.UpdatePasswordPolicy(new PasswordComplexityPolicy(12, false, true, true, false), TestData.Now, Actor));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("POLICY-NotChanged", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(73)]
    public void UpdatePasswordPolicy_refuses_a_min_length_outside_1_to_72(int minLength)
    {
        var org = WithPolicy(Custom);
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.UpdatePasswordPolicy(new PasswordComplexityPolicy(minLength, false, true, true, false), TestData.Now, Actor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("POLICY-MinLengthRange", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
        Assert.Equal(Custom, org.PasswordPolicy);
    }

    // ---- ResetPasswordPolicy ------------------------------------------------------------------

    [Fact]
    public void ResetPasswordPolicy_drops_the_policy_and_raises_removed()
    {
        var org = WithPolicy(Custom);
        org.ClearPendingEvents();

        org.ResetPasswordPolicy(TestData.Now, Actor);

        Assert.Null(org.PasswordPolicy);
        Assert.Equal(3, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var removed = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, removed, "org.policy.password.complexity.removed", 3);
        Assert.Empty(removed.Payload);
        Assert.IsType<PasswordComplexityPolicyRemoved>(removed);
    }

    [Fact]
    public void ResetPasswordPolicy_without_a_policy_is_NotFound()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.ResetPasswordPolicy(TestData.Now, Actor));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("POLICY-NotFound", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void Policy_can_be_added_again_after_a_reset_and_every_step_counts()
    {
        var org = TestData.Org1();

        org.AddPasswordPolicy(Custom, TestData.Now, Actor);
        org.UpdatePasswordPolicy(Other, TestData.Now, Actor);
        org.ResetPasswordPolicy(TestData.Now, Actor);
        Assert.Throws<DomainException>(() => org.ResetPasswordPolicy(TestData.Now, Actor));
        Assert.Throws<DomainException>(() => org.UpdatePasswordPolicy(Custom, TestData.Now, Actor));
        org.AddPasswordPolicy(Custom, TestData.Now, Actor);

        Assert.Equal(Custom, org.PasswordPolicy);
        Assert.Equal(5, org.Sequence);
        Assert.Equal(
            ["org.added", "org.policy.password.complexity.added", "org.policy.password.complexity.changed", "org.policy.password.complexity.removed", "org.policy.password.complexity.added"],
            org.PendingEvents.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], org.PendingEvents.Select(e => e.Sequence));
    }

    // ---- AddMember ----------------------------------------------------------------------------

    [Fact]
    public void AddMember_returns_the_membership_and_raises_member_added()
    {
        var org = TestData.Org1();
        org.ClearPendingEvents();
        var member = new UserId("42");

        var membership = org.AddMember(member, [Roles.OrgUserManager, Roles.OrgOwnerViewer, Roles.OrgUserManager], TestData.Now, Actor);

        Assert.Equal(org.Id.Value, membership.Scope);
        Assert.Equal(member, membership.UserId);
        Assert.Equal([Roles.OrgUserManager, Roles.OrgOwnerViewer], membership.Roles);
        Assert.Equal(TestData.Now, membership.CreatedAt);

        Assert.Equal(2, org.Sequence);
        Assert.Equal(TestData.Now, org.ChangedAt);
        var added = Assert.Single(org.PendingEvents);
        AssertOrgEvent(org, added, "org.member.added", 2);
        Assert.Equal(["roles", "userId"], added.Payload.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("42", added.Payload["userId"]);
        Assert.Equal([Roles.OrgUserManager, Roles.OrgOwnerViewer], Assert.IsAssignableFrom<IEnumerable<string>>(added.Payload["roles"]));
        var typed = Assert.IsType<OrgMemberAdded>(added);
        Assert.Equal("42", typed.UserId);
        Assert.Equal([Roles.OrgUserManager, Roles.OrgOwnerViewer], typed.Roles);
    }

    [Fact]
    public void AddMember_stamps_the_membership_with_the_orgs_sequence()
    {
        var org = TestData.Org1();

        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwner], TestData.Now, Actor);

        Assert.Equal(org.Sequence, membership.Sequence);
        Assert.Equal(TestData.Now, membership.ChangedAt);
    }

    // ---- ChangeMember / RemoveMember ------------------------------------------------------------

    [Fact]
    public void ChangeMember_replaces_the_whole_role_list_and_raises_member_changed()
    {
        var org = TestData.Org1();
        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwner, Roles.OrgOwnerViewer], TestData.Created, Actor);
        var version = membership.Version;
        org.ClearPendingEvents();

        org.ChangeMember(membership, [Roles.OrgSettingsManager, Roles.OrgSettingsManager], TestData.Now, Actor);

        Assert.Equal([Roles.OrgSettingsManager], membership.Roles);
        Assert.Equal((org.Sequence, TestData.Now, TestData.Created), (membership.Sequence, membership.ChangedAt, membership.CreatedAt));
        Assert.True(membership.Version > version, "a change touches the membership");
        var changed = Assert.IsType<OrgMemberChanged>(Assert.Single(org.PendingEvents));
        AssertOrgEvent(org, changed, "org.member.changed", 3);
        Assert.Equal("42", changed.UserId);
        Assert.Equal([Roles.OrgSettingsManager], changed.Roles);
    }

    [Fact]
    public void ChangeMember_to_the_same_roles_in_any_order_is_refused_without_an_event()
    {
        var org = TestData.Org1();
        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwner, Roles.OrgOwnerViewer], TestData.Now, Actor);
        org.ClearPendingEvents();

        var error = Assert.Throws<DomainException>(() => org.ChangeMember(membership, [Roles.OrgOwnerViewer, Roles.OrgOwner], TestData.Now, Actor));

        Assert.Equal(Errors.Member.NotChangedId, error.Summary.Id);
        Assert.Empty(org.PendingEvents);
    }

    [Theory]
    [InlineData(Roles.IamOwner)]
    [InlineData("ORG_ADMIN")]
    public void ChangeMember_refuses_a_role_that_is_no_org_role_and_keeps_the_roles(string role)
    {
        var org = TestData.Org1();
        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwnerViewer], TestData.Now, Actor);
        org.ClearPendingEvents();

        var error = Assert.Throws<DomainException>(() => org.ChangeMember(membership, [Roles.OrgOwner, role], TestData.Now, Actor));
        var empty = Assert.Throws<DomainException>(() => org.ChangeMember(membership, [], TestData.Now, Actor));

        Assert.Equal((Errors.Member.RoleInvalidId, Errors.Member.RoleInvalidId), (error.Summary.Id, empty.Summary.Id));
        Assert.Equal([Roles.OrgOwnerViewer], membership.Roles);
        Assert.Empty(org.PendingEvents);
    }

    [Fact]
    public void RemoveMember_raises_member_removed()
    {
        var org = TestData.Org1();
        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwnerViewer], TestData.Now, Actor);
        org.ClearPendingEvents();

        org.RemoveMember(membership, TestData.Now, Actor);

        var removed = Assert.IsType<OrgMemberRemoved>(Assert.Single(org.PendingEvents));
        AssertOrgEvent(org, removed, "org.member.removed", 3);
        Assert.Equal(["userId"], removed.Payload.Keys);
    }

    [Fact]
    public void A_membership_of_another_org_is_neither_changed_nor_removed()
    {
        var org = TestData.Org1();
        var foreign = Membership.ForOrg(TestData.OtherOrg, new UserId("42"), [Roles.OrgOwnerViewer], TestData.Now);

        Assert.Throws<InvalidOperationException>(() => org.ChangeMember(foreign, [Roles.OrgOwner], TestData.Now, Actor));
        Assert.Throws<InvalidOperationException>(() => org.RemoveMember(foreign, TestData.Now, Actor));
        Assert.Equal([Roles.OrgOwnerViewer], foreign.Roles);
    }

    [Fact]
    public void AddMember_event_roles_do_not_follow_later_changes_of_the_membership()
    {
        var org = TestData.Org1();

        var membership = org.AddMember(new UserId("42"), [Roles.OrgOwner], TestData.Now, Actor);
        membership.Roles.Add(Roles.OrgOwnerViewer);

        Assert.Equal([Roles.OrgOwner], Assert.IsAssignableFrom<IEnumerable<string>>(org.PendingEvents[^1].Payload["roles"]));
    }

    [Theory]
    [InlineData(Roles.IamOwner)]
    [InlineData("ORG_ADMIN")]
    [InlineData("org_owner")]
    public void AddMember_refuses_an_invalid_role_before_any_event(string role)
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddMember(new UserId("42"), [Roles.OrgOwner, role], TestData.Now, Actor));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }

    [Fact]
    public void AddMember_refuses_empty_roles_before_any_event()
    {
        var org = TestData.Org1();
        var before = Snapshot(org);

        var error = Assert.Throws<DomainException>(() => org.AddMember(new UserId("42"), [], TestData.Now, Actor));

        Assert.Equal("MEMBER-RoleInvalid", error.Summary.Id);
        Assert.Equal(before, Snapshot(org));
    }
}
