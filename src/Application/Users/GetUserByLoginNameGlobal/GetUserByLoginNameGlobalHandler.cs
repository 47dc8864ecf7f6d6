using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Sessions;
using Identity.Domain.Access;
using Identity.Domain.Users;
using MediatR;

namespace Identity.Application.Users.GetUserByLoginNameGlobal;

/// <summary>
/// The user of the login name, if the caller may read users of its org. Upstream answers any org's user to anyone
/// holding <c>user.global.read</c> in its own org, so an org's user manager could read the profile, email and phone
/// of every other org's users by guessing login names. Here a user of an org where the caller holds no role
/// granting <c>user.global.read</c> (nor an instance role) answers USER-NotFound exactly like a login name nobody
/// has, so nothing about other orgs' users leaks. Orgs may share a primary domain: among several matches the caller's
/// own org comes first, then the lowest org id.
/// </summary>
internal sealed class GetUserByLoginNameGlobalHandler(
    RequestContext context,
    IUserRepository users,
    IOrganizationRepository organizations,
    IMembershipRepository memberships) : IRequestHandler<GetUserByLoginNameGlobalQuery, UserDto>
{
    public async Task<UserDto> Handle(GetUserByLoginNameGlobalQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = context.RequireCaller();
        if (LoginName.Parse(request.LoginName) is not { } name)
        {
            throw UserLookup.NotFound();
        }

        var candidates = (await users.ListByLoginNameAsync(name.PrimaryDomain, name.UserNameKey, cancellationToken).ConfigureAwait(false))
            .Where(u => u.State != UserState.Removed)
            .OrderBy(u => u.OrgId == caller.OrgId ? 0 : 1)
            .ThenBy(u => u.OrgId.Value, StringComparer.Ordinal);
        foreach (var user in candidates)
        {
            if (!caller.IsSystem)
            {
                var roles = await memberships.GetRolesAsync(caller.UserId, [Membership.InstanceScope, user.OrgId.Value], cancellationToken).ConfigureAwait(false);
                if (!Roles.Grant(roles, Permissions.UserGlobalRead))
                {
                    continue;
                }
            }

            if (await organizations.GetAsync(user.OrgId, cancellationToken).ConfigureAwait(false) is { IsUsable: true } org)
            {
                return UserDto.From(user, org);
            }
        }

        throw UserLookup.NotFound();
    }
}
