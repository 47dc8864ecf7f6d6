using System.Data.Common;
using System.Net.Sockets;
using Identity.Application.Abstractions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Infrastructure.Persistence;

internal sealed class DatabaseStatus(IdentityDbContext db) : IDatabaseStatus
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await db.Database.CanConnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException or TimeoutException or SocketException:
                    return true;
                case Npgsql.PostgresException pg:
                    // Server-side errors: only those that mean "cannot serve now" (shutdown, too many connections, ...).
                    return pg.IsTransient || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case Npgsql.NpgsqlException npgsql:
                    return npgsql.IsTransient || npgsql.InnerException is SocketException or TimeoutException or IOException;
                case Microsoft.Data.SqlClient.SqlException sql:
                    // timeouts, network errors, login/database unavailable, Azure SQL throttling and failover
                    return sql.IsTransient || sql.Number is -2 or 2 or 53 or 121 or 233 or 4060 or 10053 or 10054 or 10060 or 11001 or 40197 or 40501 or 40613;
                case SqliteException sqlite:
                    // busy, locked, I/O error, cannot open
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 14;
                case DbException { IsTransient: true }:
                    return true;
            }
        }

        return false;
    }
}
