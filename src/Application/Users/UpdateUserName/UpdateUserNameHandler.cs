using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.UpdateUserName;

/// <summary>
/// The user of the tenant gets the new name. Its folded form must be free in the org unless it is the user's own
/// (a change of case only); the unique index settles a race (the retry then meets USER-UserNameTaken).
/// </summary>
internal sealed class UpdateUserNameHandler(RequestContext context, IUserRepository users, TimeProvider clock)
    : IRequestHandler<UpdateUserNameCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateUserNameCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = context.RequireTenant();
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(User.NormalizeUserName(request.UserName), user.UserNameKey, StringComparison.Ordinal))
        {
            await users.EnsureUserNameFreeAsync(org.Id, request.UserName, cancellationToken).ConfigureAwait(false);
        }

        user.ChangeUserName(request.UserName, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return user.Details();
    }
}
