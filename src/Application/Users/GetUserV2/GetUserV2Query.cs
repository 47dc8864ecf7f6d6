using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.GetUserV2;

/// <summary>
/// zitadel.user.v2.UserService/GetUserByID: the user in its own org (the org named by the caller plays no
/// role). Needs <c>user.read</c> in that org or at instance level, except for the caller reading itself; a user
/// in an org where the caller holds no role answers NotFound, like a user that does not exist.
/// </summary>
public sealed record GetUserV2Query(string UserId) : IRequest<UserDto>, ITenantFromUser
{
    public string Permission => Permissions.UserRead;

    public bool SelfAllowed => true;
}
