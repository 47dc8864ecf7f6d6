using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Domain.Passwords;
using MediatR;

namespace Identity.Application.Policies.AddCustomLockoutPolicy;

internal sealed class AddCustomLockoutPolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<AddCustomLockoutPolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(AddCustomLockoutPolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.AddLockoutPolicy(new LockoutPolicy(request.MaxPasswordAttempts, request.MaxOtpAttempts), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
