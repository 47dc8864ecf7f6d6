namespace Identity.Domain.Common;

/// <summary>
/// An aggregate with a per-aggregate sequence: every change raises exactly one event and
/// increases the sequence by one, so the number of events equals the sequence.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<DomainEvent> _pendingEvents = [];

    /// <summary>Number of changes so far; also the optimistic-concurrency token.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public IReadOnlyList<DomainEvent> PendingEvents => _pendingEvents;

    protected abstract string AggregateType { get; }

    protected abstract string AggregateId { get; }

    protected abstract string ResourceOwnerId { get; }

    public void ClearPendingEvents() => _pendingEvents.Clear();

    protected void Raise(string type, DateTimeOffset at, string editorId, IReadOnlyDictionary<string, object?>? payload = null)
    {
        if (Sequence == 0)
        {
            CreatedAt = at;
        }

        Sequence++;
        ChangedAt = at;
        _pendingEvents.Add(new DomainEvent(
            AggregateId, AggregateType, Sequence, type, at, editorId, ResourceOwnerId,
            payload ?? new Dictionary<string, object?>()));
    }
}
