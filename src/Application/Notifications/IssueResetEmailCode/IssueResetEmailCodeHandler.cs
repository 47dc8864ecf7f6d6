using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Notifications.IssueResetEmailCode;

/// <summary>
/// Loads the user; skips a superseded request (user removed, machine, deactivated, without email, or a password
/// set after the request); otherwise generates a new code and stores its hash through
/// <see cref="User.RequestPasswordReset"/> (an older code is void from now on). The unit of work commits before
/// the response reaches the sender, so the code works by the time the email can arrive.
/// </summary>
internal sealed class IssueResetEmailCodeHandler(
    RequestContext context,
    IUserRepository users,
    IPasswordResetCodes codes,
    PasswordRules passwordRules,
    TimeProvider clock) : IRequestHandler<IssueResetEmailCodeCommand, ResetEmailCodeResult>
{
    public async Task<ResetEmailCodeResult> Handle(IssueResetEmailCodeCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = context.RequireCaller();
        var user = await users.GetAsync(new OrgId(request.OrgId), new UserId(request.UserId), cancellationToken).ConfigureAwait(false);
        if (user is null || user.State == UserState.Removed)
        {
            return ResetEmailCodeResult.Skip(ResetEmailSkipReason.UserGone);
        }

        if (user.Type != UserType.Human || user.Human is null)
        {
            return ResetEmailCodeResult.Skip(ResetEmailSkipReason.NotHuman);
        }

        if (user.State == UserState.Inactive)
        {
            return ResetEmailCodeResult.Skip(ResetEmailSkipReason.UserInactive);
        }

        if (string.IsNullOrWhiteSpace(user.Human.Email))
        {
            return ResetEmailCodeResult.Skip(ResetEmailSkipReason.NoEmail);
        }

        if (user.PasswordChangedAt is { } changed && changed > request.RequestedAt)
        {
            return ResetEmailCodeResult.Skip(ResetEmailSkipReason.PasswordChangedSince);
        }

        var now = clock.GetUtcNow();
        if (request.EarlierCode is { } earlier && StillOpen(user, earlier, now))
        {
            return new ResetEmailCodeResult(new ResetEmail(user.Human.Email, user.Human.DisplayName, user.UserName, earlier, user.PasswordCodeExpiresAt!.Value), null);
        }

        var (code, hash) = codes.Generate();
        var expiresAt = now + passwordRules.ResetCodeLifetime;
        user.RequestPasswordReset(hash, expiresAt, now, caller.UserId.Value);
        return new ResetEmailCodeResult(new ResetEmail(user.Human.Email, user.Human.DisplayName, user.UserName, code, expiresAt), null);
    }

    /// <summary>The earlier code is the user's open code (compared by hash, in constant time) with at least half its lifetime left.</summary>
    private bool StillOpen(User user, string earlier, DateTimeOffset now) =>
        user.PasswordCodeHash is { } stored
        && user.PasswordCodeExpiresAt is { } expires
        && expires - now >= passwordRules.ResetCodeLifetime / 2
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(stored), System.Text.Encoding.UTF8.GetBytes(codes.HashOf(earlier)));
}
