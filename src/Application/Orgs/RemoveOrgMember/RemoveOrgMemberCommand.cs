using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.RemoveOrgMember;

/// <summary>
/// Ends a user's membership of the tenant org (its roles elsewhere stay). Needs <c>org.member.delete</c>; the
/// target rule applies, and the last active ORG_OWNER cannot be removed.
/// </summary>
public sealed record RemoveOrgMemberCommand(string UserId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.OrgMemberDelete;

    public string TargetUserId => UserId;
}
