using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.SetPassword;

/// <summary>
/// SetHumanPassword (v1): a new password for a human of the org, set by someone with <c>user.write</c> (subject
/// to the target rule). The user must change it at the next sign-in unless <paramref name="NoChangeRequired"/>.
/// </summary>
public sealed record SetPasswordCommand(string UserId, string Password, bool NoChangeRequired) : ICommand<ObjectDetailsDto>, ITargetsUser, IPasswordRequest
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    public bool SetsPassword => true;

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"{nameof(SetPasswordCommand)} {{ UserId = {UserId}, NoChangeRequired = {NoChangeRequired} }}";
}
