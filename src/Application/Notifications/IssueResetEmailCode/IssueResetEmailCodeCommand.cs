using Identity.Application.Common;
using Identity.Domain.Access;

namespace Identity.Application.Notifications.IssueResetEmailCode;

/// <summary>
/// Internal (sent only by the module's notification sender, as the system <see cref="Domain.Common.SystemEditor.Notifications"/>):
/// for a reset by email requested at <paramref name="RequestedAt"/>, issues a new reset code for the user and keeps
/// its hash (replacing any older code), unless the request is superseded; commits before the email is sent.
/// </summary>
/// <param name="UserId">The user the reset was requested for.</param>
/// <param name="OrgId">The user's org.</param>
/// <param name="RequestedAt">When the reset was requested.</param>
/// <param name="EarlierCode">
/// The code this sender issued for the same request on an attempt whose email did not leave (held in memory only):
/// it is answered again, without a new code or event, while it is still the user's open code with at least half of
/// its lifetime left, so that an SMTP outage does not pile up codes and events.
/// </param>
internal sealed record IssueResetEmailCodeCommand(string UserId, string OrgId, DateTimeOffset RequestedAt, string? EarlierCode = null)
    : ICommand<ResetEmailCodeResult>, IInstanceRequest, ITargetsUser
{
    public string Permission => Permissions.UserWrite;

    public string TargetUserId => UserId;

    /// <summary>Never shows the earlier code.</summary>
    public override string ToString() =>
        $"{nameof(IssueResetEmailCodeCommand)} {{ UserId = {UserId}, OrgId = {OrgId}, RequestedAt = {RequestedAt:O}, WithEarlierCode = {EarlierCode is not null} }}";
}

/// <summary>Why a requested reset email is not sent.</summary>
internal enum ResetEmailSkipReason
{
    /// <summary>No such user in the org, or it was removed.</summary>
    UserGone,

    /// <summary>The user is a machine user.</summary>
    NotHuman,

    /// <summary>The user is deactivated.</summary>
    UserInactive,

    /// <summary>The user has no email address.</summary>
    NoEmail,

    /// <summary>A password was set after the request: the reset is no longer wanted.</summary>
    PasswordChangedSince,
}

/// <summary>What the reset email needs: the recipient, the new code (in memory only) and its expiry.</summary>
internal sealed record ResetEmail(string To, string DisplayName, string UserName, string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Never shows the code.</summary>
    public override string ToString() => $"{nameof(ResetEmail)} {{ To = {To}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>Either the email to send or why none is sent.</summary>
internal sealed record ResetEmailCodeResult(ResetEmail? Email, ResetEmailSkipReason? Skipped)
{
    public static ResetEmailCodeResult Skip(ResetEmailSkipReason reason) => new(null, reason);
}
