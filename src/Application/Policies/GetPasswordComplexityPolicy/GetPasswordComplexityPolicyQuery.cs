using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Policies.GetPasswordComplexityPolicy;

/// <summary>The org's custom complexity policy, else the instance default.</summary>
public sealed record GetPasswordComplexityPolicyQuery : IRequest<PasswordComplexityPolicyDto>, IAuthorizedRequest
{
    public string Permission => Permissions.PolicyRead;
}
