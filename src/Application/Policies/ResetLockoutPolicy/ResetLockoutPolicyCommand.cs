using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.ResetLockoutPolicy;

/// <summary>ResetLockoutPolicyToDefault: the instance default applies again.</summary>
public sealed record ResetLockoutPolicyCommand : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyDelete;
}
