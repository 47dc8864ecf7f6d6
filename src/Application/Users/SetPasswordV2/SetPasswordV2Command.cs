using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.SetPasswordV2;

/// <summary>
/// zitadel.user.v2.UserService/SetPassword, in the org of the user it names. Needs <c>user.write</c> there,
/// subject to the target rule; a caller changing its own password needs no permission but must send its
/// current password (a stolen token alone cannot change the password). With <paramref name="CurrentPassword"/> the current
/// password is verified with the sign-in rules first (budgets, lockout count, COMMAND-3M0fs); without it, an
/// administrator sets the password. <paramref name="VerificationCode"/> (a reset code) is refused: reset codes
/// are not offered yet. <paramref name="ChangeRequired"/> as sent (v2 defaults to false).
/// </summary>
public sealed record SetPasswordV2Command(string UserId, string NewPassword, bool ChangeRequired, string? CurrentPassword, string? VerificationCode)
    : ICommand<ObjectDetailsDto>, ITenantFromUser, ITargetsUser, IPasswordRequest, IChecksPassword
{
    public string Permission => Permissions.UserWrite;

    public bool SelfAllowed => CurrentPassword is not null;

    public string TargetUserId => UserId;

    /// <summary>A request with a reset code is refused before any hashing.</summary>
    public bool SetsPassword => VerificationCode is null;

    /// <summary>Never shows a password or code.</summary>
    public override string ToString() =>
        $"{nameof(SetPasswordV2Command)} {{ UserId = {UserId}, ChangeRequired = {ChangeRequired}, WithCurrentPassword = {CurrentPassword is not null}, WithCode = {VerificationCode is not null} }}";
}
