using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using MediatR;

namespace Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;

internal sealed class UpdateCustomPasswordComplexityPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<UpdateCustomPasswordComplexityPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateCustomPasswordComplexityPolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.UpdatePasswordPolicy(request.ToPolicy(), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
