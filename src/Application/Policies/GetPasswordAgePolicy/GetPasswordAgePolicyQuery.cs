using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Policies.GetPasswordAgePolicy;

/// <summary>The org's custom password age policy, else the instance default.</summary>
public sealed record GetPasswordAgePolicyQuery : IRequest<PasswordAgePolicyDto>, IAuthorizedRequest
{
    public string Permission => Permissions.PolicyRead;
}
