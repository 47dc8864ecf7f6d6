using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>The five user transitions of <see cref="User"/>.</summary>
public enum Transition
{
    Deactivate,
    Reactivate,
    Lock,
    Unlock,
    Remove,
}

/// <summary>Where a test user starts, each reached through the aggregate's own methods (never by reflection).</summary>
public enum Start
{
    HumanInitial,
    HumanActive,
    HumanLocked, // locked after getting a password
    HumanLockedWithoutPassword, // locked while still initial
    HumanInactive,
    HumanInactiveWithoutPassword, // initial -> locked -> deactivated
    HumanRemoved,
    MachineActive,
    MachineLocked,
    MachineInactive,
    MachineRemoved,
}

public class UserLifecycleTests
{
    private const string GoodPassword = "Correct-Horse-7";
    private const string Actor = "777";

    private static readonly DateTimeOffset Setup = TestData.Created.AddDays(1);

    /// <summary>Allowed transitions: start, transition, resulting state.</summary>
    public static TheoryData<Start, Transition, UserState> Allowed => new()
    {
        { Start.HumanActive, Transition.Deactivate, UserState.Inactive },
        { Start.HumanLocked, Transition.Deactivate, UserState.Inactive },
        { Start.HumanLockedWithoutPassword, Transition.Deactivate, UserState.Inactive },
        { Start.MachineActive, Transition.Deactivate, UserState.Inactive },
        { Start.MachineLocked, Transition.Deactivate, UserState.Inactive },

        { Start.HumanInactive, Transition.Reactivate, UserState.Active },
        // Like Unlock, Reactivate brings a human that never got a password back to Initial, not Active.
        { Start.HumanInactiveWithoutPassword, Transition.Reactivate, UserState.Initial },
        { Start.MachineInactive, Transition.Reactivate, UserState.Active },

        { Start.HumanInitial, Transition.Lock, UserState.Locked },
        { Start.HumanActive, Transition.Lock, UserState.Locked },
        { Start.MachineActive, Transition.Lock, UserState.Locked },

        { Start.HumanLocked, Transition.Unlock, UserState.Active },
        { Start.HumanLockedWithoutPassword, Transition.Unlock, UserState.Initial },
        { Start.MachineLocked, Transition.Unlock, UserState.Active }, // a machine has no password, yet is never initial

        { Start.HumanInitial, Transition.Remove, UserState.Removed },
        { Start.HumanActive, Transition.Remove, UserState.Removed },
        { Start.HumanLocked, Transition.Remove, UserState.Removed },
        { Start.HumanLockedWithoutPassword, Transition.Remove, UserState.Removed },
        { Start.HumanInactive, Transition.Remove, UserState.Removed },
        { Start.HumanInactiveWithoutPassword, Transition.Remove, UserState.Removed },
        { Start.MachineActive, Transition.Remove, UserState.Removed },
        { Start.MachineLocked, Transition.Remove, UserState.Removed },
        { Start.MachineInactive, Transition.Remove, UserState.Removed },
    };

    /// <summary>Refused transitions: start, transition, error kind, stable error id.</summary>
    public static TheoryData<Start, Transition, ErrorKind, string> Refused => new()
    {
        { Start.HumanInitial, Transition.Deactivate, ErrorKind.FailedPrecondition, "USER-CantDeactivateInitial" },
        { Start.HumanInactive, Transition.Deactivate, ErrorKind.FailedPrecondition, "USER-AlreadyInactive" },
        { Start.HumanInactiveWithoutPassword, Transition.Deactivate, ErrorKind.FailedPrecondition, "USER-AlreadyInactive" },
        { Start.MachineInactive, Transition.Deactivate, ErrorKind.FailedPrecondition, "USER-AlreadyInactive" },

        { Start.HumanInitial, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },
        { Start.HumanActive, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },
        { Start.HumanLocked, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },
        { Start.HumanLockedWithoutPassword, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },
        { Start.MachineActive, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },
        { Start.MachineLocked, Transition.Reactivate, ErrorKind.FailedPrecondition, "USER-NotInactive" },

        { Start.HumanLocked, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },
        { Start.HumanLockedWithoutPassword, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },
        { Start.HumanInactive, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },
        { Start.HumanInactiveWithoutPassword, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },
        { Start.MachineLocked, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },
        { Start.MachineInactive, Transition.Lock, ErrorKind.FailedPrecondition, "USER-CantLock" },

        { Start.HumanInitial, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },
        { Start.HumanActive, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },
        { Start.HumanInactive, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },
        { Start.HumanInactiveWithoutPassword, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },
        { Start.MachineActive, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },
        { Start.MachineInactive, Transition.Unlock, ErrorKind.FailedPrecondition, "USER-NotLocked" },

        { Start.HumanRemoved, Transition.Deactivate, ErrorKind.NotFound, "USER-NotFound" },
        { Start.HumanRemoved, Transition.Reactivate, ErrorKind.NotFound, "USER-NotFound" },
        { Start.HumanRemoved, Transition.Lock, ErrorKind.NotFound, "USER-NotFound" },
        { Start.HumanRemoved, Transition.Unlock, ErrorKind.NotFound, "USER-NotFound" },
        { Start.HumanRemoved, Transition.Remove, ErrorKind.NotFound, "USER-NotFound" },
        { Start.MachineRemoved, Transition.Deactivate, ErrorKind.NotFound, "USER-NotFound" },
        { Start.MachineRemoved, Transition.Reactivate, ErrorKind.NotFound, "USER-NotFound" },
        { Start.MachineRemoved, Transition.Lock, ErrorKind.NotFound, "USER-NotFound" },
        { Start.MachineRemoved, Transition.Unlock, ErrorKind.NotFound, "USER-NotFound" },
        { Start.MachineRemoved, Transition.Remove, ErrorKind.NotFound, "USER-NotFound" },
    };

    private static User Make(Start start) => start switch
    {
        Start.HumanInitial => TestData.Human(),
        Start.HumanActive => TestData.Human(password: GoodPassword),
        Start.HumanLocked => TestData.Human(password: GoodPassword).Reach(UserState.Locked, Setup),
        Start.HumanLockedWithoutPassword => TestData.Human().Reach(UserState.Locked, Setup),
        Start.HumanInactive => TestData.Human(password: GoodPassword).Reach(UserState.Inactive, Setup),
        Start.HumanInactiveWithoutPassword => TestData.Human().Reach(UserState.Locked, Setup).Reach(UserState.Inactive, Setup),
        Start.HumanRemoved => TestData.Human(password: GoodPassword).Reach(UserState.Removed, Setup),
        Start.MachineActive => TestData.Machine(),
        Start.MachineLocked => TestData.Machine().Reach(UserState.Locked, Setup),
        Start.MachineInactive => TestData.Machine().Reach(UserState.Inactive, Setup),
        Start.MachineRemoved => TestData.Machine().Reach(UserState.Removed, Setup),
        _ => throw new ArgumentOutOfRangeException(nameof(start), start, null),
    };

    private static void Apply(User user, Transition transition, DateTimeOffset now, string editor)
    {
        switch (transition)
        {
            case Transition.Deactivate:
                user.Deactivate(now, editor);
                break;
            case Transition.Reactivate:
                user.Reactivate(now, editor);
                break;
            case Transition.Lock:
                user.Lock(now, editor);
                break;
            case Transition.Unlock:
                user.Unlock(now, editor);
                break;
            case Transition.Remove:
                user.Remove(now, editor);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(transition), transition, null);
        }
    }

    private static string EventType(Transition transition) => transition switch
    {
        Transition.Deactivate => "user.deactivated",
        Transition.Reactivate => "user.reactivated",
        Transition.Lock => "user.locked",
        Transition.Unlock => "user.unlocked",
        Transition.Remove => "user.removed",
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    private static Type EventRecord(Transition transition) => transition switch
    {
        Transition.Deactivate => typeof(UserDeactivated),
        Transition.Reactivate => typeof(UserReactivated),
        Transition.Lock => typeof(UserLocked),
        Transition.Unlock => typeof(UserUnlocked),
        Transition.Remove => typeof(UserRemoved),
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    private static (long Sequence, UserState State, DateTimeOffset CreatedAt, DateTimeOffset ChangedAt, int Events, string Key, string? Hash, bool ChangeRequired, DateTimeOffset? PasswordChangedAt) Snapshot(User user) =>
        (user.Sequence, user.State, user.CreatedAt, user.ChangedAt, user.PendingEvents.Count, user.UserNameKey, user.PasswordHash, user.PasswordChangeRequired, user.PasswordChangedAt);

    // ---- the matrix ---------------------------------------------------------------------------

    [Fact]
    public void Every_start_and_transition_is_in_exactly_one_table()
    {
        var allowed = Allowed.Select(row => ((Start)row[0], (Transition)row[1])).ToList();
        var refused = Refused.Select(row => ((Start)row[0], (Transition)row[1])).ToList();
        var expected = Enum.GetValues<Start>().SelectMany(s => Enum.GetValues<Transition>().Select(t => (s, t))).ToList();

        Assert.Equal(expected.Count, allowed.Count + refused.Count);
        Assert.Empty(allowed.Intersect(refused));
        Assert.Equal(expected.ToHashSet(), allowed.Concat(refused).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_transition_changes_the_state_and_raises_one_event(Start start, Transition transition, UserState expected)
    {
        var user = Make(start);
        user.ClearPendingEvents();
        var sequence = user.Sequence;
        var created = user.CreatedAt;

        Apply(user, transition, TestData.Now, Actor);

        Assert.Equal(expected, user.State);
        Assert.Equal(sequence + 1, user.Sequence);
        Assert.Equal(TestData.Now, user.ChangedAt);
        Assert.Equal(created, user.CreatedAt);

        var raised = Assert.Single(user.PendingEvents);
        Assert.Equal(EventType(transition), raised.Type);
        Assert.IsType(EventRecord(transition), raised);
        Assert.Equal(sequence + 1, raised.Sequence);
        Assert.Equal(TestData.Now, raised.CreatedAt);
        Assert.Equal(Actor, raised.EditorId);
        Assert.Equal("user", raised.AggregateType);
        Assert.Equal(user.Id.Value, raised.AggregateId);
        Assert.Equal(TestData.Org.Value, raised.ResourceOwner);
        if (transition == Transition.Remove)
        {
            Assert.Equal(["userName"], raised.Payload.Keys);
            Assert.Equal(user.UserName, raised.Payload["userName"]);
        }
        else
        {
            Assert.Empty(raised.Payload);
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_transition_throws_its_stable_id_and_changes_nothing(Start start, Transition transition, ErrorKind kind, string id)
    {
        var user = Make(start);
        var before = Snapshot(user);
        var events = user.PendingEvents.ToList();

        var error = Assert.Throws<DomainException>(() => Apply(user, transition, TestData.Now, Actor));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(id, error.Summary.Id);
        Assert.Equal([error.Summary], error.Details);
        Assert.Equal(before, Snapshot(user));
        Assert.Equal(events, user.PendingEvents);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_transition_keeps_the_password_and_profile(Start start, Transition transition, UserState expected)
    {
        var user = Make(start);
        var hash = user.PasswordHash;
        var changeRequired = user.PasswordChangeRequired;
        var passwordChangedAt = user.PasswordChangedAt;
        var human = user.Human;
        var machine = user.Machine;

        Apply(user, transition, TestData.Now, Actor);

        Assert.Equal(expected, user.State);
        Assert.Equal(hash, user.PasswordHash);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);
        Assert.Equal(passwordChangedAt, user.PasswordChangedAt);
        Assert.Same(human, user.Human);
        Assert.Same(machine, user.Machine);
        Assert.Equal("user", user.PendingEvents[^1].AggregateType);
    }

    [Fact]
    public void Start_states_are_what_their_names_say()
    {
        Assert.Equal(UserState.Initial, Make(Start.HumanInitial).State);
        Assert.Equal(UserState.Active, Make(Start.HumanActive).State);
        Assert.Equal(UserState.Locked, Make(Start.HumanLocked).State);
        Assert.NotNull(Make(Start.HumanLocked).PasswordHash);
        Assert.Equal(UserState.Locked, Make(Start.HumanLockedWithoutPassword).State);
        Assert.Null(Make(Start.HumanLockedWithoutPassword).PasswordHash);
        Assert.Equal(UserState.Inactive, Make(Start.HumanInactive).State);
        Assert.Equal(UserState.Inactive, Make(Start.HumanInactiveWithoutPassword).State);
        Assert.Null(Make(Start.HumanInactiveWithoutPassword).PasswordHash);
        Assert.Equal(UserState.Removed, Make(Start.HumanRemoved).State);
        Assert.Equal(UserState.Active, Make(Start.MachineActive).State);
        Assert.Equal(UserState.Locked, Make(Start.MachineLocked).State);
        Assert.Equal(UserState.Inactive, Make(Start.MachineInactive).State);
        Assert.Equal(UserState.Removed, Make(Start.MachineRemoved).State);
    }

    // ---- round trips --------------------------------------------------------------------------

    [Fact]
    public void Lock_unlock_deactivate_reactivate_round_trip_of_an_active_human()
    {
        var user = TestData.Human(password: GoodPassword);

        user.Lock(TestData.Now, Actor);
        user.Unlock(TestData.Now.AddMinutes(1), Actor);
        user.Deactivate(TestData.Now.AddMinutes(2), Actor);
        user.Reactivate(TestData.Now.AddMinutes(3), Actor);

        Assert.Equal(UserState.Active, user.State);
        Assert.Equal(5, user.Sequence);
        Assert.Equal(TestData.Now.AddMinutes(3), user.ChangedAt);
        Assert.Equal(TestData.Created, user.CreatedAt);
        Assert.Equal(
            ["user.human.added", "user.locked", "user.unlocked", "user.deactivated", "user.reactivated"],
            user.PendingEvents.Select(e => e.Type));
    }

    [Fact]
    public void Unlock_returns_a_human_to_initial_only_while_it_has_no_password()
    {
        var user = TestData.Human();
        user.Lock(TestData.Now, Actor);
        user.Unlock(TestData.Now, Actor);
        Assert.Equal(UserState.Initial, user.State);

        user.Lock(TestData.Now, Actor);
        user.SetInitialPassword(GoodPassword, TestData.Strict(), new HashSpy().Hash, TestData.Now, Actor);
        Assert.Equal(UserState.Locked, user.State);
        user.Unlock(TestData.Now, Actor);

        Assert.Equal(UserState.Active, user.State);
    }

    // ---- Remove frees the user name -----------------------------------------------------------

    [Fact]
    public void Remove_frees_the_user_name_and_keeps_the_name_for_the_record()
    {
        var user = TestData.Human(id: "42", userName: "Alice");
        var liveKey = user.UserNameKey;

        user.Remove(TestData.Now, Actor);

        Assert.Equal(User.NormalizeUserName("Alice"), liveKey);
        Assert.Equal(User.RemovedUserNameKey(new UserId("42")), user.UserNameKey);
        Assert.NotEqual(liveKey, user.UserNameKey);
        Assert.Equal("Alice", user.UserName);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("removed:42")]
    [InlineData("REMOVED:42")]
    [InlineData(" Removed:42 ")]
    [InlineData("ｒｅｍｏｖｅｄ:42")] // full width folds to ASCII under NFKC
    [InlineData("removed:")]
    [InlineData("42")]
    public void Removed_key_never_equals_a_live_user_name_key(string userName)
    {
        var removedKey = User.RemovedUserNameKey(new UserId("42"));

        Assert.NotEqual(removedKey, User.NormalizeUserName(userName));
        Assert.NotEqual(removedKey, TestData.Human(id: "7", userName: userName).UserNameKey);
    }

    [Fact]
    public void Removed_keys_are_unique_per_user()
    {
        Assert.NotEqual(User.RemovedUserNameKey(new UserId("1")), User.RemovedUserNameKey(new UserId("2")));
        Assert.Equal(User.RemovedUserNameKey(new UserId("1")), User.RemovedUserNameKey(new UserId("1")));

        var first = TestData.Human(id: "1").Reach(UserState.Removed);
        var second = TestData.Human(id: "2").Reach(UserState.Removed);

        Assert.NotEqual(first.UserNameKey, second.UserNameKey);
    }

    [Fact]
    public void Removed_user_refuses_every_further_change()
    {
        var user = TestData.Machine().Reach(UserState.Removed);
        var before = Snapshot(user);

        Assert.Equal("USER-NotFound", Assert.Throws<DomainException>(() => user.AddPersonalAccessToken(new TokenId("t"), "h", null, TestData.Now, Actor)).Summary.Id);
        Assert.Equal("USER-NotFound", Assert.Throws<DomainException>(() => user.Remove(TestData.Now, Actor)).Summary.Id);
        Assert.Equal(before, Snapshot(user));
        Assert.Equal(User.RemovedUserNameKey(user.Id), user.UserNameKey);
    }

    // ---- SetInitialPassword against every state reached through the methods (docs/rules.md step 7) --

    [Theory]
    [InlineData(Start.HumanInitial, UserState.Active)]
    [InlineData(Start.HumanActive, UserState.Active)]
    [InlineData(Start.HumanLocked, UserState.Locked)]
    [InlineData(Start.HumanLockedWithoutPassword, UserState.Locked)]
    public void SetInitialPassword_is_allowed_and_moves_only_initial_to_active(Start start, UserState expected)
    {
        var user = Make(start);
        user.ClearPendingEvents();
        var sequence = user.Sequence;
        var hash = new HashSpy();

        user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, TestData.Now, Actor);

        Assert.Equal(expected, user.State);
        Assert.Equal([GoodPassword], hash.Calls);
        Assert.Equal(HashSpy.Prefix + "1", user.PasswordHash);
        Assert.True(user.PasswordChangeRequired);
        Assert.Equal(TestData.Now, user.PasswordChangedAt);
        Assert.Equal(sequence + 1, user.Sequence);
        var changed = Assert.Single(user.PendingEvents);
        Assert.Equal("user.human.password.changed", changed.Type);
        Assert.Equal(sequence + 1, changed.Sequence);
        Assert.Equal(Actor, changed.EditorId);
    }

    [Theory]
    [InlineData(Start.HumanInactive, ErrorKind.FailedPrecondition, "USER-Inactive")]
    [InlineData(Start.HumanInactiveWithoutPassword, ErrorKind.FailedPrecondition, "USER-Inactive")]
    [InlineData(Start.HumanRemoved, ErrorKind.NotFound, "USER-NotFound")]
    [InlineData(Start.MachineRemoved, ErrorKind.NotFound, "USER-NotFound")] // step 5 (not found) answers before step 6 (not human)
    [InlineData(Start.MachineActive, ErrorKind.FailedPrecondition, "USER-NotHuman")]
    [InlineData(Start.MachineLocked, ErrorKind.FailedPrecondition, "USER-NotHuman")]
    [InlineData(Start.MachineInactive, ErrorKind.FailedPrecondition, "USER-NotHuman")] // step 6 before step 7
    public void SetInitialPassword_is_refused_without_hashing_or_changing_anything(Start start, ErrorKind kind, string id)
    {
        var user = Make(start);
        var before = Snapshot(user);
        var hash = new HashSpy();

        // "weak" would also break the policy (step 8): the state answers first
        var error = Assert.Throws<DomainException>(() => user.SetInitialPassword("weak", TestData.Strict(), hash.Hash, TestData.Now, Actor));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(id, error.Summary.Id);
        Assert.Empty(hash.Calls);
        Assert.Equal(before, Snapshot(user));
    }

    [Fact]
    public void Deactivated_user_gets_a_password_again_after_reactivation()
    {
        var user = Make(Start.HumanInactive);
        Assert.Throws<DomainException>(() => user.SetInitialPassword(GoodPassword, TestData.Strict(), new HashSpy().Hash, TestData.Now, Actor));

        user.Reactivate(TestData.Now, Actor);
        user.SetInitialPassword(GoodPassword, TestData.Strict(), new HashSpy().Hash, TestData.Now, Actor);

        Assert.Equal(UserState.Active, user.State);
        Assert.True(user.PasswordChangeRequired);
    }

    // ---- invariant: events == sequence ----------------------------------------------------------

    [Theory]
    [InlineData(1, true)]
    [InlineData(7, true)]
    [InlineData(42, true)]
    [InlineData(1234, true)]
    [InlineData(99991, true)]
    [InlineData(3, false)]
    [InlineData(77, false)]
    [InlineData(2024, false)]
    public void Every_change_raises_one_event_and_sequences_have_no_gaps(int seed, bool human)
    {
        var user = human ? TestData.Human() : TestData.Machine();
        var random = new Lcg(seed);
        var hash = new HashSpy();
        var succeeded = 0;
        var failed = 0;
        Action<DateTimeOffset>[] operations =
        [
            now => user.Deactivate(now, Actor),
            now => user.Reactivate(now, Actor),
            now => user.Lock(now, Actor),
            now => user.Unlock(now, Actor),
            now => user.SetInitialPassword(GoodPassword, TestData.Strict(), hash.Hash, now, Actor),
            now => user.SetInitialPassword("weak", TestData.Strict(), hash.Hash, now, Actor),
            now => user.AddPersonalAccessToken(new TokenId("t"), "h", null, now, Actor),
        ];

        for (var step = 0; step < 200; step++)
        {
            var now = TestData.Now.AddMinutes(step);
            var before = (user.Sequence, user.State, user.PendingEvents.Count);
            var remove = random.Next(40) == 0; // now and then, and the user is gone for good
            try
            {
                if (remove)
                {
                    user.Remove(now, Actor);
                }
                else
                {
                    operations[random.Next(operations.Length)](now);
                }

                succeeded++;
                Assert.Equal(before.Sequence + 1, user.Sequence);
                Assert.Equal(before.Count + 1, user.PendingEvents.Count);
                Assert.Equal(now, user.ChangedAt);
            }
            catch (DomainException)
            {
                failed++;
                Assert.Equal(before, (user.Sequence, user.State, user.PendingEvents.Count));
            }
        }

        Assert.True(succeeded > 1, "the sequence should contain some successful changes");
        Assert.True(failed > 0, "the sequence should contain some refused changes");
        Assert.Equal(user.Sequence, user.PendingEvents.Count);
        Assert.Equal(Enumerable.Range(1, user.PendingEvents.Count).Select(i => (long)i), user.PendingEvents.Select(e => e.Sequence));
        Assert.Equal(succeeded + 1, user.PendingEvents.Count); // + the creation event
        Assert.All(user.PendingEvents, e => Assert.Equal(user.Id.Value, e.AggregateId));
        Assert.Equal(user.ChangedAt, user.PendingEvents[^1].CreatedAt);
        Assert.Equal(TestData.Created, user.CreatedAt);
    }

    /// <summary>A small deterministic generator, so that a failing seed can be replayed.</summary>
    private sealed class Lcg(int seed)
    {
        private uint _state = (uint)seed;

        public int Next(int maxExclusive)
        {
            _state = unchecked((_state * 1664525u) + 1013904223u);
            return (int)((_state >> 8) % (uint)maxExclusive);
        }
    }
}
