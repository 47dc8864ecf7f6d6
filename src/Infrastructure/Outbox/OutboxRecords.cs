namespace Identity.Infrastructure.Outbox;

/// <summary>
/// One integration event waiting to be delivered, written by the same <c>SaveChanges</c> (and transaction) as the
/// state and audit rows of the change. Never holds a password, hash or token.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Ascending in insertion order, but not in commit order across concurrent transactions (the outbox gap).</summary>
    public long Id { get; set; }

    public required string AggregateType { get; set; }

    public required string AggregateId { get; set; }

    public long Sequence { get; set; }

    /// <summary>The integration event's stored name (e.g. <c>UserLocked</c>).</summary>
    public required string EventType { get; set; }

    /// <summary>The integration event as JSON.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>A message delivered to a subscriber group (one row per group and message, so late commits are never skipped).</summary>
public sealed class OutboxDelivery
{
    public required string Group { get; set; }

    public long MessageId { get; set; }

    public DateTimeOffset DeliveredAt { get; set; }
}

/// <summary>
/// A subscriber group: where its delivery starts, and the lease that lets one replica at a time deliver to it.
/// </summary>
public sealed class OutboxGroup
{
    public required string Name { get; set; }

    /// <summary>Messages up to this id were committed before the group first subscribed; they are not delivered to it.</summary>
    public long StartAfterId { get; set; }

    /// <summary>Every message up to this id was delivered to the group (reads start after it; see the dispatcher's gap window).</summary>
    public long DeliveredThroughId { get; set; }

    /// <summary>The dispatcher instance that delivers to the group while its lease runs; null: nobody.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>End of the lease, in Unix milliseconds (a number, so that every provider compares it alike).</summary>
    public long LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
