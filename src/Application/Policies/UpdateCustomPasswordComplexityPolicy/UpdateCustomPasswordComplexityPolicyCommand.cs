using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Policies.UpdateCustomPasswordComplexityPolicy;

public sealed record UpdateCustomPasswordComplexityPolicyCommand(ulong MinLength, bool HasUppercase, bool HasLowercase, bool HasNumber, bool HasSymbol)
    : ICommand<ObjectDetailsDto>, ITargetsNoUser, IPasswordComplexityInput
{
    public string Permission => Permissions.PolicyWrite;
}
