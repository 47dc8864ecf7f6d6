using Identity.Application.Abstractions;
using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Orgs.RemoveOrgMember;

internal sealed class RemoveOrgMemberHandler(
    RequestContext context,
    IOrganizationRepository organizations,
    IMembershipRepository memberships,
    OrgMemberRules rules,
    TimeProvider clock) : IRequestHandler<RemoveOrgMemberCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(RemoveOrgMemberCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        var (all, member) = await rules.FindAsync(org, request.UserId, cancellationToken).ConfigureAwait(false);
        await rules.EnsureAnOwnerStaysAsync(all, member, staysOwner: false, cancellationToken).ConfigureAwait(false);
        org.RemoveMember(member, clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        memberships.Remove(member);
        return org.Details();
    }
}
