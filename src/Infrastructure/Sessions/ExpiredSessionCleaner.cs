using Identity.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Sessions;

/// <summary>
/// Deletes sessions that expired longer ago than <see cref="SessionCleanupSettings.DeleteExpiredAfter"/>: at start
/// and then every <see cref="SessionCleanupSettings.Interval"/>. An expired session answers like an unknown one
/// anyway; its row (token hash, user agent) is only kept for that while. Its events stay in the event table. Each
/// replica may run it: the delete is one idempotent statement.
/// </summary>
internal sealed partial class ExpiredSessionCleaner(
    IServiceScopeFactory scopes, TimeProvider time, InfrastructureSettings settings, ILogger<ExpiredSessionCleaner> logger) : BackgroundService
{
    private SessionCleanupSettings Settings => settings.SessionCleanup;

    /// <summary>One pass; the number of sessions deleted.</summary>
    internal async Task<int> CleanOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? cutoff = time.GetUtcNow() - Settings.DeleteExpiredAfter;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            return await db.Sessions.Where(s => s.ExpiresAt != null && s.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Settings.Interval, time);
        do
        {
            try
            {
                var deleted = await CleanOnceAsync(stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // the database is away: the next pass tries again
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired sessions")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired sessions failed with {ExceptionType}; trying again at the next pass")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
