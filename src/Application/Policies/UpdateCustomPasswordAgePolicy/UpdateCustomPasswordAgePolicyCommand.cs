using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.UpdateCustomPasswordAgePolicy;

/// <summary>UpdateCustomPasswordAgePolicy: changes the org's own password age policy (0 = never expires).</summary>
public sealed record UpdateCustomPasswordAgePolicyCommand(uint MaxAgeDays, uint ExpireWarnDays)
    : ICommand<ObjectDetailsDto>, ITargetsNoUser
{
    public string Permission => Permissions.PolicyWrite;
}
