using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Domain.Tests;

/// <summary>What a sign-in asks of <see cref="User"/>, and <see cref="LockoutPolicy.LocksAfter"/>.</summary>
public class UserSignInTests
{
    private const string Password = "Correct-Horse-7";

    private static User HumanWithPassword() => TestData.Human(password: Password);

    public static TheoryData<string, bool> Checkable => new()
    {
        { "human active with password", true },
        { "human locked with password", true },
        { "human inactive with password", true },
        { "human initial", false },
        { "human locked without password", false },
        { "human removed with password", false },
        { "machine active", false },
        { "machine locked", false },
    };

    private static User Make(string kind) => kind switch
    {
        "human active with password" => HumanWithPassword(),
        "human locked with password" => HumanWithPassword().Reach(UserState.Locked),
        "human inactive with password" => HumanWithPassword().Reach(UserState.Inactive),
        "human initial" => TestData.Human(),
        "human locked without password" => TestData.Human().Reach(UserState.Locked),
        "human removed with password" => HumanWithPassword().Reach(UserState.Removed),
        "machine active" => TestData.Machine(),
        "machine locked" => TestData.Machine().Reach(UserState.Locked),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Checkable))]
    public void HasCheckablePassword_only_for_a_human_with_a_password_that_is_not_removed(string kind, bool expected) =>
        Assert.Equal(expected, Make(kind).HasCheckablePassword);

    [Fact]
    public void An_imported_bcrypt_hash_is_checkable()
    {
        var hash = BcryptHash.Parse("$2y$04$" + new string('a', 53));
        var user = User.ImportHumanWithPasswordHash(new UserId("5"), TestData.Org, "bob", TestData.Profile(), hash, false, TestData.Created, TestData.Editor);

        Assert.True(user.HasCheckablePassword);
    }

    [Fact]
    public void EnsureCanSignIn_lets_an_active_human_through_without_a_change()
    {
        var user = HumanWithPassword();
        user.ClearPendingEvents();

        user.EnsureCanSignIn();

        Assert.Equal(UserState.Active, user.State);
        Assert.Empty(user.PendingEvents);
    }

    [Fact]
    public void EnsureCanSignIn_refuses_a_locked_user_with_COMMAND_JLK35()
    {
        var user = HumanWithPassword().Reach(UserState.Locked);

        var error = Assert.Throws<DomainException>(user.EnsureCanSignIn);

        Assert.Equal("COMMAND-JLK35", error.Summary.Id);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public void EnsureCanSignIn_refuses_a_deactivated_user_with_its_own_id()
    {
        var user = HumanWithPassword().Reach(UserState.Inactive);

        var error = Assert.Throws<DomainException>(user.EnsureCanSignIn);

        Assert.Equal("SESSION-UserInactive", error.Summary.Id);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Theory]
    [InlineData("human initial")]
    [InlineData("human removed with password")]
    [InlineData("machine active")]
    public void EnsureCanSignIn_is_a_programming_error_for_a_user_whose_password_cannot_have_been_verified(string kind) =>
        Assert.Throws<InvalidOperationException>(Make(kind).EnsureCanSignIn);

    [Fact]
    public void LockAfterFailedPasswordChecks_locks_an_active_user_as_the_system()
    {
        var user = HumanWithPassword();
        var before = user.Sequence;

        Assert.True(user.LockAfterFailedPasswordChecks(TestData.Now));

        Assert.Equal(UserState.Locked, user.State);
        Assert.Equal(before + 1, user.Sequence);
        var locked = Assert.IsType<UserLocked>(user.PendingEvents[^1]);
        Assert.Equal("user.locked", locked.Type);
        Assert.Equal(SystemEditor.Lockout, locked.EditorId);
        Assert.Equal("system:lockout", locked.EditorId);
        Assert.Equal(TestData.Now, locked.CreatedAt);
        Assert.Equal(TestData.Org.Value, locked.ResourceOwner);
    }

    [Theory]
    [InlineData("human locked with password")]
    [InlineData("human inactive with password")]
    [InlineData("human initial")]
    [InlineData("human removed with password")]
    public void LockAfterFailedPasswordChecks_changes_nothing_for_a_user_that_is_not_active(string kind)
    {
        var user = Make(kind);
        var (state, sequence, events) = (user.State, user.Sequence, user.PendingEvents.Count);

        Assert.False(user.LockAfterFailedPasswordChecks(TestData.Now));

        Assert.Equal(state, user.State);
        Assert.Equal(sequence, user.Sequence);
        Assert.Equal(events, user.PendingEvents.Count);
    }

    [Fact]
    public void A_second_lock_after_failed_checks_is_a_no_op_so_concurrent_failures_lock_once()
    {
        var user = HumanWithPassword();
        Assert.True(user.LockAfterFailedPasswordChecks(TestData.Now));

        Assert.False(user.LockAfterFailedPasswordChecks(TestData.Now.AddSeconds(1)));

        Assert.Single(user.PendingEvents, e => e is UserLocked);
    }

    // ---- LockoutPolicy.LocksAfter --------------------------------------------------------------

    [Theory]
    [InlineData(0u, 0L, false)]
    [InlineData(0u, 1L, false)]
    [InlineData(0u, long.MaxValue, false)]
    [InlineData(1u, 0L, false)]
    [InlineData(1u, 1L, true)]
    [InlineData(3u, 2L, false)]
    [InlineData(3u, 3L, true)]
    [InlineData(3u, 4L, true)]
    [InlineData(uint.MaxValue, 4_294_967_294L, false)]
    [InlineData(uint.MaxValue, 4_294_967_295L, true)]
    public void LocksAfter_from_the_policys_number_on_and_never_for_0(uint max, long failures, bool locks)
    {
        var policy = new LockoutPolicy(max, 0);

        Assert.Equal(locks, policy.LocksAfter(failures));
        Assert.Equal(max > 0, policy.LocksOnPasswordFailures);
    }

    [Fact]
    public void The_default_policy_never_locks() =>
        Assert.False(LockoutPolicy.Default.LocksAfter(1_000_000));
}
