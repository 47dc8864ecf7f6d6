using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.SetInitialPassword;

/// <summary>SetHumanInitialPassword: give a human user a password that must be changed at the next login.</summary>
public sealed record SetInitialPasswordCommand(string UserId, string Password) : ICommand<ObjectDetailsDto>, ITargetsUser, IPasswordRequest
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    public bool SetsPassword => true;

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"{nameof(SetInitialPasswordCommand)} {{ UserId = {UserId} }}";
}
