using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Orgs.ListOrgMemberRoles;

/// <summary>Every role a member of an org can hold, in upstream's order (<see cref="Roles.OrgRolesInOrder"/>).</summary>
public sealed record ListOrgMemberRolesQuery : IRequest<IReadOnlyList<string>>, IAuthorizedRequest
{
    public string Permission => Permissions.OrgMemberRead;
}
