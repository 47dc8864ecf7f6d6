using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using MediatR;

namespace Identity.Application.Policies.ResetPasswordAgePolicy;

internal sealed class ResetPasswordAgePolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<ResetPasswordAgePolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(ResetPasswordAgePolicyCommand request, CancellationToken cancellationToken)
    {
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.ResetPasswordAgePolicy(clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
