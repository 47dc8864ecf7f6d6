using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Policies.GetLockoutPolicy;

/// <summary>The org's custom lockout policy, else the instance default.</summary>
public sealed record GetLockoutPolicyQuery : IRequest<LockoutPolicyDto>, IAuthorizedRequest
{
    public string Permission => Permissions.PolicyRead;
}
