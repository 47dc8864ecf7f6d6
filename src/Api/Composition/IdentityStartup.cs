using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;

namespace Identity.Api.Composition;

/// <summary>At start: create and migrate the database, then the idempotent first-start bootstrap.</summary>
public sealed partial class IdentityStartup(IServiceScopeFactory scopes, IdentityOptions options, ILogger<IdentityStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Passwords.HashIterations < IdentityOptions.PasswordOptions.MinimumHashIterations)
        {
            LogWeakHashing(logger, options.Passwords.HashIterations);
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity:Passwords:AllowWeakHashingForTests is set: passwords are hashed with only {Iterations} PBKDF2 iterations (for tests only)")]
    private static partial void LogWeakHashing(ILogger logger, int iterations);
}
