using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.AddOrgMember;

/// <summary>
/// Gives a user of the tenant org roles in it (ORG_OWNER, ORG_USER_MANAGER, ORG_OWNER_VIEWER). It grants
/// rights and changes no credential or state of the user, so the target rule does not apply; only
/// holders of <c>org.member.write</c> (owners) may call it, and no org role grants more than an owner has.
/// </summary>
public sealed record AddOrgMemberCommand(string UserId, IReadOnlyList<string> Roles) : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.OrgMemberWrite;
}
