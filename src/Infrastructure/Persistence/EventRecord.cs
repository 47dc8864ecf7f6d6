namespace Identity.Infrastructure.Persistence;

/// <summary>A row of the append-only events table: the audit trail. Never holds a secret.</summary>
public sealed class EventRecord
{
    public long Id { get; set; }

    public required string AggregateType { get; set; }

    public required string AggregateId { get; set; }

    public long Sequence { get; set; }

    public required string EventType { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string EditorId { get; set; }

    public required string ResourceOwner { get; set; }

    /// <summary>JSON object of the event's facts.</summary>
    public required string Payload { get; set; }
}
