using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Sessions;
using Identity.Domain.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.SetPasswordV2;

/// <summary>
/// The user in its own org (the tenant behaviour resolved it). A reset code is refused. With the current password,
/// it is verified through <see cref="PasswordChecker"/> in the hashing slot the request already holds: a wrong one
/// answers COMMAND-3M0fs and counts toward lockout; a locked or deactivated user is refused only after it matched.
/// Then the aggregate checks, hashes and applies the new password, and the lockout count starts again.
/// </summary>
internal sealed class SetPasswordV2Handler(
    RequestContext context,
    IUserRepository users,
    PasswordChecker checker,
    IPasswordCheckFailures failures,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    TimeProvider clock) : IRequestHandler<SetPasswordV2Command, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SetPasswordV2Command request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.VerificationCode is not null)
        {
            throw new DomainException(Errors.User.PasswordResetUnavailable, "Password reset codes are not offered yet; set the password with the current one or as an administrator");
        }

        var org = context.RequireTenant();
        var caller = context.RequireCaller();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var setBy = user.Id == caller.UserId ? PasswordSetter.User : PasswordSetter.Administrator;
        if (request.CurrentPassword is { } current)
        {
            user = await checker.CheckInHeldSlotAsync(user, current, cancellationToken).ConfigureAwait(false);
            setBy = PasswordSetter.User;
        }

        user.SetPassword(request.NewPassword, request.ChangeRequired, setBy, passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), caller.UserId.Value);
        await failures.ResetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return user.Details();
    }
}
