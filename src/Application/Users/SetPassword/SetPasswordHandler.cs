using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.SetPassword;

/// <summary>
/// Loads the user in the tenant, lets the aggregate check, hash and apply, and starts the user's count of
/// failed password checks again (a new password is a fresh start for the lockout policy).
/// </summary>
internal sealed class SetPasswordHandler(
    RequestContext context,
    IUserRepository users,
    IPasswordCheckFailures failures,
    PasswordRules passwordRules,
    RequestPasswordHasher hasher,
    TimeProvider clock) : IRequestHandler<SetPasswordCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(SetPasswordCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var caller = context.RequireCaller();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        var setBy = user.Id == caller.UserId ? PasswordSetter.User : PasswordSetter.Administrator;
        user.SetPassword(request.Password, !request.NoChangeRequired, setBy, passwordRules.For(org), hasher.Hash, clock.GetUtcNow(), caller.UserId.Value);
        await failures.ResetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return user.Details();
    }
}
