using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Infrastructure.Persistence.Search;

/// <summary>
/// SQLite's built-in upper() changes ASCII letters only; on the module's connections it is .NET's invariant
/// upper-casing instead, as PostgreSQL's and SQL Server's change every letter. So a search that ignores case, and the
/// migration that filled the email keys, fold "Müller" and "MÜLLER" alike on every provider.
/// </summary>
internal sealed class SqliteFunctions : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>("upper", value => value?.ToUpperInvariant(), isDeterministic: true);
        }
    }
}
