using System.Collections.Concurrent;
using System.Diagnostics;
using Identity.Application.Common;
using Identity.Application.Events;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Outbox;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Identity.Infrastructure.Tests.Support;

/// <summary>
/// One "replica": its own service provider with the Infrastructure services (and so its own outbox dispatcher)
/// on a test database, started and stopped the way a host does (StartedAsync, then StopAsync and dispose).
/// </summary>
public sealed class OutboxNode : IAsyncDisposable
{
    public static readonly OutboxSettings FastSettings = new(
        PollInterval: TimeSpan.FromSeconds(1),
        LeaseDuration: TimeSpan.FromSeconds(3),
        RetryInitialDelay: TimeSpan.FromMilliseconds(100),
        RetryMaxDelay: TimeSpan.FromSeconds(5))
    {
        GapWindow = TimeSpan.FromSeconds(5),
    };

    private readonly ServiceProvider _services;
    private bool _stopped;

    private OutboxNode(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    internal OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();

    public IIntegrationEventSubscriptions Subscriptions => _services.GetRequiredService<IIntegrationEventSubscriptions>();

    public static async Task<OutboxNode> StartAsync(DatabaseSettings database, OutboxSettings? outbox = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new InstanceSettings("localhost"));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddIdentityInfrastructure(new InfrastructureSettings(database, TestDatabase.TestHashIterations, null, new BootstrapSettings(false, "Default", "admin", "unused"))
        {
            Outbox = outbox ?? FastSettings,
        });
        var node = new OutboxNode(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
        await node.Dispatcher.StartedAsync(CancellationToken.None);
        return node;
    }

    /// <summary>Subscribes and waits until the group is registered (events committed after that are delivered to it).</summary>
    public async Task<IDisposable> SubscribeAsync(string group, Func<IntegrationEvent, CancellationToken, Task> handler)
    {
        var subscription = (OutboxDispatcher.Subscription)Subscriptions.Subscribe(group, handler);
        await subscription.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        return subscription;
    }

    /// <summary>Runs <paramref name="change"/> on a fresh context and commits it (one SaveChanges).</summary>
    public async Task CommitAsync(Func<IdentityDbContext, Task> change)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Dispatcher.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}

/// <summary>Collects what a handler received, with the time it arrived.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<(IntegrationEvent Event, string Node, long Ticks)> _items = new();

    public IReadOnlyList<(IntegrationEvent Event, string Node, long Ticks)> Items => [.. _items];

    public IReadOnlyList<IntegrationEvent> Events => [.. _items.Select(i => i.Event)];

    public Func<IntegrationEvent, CancellationToken, Task> Handler(string node = "") => (e, _) =>
    {
        _items.Enqueue((e, node, Stopwatch.GetTimestamp()));
        return Task.CompletedTask;
    };

    public void Add(IntegrationEvent e, string node = "") => _items.Enqueue((e, node, Stopwatch.GetTimestamp()));

    public async Task WaitForAsync(Func<IReadOnlyList<IntegrationEvent>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!done(Events))
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"Still waiting after {deadline.Elapsed}; received {_items.Count}: "
                    + string.Join(", ", Events.Select(e => $"{e.GetType().Name}({e.AggregateId}#{e.Sequence})")));
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Aggregates for outbox tests.</summary>
public static class OutboxData
{
    private static readonly PasswordPolicy Policy = new(PasswordComplexityPolicy.Default, null, false);

    public static Organization NewOrg() =>
        Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Outbox " + Guid.NewGuid().ToString("N")[..8], "localhost", DateTimeOffset.UtcNow, "test");

    public static User NewUser(OrgId orgId) =>
        User.ImportHuman(new UserId(Guid.NewGuid().ToString("N")), orgId, "u" + Guid.NewGuid().ToString("N")[..10],
            new HumanProfile("Out", "Box", "", "Out Box", "", Gender.Unspecified, "o@b.test", false, "", false), null, false, Policy, _ => "", DateTimeOffset.UtcNow, "test");

    /// <summary>Locks an unlocked user and unlocks a locked one.</summary>
    public static void Toggle(User user)
    {
        if (user.State == UserState.Locked)
        {
            user.Unlock(DateTimeOffset.UtcNow, "test");
        }
        else
        {
            user.Lock(DateTimeOffset.UtcNow, "test");
        }
    }

    public static Task<User> LoadAsync(IdentityDbContext db, string userId) => db.Users.SingleAsync(u => u.Id == new UserId(userId));
}
