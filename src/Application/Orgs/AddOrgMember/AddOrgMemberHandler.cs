using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users;
using Identity.Domain.Common;
using MediatR;

namespace Identity.Application.Orgs.AddOrgMember;

internal sealed class AddOrgMemberHandler(
    RequestContext context,
    IOrganizationRepository organizations,
    IUserRepository users,
    IMembershipRepository memberships,
    OrgMemberRules rules,
    TimeProvider clock) : IRequestHandler<AddOrgMemberCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(AddOrgMemberCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        var user = await users.FindInOrgAsync(org.Id, request.UserId, cancellationToken).ConfigureAwait(false);
        if (await memberships.ExistsAsync(org.Id.Value, user.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException(Errors.Member.AlreadyExists, "The user is already a member of this organization");
        }

        await rules.EnsureMayGrantAsync(org, request.Roles, cancellationToken).ConfigureAwait(false);
        memberships.Add(org.AddMember(user.Id, request.Roles, clock.GetUtcNow(), context.RequireCaller().UserId.Value));
        return org.Details();
    }
}
