using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.RemoveMachineKey;

/// <summary>RemoveMachineKey: the key no longer authenticates.</summary>
public sealed record RemoveMachineKeyCommand(string UserId, string KeyId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
