using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.SetPasswordV2;

/// <summary>
/// zitadel.user.v2.UserService/SetPassword, in the org of the user it names. Needs <c>user.write</c> there,
/// subject to the target rule; a caller changing its own password needs no permission but must send its
/// current password (a stolen token alone cannot change the password). With <paramref name="CurrentPassword"/> the current
/// password is verified with the sign-in rules first (budgets, lockout count, COMMAND-3M0fs); without it, an
/// administrator sets the password. With <paramref name="VerificationCode"/> (a code from PasswordReset) the code
/// must be the user's open one (else USER-ResetCodeInvalid, and the attempt is counted); the caller still needs
/// <c>user.write</c> or to be the user itself, as the code is a second secret, not a credential of its own.
/// <paramref name="ChangeRequired"/> as sent (v2 defaults to false).
/// </summary>
public sealed record SetPasswordV2Command(string UserId, string NewPassword, bool ChangeRequired, string? CurrentPassword, string? VerificationCode)
    : ICommand<ObjectDetailsDto>, ITenantFromUser, ITargetsUser, IPasswordRequest, IChecksPassword
{
    public string Permission => Permissions.UserWrite;

    public bool SelfAllowed => CurrentPassword is not null || VerificationCode is not null;

    public string TargetUserId => UserId;

    public bool SetsPassword => true;

    /// <summary>Never shows a password or code.</summary>
    public override string ToString() =>
        $"{nameof(SetPasswordV2Command)} {{ UserId = {UserId}, ChangeRequired = {ChangeRequired}, WithCurrentPassword = {CurrentPassword is not null}, WithCode = {VerificationCode is not null} }}";
}
