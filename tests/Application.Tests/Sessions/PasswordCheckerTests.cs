using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Identity.Application.Tests.Sessions;

public class PasswordCheckerTests
{
    private const string LookupKey = "login:ALICE@acme.acme.localhost";
    private readonly SignInTestKit _kit = new();

    private Task<User> Check(User? user, string password = SignInTestKit.Password) =>
        _kit.Checker().CheckAsync(user, LookupKey, password, CancellationToken.None);

    private static void AssertPasswordInvalid(DomainException error)
    {
        Assert.Equal("COMMAND-3M0fs", error.Summary.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("Password is invalid", error.Summary.Message);
    }

    public static TheoryData<string> NoCheckableUser => ["unknown", "machine", "removed", "password-less"];

    private static User? Make(string kind) => kind switch
    {
        "unknown" => null,
        "machine" => TestData.Machine(),
        "removed" => SignInTestKit.HumanWithPassword().Reach(UserState.Removed),
        "password-less" => TestData.Human(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // ---- No user whose password could match ----------------------------------------------------

    [Theory]
    [MemberData(nameof(NoCheckableUser))]
    public async Task Without_a_checkable_user_the_dummy_hash_is_verified_and_the_answer_is_COMMAND_3M0fs(string kind)
    {
        var user = Make(kind);

        var error = await Assert.ThrowsAsync<DomainException>(() => Check(user));

        AssertPasswordInvalid(error);
        Assert.Equal(["throttle", "gate", "verify " + SignInTestKit.DummyHash], _kit.Hasher.Calls.Where(c => c != "hash"));
        _kit.Throttle.Received(1).EnsureAllowed(LookupKey, SignInTestKit.Source);
        _kit.Throttle.Received(1).RecordFailure(LookupKey, SignInTestKit.Source);
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
        await _kit.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Theory]
    [MemberData(nameof(NoCheckableUser))]
    public async Task Without_a_checkable_user_even_a_dummy_match_fails(string kind)
    {
        _kit.Hasher.OnDummy = PasswordVerification.Success;

        var error = await Assert.ThrowsAsync<DomainException>(() => Check(Make(kind)));

        AssertPasswordInvalid(error);
    }

    [Fact]
    public async Task The_dummy_hash_is_made_once_by_the_current_hasher_and_reused()
    {
        var checker = _kit.Checker();

        await Assert.ThrowsAsync<DomainException>(() => checker.CheckAsync(null, LookupKey, "a", CancellationToken.None));
        await Assert.ThrowsAsync<DomainException>(() => checker.CheckAsync(null, LookupKey, "b", CancellationToken.None));

        Assert.Single(_kit.Hasher.Calls, c => c == "hash");
        Assert.Equal(2, _kit.Hasher.Calls.Count(c => c == "verify " + SignInTestKit.DummyHash));
    }

    // ---- Wrong password of a real user ---------------------------------------------------------

    [Fact]
    public async Task A_wrong_password_counts_a_failure_under_the_user_id_and_answers_COMMAND_3M0fs()
    {
        var user = SignInTestKit.HumanWithPassword();

        var error = await Assert.ThrowsAsync<DomainException>(() => Check(user, "Wrong-Horse-7"));

        AssertPasswordInvalid(error);
        Assert.Equal(["throttle", "gate", "verify " + SignInTestKit.StoredHash], _kit.Hasher.Calls.Where(c => c != "hash"));
        _kit.Throttle.Received(1).EnsureAllowed("user:1", SignInTestKit.Source);
        _kit.Throttle.Received(1).RecordFailure("user:1", SignInTestKit.Source);
        await _kit.Failures.Received(1).AddAsync(user.Id, TestData.Now, Arg.Any<CancellationToken>());
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
        Assert.Equal(UserState.Active, user.State);
    }

    [Fact]
    public async Task Without_a_lockout_policy_failures_count_but_never_lock()
    {
        _kit.FailureCount = 10_000;
        _kit.Stored = () => SignInTestKit.HumanWithPassword();

        await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword(), "wrong"));

        await _kit.Failures.Received(1).AddAsync(new UserId("1"), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        Assert.Empty(_kit.Loaded);
        await _kit.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_failure_that_reaches_the_policy_locks_the_stored_user_as_the_system(bool orgPolicy)
    {
        if (orgPolicy)
        {
            _kit.Org.AddLockoutPolicy(new LockoutPolicy(3, 0), TestData.Created, TestData.CallerId.Value);
            _kit.DefaultLockout = new LockoutPolicy(100, 0); // the org's own policy wins
        }
        else
        {
            _kit.DefaultLockout = new LockoutPolicy(3, 0);
        }

        _kit.Stored = () => SignInTestKit.HumanWithPassword();
        var user = SignInTestKit.HumanWithPassword();

        for (var i = 1; i <= 2; i++)
        {
            AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(user, "wrong")));
            Assert.Empty(_kit.Loaded);
        }

        AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(user, "wrong")));

        var locked = Assert.Single(_kit.Loaded);
        Assert.Equal(UserState.Locked, locked.State);
        var lockEvent = Assert.IsType<UserLocked>(locked.PendingEvents[^1]);
        Assert.Equal(SystemEditor.Lockout, lockEvent.EditorId);
        Received.InOrder(() =>
        {
            _kit.UnitOfWork.Reset();
            _kit.Users.FindAsync(user.Id, Arg.Any<CancellationToken>());
            _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>());
        });
        await _kit.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_lock_is_retried_from_a_fresh_load_after_a_concurrency_conflict()
    {
        _kit.DefaultLockout = new LockoutPolicy(1, 0);
        _kit.Stored = () => SignInTestKit.HumanWithPassword();
        _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new ConcurrencyConflictException()), Task.CompletedTask);

        AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword(), "wrong")));

        Assert.Equal(2, _kit.Loaded.Count);
        Assert.NotSame(_kit.Loaded[0], _kit.Loaded[1]);
        Assert.Equal(UserState.Locked, _kit.Loaded[1].State);
        await _kit.UnitOfWork.Received(2).SaveChangesAsync(Arg.Any<CancellationToken>());
        _kit.UnitOfWork.Received(2).Reset();
    }

    [Fact]
    public async Task A_user_already_locked_by_a_concurrent_failure_is_not_locked_twice()
    {
        _kit.DefaultLockout = new LockoutPolicy(1, 0);
        _kit.Stored = () => SignInTestKit.HumanWithPassword().Reach(UserState.Locked);

        AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword(), "wrong")));

        Assert.Single(_kit.Loaded);
        await _kit.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task The_lock_gives_up_after_five_conflicts_and_still_answers_COMMAND_3M0fs()
    {
        _kit.DefaultLockout = new LockoutPolicy(1, 0);
        _kit.Stored = () => SignInTestKit.HumanWithPassword();
        _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new ConcurrencyConflictException());

        AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword(), "wrong")));

        Assert.Equal(5, _kit.Loaded.Count);
        _kit.UnitOfWork.Received(6).Reset();
    }

    // ---- Right password ------------------------------------------------------------------------

    [Fact]
    public async Task A_right_password_resets_the_count_and_returns_the_user()
    {
        var user = SignInTestKit.HumanWithPassword(changeRequired: true);
        user.ClearPendingEvents();
        _kit.Failures.CountAsync(user.Id, Arg.Any<CancellationToken>()).Returns(2L);

        var signedIn = await Check(user);

        Assert.Same(user, signedIn);
        Assert.True(signedIn.PasswordChangeRequired);
        await _kit.Failures.Received(1).ResetAsync(user.Id, Arg.Any<CancellationToken>());
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        _kit.Throttle.DidNotReceiveWithAnyArgs().RecordFailure(default!, default);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Empty(user.PendingEvents);
        Assert.DoesNotContain("hash", _kit.Hasher.Calls);
    }

    [Fact]
    public async Task A_right_password_without_failures_writes_no_reset()
    {
        var user = SignInTestKit.HumanWithPassword();
        _kit.Failures.CountAsync(user.Id, Arg.Any<CancellationToken>()).Returns(0L);

        await Check(user);

        await _kit.Failures.Received(1).CountAsync(user.Id, Arg.Any<CancellationToken>());
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
    }

    [Fact]
    public async Task A_right_password_against_a_weaker_hash_replaces_it_with_a_fresh_hash_of_the_normal_form()
    {
        _kit.Hasher.OnMatch = PasswordVerification.SuccessRehashNeeded;
        var user = SignInTestKit.HumanWithPassword();
        var (changedAt, changeRequired, sequence) = (user.PasswordChangedAt, user.PasswordChangeRequired, user.Sequence);
        user.ClearPendingEvents();

        await Check(user);

        Assert.Equal("REHASHED:" + PasswordPolicy.NormalForm(SignInTestKit.Password), user.PasswordHash);
        var upgraded = Assert.IsType<PasswordHashUpgraded>(Assert.Single(user.PendingEvents));
        Assert.Equal(user.Id.Value, upgraded.EditorId);
        Assert.Equal(sequence + 1, user.Sequence);
        Assert.Equal(changedAt, user.PasswordChangedAt);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);

        // The upgrade hashes inside the hashing slot, right after the verification.
        Assert.Equal(["throttle", "gate", "verify " + SignInTestKit.StoredHash, "hash"], _kit.Hasher.Calls.SkipWhile(c => c == "hash"));
    }

    [Theory]
    [InlineData(UserState.Locked, "COMMAND-JLK35")]
    [InlineData(UserState.Inactive, "SESSION-UserInactive")]
    public async Task A_right_password_of_a_locked_or_deactivated_user_is_refused_with_its_own_id_and_keeps_the_count(UserState state, string id)
    {
        _kit.Hasher.OnMatch = PasswordVerification.SuccessRehashNeeded;
        var user = SignInTestKit.HumanWithPassword().Reach(state);
        user.ClearPendingEvents();

        var error = await Assert.ThrowsAsync<DomainException>(() => Check(user));

        Assert.Equal(id, error.Summary.Id);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Empty(user.PendingEvents);
    }

    [Theory]
    [InlineData(UserState.Locked)]
    [InlineData(UserState.Inactive)]
    public async Task A_wrong_password_of_a_locked_or_deactivated_user_answers_like_any_wrong_password(UserState state)
    {
        var user = SignInTestKit.HumanWithPassword().Reach(state);

        AssertPasswordInvalid(await Assert.ThrowsAsync<DomainException>(() => Check(user, "wrong")));
    }

    // ---- Order: budgets before hashing ---------------------------------------------------------

    [Fact]
    public async Task A_throttle_refusal_hashes_and_counts_nothing()
    {
        var refusal = new DomainException(Errors.Session.TooManyFailedChecks, "Too many failed checks");
        _kit.Throttle.When(t => t.EnsureAllowed(Arg.Any<string>(), Arg.Any<string?>())).Do(_ => throw refusal);

        var error = await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword()));

        Assert.Same(refusal, error);
        Assert.DoesNotContain(_kit.Hasher.Calls, c => c.StartsWith("verify", StringComparison.Ordinal) || c == "gate");
        Assert.Equal(0, _kit.Gate.Entered);
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
        _kit.Throttle.DidNotReceiveWithAnyArgs().RecordFailure(default!, default);
    }

    [Fact]
    public async Task A_gate_refusal_verifies_nothing()
    {
        _kit.Gate.Refusal = new DomainException(Errors.Api.Overloaded, "overloaded");

        await Assert.ThrowsAsync<DomainException>(() => Check(SignInTestKit.HumanWithPassword()));

        Assert.DoesNotContain(_kit.Hasher.Calls, c => c.StartsWith("verify", StringComparison.Ordinal));
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
    }
}
