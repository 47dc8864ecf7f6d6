using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Policies.GetPasswordAgePolicy;

internal sealed class GetPasswordAgePolicyHandler(RequestContext context, PasswordRules rules)
    : IRequestHandler<GetPasswordAgePolicyQuery, PasswordAgePolicyDto>
{
    public Task<PasswordAgePolicyDto> Handle(GetPasswordAgePolicyQuery request, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        var policy = rules.PasswordAgeFor(org);
        return Task.FromResult(new PasswordAgePolicyDto(
            org.Details(), policy.MaxAgeDays, policy.ExpireWarnDays, IsDefault: org.PasswordAgePolicy is null));
    }
}
