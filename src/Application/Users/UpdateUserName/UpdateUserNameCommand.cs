using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.UpdateUserName;

/// <summary>UpdateUserName: a new user name, unique in the org; the user signs in with it from now on.</summary>
public sealed record UpdateUserNameCommand(string UserId, string UserName) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
