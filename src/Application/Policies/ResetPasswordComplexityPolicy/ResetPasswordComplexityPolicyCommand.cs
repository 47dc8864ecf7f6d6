using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.ResetPasswordComplexityPolicy;

/// <summary>ResetPasswordComplexityPolicyToDefault: the instance default applies again.</summary>
public sealed record ResetPasswordComplexityPolicyCommand : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyDelete;
}
