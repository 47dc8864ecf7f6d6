using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.AddCustomLockoutPolicy;

/// <summary>AddCustomLockoutPolicy: the org's own lockout policy (0 = never lock).</summary>
public sealed record AddCustomLockoutPolicyCommand(uint MaxPasswordAttempts, uint MaxOtpAttempts)
    : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyWrite;
}
