using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ChangeUserState;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

public class ChangeUserStateHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private readonly RequestContext _context = TestData.Context(TestData.Org());

    private readonly IOrganizationRepository _organizations = Substitute.For<IOrganizationRepository>();
    private readonly IMembershipRepository _memberships = Substitute.For<IMembershipRepository>();
    private readonly IPersonalAccessTokenRepository _tokens = Substitute.For<IPersonalAccessTokenRepository>();
    private readonly IUserMetadataRepository _metadata = Substitute.For<IUserMetadataRepository>();
    private readonly IMachineKeyRepository _keys = Substitute.For<IMachineKeyRepository>();
    private readonly IPasswordCheckFailures _failures = Substitute.For<IPasswordCheckFailures>();

    public ChangeUserStateHandlerTests()
    {
        _memberships.ListOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>([]));
        _memberships.ListInScopeAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>([]));
        _tokens.AllOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<PersonalAccessToken>>([]));
        _metadata.AllOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<UserMetadata>>([]));
        _keys.AllOfUserAsync(Arg.Any<UserId>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<MachineKey>>([]));
    }

    private ChangeUserStateHandler Handler(IUserRepository users) => new(_context, users, _organizations, _memberships, _tokens, _keys, _metadata, _failures, _clock);

    private static async Task<DomainException> Refused(ChangeUserStateHandler handler, string id, UserStateChange change) =>
        await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new ChangeUserStateCommand(id, change), CancellationToken.None));

    [Theory]
    [InlineData(UserStateChange.Deactivate, UserState.Active, UserState.Inactive, "user.deactivated")]
    [InlineData(UserStateChange.Deactivate, UserState.Locked, UserState.Inactive, "user.deactivated")]
    [InlineData(UserStateChange.Reactivate, UserState.Inactive, UserState.Active, "user.reactivated")]
    [InlineData(UserStateChange.Lock, UserState.Active, UserState.Locked, "user.locked")]
    [InlineData(UserStateChange.Unlock, UserState.Locked, UserState.Active, "user.unlocked")]
    [InlineData(UserStateChange.Remove, UserState.Active, UserState.Removed, "user.removed")]
    [InlineData(UserStateChange.Remove, UserState.Inactive, UserState.Removed, "user.removed")]
    public async Task Each_change_runs_its_transition_and_answers_the_new_sequence(UserStateChange change, UserState from, UserState expected, string eventType)
    {
        var user = TestData.Machine("2").Reach(from);
        var users = TestData.Users(() => user);
        var sequence = user.Sequence;

        var details = await Handler(users).Handle(new ChangeUserStateCommand("2", change), CancellationToken.None);

        Assert.Equal(expected, user.State);
        Assert.Equal(new ObjectDetailsDto(sequence + 1, TestData.Created, TestData.Now, TestData.OrgId.Value), details);
        var raised = user.PendingEvents[^1];
        Assert.Equal(eventType, raised.Type);
        Assert.Equal(sequence + 1, raised.Sequence);
        Assert.Equal(TestData.CallerId.Value, raised.EditorId);
        Assert.Equal(TestData.Now, raised.CreatedAt);
        Assert.Equal(sequence + 1, user.PendingEvents.Count);
        await users.Received(1).GetAsync(TestData.OrgId, new UserId("2"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unlock_of_a_human_without_password_answers_initial()
    {
        var user = TestData.Human("1").Reach(UserState.Locked);

        var details = await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("1", UserStateChange.Unlock), CancellationToken.None);

        Assert.Equal(UserState.Initial, user.State);
        Assert.Equal(3, details.Sequence);
    }

    [Theory]
    [InlineData(UserStateChange.Unlock, UserState.Locked, 1)]
    [InlineData(UserStateChange.Lock, UserState.Active, 0)]
    [InlineData(UserStateChange.Reactivate, UserState.Inactive, 0)]
    public async Task Only_unlock_starts_the_lockout_count_again(UserStateChange change, UserState from, int resets)
    {
        // A human with a password, so that it starts Active (TestData.Human has none and starts Initial).
        var user = Sessions.SignInTestKit.HumanWithPassword("1").Reach(from);

        await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("1", change), CancellationToken.None);

        await _failures.Received(resets).ResetAsync(new UserId("1"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Change_date_comes_from_the_clock()
    {
        var user = TestData.Machine("2");
        _clock.Now = TestData.Now.AddHours(3);

        var details = await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("2", UserStateChange.Lock), CancellationToken.None);

        Assert.Equal(TestData.Now.AddHours(3), details.ChangeDate);
        Assert.Equal(TestData.Now.AddHours(3), user.ChangedAt);
    }

    [Theory]
    [InlineData(UserStateChange.Reactivate, UserState.Active, ErrorKind.FailedPrecondition, "USER-NotInactive")]
    [InlineData(UserStateChange.Deactivate, UserState.Inactive, ErrorKind.FailedPrecondition, "USER-AlreadyInactive")]
    [InlineData(UserStateChange.Lock, UserState.Locked, ErrorKind.FailedPrecondition, "USER-CantLock")]
    [InlineData(UserStateChange.Unlock, UserState.Active, ErrorKind.FailedPrecondition, "USER-NotLocked")]
    public async Task Refused_transition_answers_the_domain_error_and_changes_nothing(UserStateChange change, UserState from, ErrorKind kind, string id)
    {
        var user = TestData.Machine("2").Reach(from);
        var sequence = user.Sequence;

        var error = await Refused(Handler(TestData.Users(() => user)), "2", change);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(id, error.Summary.Id);
        Assert.Equal(from, user.State);
        Assert.Equal(sequence, user.Sequence);
    }

    [Fact]
    public async Task Initial_human_cannot_be_deactivated()
    {
        var user = TestData.Human("1");

        var error = await Refused(Handler(TestData.Users(() => user)), "1", UserStateChange.Deactivate);

        Assert.Equal("USER-CantDeactivateInitial", error.Summary.Id);
        Assert.Equal(UserState.Initial, user.State);
    }

    [Theory]
    [InlineData(UserStateChange.Deactivate)]
    [InlineData(UserStateChange.Reactivate)]
    [InlineData(UserStateChange.Lock)]
    [InlineData(UserStateChange.Unlock)]
    [InlineData(UserStateChange.Remove)]
    public async Task User_of_another_org_is_not_found_and_not_changed(UserStateChange change)
    {
        var foreign = TestData.Machine("2", TestData.OtherOrgId).Reach(change == UserStateChange.Reactivate ? UserState.Inactive : change == UserStateChange.Unlock ? UserState.Locked : UserState.Active);
        var state = foreign.State;
        var users = TestData.Users(() => foreign);

        var error = await Refused(Handler(users), "2", change);

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("USER-NotFound", error.Summary.Id);
        Assert.Equal(state, foreign.State);
        Assert.Single(foreign.PendingEvents, e => e.Type == "user.machine.added");
        await users.Received(1).GetAsync(TestData.OrgId, new UserId("2"), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(UserStateChange.Deactivate)]
    [InlineData(UserStateChange.Remove)]
    public async Task Absent_and_removed_users_are_not_found(UserStateChange change)
    {
        var users = TestData.Users(() => TestData.Machine("2").Reach(UserState.Removed));

        var absent = await Refused(Handler(users), "404", change);
        var removed = await Refused(Handler(users), "2", change);

        Assert.Equal(ErrorKind.NotFound, absent.Kind);
        Assert.Equal("USER-NotFound", absent.Summary.Id);
        Assert.Equal(absent.Summary, removed.Summary);
        Assert.Equal(absent.Kind, removed.Kind);
    }

    [Theory]
    [InlineData(UserStateChange.Deactivate, Permissions.UserWrite)]
    [InlineData(UserStateChange.Reactivate, Permissions.UserWrite)]
    [InlineData(UserStateChange.Lock, Permissions.UserWrite)]
    [InlineData(UserStateChange.Unlock, Permissions.UserWrite)]
    [InlineData(UserStateChange.Remove, Permissions.UserDelete)]
    public void Remove_needs_user_delete_and_the_others_user_write(UserStateChange change, string permission)
    {
        Assert.Equal(permission, new ChangeUserStateCommand("1", change).Permission);
    }

    [Fact]
    public void Every_change_is_a_command_in_a_unit_of_work()
    {
        Assert.IsAssignableFrom<ICommand<ObjectDetailsDto>>(new ChangeUserStateCommand("1", UserStateChange.Lock));
        Assert.Equal(5, Enum.GetValues<UserStateChange>().Length);
    }

    [Fact]
    public async Task Unknown_change_is_refused_without_touching_the_user()
    {
        var user = TestData.Machine("2");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("2", (UserStateChange)99), CancellationToken.None));

        Assert.Equal(1, user.Sequence);
        Assert.Equal(UserState.Active, user.State);
    }

    [Theory]
    [InlineData("", UserStateChange.Lock, "USER-UserIdInvalid")]
    [InlineData("1", (UserStateChange)99, "USER-StateChangeInvalid")]
    public void Validator_refuses_an_empty_id_and_an_unknown_change(string id, UserStateChange change, string errorId)
    {
        var result = new ChangeUserStateValidator().Validate(new ChangeUserStateCommand(id, change));

        Assert.Equal([errorId], result.Errors.Select(e => e.ErrorCode));
    }

    [Fact]
    public void Validator_accepts_every_known_change()
    {
        Assert.All(Enum.GetValues<UserStateChange>(), change => Assert.True(new ChangeUserStateValidator().Validate(new ChangeUserStateCommand("1", change)).IsValid));
    }

    [Theory]
    [InlineData(UserStateChange.Deactivate)]
    [InlineData(UserStateChange.Lock)]
    [InlineData(UserStateChange.Remove)]
    public async Task A_caller_cannot_lock_deactivate_or_remove_itself(UserStateChange change)
    {
        var self = TestData.Machine(TestData.CallerId.Value);

        var error = await Refused(Handler(TestData.Users(() => self)), TestData.CallerId.Value, change);

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(Errors.User.CannotLockOutSelfId, error.Summary.Id);
        Assert.Equal(UserState.Active, self.State);
        Assert.Equal(1, self.Sequence);
    }

    [Theory]
    [InlineData(UserStateChange.Deactivate)]
    [InlineData(UserStateChange.Lock)]
    [InlineData(UserStateChange.Remove)]
    public async Task The_last_active_iam_owner_cannot_be_disabled(UserStateChange change)
    {
        var owner = TestData.Machine("2");
        var lockedOwner = TestData.Machine("3").Reach(UserState.Locked);
        var memberships = new[] { Membership.ForInstance(owner.Id, TestData.Created), Membership.ForInstance(lockedOwner.Id, TestData.Created) };
        _memberships.ListInScopeAsync(Membership.InstanceScope, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>(memberships));
        var users = TestData.Users(() => owner);
        users.FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<User>>([lockedOwner]));

        var error = await Refused(Handler(users), "2", change);

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal(Errors.User.LastIamOwnerId, error.Summary.Id);
        Assert.Equal(UserState.Active, owner.State);
        Assert.All(memberships, m => Assert.Equal(0, m.Version));
        _memberships.DidNotReceive().Remove(Arg.Any<Membership>());
    }

    [Fact]
    public async Task An_iam_owner_can_be_locked_while_another_stays_active_and_every_owner_membership_is_touched()
    {
        var owner = TestData.Machine("2");
        var other = TestData.Machine("3");
        var memberships = new[] { Membership.ForInstance(owner.Id, TestData.Created), Membership.ForInstance(other.Id, TestData.Created) };
        _memberships.ListInScopeAsync(Membership.InstanceScope, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>(memberships));
        var users = TestData.Users(() => owner);
        users.FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<User>>([other]));

        await Handler(users).Handle(new ChangeUserStateCommand("2", UserStateChange.Lock), CancellationToken.None);

        Assert.Equal(UserState.Locked, owner.State);
        Assert.All(memberships, m => Assert.Equal(1, m.Version));
        await users.Received(1).FindManyAsync(Arg.Is<IReadOnlyCollection<UserId>>(ids => ids.SequenceEqual(new[] { other.Id })), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_user_that_is_no_iam_owner_is_locked_without_touching_the_owners()
    {
        var user = TestData.Machine("2");
        var ownerMembership = Membership.ForInstance(new UserId("7"), TestData.Created);
        _memberships.ListInScopeAsync(Membership.InstanceScope, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>([ownerMembership]));
        var users = TestData.Users(() => user);

        await Handler(users).Handle(new ChangeUserStateCommand("2", UserStateChange.Lock), CancellationToken.None);

        Assert.Equal(UserState.Locked, user.State);
        Assert.Equal(0, ownerMembership.Version);
        await users.DidNotReceive().FindManyAsync(Arg.Any<IReadOnlyCollection<UserId>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Remove_deletes_memberships_tokens_and_metadata_and_records_the_member_removal_in_each_org()
    {
        var user = TestData.Machine("2");
        var org = TestData.Org();
        var otherOrg = TestData.Org(TestData.OtherOrgId, "Other");
        var memberships = new[]
        {
            Membership.ForOrg(org.Id, user.Id, [Roles.OrgUserManager], TestData.Created),
            Membership.ForOrg(otherOrg.Id, user.Id, [Roles.OrgOwnerViewer], TestData.Created),
        };
        var tokens = new[] { user.AddPersonalAccessToken(new TokenId("t1"), new string('a', 64), null, TestData.Created, "x") };
        _memberships.ListOfUserAsync(user.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<Membership>>(memberships));
        _tokens.AllOfUserAsync(user.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<PersonalAccessToken>>(tokens));
        var metadata = new[] { new UserMetadata(user.Id, "a", [1], TestData.Created, 1), new UserMetadata(user.Id, "b", [2], TestData.Created, 1) };
        _metadata.AllOfUserAsync(user.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<UserMetadata>>(metadata));
        _organizations.GetAsync(org.Id, Arg.Any<CancellationToken>()).Returns(org);
        _organizations.GetAsync(otherOrg.Id, Arg.Any<CancellationToken>()).Returns(otherOrg);

        await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("2", UserStateChange.Remove), CancellationToken.None);

        Assert.Equal(UserState.Removed, user.State);
        _memberships.Received(1).Remove(memberships[0]);
        _memberships.Received(1).Remove(memberships[1]);
        _tokens.Received(1).Remove(tokens[0]);
        _metadata.Received(1).Remove(metadata[0]);
        _metadata.Received(1).Remove(metadata[1]);
        foreach (var changed in new[] { org, otherOrg })
        {
            var raised = changed.PendingEvents[^1];
            Assert.Equal("org.member.cascade.removed", raised.Type);
            Assert.Equal("2", raised.Payload["userId"]);
            Assert.Equal(TestData.CallerId.Value, raised.EditorId);
        }
    }

    /// <summary>RemoveUser leaves no usable machine credential: every key is deleted and the secret is cleared, in the same unit of work.</summary>
    [Fact]
    public async Task Remove_deletes_the_machine_keys_and_clears_the_secret()
    {
        var user = TestData.Machine("2");
        user.SetMachineSecret(new string('b', 64), TestData.Created, "x");
        var keys = new[]
        {
            user.AddMachineKey(new MachineKeyId("k1"), MachineKeyType.Json, null, () => "pem-1", TestData.Created, "x"),
            user.AddMachineKey(new MachineKeyId("k2"), MachineKeyType.Json, null, () => "pem-2", TestData.Created, "x"),
        };
        _keys.AllOfUserAsync(user.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<MachineKey>>(keys));

        await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("2", UserStateChange.Remove), CancellationToken.None);

        _keys.Received(1).Remove(keys[0]);
        _keys.Received(1).Remove(keys[1]);
        Assert.False(user.HasMachineSecret);
        Assert.Null(user.MachineSecretHash);
    }

    [Theory]
    [InlineData(UserStateChange.Lock)]
    [InlineData(UserStateChange.Deactivate)]
    public async Task Only_remove_deletes_access(UserStateChange change)
    {
        var user = TestData.Machine("2");

        await Handler(TestData.Users(() => user)).Handle(new ChangeUserStateCommand("2", change), CancellationToken.None);

        _memberships.DidNotReceive().Remove(Arg.Any<Membership>());
        _tokens.DidNotReceive().Remove(Arg.Any<PersonalAccessToken>());
        _keys.DidNotReceive().Remove(Arg.Any<MachineKey>());
        Assert.Equal("2", new ChangeUserStateCommand("2", change).TargetUserId);
    }
}
