using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.ResetPasswordAgePolicy;

/// <summary>ResetPasswordAgePolicyToDefault: the instance default applies again.</summary>
public sealed record ResetPasswordAgePolicyCommand : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyDelete;
}
