using System.Text.Json;
using Identity.Application.Events;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Outbox;

/// <summary>
/// Delivers the outbox's integration events to in-process subscriber groups after they committed: at least
/// once; per group one message at a time in id order (so in sequence order per aggregate), retrying a throwing
/// handler with capped exponential back-off without moving on; what a group has received is recorded per
/// (group, message), so a message that commits after a later one (the outbox gap) is still delivered. With
/// several replicas on one database, one replica at a time delivers to a group: the one holding the group's
/// lease (an atomic conditional UPDATE of its <see cref="OutboxGroup"/> row, renewed while delivering).
/// Delivery starts when the host has started (after the database was migrated).
/// </summary>
internal sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, InfrastructureSettings settings, TimeProvider time, ILogger<OutboxDispatcher> logger)
    : IHostedLifecycleService, IIntegrationEventSubscriptions, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _started;
    private int _disposed;

    /// <summary>This dispatcher's lease owner id (unique per process start).</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private OutboxSettings Settings => settings.Outbox;

    private OutboxSignal Signal => signal;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    public IDisposable Subscribe(string group, Func<IntegrationEvent, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(handler);
        if (group.Length > Persistence.Configurations.OutboxGroupConfiguration.MaxNameLength)
        {
            throw new ArgumentException("A group name has at most 200 characters.", nameof(group));
        }

        var subscription = new Subscription(this, group, handler);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (!_subscriptions.TryAdd(group, subscription))
            {
                throw new InvalidOperationException($"The group '{group}' already has a subscriber in this process.");
            }

            if (_started)
            {
                subscription.Start(_stopping.Token);
            }
        }

        return subscription;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every hosted service started (the module's start-up migrates the database first).</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_started && !_stopping.IsCancellationRequested)
            {
                _started = true;
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Start(_stopping.Token);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Subscription> running;
        lock (_lock)
        {
            running = [.. _subscriptions.Values];
        }

        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(running.Select(s => s.StopAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Registered under three service types, so the container may call this more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            _stopping.Dispose();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            if (_subscriptions.TryGetValue(subscription.Group, out var current) && ReferenceEquals(current, subscription))
            {
                _subscriptions.Remove(subscription.Group);
            }
        }
    }

    private async Task<T> WithDbAsync<T>(Func<IdentityDbContext, Task<T>> action)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await action(scope.ServiceProvider.GetRequiredService<IdentityDbContext>()).ConfigureAwait(false);
        }
    }

    private static IntegrationEvent Deserialize(OutboxMessage message) =>
        IntegrationEventMapping.EventTypes.TryGetValue(message.EventType, out var type)
            ? (IntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type)
                ?? throw new InvalidOperationException($"Outbox message {message.Id} is empty."))
            : throw new InvalidOperationException($"Outbox message {message.Id} has an unknown event type.");

    /// <summary>One group's subscription in this process, and the loop that delivers to it.</summary>
    public sealed class Subscription(OutboxDispatcher dispatcher, string group, Func<IntegrationEvent, CancellationToken, Task> handler) : IDisposable
    {
        private static readonly AsyncLocal<bool> InHandler = new();
        private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _cancel = new();
        private Task _loop = Task.CompletedTask;
        private readonly Queue<(long At, long MaxId)> _seen = new();
        private long _leaseValidUntil;
        private long _lastSeen;
        private long _settledId;
        private int _disposed;

        public string Group => group;

        /// <summary>Completes once the group is known to the database (events committed after that are delivered to it).</summary>
        public Task Registered => _registered.Task;

        private OutboxSettings Settings => dispatcher.Settings;

        private long Now => dispatcher.Time.GetUtcNow().ToUnixTimeMilliseconds();

        internal void Start(CancellationToken stopping)
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _cancel.Token);
            _loop = Task.Run(() => RunAsync(linked.Token), CancellationToken.None)
                .ContinueWith(_ => linked.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>The dispatcher's stop; a subscription disposed meanwhile (its loop has ended) is simply waited for.</summary>
        internal async Task StopAsync()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    await _cancel.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // disposed between the check and the cancel: Dispose cancelled it already
                }
            }

            await _loop.ConfigureAwait(false);
        }

        /// <summary>Stops delivery to this handler and gives up the group's lease, so another replica may take over at once.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            _cancel.Cancel();

            // out of the dispatcher's list first, so that its stop never meets this subscription disposed
            dispatcher.Remove(this);

            // A handler that disposes its own subscription must not wait for itself.
            if (!InHandler.Value)
            {
                _loop.GetAwaiter().GetResult();
                _cancel.Dispose();
            }
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            var failureDelay = Settings.RetryInitialDelay;
            while (!cancellationToken.IsCancellationRequested)
            {
                var wake = dispatcher.Signal.Next; // taken before reading, so a commit meanwhile is not missed
                try
                {
                    if (!_registered.Task.IsCompleted)
                    {
                        await RegisterAsync(cancellationToken).ConfigureAwait(false);
                        _registered.TrySetResult();
                    }

                    var leased = await TryLeaseAsync(cancellationToken).ConfigureAwait(false);
                    var delivered = leased && await DeliverBatchAsync(cancellationToken).ConfigureAwait(false);
                    failureDelay = Settings.RetryInitialDelay;
                    if (!leased)
                    {
                        // Another replica delivers to the group: ask again at the poll interval, not at every local commit.
                        await Task.Delay(Settings.PollInterval, dispatcher.Time, cancellationToken).ConfigureAwait(false);
                    }
                    else if (!delivered)
                    {
                        await WaitAsync(wake, Settings.PollInterval, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The database is away or the tables are not migrated yet: try again later.
                    LogDispatchFailed(dispatcher.Logger, group, ex.GetType().Name);
                    try
                    {
                        await Task.Delay(failureDelay, dispatcher.Time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    failureDelay = Next(failureDelay);
                }
            }

            await ReleaseAsync().ConfigureAwait(false);
        }

        private TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Settings.RetryMaxDelay.Ticks));

        private async Task WaitAsync(Task wake, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await wake.WaitAsync(timeout, dispatcher.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // poll
            }
        }

        /// <summary>The first subscription of a group (in any replica) records where its delivery starts.</summary>
        private Task<bool> RegisterAsync(CancellationToken cancellationToken) => dispatcher.WithDbAsync(async db =>
        {
            if (await db.OutboxGroups.AnyAsync(g => g.Name == group, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            var last = await db.OutboxMessages.MaxAsync(m => (long?)m.Id, cancellationToken).ConfigureAwait(false) ?? 0;
            db.OutboxGroups.Add(new OutboxGroup { Name = group, StartAfterId = last, CreatedAt = dispatcher.Time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                LogGroupRegistered(dispatcher.Logger, group, last);
            }
            catch (DbUpdateException ex) when (UnitOfWork.IsUniqueViolation(ex.InnerException))
            {
                // another replica registered the group at the same moment
            }

            return true;
        });

        /// <summary>Takes or renews the group's lease when less than two thirds of it are left; false: another replica holds it.</summary>
        private async Task<bool> TryLeaseAsync(CancellationToken cancellationToken)
        {
            var now = Now;
            var duration = (long)Settings.LeaseDuration.TotalMilliseconds;
            if (_leaseValidUntil - now > duration * 2 / 3)
            {
                return true;
            }

            var until = now + duration;
            var owner = dispatcher.Owner;
            var taken = await dispatcher.WithDbAsync(db => db.OutboxGroups
                .Where(g => g.Name == group && (g.LeaseOwner == null || g.LeaseOwner == owner || g.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.LeaseOwner, owner).SetProperty(g => g.LeaseExpiresAt, until), cancellationToken))
                .ConfigureAwait(false) == 1;
            if (taken && _leaseValidUntil < now)
            {
                LogLeaseTaken(dispatcher.Logger, group);
            }

            _leaseValidUntil = taken ? until : 0;
            return taken;
        }

        private async Task ReleaseAsync()
        {
            if (_leaseValidUntil == 0)
            {
                return;
            }

            try
            {
                var owner = dispatcher.Owner;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await dispatcher.WithDbAsync(db => db.OutboxGroups.Where(g => g.Name == group && g.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(g => g.LeaseOwner, (string?)null).SetProperty(g => g.LeaseExpiresAt, 0L), timeout.Token))
                    .ConfigureAwait(false);
                _leaseValidUntil = 0;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The lease runs out by itself.
                LogDispatchFailed(dispatcher.Logger, group, ex.GetType().Name);
            }
        }

        /// <summary>Delivers the oldest undelivered messages; false when there were none.</summary>
        private async Task<bool> DeliverBatchAsync(CancellationToken cancellationToken)
        {
            var (from, last, batch) = await dispatcher.WithDbAsync(async db =>
            {
                var row = await db.OutboxGroups.AsNoTracking().Where(g => g.Name == group)
                    .Select(g => new { g.StartAfterId, g.DeliveredThroughId }).SingleAsync(cancellationToken).ConfigureAwait(false);
                var from = Math.Max(row.StartAfterId, row.DeliveredThroughId);
                var last = await db.OutboxMessages.MaxAsync(m => (long?)m.Id, cancellationToken).ConfigureAwait(false) ?? 0;
                var batch = await db.OutboxMessages.AsNoTracking()
                    .Where(m => m.Id > from && !db.OutboxDeliveries.Any(d => d.Group == group && d.MessageId == m.Id))
                    .OrderBy(m => m.Id)
                    .Take(Settings.BatchSize)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                return (from, last, batch);
            }).ConfigureAwait(false);

            await AdvanceWatermarkAsync(from, last, batch.Count == 0 ? long.MaxValue : batch[0].Id, cancellationToken).ConfigureAwait(false);
            foreach (var message in batch)
            {
                if (!await DeliverAsync(message, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            return batch.Count > 0;
        }

        /// <summary>
        /// Moves the group's watermark (every message up to it is delivered) forward, so that reads start there
        /// and the delivery rows below it can go. Ids are allocated in insertion order but commit in any order
        /// (the outbox gap): an id seen as the highest at some moment is only trusted once
        /// <see cref="OutboxSettings.GapWindow"/> has passed since, when every transaction that held a lower id
        /// has committed or rolled back; and only if no message up to it is still undelivered.
        /// </summary>
        private async Task AdvanceWatermarkAsync(long from, long last, long firstUndelivered, CancellationToken cancellationToken)
        {
            var now = Now;
            if (last > _lastSeen)
            {
                _lastSeen = last;
                _seen.Enqueue((now, last));
            }

            var settled = now - (long)Settings.GapWindow.TotalMilliseconds;
            while (_seen.Count > 0 && _seen.Peek().At <= settled)
            {
                _settledId = Math.Max(_settledId, _seen.Dequeue().MaxId);
            }

            var candidate = Math.Min(_settledId, firstUndelivered - 1);
            if (candidate <= from)
            {
                return;
            }

            await dispatcher.WithDbAsync(async db =>
            {
                await db.OutboxGroups.Where(g => g.Name == group && g.DeliveredThroughId < candidate)
                    .ExecuteUpdateAsync(u => u.SetProperty(g => g.DeliveredThroughId, candidate), cancellationToken).ConfigureAwait(false);
                return await db.OutboxDeliveries.Where(d => d.Group == group && d.MessageId <= candidate)
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        /// <summary>Calls the handler until it succeeds, then records the delivery; false when the lease was lost first.</summary>
        private async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            var integrationEvent = Deserialize(message);
            var delay = Settings.RetryInitialDelay;
            for (var attempt = 1; ; attempt++)
            {
                if (!await TryLeaseAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                try
                {
                    await CallRenewingAsync(integrationEvent, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
                {
                    LogHandlerFailed(dispatcher.Logger, group, message.EventType, message.Id, attempt, ex.GetType().Name, delay.TotalMilliseconds);
                    await Task.Delay(delay, dispatcher.Time, cancellationToken).ConfigureAwait(false);
                    delay = Next(delay);
                }
            }

            await dispatcher.WithDbAsync(async db =>
            {
                db.OutboxDeliveries.Add(new OutboxDelivery { Group = group, MessageId = message.Id, DeliveredAt = dispatcher.Time.GetUtcNow() });
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbUpdateException ex) when (UnitOfWork.IsUniqueViolation(ex.InnerException))
                {
                    // delivered by another replica after our lease ran out (at least once)
                }

                return true;
            }).ConfigureAwait(false);
            return true;
        }

        /// <summary>Runs the handler and renews the lease meanwhile, so a slow handler keeps its group.</summary>
        private async Task CallRenewingAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        {
            InHandler.Value = true;
            Task call;
            try
            {
                call = handler(integrationEvent, cancellationToken);
            }
            finally
            {
                InHandler.Value = false;
            }

            var renewEvery = Settings.LeaseDuration / 3;
            while (await Task.WhenAny(call, Task.Delay(renewEvery, dispatcher.Time, cancellationToken)).ConfigureAwait(false) != call)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await TryLeaseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
                {
                    LogDispatchFailed(dispatcher.Logger, group, ex.GetType().Name);
                }
            }

            await call.ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox group {Group} registered; it receives messages after id {StartAfterId}")]
    private static partial void LogGroupRegistered(ILogger logger, string group, long startAfterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox group {Group}: this replica took the delivery lease")]
    private static partial void LogLeaseTaken(ILogger logger, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox group {Group}: handler of {EventType} (message {MessageId}) failed with {ExceptionType} on attempt {Attempt}; retrying in {DelayMs} ms")]
    private static partial void LogHandlerFailed(ILogger logger, string group, string eventType, long messageId, int attempt, string exceptionType, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox group {Group}: dispatch failed with {ExceptionType}; trying again")]
    private static partial void LogDispatchFailed(ILogger logger, string group, string exceptionType);
}
