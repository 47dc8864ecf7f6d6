using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Policies.GetPasswordComplexityPolicy;

internal sealed class GetPasswordComplexityPolicyHandler(RequestContext context, PasswordRules rules)
    : IRequestHandler<GetPasswordComplexityPolicyQuery, PasswordComplexityPolicyDto>
{
    public Task<PasswordComplexityPolicyDto> Handle(GetPasswordComplexityPolicyQuery request, CancellationToken cancellationToken)
    {
        var org = context.RequireTenant();
        var policy = org.PasswordPolicy ?? rules.DefaultPolicy;
        return Task.FromResult(new PasswordComplexityPolicyDto(
            org.Details(), policy.MinLength, policy.HasUppercase, policy.HasLowercase, policy.HasNumber, policy.HasSymbol,
            IsDefault: org.PasswordPolicy is null));
    }
}
