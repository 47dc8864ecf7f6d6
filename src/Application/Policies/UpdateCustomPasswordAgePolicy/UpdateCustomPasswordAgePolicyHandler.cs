using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Domain.Passwords;
using MediatR;

namespace Identity.Application.Policies.UpdateCustomPasswordAgePolicy;

internal sealed class UpdateCustomPasswordAgePolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<UpdateCustomPasswordAgePolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(UpdateCustomPasswordAgePolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.UpdatePasswordAgePolicy(new PasswordAgePolicy(request.MaxAgeDays, request.ExpireWarnDays), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
