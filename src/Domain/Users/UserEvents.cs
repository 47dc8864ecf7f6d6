using Identity.Domain.Common;

namespace Identity.Domain.Users;

// The changes a user makes. Type and Payload are the audit trail's event type and JSON keys (stable once
// released). None holds a password, hash or token.

/// <summary>A human was imported, with or without a password.</summary>
public sealed record HumanUserAdded(
    string UserName, string FirstName, string LastName, string DisplayName, string Email, bool PasswordSet, bool ChangeRequired) : DomainEvent
{
    public override string Type => "user.human.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userName"] = UserName,
        ["firstName"] = FirstName,
        ["lastName"] = LastName,
        ["displayName"] = DisplayName,
        ["email"] = Email,
        ["passwordSet"] = PasswordSet,
        ["changeRequired"] = ChangeRequired,
    };
}

/// <summary>A machine user was created.</summary>
public sealed record MachineUserAdded(string UserName, string Name, string Description) : DomainEvent
{
    public override string Type => "user.machine.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userName"] = UserName,
        ["name"] = Name,
        ["description"] = Description,
    };
}

/// <summary>An administrator set the human's initial password (SetHumanInitialPassword).</summary>
public sealed record InitialPasswordSet(bool ChangeRequired) : DomainEvent
{
    public override string Type => "user.human.password.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["changeRequired"] = ChangeRequired };
}

/// <summary>Who set a password with <see cref="User.SetPassword"/>.</summary>
public enum PasswordSetter
{
    /// <summary>Someone with <c>user.write</c> for the user, without proving the current password.</summary>
    Administrator,

    /// <summary>The user itself: it proved its current password, or the caller is the user.</summary>
    User,

    /// <summary>Whoever holds a valid password reset code (<see cref="User.ResetPasswordWithCode"/>).</summary>
    ResetCode,
}

/// <summary>
/// A new password was set (SetHumanPassword, v2 SetPassword): whether the user must change it and who set it
/// (<c>setBy</c>: <c>administrator</c> or <c>user</c>); never the password or its hash.
/// </summary>
public sealed record PasswordChanged(bool ChangeRequired, PasswordSetter SetBy) : DomainEvent
{
    public override string Type => "user.human.password.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["changeRequired"] = ChangeRequired,
        ["setBy"] = SetBy switch
        {
            PasswordSetter.User => "user",
            PasswordSetter.ResetCode => "resetCode",
            _ => "administrator",
        },
    };
}

/// <summary>
/// A password reset code was issued (PasswordReset, SendHumanResetPasswordNotification): when it expires;
/// never the code or its hash. A code issued before is void from now on.
/// </summary>
public sealed record PasswordCodeAdded(DateTimeOffset ExpiresAt) : DomainEvent
{
    public override string Type => "user.human.password.code.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["expiresAt"] = ExpiresAt };
}

/// <summary>
/// A password reset by email was requested (send_link, SendHumanResetPasswordNotification TYPE_EMAIL): the
/// notification sender issues the code when it sends the email (<see cref="PasswordCodeAdded"/>), so this event
/// holds no code; only the link template the request named (<c>urlTemplate</c>, null: the configured one).
/// </summary>
public sealed record PasswordResetEmailRequested(string? UrlTemplate) : DomainEvent
{
    public override string Type => "user.human.password.reset.email.requested";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["urlTemplate"] = UrlTemplate };
}

/// <summary>Why a password reset code was refused (the caller only ever sees USER-ResetCodeInvalid).</summary>
public enum PasswordCodeFailure
{
    /// <summary>No code is open: none was requested, it was used, or it was voided.</summary>
    NoCode,

    /// <summary>The open code has expired (it is void from now on).</summary>
    Expired,

    /// <summary>The code does not match the open one (counted; the last allowed attempt voids it).</summary>
    Wrong,
}

/// <summary>
/// A password reset code was refused: why (<c>reason</c>: <c>noCode</c>, <c>expired</c>, <c>wrong</c>), the
/// wrong attempts counted on the open code, and whether the code is void from now on; never the code sent.
/// </summary>
public sealed record PasswordCodeCheckFailed(PasswordCodeFailure Reason, int FailedAttempts, bool Voided) : DomainEvent
{
    public override string Type => "user.human.password.code.failed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["reason"] = Reason switch
        {
            PasswordCodeFailure.Expired => "expired",
            PasswordCodeFailure.Wrong => "wrong",
            _ => "noCode",
        },
        ["failedAttempts"] = FailedAttempts,
        ["voided"] = Voided,
    };
}

/// <summary>
/// At sign-in the stored password hash was replaced by a fresh one of the same password (an imported
/// bcrypt hash or a hash weaker than the current setting); neither hash nor format is recorded.
/// </summary>
public sealed record PasswordHashUpgraded : DomainEvent
{
    public override string Type => "user.human.password.hash.upgraded";
}

/// <summary>
/// The first successful sign-in check with an expiring initial password (set by an administrator with change
/// required): it no longer expires (the change is still required); never the password.
/// </summary>
public sealed record InitialPasswordUsed : DomainEvent
{
    public override string Type => "user.human.password.initial.used";
}

/// <summary>
/// A sign-in check (or a self change with the current password) was refused after the password matched: it is an
/// initial password that was never used and expired at <paramref name="ExpiresAt"/>; never the password.
/// </summary>
public sealed record InitialPasswordExpired(DateTimeOffset ExpiresAt) : DomainEvent
{
    public override string Type => "user.human.password.initial.expired";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["expiresAt"] = ExpiresAt };
}

public sealed record UserDeactivated : DomainEvent
{
    public override string Type => "user.deactivated";
}

public sealed record UserReactivated : DomainEvent
{
    public override string Type => "user.reactivated";
}

public sealed record UserLocked : DomainEvent
{
    public override string Type => "user.locked";
}

public sealed record UserUnlocked : DomainEvent
{
    public override string Type => "user.unlocked";
}

/// <summary>The user was removed; <paramref name="UserName"/> is the name it had (now free again in the org).</summary>
public sealed record UserRemoved(string UserName) : DomainEvent
{
    public override string Type => "user.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["userName"] = UserName };
}

/// <summary>A personal access token was issued (its id and expiry, never the token or its hash).</summary>
public sealed record PersonalAccessTokenAdded(string TokenId, DateTimeOffset? Expiration) : DomainEvent
{
    public override string Type => "user.personal.access.token.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["tokenId"] = TokenId,
        ["expiration"] = Expiration,
    };
}

public sealed record PersonalAccessTokenRemoved(string TokenId) : DomainEvent
{
    public override string Type => "user.personal.access.token.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["tokenId"] = TokenId };
}

/// <summary>UpdateUserName: the new user name (the login names follow it).</summary>
public sealed record UserNameChanged(string UserName) : DomainEvent
{
    public override string Type => "user.username.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["userName"] = UserName };
}

/// <summary>UpdateHumanProfile: the new names, language and gender.</summary>
public sealed record HumanProfileChanged(
    string FirstName, string LastName, string NickName, string DisplayName, string PreferredLanguage, Gender Gender) : DomainEvent
{
    public override string Type => "user.human.profile.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["firstName"] = FirstName,
        ["lastName"] = LastName,
        ["nickName"] = NickName,
        ["displayName"] = DisplayName,
        ["preferredLanguage"] = PreferredLanguage,
        ["gender"] = Gender.ToString(),
    };
}

/// <summary>UpdateHumanEmail with a new address: the address and whether the request declared it verified.</summary>
public sealed record HumanEmailChanged(string Email, bool IsEmailVerified) : DomainEvent
{
    public override string Type => "user.human.email.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["email"] = Email,
        ["isEmailVerified"] = IsEmailVerified,
    };
}

/// <summary>UpdateHumanEmail with the current address, now declared verified.</summary>
public sealed record HumanEmailVerified : DomainEvent
{
    public override string Type => "user.human.email.verified";
}

/// <summary>UpdateHumanPhone with a new number (in its normal form) and whether the request declared it verified.</summary>
public sealed record HumanPhoneChanged(string Phone, bool IsPhoneVerified) : DomainEvent
{
    public override string Type => "user.human.phone.changed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["phone"] = Phone,
        ["isPhoneVerified"] = IsPhoneVerified,
    };
}

/// <summary>UpdateHumanPhone with the current number, now declared verified.</summary>
public sealed record HumanPhoneVerified : DomainEvent
{
    public override string Type => "user.human.phone.verified";
}

/// <summary>
/// Metadata entries of the user were added or changed (SetUserMetadata, BulkSetUserMetadata: one event per call):
/// their keys, never the values (they may be secrets of the integrator).
/// </summary>
public sealed record UserMetadataSet(IReadOnlyList<string> Keys) : DomainEvent
{
    public override string Type => "user.metadata.set";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["keys"] = Keys };
}

/// <summary>Metadata entries of the user were removed (RemoveUserMetadata, BulkRemoveUserMetadata: one event per call): their keys.</summary>
public sealed record UserMetadataRemoved(IReadOnlyList<string> Keys) : DomainEvent
{
    public override string Type => "user.metadata.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["keys"] = Keys };
}

/// <summary>A machine key was added (AddMachineKey): its id, type and expiration, never key material.</summary>
public sealed record MachineKeyAdded(string KeyId, MachineKeyType KeyType, DateTimeOffset ExpirationDate) : DomainEvent
{
    public override string Type => "user.machine.key.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["keyId"] = KeyId,
        ["type"] = KeyType == MachineKeyType.Json ? "json" : "unspecified",
        ["expirationDate"] = ExpirationDate,
    };
}

/// <summary>A machine key was removed (RemoveMachineKey): it no longer authenticates.</summary>
public sealed record MachineKeyRemoved(string KeyId) : DomainEvent
{
    public override string Type => "user.machine.key.removed";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["keyId"] = KeyId };
}

/// <summary>A machine user got a new client secret (GenerateMachineSecret): whether it replaced one; never the secret or its hash.</summary>
public sealed record MachineSecretSet(bool Replaced) : DomainEvent
{
    public override string Type => "user.machine.secret.set";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?> { ["replaced"] = Replaced };
}

/// <summary>A machine user's client secret was removed (RemoveMachineSecret): it no longer authenticates.</summary>
public sealed record MachineSecretRemoved : DomainEvent
{
    public override string Type => "user.machine.secret.removed";
}
