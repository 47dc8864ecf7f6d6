using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;

namespace Identity.Application.Sessions;

/// <summary>
/// A hash of a random password made by the current hasher, once per process: a password check that has no
/// user to check (unknown, removed, a machine user, no password) verifies against it, so that it costs the
/// same as a check of a real user.
/// </summary>
internal sealed class DummyPasswordHash(IPasswordHasher hasher)
{
    private readonly Lazy<string> _hash = new(() => hasher.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));

    public string Value => _hash.Value;
}

/// <summary>
/// The password check of sign-in (CreateSession, SetSession and the facade's CheckPassword), in this order:
/// the failed-check budgets of the user and the source (<see cref="ISignInThrottle"/>); a hashing slot
/// (<see cref="IPasswordCallGate.EnterCheckAsync"/>); the verification, against the user's hash or, when there
/// is no user whose password could match, against <see cref="DummyPasswordHash"/>. A failure answers
/// <c>COMMAND-3M0fs</c> whatever the reason, counts against the budgets and, for a real user, against the
/// lockout policy (the user is locked by the system when the count reaches it). A success refuses a locked
/// or deactivated user (only now, so states do not leak to someone without the password), likewise an unused
/// initial password past its lifetime (<c>SESSION-InitialPasswordExpired</c>: recorded and committed on its own,
/// not counted as a failure), ends such an expiry at the first use, starts the count again, and replaces a weaker
/// hash (an imported bcrypt hash, fewer iterations) in the request's unit of work.
/// </summary>
internal sealed class PasswordChecker(
    RequestContext context,
    IUserRepository users,
    IOrganizationRepository organizations,
    IPasswordCheckFailures failures,
    IPasswordHasher hasher,
    DummyPasswordHash dummy,
    RequestPasswordHasher rehasher,
    IPasswordCallGate gate,
    ISignInThrottle throttle,
    PasswordRules rules,
    IUnitOfWork unitOfWork,
    TimeProvider clock)
{
    /// <summary>How often a lock after failed checks is retried when the user changed meanwhile.</summary>
    private const int LockAttempts = 5;

    /// <summary>
    /// Checks <paramref name="password"/> (as sent) for <paramref name="user"/>, or for nobody when it is null.
    /// <paramref name="lookupKey"/> names the user as the client did (budget key when there is no user).
    /// Returns the signed-in user (tracked; a hash upgrade is pending in the unit of work).
    /// </summary>
    public Task<User> CheckAsync(User? user, string lookupKey, string password, CancellationToken cancellationToken) =>
        CheckAsync(user, lookupKey, password, slotHeld: false, cancellationToken);

    /// <summary>
    /// The same check for a request that already holds a hashing slot (an <see cref="IPasswordRequest"/>
    /// admitted by the password-call gate, e.g. SetPassword with the current password): it verifies in that
    /// slot instead of waiting for a second one (with one slot, waiting would never end).
    /// </summary>
    public Task<User> CheckInHeldSlotAsync(User user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return CheckAsync(user, "user:" + user.Id.Value, password, slotHeld: true, cancellationToken);
    }

    private async Task<User> CheckAsync(User? user, string lookupKey, string password, bool slotHeld, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);
        ArgumentNullException.ThrowIfNull(password);
        var checkable = user is { HasCheckablePassword: true } ? user : null;
        var budgetKey = checkable is null ? lookupKey : "user:" + checkable.Id.Value;
        throttle.EnsureAllowed(budgetKey, context.Source);

        PasswordVerification verification;
        var initialPasswordExpired = false;
        using (slotHeld ? null : await gate.EnterCheckAsync(cancellationToken).ConfigureAwait(false))
        {
            verification = hasher.Verify(checkable?.PasswordHash ?? dummy.Value, password);
            if (checkable is null)
            {
                verification = PasswordVerification.Failed;
            }
            else if (verification != PasswordVerification.Failed)
            {
                checkable.EnsureCanSignIn();
                var now = clock.GetUtcNow();
                initialPasswordExpired = checkable.InitialPasswordHasExpired(now);
                if (!initialPasswordExpired)
                {
                    // The first use of an expiring initial password ends its expiry (in the request's unit of work).
                    checkable.UseInitialPassword(now, checkable.Id.Value);

                    // A weaker hash is replaced while the slot is held (the upgrade hashes once more).
                    checkable.UpgradePasswordHash(verification, password, rehasher.Hash, now, checkable.Id.Value);
                }
            }
        }

        if (initialPasswordExpired)
        {
            // Not a failed check (no count toward lockout); refused only after the password matched.
            await RecordExpiredInitialPasswordAsync(checkable!.Id, cancellationToken).ConfigureAwait(false);
            throw new DomainException(Errors.Session.InitialPasswordExpired, "The initial password has expired; an administrator must set a new one");
        }

        if (verification == PasswordVerification.Failed)
        {
            throttle.RecordFailure(budgetKey, context.Source);
            SignInMetrics.FailedChecks.Add(1);
            if (checkable is not null)
            {
                await CountFailureAsync(checkable, cancellationToken).ConfigureAwait(false);
            }

            throw new DomainException(Errors.Command.PasswordInvalid, "Password is invalid");
        }

        // A read in the common case (no failures) instead of a write committed on its own.
        if (await failures.CountAsync(checkable!.Id, cancellationToken).ConfigureAwait(false) > 0)
        {
            await failures.ResetAsync(checkable.Id, cancellationToken).ConfigureAwait(false);
        }

        SignInMetrics.SuccessfulChecks.Add(1);
        return checkable;
    }

    /// <summary>
    /// Why <paramref name="user"/>, whose password just matched, must change it: its stored flag first
    /// (<see cref="PasswordChangeReason.SetByAdministrator"/>), else the effective password age policy of its
    /// org (<see cref="PasswordChangeReason.Expired"/> when the password is older than max_age_days). An
    /// expired password still signs in; nothing is stored.
    /// </summary>
    public async Task<PasswordChangeReason> ChangeReasonAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.PasswordChangeRequired)
        {
            return PasswordChangeReason.SetByAdministrator;
        }

        var org = await organizations.GetAsync(user.OrgId, cancellationToken).ConfigureAwait(false);
        var policy = org is null ? rules.DefaultPasswordAgePolicy : rules.PasswordAgeFor(org);
        return policy.HasExpired(user.PasswordChangedAt, clock.GetUtcNow()) ? PasswordChangeReason.Expired : PasswordChangeReason.None;
    }

    /// <summary>Records the refusal of an expired initial password (committed now, as the request fails).</summary>
    private async Task RecordExpiredInitialPasswordAsync(UserId userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 1; attempt <= LockAttempts; attempt++)
        {
            // Start from the stored state: nothing else of this request may be written with the refusal.
            unitOfWork.Reset();
            var fresh = await users.FindAsync(userId, cancellationToken).ConfigureAwait(false);
            if (fresh is null || !fresh.RecordExpiredInitialPasswordRefused(now, userId.Value))
            {
                return;
            }

            try
            {
                await unitOfWork.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // Another writer changed the user: look again.
            }
        }

        unitOfWork.Reset();
    }

    /// <summary>Counts the failure; when the count reaches the org's lockout policy, locks the user (committed now, as the request fails).</summary>
    private async Task CountFailureAsync(User user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var count = await failures.AddAsync(user.Id, now, cancellationToken).ConfigureAwait(false);
        var org = await organizations.GetAsync(user.OrgId, cancellationToken).ConfigureAwait(false);
        if (org is null || !rules.LockoutFor(org).LocksAfter(count))
        {
            return;
        }

        for (var attempt = 1; attempt <= LockAttempts; attempt++)
        {
            // Start from the stored state: nothing else of this request may be written with the lock.
            unitOfWork.Reset();
            var fresh = await users.FindAsync(user.Id, cancellationToken).ConfigureAwait(false);
            if (fresh is null || !fresh.LockAfterFailedPasswordChecks(now))
            {
                return;
            }

            try
            {
                await unitOfWork.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                SignInMetrics.Lockouts.Add(1);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // Another writer changed the user (or locked it): look again.
            }
        }

        unitOfWork.Reset();
    }
}

/// <summary>Counters of sign-in (no user ids: those go nowhere but the database).</summary>
internal static class SignInMetrics
{
    private static readonly System.Diagnostics.Metrics.Meter Meter = new(IdentityMetrics.MeterName + ".SignIn");

    public static System.Diagnostics.Metrics.Counter<long> FailedChecks { get; } = Meter.CreateCounter<long>("identity.sign_in.failed_checks");

    public static System.Diagnostics.Metrics.Counter<long> SuccessfulChecks { get; } = Meter.CreateCounter<long>("identity.sign_in.successful_checks");

    public static System.Diagnostics.Metrics.Counter<long> Lockouts { get; } = Meter.CreateCounter<long>("identity.sign_in.lockouts");
}
