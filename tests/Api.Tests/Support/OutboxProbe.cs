using System.Collections.Concurrent;
using System.Diagnostics;
using Identity.Application.Events;
using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Api.Tests.Support;

/// <summary>An in-process subscriber of the host's integration events.</summary>
public static class OutboxProbe
{
    /// <summary>Subscribes a new group and waits until the dispatcher registered it.</summary>
    public static async Task<(IDisposable Subscription, ConcurrentQueue<IntegrationEvent> Received)> SubscribeAsync(ApiFactory factory)
    {
        var group = "host-test-" + Guid.NewGuid().ToString("N");
        var received = new ConcurrentQueue<IntegrationEvent>();
        var subscription = factory.Services.GetRequiredService<Identity.Application.IIdentityModule>().Subscribe(group, (e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = factory.ModuleServices.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().OutboxGroups.AnyAsync(g => g.Name == group))
            {
                return (subscription, received);
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the dispatcher never registered the group");
            await Task.Delay(20);
        }
    }

    public static async Task WaitForAsync(ConcurrentQueue<IntegrationEvent> received, Func<IReadOnlyList<IntegrationEvent>, bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (!done([.. received]))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "still waiting; received: " + string.Join(", ", received.Select(e => e.GetType().Name)));
            await Task.Delay(20);
        }
    }
}
