using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Sessions.CheckPassword;

/// <summary>
/// The password check for other modules in the same process (through <see cref="IIdentityModule"/>): is
/// <paramref name="Password"/> the password of the user <paramref name="LoginName"/> of the org the call acts in
/// (its user name, or its login name <c>user name@org primary domain</c>)? The same rules as a session's
/// password check: one answer (<c>COMMAND-3M0fs</c>) for every failure, in about the same time; the
/// lockout policy counts failures; a locked or deactivated user is refused only after its password matched;
/// a weaker hash is replaced. <c>session.write</c>: the system caller, or an IAM_OWNER. No target, for the
/// reason given on <see cref="CreateSession.CreateSessionCommand"/>.
/// </summary>
public sealed record CheckPasswordCommand(string LoginName, string Password) : ICommand<PasswordCheckResult>, ITargetsNoUser, IChecksPassword
{
    public string Permission => Permissions.SessionWrite;

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"{nameof(CheckPasswordCommand)} {{ }}";
}

/// <summary>The signed-in user, and whether it must change its password (set by an administrator, or expired) and why.</summary>
public sealed record PasswordCheckResult(string UserId, bool PasswordChangeRequired)
{
    /// <summary>Why <see cref="PasswordChangeRequired"/> is set; <see cref="PasswordChangeReason.None"/> when it is not.</summary>
    public PasswordChangeReason PasswordChangeReason { get; init; }
}
