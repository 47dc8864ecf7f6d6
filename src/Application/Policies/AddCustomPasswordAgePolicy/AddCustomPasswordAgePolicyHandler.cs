using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Orgs;
using Identity.Domain.Passwords;
using MediatR;

namespace Identity.Application.Policies.AddCustomPasswordAgePolicy;

internal sealed class AddCustomPasswordAgePolicyHandler(RequestContext context, IOrganizationRepository organizations, TimeProvider clock)
    : IRequestHandler<AddCustomPasswordAgePolicyCommand, ObjectDetailsDto>
{
    public async Task<ObjectDetailsDto> Handle(AddCustomPasswordAgePolicyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var org = await organizations.LoadTenantForUpdateAsync(context, cancellationToken).ConfigureAwait(false);
        org.AddPasswordAgePolicy(new PasswordAgePolicy(request.MaxAgeDays, request.ExpireWarnDays), clock.GetUtcNow(), context.RequireCaller().UserId.Value);
        return org.Details();
    }
}
