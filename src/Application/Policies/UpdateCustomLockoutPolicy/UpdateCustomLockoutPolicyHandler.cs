using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Domain.Passwords;
using MediatR;

namespace Identity.Application.Policies.UpdateCustomLockoutPolicy;

internal sealed class UpdateCustomLockoutPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<UpdateCustomLockoutPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateCustomLockoutPolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.UpdateLockoutPolicy(new LockoutPolicy(request.MaxPasswordAttempts, request.MaxOtpAttempts), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
