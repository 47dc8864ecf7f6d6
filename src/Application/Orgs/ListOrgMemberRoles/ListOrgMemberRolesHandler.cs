using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Orgs.ListOrgMemberRoles;

internal sealed class ListOrgMemberRolesHandler : IRequestHandler<ListOrgMemberRolesQuery, IReadOnlyList<string>>
{
    public Task<IReadOnlyList<string>> Handle(ListOrgMemberRolesQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(Roles.OrgRolesInOrder);
}
