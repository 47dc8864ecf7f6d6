using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Orgs.UpdateOrgMember;

internal sealed class UpdateOrgMemberHandler(RequestContext context, IOrganizationRepository organizations, OrgMemberRules rules, TimeProvider clock)
    : IRequestHandler<UpdateOrgMemberCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateOrgMemberCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        var (all, member) = await rules.FindAsync(org, request.UserId, cancellationToken).ConfigureAwait(false);
        await rules.EnsureMayGrantAsync(org, request.Roles, cancellationToken).ConfigureAwait(false);
        await rules.EnsureAnOwnerStaysAsync(all, member, request.Roles.Contains(Roles.OrgOwner, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        org.ChangeMember(member, request.Roles, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
