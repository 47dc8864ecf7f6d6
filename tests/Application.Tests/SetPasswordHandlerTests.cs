using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Tests.Sessions;
using Identity.Application.Users.SetPassword;
using Identity.Application.Users.SetPasswordV2;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests;

/// <summary>SetHumanPassword (v1) and v2 SetPassword handlers, with the sign-in check's fakes.</summary>
public class SetPasswordHandlerTests
{
    private const string New = "Sunny-Meadow-42!";

    private readonly SignInTestKit _kit = new();

    public SetPasswordHandlerTests()
    {
        _kit.Context.Tenant = _kit.Org;
    }

    private User Stored(User user)
    {
        _kit.Users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        _kit.Stored = () => user;
        return user;
    }

    private SetPasswordV2Handler V2() => new(
        _kit.Context, _kit.Users, _kit.Checker(), _kit.Failures, TestData.Rules(), new RequestPasswordHasher(_kit.Hasher), new FakeResetCodes(), _kit.UnitOfWork, _kit.Clock);

    private SetPasswordHandler V1() => new(
        _kit.Context, _kit.Users, _kit.Failures, TestData.Rules(), new RequestPasswordHasher(_kit.Hasher), _kit.Clock);

    private static PasswordChanged ChangedEvent(User user) => Assert.IsType<PasswordChanged>(user.PendingEvents[^1]);

    // ---- v2: administrator path --------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_verification_an_administrator_sets_the_password_with_the_flag_as_sent_and_the_count_starts_again(bool changeRequired)
    {
        var user = Stored(SignInTestKit.HumanWithPassword(changeRequired: !changeRequired));

        var details = await V2().Handle(new SetPasswordV2Command("1", New, changeRequired, null, null), default);

        Assert.Equal("REHASHED:" + New, user.PasswordHash);
        Assert.Equal(changeRequired, user.PasswordChangeRequired);
        Assert.Equal(["hash"], _kit.Hasher.Calls); // no verification, no throttle
        Assert.Equal(0, _kit.Gate.Entered);
        var changed = ChangedEvent(user);
        Assert.Equal((changeRequired, PasswordSetter.Administrator, "900"), (changed.ChangeRequired, changed.SetBy, changed.EditorId));
        Assert.Equal(user.Sequence, details.Sequence);
        await _kit.Failures.Received(1).ResetAsync(user.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_weak_new_password_answers_every_policy_violation_and_changes_nothing()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        var sequence = user.Sequence;

        var error = await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", "alice", false, null, null), default));

        Assert.Contains(Errors.Policy.MinLengthId, error.Details.Select(d => d.Id));
        Assert.Contains(Errors.Policy.PersonalInformationId, error.Details.Select(d => d.Id));
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Equal(sequence, user.Sequence);
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
    }

    // ---- v2: with the current password --------------------------------------------------------

    [Fact]
    public async Task The_right_current_password_is_checked_in_the_held_slot_then_the_new_one_clears_the_forced_change()
    {
        var user = Stored(SignInTestKit.HumanWithPassword(changeRequired: true));

        await V2().Handle(new SetPasswordV2Command("1", New, false, SignInTestKit.Password, null), default);

        // budgets, then the verification without a second hashing slot, then the new hash
        Assert.Equal(["throttle", "verify " + SignInTestKit.StoredHash, "hash"], _kit.Hasher.Calls);
        Assert.Equal(0, _kit.Gate.Entered);
        Assert.Equal("REHASHED:" + New, user.PasswordHash);
        Assert.False(user.PasswordChangeRequired);
        var changed = ChangedEvent(user);
        Assert.Equal(PasswordSetter.User, changed.SetBy);
        await _kit.Failures.Received().ResetAsync(user.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_wrong_current_password_answers_COMMAND_3M0fs_counts_toward_lockout_and_sets_nothing()
    {
        var user = Stored(SignInTestKit.HumanWithPassword());
        var sequence = user.Sequence;

        var error = await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, "Wrong-Horse-7", null), default));

        Assert.Equal(Errors.Command.PasswordInvalidId, error.Summary.Id);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Equal(sequence, user.Sequence);
        Assert.DoesNotContain("hash", _kit.Hasher.Calls);
        await _kit.Failures.Received(1).AddAsync(user.Id, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        _kit.Throttle.Received(1).RecordFailure("user:1", SignInTestKit.Source);
        await _kit.Failures.DidNotReceiveWithAnyArgs().ResetAsync(default!, default);
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_user_when_the_lockout_policy_says_so()
    {
        _kit.DefaultLockout = new LockoutPolicy(2, 0);
        _kit.FailureCount = 1;
        Stored(SignInTestKit.HumanWithPassword());

        await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, "Wrong-Horse-7", null), default));

        var locked = Assert.Single(_kit.Loaded);
        Assert.Equal(UserState.Locked, locked.State);
        await _kit.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(UserState.Locked, "COMMAND-JLK35")]
    [InlineData(UserState.Inactive, "SESSION-UserInactive")]
    public async Task A_locked_or_deactivated_user_is_refused_with_its_own_id_only_after_the_current_password_matched(UserState state, string id)
    {
        var user = Stored(SignInTestKit.HumanWithPassword().Reach(state));

        var right = await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, SignInTestKit.Password, null), default));
        var wrong = await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, "Wrong-Horse-7", null), default));

        Assert.Equal(id, right.Summary.Id);
        Assert.Equal(Errors.Command.PasswordInvalidId, wrong.Summary.Id);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
    }

    // ---- v2: with a reset code ----------------------------------------------------------------

    private User WithOpenCode(string code = "ABC123")
    {
        var user = Stored(SignInTestKit.HumanWithPassword(changeRequired: true));
        user.RequestPasswordReset(FakeResetCodes.Hash(code), TestData.Now.AddHours(1), TestData.Now, "900");
        return user;
    }

    [Fact]
    public async Task The_open_code_sets_the_password_under_the_same_rules_uses_the_code_up_and_needs_no_extra_save()
    {
        var user = WithOpenCode();
        var command = new SetPasswordV2Command("1", New, false, null, "abc123 ");

        var details = await V2().Handle(command, default);

        Assert.Equal("REHASHED:" + New, user.PasswordHash);
        Assert.False(user.PasswordChangeRequired);
        Assert.Null(user.PasswordCodeHash);
        Assert.Equal(PasswordSetter.ResetCode, ChangedEvent(user).SetBy);
        Assert.Equal(user.Sequence, details.Sequence);
        Assert.Equal(0, _kit.Gate.Entered); // no current password is verified
        await _kit.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default); // the pipeline commits
        await _kit.Failures.Received(1).ResetAsync(user.Id, Arg.Any<CancellationToken>());
        Assert.True(command.SetsPassword);
        Assert.True(command.SelfAllowed);
    }

    [Fact]
    public async Task A_wrong_code_is_counted_and_committed_before_the_request_fails_with_the_one_id()
    {
        var user = WithOpenCode();

        var error = await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, null, "ZZZ999"), default));

        Assert.Equal(Errors.User.ResetCodeInvalidId, error.Summary.Id);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Equal(1, user.PasswordCodeFailedAttempts);
        Assert.IsType<PasswordCodeCheckFailed>(user.PendingEvents[^1]);
        Assert.Empty(_kit.Hasher.Calls);
        await _kit.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        Assert.DoesNotContain("ZZZ999", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_that_meets_a_concurrent_change_is_evaluated_again_on_fresh_state_so_every_guess_counts()
    {
        var first = WithOpenCode();
        var fresh = SignInTestKit.HumanWithPassword(changeRequired: true);
        fresh.RequestPasswordReset(FakeResetCodes.Hash("ABC123"), TestData.Now.AddHours(1), TestData.Now, "900");
        _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(
            _ => throw new ConcurrencyConflictException(),
            _ => Task.CompletedTask);
        _kit.Users.GetAsync(first.OrgId, first.Id, Arg.Any<CancellationToken>()).Returns(first, fresh);

        await Assert.ThrowsAsync<DomainException>(() => V2().Handle(new SetPasswordV2Command("1", New, false, null, "ZZZ999"), default));

        _kit.UnitOfWork.Received(1).Reset();
        await _kit.UnitOfWork.Received(2).SaveChangesAsync(Arg.Any<CancellationToken>());
        Assert.Equal(1, fresh.PasswordCodeFailedAttempts);
    }

    [Fact]
    public void Verification_code_is_validated_as_1_to_20_characters_with_the_code_id()
    {
        var validator = new SetPasswordV2Validator();

        Assert.True(validator.Validate(new SetPasswordV2Command("1", New, false, null, "ABC123")).IsValid);
        var tooLong = validator.Validate(new SetPasswordV2Command("1", New, false, null, new string('A', 21)));
        Assert.Equal(Errors.User.ResetCodeInvalidId, Assert.Single(tooLong.Errors).ErrorCode);
        Assert.False(validator.Validate(new SetPasswordV2Command("1", New, false, null, string.Empty)).IsValid);
    }

    [Fact]
    public void The_v2_command_never_prints_a_password_or_code()
    {
        var text = new SetPasswordV2Command("1", New, true, SignInTestKit.Password, null).ToString();

        Assert.DoesNotContain(New, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SignInTestKit.Password, text, StringComparison.Ordinal);
        Assert.Contains("UserId = 1", text, StringComparison.Ordinal);
    }

    // ---- v1 SetHumanPassword ------------------------------------------------------------------

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task SetHumanPassword_requires_a_change_unless_no_change_required(bool noChangeRequired, bool expected)
    {
        var user = Stored(SignInTestKit.HumanWithPassword(changeRequired: !expected));

        await V1().Handle(new SetPasswordCommand("1", New, noChangeRequired), default);

        Assert.Equal(expected, user.PasswordChangeRequired);
        Assert.Equal("REHASHED:" + New, user.PasswordHash);
        var changed = ChangedEvent(user);
        Assert.Equal((expected, PasswordSetter.Administrator), (changed.ChangeRequired, changed.SetBy));
        await _kit.Failures.Received(1).ResetAsync(user.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SetHumanPassword_by_the_user_itself_is_recorded_as_set_by_the_user()
    {
        var user = Stored(SignInTestKit.HumanWithPassword(id: TestData.CallerId.Value));

        await V1().Handle(new SetPasswordCommand(TestData.CallerId.Value, New, false), default);

        Assert.Equal(PasswordSetter.User, ChangedEvent(user).SetBy);
    }

    [Fact]
    public async Task SetHumanPassword_on_a_machine_user_or_a_user_of_another_org_is_refused_and_hashes_nothing()
    {
        Stored(TestData.Machine("2"));
        Stored(SignInTestKit.HumanWithPassword(id: "3", org: TestData.OtherOrgId));

        var machine = await Assert.ThrowsAsync<DomainException>(() => V1().Handle(new SetPasswordCommand("2", New, false), default));
        var foreign = await Assert.ThrowsAsync<DomainException>(() => V1().Handle(new SetPasswordCommand("3", New, false), default));

        Assert.Equal("USER-NotHuman", machine.Summary.Id);
        Assert.Equal("USER-NotFound", foreign.Summary.Id);
        Assert.Empty(_kit.Hasher.Calls);
    }

    [Fact]
    public void Validators_check_the_lengths_with_their_own_ids()
    {
        var v2 = new SetPasswordV2Validator();
        Assert.Equal([Errors.User.PasswordLengthId], v2.Validate(new SetPasswordV2Command("1", "", false, null, null)).Errors.Select(e => e.ErrorCode));
        Assert.Equal([Errors.User.PasswordLengthId], v2.Validate(new SetPasswordV2Command("1", new string('a', 73), false, null, null)).Errors.Select(e => e.ErrorCode));
        Assert.Equal([Errors.User.CurrentPasswordInvalidId], v2.Validate(new SetPasswordV2Command("1", New, false, "", null)).Errors.Select(e => e.ErrorCode));
        Assert.Equal([Errors.User.CurrentPasswordInvalidId], v2.Validate(new SetPasswordV2Command("1", New, false, new string('a', 201), null)).Errors.Select(e => e.ErrorCode));
        Assert.True(v2.Validate(new SetPasswordV2Command("1", New, false, new string('a', 200), null)).IsValid);

        var v1 = new SetPasswordValidator();
        Assert.Equal([Errors.User.PasswordLengthId], v1.Validate(new SetPasswordCommand("1", new string('a', 73), false)).Errors.Select(e => e.ErrorCode));
        Assert.Equal([Errors.User.UserIdInvalidId], v1.Validate(new SetPasswordCommand("", New, false)).Errors.Select(e => e.ErrorCode));
    }
}

/// <summary>Deterministic reset codes: the hash is visible, the code is the next one set.</summary>
internal sealed class FakeResetCodes : IPasswordResetCodes
{
    public string Next { get; set; } = "ABC123";

    public static string Hash(string code) => "H:" + code.Trim().ToUpperInvariant();

    public (string Code, string Hash) Generate() => (Next, Hash(Next));

    public string HashOf(string code) => Hash(code);
}
