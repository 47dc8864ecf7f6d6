using Identity.Application.Common;
using MediatR;

namespace Identity.Application.Policies.GetDefaultPasswordComplexityPolicy;

internal sealed class GetDefaultPasswordComplexityPolicyHandler(PasswordRules rules)
    : IRequestHandler<GetDefaultPasswordComplexityPolicyQuery, PasswordComplexityPolicyDto>
{
    public Task<PasswordComplexityPolicyDto> Handle(GetDefaultPasswordComplexityPolicyQuery request, CancellationToken cancellationToken)
    {
        var policy = rules.DefaultPolicy;
        return Task.FromResult(new PasswordComplexityPolicyDto(
            Details: null, policy.MinLength, policy.HasUppercase, policy.HasLowercase, policy.HasNumber, policy.HasSymbol, IsDefault: true));
    }
}
