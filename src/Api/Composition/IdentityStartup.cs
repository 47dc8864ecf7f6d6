using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;

namespace Identity.Api.Composition;

/// <summary>
/// At start: create and migrate the database, then the idempotent first-start bootstrap, then the
/// module's own background services (they live in the module's container, which the host does not
/// start); at stop, those services in reverse order.
/// </summary>
internal sealed partial class IdentityStartup(IdentityModuleServices module, IdentityOptions options, ILogger<IdentityStartup> logger) : IHostedService
{
    private IHostedService[] _moduleServices = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Passwords.HashIterations < IdentityOptions.PasswordOptions.MinimumHashIterations)
        {
            LogWeakHashing(logger, options.Passwords.HashIterations);
        }

        var scope = module.CreateScope();
        await using (scope.ConfigureAwait(false))
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken).ConfigureAwait(false);
        }

        // The same lifecycle the host gives its own hosted services: starting, start, started.
        _moduleServices = [.. module.Provider.GetServices<IHostedService>()];
        foreach (var lifecycle in _moduleServices.OfType<IHostedLifecycleService>())
        {
            await lifecycle.StartingAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var service in _moduleServices)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var lifecycle in _moduleServices.OfType<IHostedLifecycleService>())
        {
            await lifecycle.StartedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var reversed = _moduleServices.Reverse().ToList();
        foreach (var lifecycle in reversed.OfType<IHostedLifecycleService>())
        {
            await lifecycle.StoppingAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var service in reversed)
        {
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var lifecycle in reversed.OfType<IHostedLifecycleService>())
        {
            await lifecycle.StoppedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity:Passwords:AllowWeakHashingForTests is set: passwords are hashed with only {Iterations} PBKDF2 iterations (for tests only)")]
    private static partial void LogWeakHashing(ILogger logger, int iterations);
}
