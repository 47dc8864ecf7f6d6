using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using MediatR;

namespace Identity.Application.Policies.ResetLockoutPolicy;

internal sealed class ResetLockoutPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<ResetLockoutPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(ResetLockoutPolicyCommand request, CancellationToken cancellationToken)
    {
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.ResetLockoutPolicy(clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
