using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Users.GetUserByLoginNameGlobal;

/// <summary>
/// GetUserByLoginNameGlobal: the user whose login name (<c>user name@primary domain</c>) is exactly this one, as
/// sign-in matches it, over the orgs; <c>x-zitadel-orgid</c> plays no role. Restricted beyond upstream: only a user
/// of an org where the caller holds <c>user.global.read</c> (or an instance role granting it) is answered.
/// </summary>
public sealed record GetUserByLoginNameGlobalQuery(string LoginName) : IRequest<UserDto>, IAcrossOrgsRequest
{
    public string Permission => Permissions.UserGlobalRead;

    /// <summary>Never shows personal data.</summary>
    public override string ToString() => nameof(GetUserByLoginNameGlobalQuery);
}
