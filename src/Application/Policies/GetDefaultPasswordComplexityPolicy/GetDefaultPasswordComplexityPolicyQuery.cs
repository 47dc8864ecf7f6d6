using Identity.Application.Common;
using Identity.Domain.Access;
using MediatR;

namespace Identity.Application.Policies.GetDefaultPasswordComplexityPolicy;

/// <summary>
/// GetDefaultPasswordComplexityPolicy: the instance default (configuration), whatever the org's own policy is;
/// <c>is_default</c> is true and there are no details (the default is no stored object: no sequence, dates or owner).
/// </summary>
public sealed record GetDefaultPasswordComplexityPolicyQuery : IRequest<PasswordComplexityPolicyDto>, IAuthorizedRequest
{
    public string Permission => Permissions.PolicyRead;
}
