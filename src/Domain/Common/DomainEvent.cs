namespace Identity.Domain.Common;

/// <summary>
/// Something that happened to an aggregate: each kind of change is its own record (<c>UserLocked</c>,
/// <c>InitialPasswordSet</c>, ...), raised by the aggregate, which fills in the metadata below. The audit
/// trail stores <see cref="Type"/> and <see cref="Payload"/>; both hold plain facts only, never a secret
/// (password, hash or token).
/// </summary>
public abstract record DomainEvent
{
    public string AggregateId { get; init; } = string.Empty;

    public string AggregateType { get; init; } = string.Empty;

    /// <summary>The aggregate's sequence after the change (1..n, no gaps).</summary>
    public long Sequence { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A user id, or a system editor id (<see cref="SystemEditor"/>).</summary>
    public string EditorId { get; init; } = string.Empty;

    public string ResourceOwner { get; init; } = string.Empty;

    /// <summary>The audit trail's event type (e.g. <c>user.locked</c>); stable once released.</summary>
    public abstract string Type { get; }

    /// <summary>The audit trail's facts of the change (JSON object keys and values); stable once released.</summary>
    public virtual IReadOnlyDictionary<string, object?> Payload => new Dictionary<string, object?>();
}

/// <summary>An event read back from the audit trail: its stored type and payload, without the typed record.</summary>
public sealed record StoredEvent(string StoredType, IReadOnlyDictionary<string, object?> StoredPayload) : DomainEvent
{
    public override string Type => StoredType;

    public override IReadOnlyDictionary<string, object?> Payload => StoredPayload;
}
