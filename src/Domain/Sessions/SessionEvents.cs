using Identity.Domain.Common;

namespace Identity.Domain.Sessions;

// The changes of a sign-in session. Type and Payload are the audit trail's event type and JSON keys
// (stable once released). None holds the session token, its hash, a password or a metadata value.

/// <summary>A session was created (CreateSession) by <see cref="DomainEvent.EditorId"/>.</summary>
public sealed record SessionAdded(string? UserAgentFingerprint) : DomainEvent
{
    public override string Type => "session.added";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userAgentFingerprint"] = UserAgentFingerprint,
    };
}

/// <summary>The session's user was checked (found, active, a human).</summary>
public sealed record SessionUserChecked(string UserId, string UserOrgId) : DomainEvent
{
    public override string Type => "session.user.checked";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userId"] = UserId,
        ["userResourceOwner"] = UserOrgId,
    };
}

/// <summary>The session's user proved its password.</summary>
public sealed record SessionPasswordChecked(string UserId) : DomainEvent
{
    public override string Type => "session.password.checked";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["userId"] = UserId,
    };
}

/// <summary>Metadata keys were set or (with an empty value) removed; the values are not recorded.</summary>
public sealed record SessionMetadataSet(IReadOnlyList<string> Keys) : DomainEvent
{
    public override string Type => "session.metadata.set";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["keys"] = Keys,
    };
}

/// <summary>The session got an expiration date.</summary>
public sealed record SessionLifetimeSet(DateTimeOffset ExpiresAt) : DomainEvent
{
    public override string Type => "session.lifetime.set";

    public override IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>
    {
        ["expiration"] = ExpiresAt,
    };
}

/// <summary>SetSession issued a new session token; the previous one stopped working.</summary>
public sealed record SessionTokenRenewed : DomainEvent
{
    public override string Type => "session.token.renewed";
}

/// <summary>The session was deleted (DeleteSession): its token stopped working.</summary>
public sealed record SessionTerminated : DomainEvent
{
    public override string Type => "session.terminated";
}
