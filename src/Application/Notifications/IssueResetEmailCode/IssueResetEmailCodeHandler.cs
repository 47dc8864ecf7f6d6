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

        var (code, hash) = codes.Generate();
        var now = clock.GetUtcNow();
        var expiresAt = now + passwordRules.ResetCodeLifetime;
        user.RequestPasswordReset(hash, expiresAt, now, caller.UserId.Value);
        return new ResetEmailCodeResult(new ResetEmail(user.Human.Email, user.Human.DisplayName, user.UserName, code, expiresAt), null);
    }
}
