using Identity.Application.Common;
using Identity.Domain.Access;
using Identity.Domain.Users;

namespace Identity.Application.Users.AddMachineUser;

/// <summary>Creates a machine user (an automation account) in the tenant.</summary>
public sealed record AddMachineUserCommand(string UserName, string Name, string Description, AccessTokenType AccessTokenType, string? UserId)
    : ICommand<AddMachineUserResult>, ITargetsNoUser
{
    public string Permission => Permissions.UserWrite;
}

public sealed record AddMachineUserResult(string UserId, ObjectDetailsDto Details);
