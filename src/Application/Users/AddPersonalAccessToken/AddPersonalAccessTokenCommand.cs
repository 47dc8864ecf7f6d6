using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.AddPersonalAccessToken;

/// <summary>Issues a personal access token to a machine user of the tenant; the token is shown once.</summary>
public sealed record AddPersonalAccessTokenCommand(string UserId, DateTimeOffset? ExpirationDate)
    : ICommand<AddPersonalAccessTokenResult>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}

public sealed record AddPersonalAccessTokenResult(string TokenId, string Token, ObjectDetailsDto Details)
{
    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"{nameof(AddPersonalAccessTokenResult)} {{ TokenId = {TokenId} }}";
}
