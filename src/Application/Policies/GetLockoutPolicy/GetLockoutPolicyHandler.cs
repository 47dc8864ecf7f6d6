using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Policies.GetLockoutPolicy;

internal sealed class GetLockoutPolicyHandler(RequestContext context, PasswordRules rules)
    : IRequestHandler<GetLockoutPolicyQuery, LockoutPolicyDto>
{
    public Task<LockoutPolicyDto> Handle(GetLockoutPolicyQuery request, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        var policy = rules.LockoutFor(org);
        return Task.FromResult(new LockoutPolicyDto(
            org.Details(), policy.MaxPasswordAttempts, policy.MaxOtpAttempts, IsDefault: org.LockoutPolicy is null));
    }
}
