using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.ChangeUserState;

public enum UserStateChange
{
    Deactivate,
    Reactivate,
    Lock,
    Unlock,
    Remove,
}

/// <summary>DeactivateUser, ReactivateUser, LockUser, UnlockUser and RemoveUser: one transition of a user of the tenant.</summary>
public sealed record ChangeUserStateCommand(string Id, UserStateChange Change) : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Change == UserStateChange.Remove ? Permissions.UserDelete : Permissions.UserWrite;

    public string TargetUserId => Id;
}
