using System.Data.Common;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Infrastructure.Outbox;

/// <summary>
/// Wakes the dispatcher right after a commit of this process that wrote outbox rows (rows committed by other
/// replicas are found by polling). A waiter takes <see cref="Next"/> before it reads the outbox, so a commit
/// that lands between its read and its wait still wakes it.
/// </summary>
internal sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>Notifies <see cref="OutboxSignal"/> after a save (or an explicit transaction) that wrote outbox rows committed.</summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    private void Saved(SaveChangesCompletedEventData eventData)
    {
        // Inside an explicit transaction the rows are not visible yet; TransactionCommitted wakes the dispatcher then.
        if (eventData.Context is IdentityDbContext db && db.TakeOutboxWritten() && db.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
    }
}
