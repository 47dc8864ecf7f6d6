using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.UpdateCustomLockoutPolicy;

/// <summary>UpdateCustomLockoutPolicy: changes the org's own lockout policy (0 = never lock).</summary>
public sealed record UpdateCustomLockoutPolicyCommand(uint MaxPasswordAttempts, uint MaxOtpAttempts)
    : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyWrite;
}
