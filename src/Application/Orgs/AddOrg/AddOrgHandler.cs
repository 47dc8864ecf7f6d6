using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using MediatR;

namespace Identity.Application.Orgs.AddOrg;

internal sealed class AddOrgHandler(
    RequestContext context,
    IOrganizationRepository organizations,
    IMembershipRepository memberships,
    IIdGenerator ids,
    InstanceSettings instance,
    TimeProvider clock) : IRequestHandler<AddOrgCommand, AddOrgResult>
{
    public async Task<AddOrgResult> Handle(AddOrgCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = context.RequireCaller();
        var now = clock.GetUtcNow();
        var org = Organization.Create(new OrgId(ids.NewId()), request.Name, instance.Domain, now, caller.UserId.Value);
        if (await organizations.DomainTakenAsync(org.PrimaryDomain, cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException(Errors.Org.AlreadyExists, "An organization with this name already exists");
        }

        organizations.Add(org);
        memberships.Add(Membership.ForOrg(org.Id, caller.UserId, [Roles.OrgOwner], now));
        return new AddOrgResult(org.Id.Value, org.Details());
    }
}
