using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Users.PasswordReset;

/// <summary>How a password reset code reaches the user.</summary>
public enum PasswordResetMedium
{
    /// <summary>v2 <c>return_code</c>: the code is answered, for an application that delivers it itself.</summary>
    ReturnCode,

    /// <summary>v2 <c>send_link</c> (or no medium), v1 <c>TYPE_EMAIL</c>: an email with a link.</summary>
    Email,

    /// <summary>v2 <c>send_link</c> with <c>NOTIFICATION_TYPE_SMS</c>, v1 <c>TYPE_SMS</c>.</summary>
    Sms,
}

/// <summary>The request's details and, only for <see cref="PasswordResetMedium.ReturnCode"/>, the code.</summary>
public sealed record PasswordResetDto(ObjectDetailsDto Details, string? VerificationCode)
{
    /// <summary>Never shows the code.</summary>
    public override string ToString() => $"{nameof(PasswordResetDto)} {{ Details = {Details}, WithCode = {VerificationCode is not null} }}";
}

/// <summary>
/// zitadel.user.v2.UserService/PasswordReset, in the org of the user it names: opens a reset code for a human
/// (not deactivated). Needs <c>user.write</c> there, subject to the target rule (a caller cannot reset the
/// password of someone who outranks it). <see cref="PasswordResetMedium.ReturnCode"/> answers the code;
/// <see cref="PasswordResetMedium.Email"/> records the request and the module's notification sender issues the code
/// and emails the link (from <paramref name="UrlTemplate"/>, else <c>Identity:Notifications:PasswordResetUrl</c>);
/// without an SMTP server or a link template it answers FailedPrecondition; SMS answers Unimplemented.
/// </summary>
public sealed record PasswordResetV2Command(string UserId, PasswordResetMedium Medium, string? UrlTemplate = null)
    : ICommand<PasswordResetDto>, ITenantFromUser, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public bool SelfAllowed => false;

    public string TargetUserId => UserId;
}

/// <summary>
/// SendHumanResetPasswordNotification (v1), in the org of the request: the same as <see cref="PasswordResetV2Command"/>
/// by email (with the configured link template) or SMS (not offered: Unimplemented NOTIFY-SmsUnavailable).
/// </summary>
public sealed record SendPasswordResetNotificationCommand(string UserId, PasswordResetMedium Medium)
    : ICommand<ObjectDetailsDto>, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;
}
