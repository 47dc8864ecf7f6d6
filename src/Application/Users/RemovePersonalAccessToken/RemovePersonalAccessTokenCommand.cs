using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.RemovePersonalAccessToken;

/// <summary>Revokes a personal access token of a user of the tenant: its next call answers 401.</summary>
public sealed record RemovePersonalAccessTokenCommand(string UserId, string TokenId) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
