using Identity.Application.Common;
using Identity.Application.Users.SetPasswordV2;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using NSubstitute;

namespace Identity.Application.Tests.Sessions;

/// <summary>
/// The sign-in check with an expiring initial password (fake clock): refused with its own id only after the
/// password matched, recorded on its own (not a failed check); the first use ends the expiry.
/// </summary>
public class InitialPasswordExpirySignInTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private readonly SignInTestKit _kit = new();

    public InitialPasswordExpirySignInTests()
    {
        _kit.Context.Tenant = _kit.Org;
    }

    /// <summary>A human whose password (<see cref="SignInTestKit.Password"/>) an administrator set at <see cref="TestData.Now"/> with change required.</summary>
    private static User WithInitialPassword()
    {
        var user = TestData.Human();
        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false) { InitialPasswordLifetime = Lifetime };
        user.SetInitialPassword(SignInTestKit.Password, policy, _ => SignInTestKit.StoredHash, TestData.Now, TestData.CallerId.Value);
        user.ClearPendingEvents();
        return user;
    }

    [Fact]
    public async Task Before_the_lifetime_the_first_use_signs_in_and_ends_the_expiry_in_the_requests_unit_of_work()
    {
        var user = WithInitialPassword();
        _kit.Clock.Now = TestData.Now + Lifetime - TimeSpan.FromSeconds(1);

        var signedIn = await _kit.Checker().CheckAsync(user, "alice", SignInTestKit.Password, default);

        Assert.Same(user, signedIn);
        Assert.Null(user.InitialPasswordExpiresAt);
        Assert.True(user.PasswordChangeRequired);
        var used = Assert.IsType<InitialPasswordUsed>(Assert.Single(user.PendingEvents));
        Assert.Equal(user.Id.Value, used.EditorId);
        await _kit.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task After_the_lifetime_an_unused_initial_password_is_refused_with_its_id_recorded_on_its_own_and_not_counted()
    {
        var user = WithInitialPassword();
        _kit.Stored = WithInitialPassword;
        _kit.Clock.Now = TestData.Now + Lifetime;

        var error = await Assert.ThrowsAsync<DomainException>(() => _kit.Checker().CheckAsync(user, "alice", SignInTestKit.Password, default));

        Assert.Equal(Errors.Session.InitialPasswordExpiredId, error.Summary.Id);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Empty(user.PendingEvents);
        var fresh = Assert.Single(_kit.Loaded);
        var expired = Assert.IsType<InitialPasswordExpired>(Assert.Single(fresh.PendingEvents));
        Assert.Equal(TestData.Now + Lifetime, expired.ExpiresAt);
        Received.InOrder(() =>
        {
            _kit.UnitOfWork.Reset();
            _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>());
        });
        await _kit.Failures.DidNotReceiveWithAnyArgs().AddAsync(default!, default, default);
        _kit.Throttle.DidNotReceiveWithAnyArgs().RecordFailure(default!, default);
    }

    [Fact]
    public async Task A_refusal_is_recorded_again_on_fresh_state_after_a_concurrent_change()
    {
        var user = WithInitialPassword();
        _kit.Stored = WithInitialPassword;
        _kit.Clock.Now = TestData.Now + Lifetime + TimeSpan.FromDays(1);
        _kit.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromException(new Identity.Application.Abstractions.ConcurrencyConflictException()), _ => Task.CompletedTask);

        await Assert.ThrowsAsync<DomainException>(() => _kit.Checker().CheckAsync(user, "alice", SignInTestKit.Password, default));

        Assert.Equal(2, _kit.Loaded.Count);
        await _kit.UnitOfWork.Received(2).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Used_once_it_still_signs_in_after_the_lifetime()
    {
        var user = WithInitialPassword();
        _kit.Clock.Now = TestData.Now.AddDays(1);
        await _kit.Checker().CheckAsync(user, "alice", SignInTestKit.Password, default);
        user.ClearPendingEvents();

        _kit.Clock.Now = TestData.Now + Lifetime + TimeSpan.FromDays(30);
        await _kit.Checker().CheckAsync(user, "alice", SignInTestKit.Password, default);

        Assert.Empty(user.PendingEvents);
    }

    [Fact]
    public async Task A_wrong_password_after_the_lifetime_answers_the_generic_error_and_counts()
    {
        var user = WithInitialPassword();
        _kit.Stored = WithInitialPassword;
        _kit.Clock.Now = TestData.Now + Lifetime + TimeSpan.FromDays(1);

        var error = await Assert.ThrowsAsync<DomainException>(() => _kit.Checker().CheckAsync(user, "alice", "Wrong-Horse-8", default));

        Assert.Equal(Errors.Command.PasswordInvalidId, error.Summary.Id);
        await _kit.Failures.Received(1).AddAsync(user.Id, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        Assert.DoesNotContain(_kit.Loaded, u => u.PendingEvents.Any(e => e is InitialPasswordExpired));
    }

    [Fact]
    public async Task V2_SetPassword_with_an_expired_initial_password_as_the_current_one_is_refused_and_changes_nothing()
    {
        var user = WithInitialPassword();
        _kit.Stored = WithInitialPassword;
        _kit.Users.GetAsync(user.OrgId, user.Id, Arg.Any<CancellationToken>()).Returns(user);
        _kit.Clock.Now = TestData.Now + Lifetime + TimeSpan.FromHours(1);
        var handler = new SetPasswordV2Handler(
            _kit.Context, _kit.Users, _kit.Checker(), _kit.Failures, TestData.Rules(), new RequestPasswordHasher(_kit.Hasher), new FakeResetCodes(), _kit.UnitOfWork, _kit.Clock);

        var error = await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new SetPasswordV2Command("1", "Sunny-Meadow-42!", false, SignInTestKit.Password, null), default));

        Assert.Equal(Errors.Session.InitialPasswordExpiredId, error.Summary.Id);
        Assert.Equal(SignInTestKit.StoredHash, user.PasswordHash);
        Assert.Equal(TestData.Now + Lifetime, user.InitialPasswordExpiresAt);
        Assert.Equal(0, _kit.Gate.Entered); // verified in the slot the request already holds
    }
}
