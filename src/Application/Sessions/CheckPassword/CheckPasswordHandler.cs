using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Sessions.CheckPassword;

internal sealed class CheckPasswordHandler(RequestContext context, IUserRepository users, PasswordChecker checker)
    : IRequestHandler<CheckPasswordCommand, PasswordCheckResult>
{
    public async Task<PasswordCheckResult> Handle(CheckPasswordCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();

        // The name as a user name of the org first (user names may hold '@'), then as a login name of the org.
        var userNameKey = User.NormalizeUserName(request.LoginName);
        var user = await users.FindByLoginNameAsync(org.PrimaryDomain, userNameKey, cancellationToken).ConfigureAwait(false);
        if (LoginName.Parse(request.LoginName) is { } name && name.PrimaryDomain == org.PrimaryDomain)
        {
            // A name and its login name share one failed-check budget, as a known user's do (its id), so that
            // exhausting one form and trying the other does not tell whether the user exists.
            userNameKey = name.UserNameKey;
            user ??= await users.FindByLoginNameAsync(org.PrimaryDomain, name.UserNameKey, cancellationToken).ConfigureAwait(false);
        }

        var key = "org:" + org.Id.Value + "/" + userNameKey;
        var signedIn = await checker.CheckAsync(user, key, request.Password, cancellationToken).ConfigureAwait(false);
        var reason = await checker.ChangeReasonAsync(signedIn, cancellationToken).ConfigureAwait(false);
        return new PasswordCheckResult(signedIn.Id.Value, reason != PasswordChangeReason.None) { PasswordChangeReason = reason };
    }
}
