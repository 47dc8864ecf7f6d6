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

    /// <summary>Records <paramref name="change"/> as the next event: sequence + 1, with this aggregate's metadata.</summary>
    protected void Raise(DomainEvent change, DateTimeOffset at, string editorId)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Sequence == 0)
        {
            CreatedAt = at;
        }

        Sequence++;
        ChangedAt = at;
        _pendingEvents.Add(change with
        {
            AggregateId = AggregateId,
            AggregateType = AggregateType,
            Sequence = Sequence,
            CreatedAt = at,
            EditorId = editorId,
            ResourceOwner = ResourceOwnerId,
        });
    }
}
