using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using MediatR;

namespace Identity.Application.Policies.ResetPasswordComplexityPolicy;

internal sealed class ResetPasswordComplexityPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<ResetPasswordComplexityPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(ResetPasswordComplexityPolicyCommand request, CancellationToken cancellationToken)
    {
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.ResetPasswordPolicy(clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
