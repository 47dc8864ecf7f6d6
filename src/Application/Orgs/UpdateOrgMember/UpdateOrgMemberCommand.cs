using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.UpdateOrgMember;

/// <summary>
/// Replaces the whole list of org roles of a member of the tenant org. Needs <c>org.member.write</c>; the
/// target rule applies (a caller cannot change the roles of someone who outranks it), the caller cannot give
/// roles that grant more than its own, and the last active ORG_OWNER cannot lose the role.
/// </summary>
public sealed record UpdateOrgMemberCommand(string UserId, IReadOnlyList<string> Roles) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.OrgMemberWrite;

    public string TargetUserId => UserId;
}
