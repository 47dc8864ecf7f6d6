using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.RemoveMachineSecret;

/// <summary>RemoveMachineSecret: the secret no longer authenticates.</summary>
public sealed record RemoveMachineSecretCommand(string UserId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
