using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;

namespace Identity.Api.Composition;

/// <summary>At start: create and migrate the database, then the idempotent first-start bootstrap.</summary>
public sealed class IdentityStartup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
