using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>
/// Folds the rows of <see cref="UserStateCount"/> into one per (org, state): at start and then every
/// <see cref="Interval"/>. One transaction reads the sums of the rows up to the highest id it sees, deletes exactly
/// those rows and writes the sums (repeatable read: the delete removes what the sums counted, and a row committed
/// meanwhile stays for the next pass). Each replica may run it: a pass that collides with another one fails and the
/// next pass tries again.
/// </summary>
internal sealed partial class UserStateCountCompactor(IServiceScopeFactory scopes, ILogger<UserStateCountCompactor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>One pass; the number of rows folded away.</summary>
    internal async Task<int> CompactOnceAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var last = await db.UserStateCounts.MaxAsync(c => (long?)c.Id, cancellationToken).ConfigureAwait(false);
                    if (last is null)
                    {
                        return 0;
                    }

                    var sums = await db.UserStateCounts.Where(c => c.Id <= last)
                        .GroupBy(c => new { c.OrgId, c.State })
                        .Select(g => new { g.Key.OrgId, g.Key.State, Delta = g.Sum(c => c.Delta), Rows = g.Count() })
                        .ToListAsync(cancellationToken).ConfigureAwait(false);
                    if (sums.All(s => s.Rows == 1 && s.Delta != 0))
                    {
                        return 0;
                    }

                    var deleted = await db.UserStateCounts.Where(c => c.Id <= last).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                    db.UserStateCounts.AddRange(sums.Where(s => s.Delta != 0).Select(s => new UserStateCount { OrgId = s.OrgId, State = s.State, Delta = s.Delta }));
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return deleted - sums.Count(s => s.Delta != 0);
                }
            }).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await CompactOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // another replica's pass, or the database is away: the next pass tries again
                LogFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folding the user state counts failed with {ExceptionType}; trying again at the next pass")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
