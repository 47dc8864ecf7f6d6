using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.AddOrgMember;

/// <summary>
/// Gives a user of the tenant org roles in it (any of <see cref="Roles.OrgRolesInOrder"/>). It grants rights and
/// changes no credential or state of the user, so the target rule does not apply; only holders of
/// <c>org.member.write</c> may call it, and never with roles that grant more than the caller's own.
/// </summary>
public sealed record AddOrgMemberCommand(string UserId, IReadOnlyList<string> Roles) : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.OrgMemberWrite;
}
