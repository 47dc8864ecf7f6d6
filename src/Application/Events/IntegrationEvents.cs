namespace Identity.Application.Events;

/// <summary>
/// Something that happened in the Identity module that other modules in the same process may react to.
/// Delivered through the transactional outbox after the change committed, at least once, in sequence
/// order per aggregate. Never carries a password, hash, token or code.
/// </summary>
/// <param name="AggregateId">The user's or org's id.</param>
/// <param name="OrgId">The org the aggregate belongs to (for an org: its own id).</param>
/// <param name="Sequence">The aggregate's sequence after the change (1..n per aggregate, no gaps).</param>
/// <param name="OccurredAt">When the change was made.</param>
/// <param name="EditorId">Who made it: a user id, or a system editor id (<c>system:...</c>).</param>
public abstract record IntegrationEvent(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId);

/// <summary>Registers in-process subscribers of the module's integration events.</summary>
public interface IIntegrationEventSubscriptions
{
    /// <summary>
    /// Delivers every event committed after the group first subscribed to <paramref name="handler"/>,
    /// once per group (also with several replicas), in sequence order per aggregate, retrying with
    /// back-off while the handler throws. Disposing the result stops delivery to this handler; events
    /// committed meanwhile are delivered when the group subscribes again (also after a restart).
    /// </summary>
    IDisposable Subscribe(string group, Func<IntegrationEvent, CancellationToken, Task> handler);
}

/// <summary>A user was created: a human imported (with or without a password) or a machine user added.</summary>
public sealed record UserAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserName, bool IsMachine, bool PasswordSet)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>An administrator set a human's initial password (SetHumanInitialPassword); never the password itself.</summary>
public sealed record InitialPasswordSet(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, bool ChangeRequired)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>
/// A new password was set (SetHumanPassword, v2 SetPassword): whether the user must change it, and whether the
/// user itself set it (<paramref name="SetByUser"/>: with its current password, as the caller, or with a reset
/// code) or an administrator; never the password itself.
/// </summary>
public sealed record PasswordChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, bool ChangeRequired, bool SetByUser)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A password reset code was issued for the user, valid until <paramref name="ExpiresAt"/>; never the code.</summary>
public sealed record PasswordCodeAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, DateTimeOffset ExpiresAt)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>
/// A password reset by email was requested (PasswordReset send_link, SendHumanResetPasswordNotification TYPE_EMAIL):
/// the module's notification sender issues a code and sends the link. <paramref name="UrlTemplate"/> is the
/// request's link template (null: <c>Identity:Notifications:PasswordResetUrl</c>); never a code.
/// </summary>
public sealed record PasswordResetEmailRequested(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string? UrlTemplate)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>
/// A password reset code was refused: <paramref name="Reason"/> (<c>NoCode</c>, <c>Expired</c>, <c>Wrong</c>), the wrong
/// attempts on the open code, and whether the code is void from now on; never the code sent.
/// </summary>
public sealed record PasswordCodeCheckFailed(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string Reason, int FailedAttempts, bool Voided)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>At sign-in a human's stored password hash was replaced by a stronger one of the same password; never the hash.</summary>
public sealed record PasswordHashUpgraded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The first successful sign-in with an initial password set by an administrator: it no longer expires; never the password.</summary>
public sealed record InitialPasswordUsed(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A sign-in was refused after the password matched: it was an unused initial password that expired at <paramref name="ExpiresAt"/>.</summary>
public sealed record InitialPasswordExpired(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, DateTimeOffset ExpiresAt)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

public sealed record UserLocked(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

public sealed record UserUnlocked(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

public sealed record UserDeactivated(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

public sealed record UserReactivated(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A user's name changed (UpdateUserName); its login names follow it.</summary>
public sealed record UserNameChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserName)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A human's profile (names, language, gender) changed; read the user for the values.</summary>
public sealed record UserProfileChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>
/// A human's email changed (<paramref name="AddressChanged"/>: a new address; else the current one was declared
/// verified) and whether it is verified now; read the user for the address.
/// </summary>
public sealed record UserEmailChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, bool AddressChanged, bool IsVerified)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A human's phone changed, as <see cref="UserEmailChanged"/>.</summary>
public sealed record UserPhoneChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, bool NumberChanged, bool IsVerified)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A user was removed; <paramref name="UserName"/> is the name it had (free again in the org).</summary>
public sealed record UserRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserName)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A machine user got a personal access token: its id and expiry (null: never), never the token.</summary>
public sealed record PersonalAccessTokenAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string TokenId, DateTimeOffset? Expiration)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

public sealed record PersonalAccessTokenRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string TokenId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A machine key was added (AddMachineKey): its id and expiration, never key material.</summary>
public sealed record MachineKeyAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string KeyId, DateTimeOffset ExpirationDate)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A machine key was removed: it no longer authenticates.</summary>
public sealed record MachineKeyRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string KeyId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A machine user got a new client secret (<paramref name="Replaced"/>: it replaced one); never the secret or its hash.</summary>
public sealed record MachineSecretSet(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, bool Replaced)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A machine user's client secret was removed: it no longer authenticates.</summary>
public sealed record MachineSecretRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>Metadata entries of the user were added or changed: their keys, never the values.</summary>
public sealed record UserMetadataSet(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, IReadOnlyList<string> Keys)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>Metadata entries of the user were removed: their keys.</summary>
public sealed record UserMetadataRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, IReadOnlyList<string> Keys)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>An org was created (the aggregate is the org).</summary>
public sealed record OrgAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string Name)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A user became a member of the org (the aggregate) with org roles.</summary>
public sealed record OrgMemberAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserId, IReadOnlyList<string> Roles)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A member's whole list of org roles in the org (the aggregate) was replaced.</summary>
public sealed record OrgMemberChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserId, IReadOnlyList<string> Roles)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A user left the org (the aggregate); <paramref name="Cascade"/>: because the user was removed.</summary>
public sealed record OrgMemberRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserId, bool Cascade)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org (the aggregate) got its own password complexity policy.</summary>
public sealed record PasswordComplexityPolicyAdded(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, int MinLength, bool HasUppercase, bool HasLowercase, bool HasNumber, bool HasSymbol)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own password complexity policy changed to these settings.</summary>
public sealed record PasswordComplexityPolicyChanged(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, int MinLength, bool HasUppercase, bool HasLowercase, bool HasNumber, bool HasSymbol)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own password complexity policy was dropped: the instance default applies again.</summary>
public sealed record PasswordComplexityPolicyRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org (the aggregate) got its own lockout policy (0 = never lock).</summary>
public sealed record LockoutPolicyAdded(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, uint MaxPasswordAttempts, uint MaxOtpAttempts)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own lockout policy changed to these settings (0 = never lock).</summary>
public sealed record LockoutPolicyChanged(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, uint MaxPasswordAttempts, uint MaxOtpAttempts)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own lockout policy was dropped: the instance default applies again.</summary>
public sealed record LockoutPolicyRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org (the aggregate) got its own password age policy (0 = never expires).</summary>
public sealed record PasswordAgePolicyAdded(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, uint MaxAgeDays, uint ExpireWarnDays)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own password age policy changed to these settings (0 = never expires).</summary>
public sealed record PasswordAgePolicyChanged(
    string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, uint MaxAgeDays, uint ExpireWarnDays)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>The org's own password age policy was dropped: the instance default applies again.</summary>
public sealed record PasswordAgePolicyRemoved(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A sign-in session was created (v2 CreateSession); <see cref="IntegrationEvent.OrgId"/> is empty until its user is checked.</summary>
public sealed record SessionAdded(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A session's user was checked (found, a human, not removed); <see cref="IntegrationEvent.OrgId"/> is the user's org.</summary>
public sealed record SessionUserChecked(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A session's user proved its password: the user signed in.</summary>
public sealed record SessionPasswordChecked(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string UserId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A session's metadata, lifetime or token changed (<paramref name="Change"/>: <c>metadata</c>, <c>lifetime</c> or <c>token</c>); never a value or the token.</summary>
public sealed record SessionChanged(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId, string Change)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);

/// <summary>A session was deleted; its token stopped working.</summary>
public sealed record SessionTerminated(string AggregateId, string OrgId, long Sequence, DateTimeOffset OccurredAt, string EditorId)
    : IntegrationEvent(AggregateId, OrgId, Sequence, OccurredAt, EditorId);
