using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.IsUserUnique;

internal sealed class IsUserUniqueHandler(RequestContext context, IUserRepository users) : IRequestHandler<IsUserUniqueQuery, bool>
{
    public async Task<bool> Handle(IsUserUniqueQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        if (!string.IsNullOrWhiteSpace(request.UserName)
            && await users.UserNameTakenAsync(org.Id, User.NormalizeUserName(request.UserName), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(request.Email)
            || !await users.EmailTakenAsync(org.Id, request.Email.Trim(), cancellationToken).ConfigureAwait(false);
    }
}
