using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Orgs.AddOrgMember;

/// <summary>Gives a user of the tenant org roles in it (ORG_OWNER, ORG_USER_MANAGER, ORG_OWNER_VIEWER).</summary>
public sealed record AddOrgMemberCommand(string UserId, IReadOnlyList<string> Roles) : ICommand<ObjectDetailsDto>, IAuthorizedRequest
{
    public string Permission => Permissions.OrgMemberWrite;
}
