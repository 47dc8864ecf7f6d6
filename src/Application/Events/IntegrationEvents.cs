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
