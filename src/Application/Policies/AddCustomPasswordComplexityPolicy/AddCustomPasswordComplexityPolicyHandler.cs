using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using MediatR;

namespace Identity.Application.Policies.AddCustomPasswordComplexityPolicy;

internal sealed class AddCustomPasswordComplexityPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<AddCustomPasswordComplexityPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(AddCustomPasswordComplexityPolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.AddPasswordPolicy(request.ToPolicy(), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
