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
        ["setBy"] = SetBy == PasswordSetter.User ? "user" : "administrator",
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
