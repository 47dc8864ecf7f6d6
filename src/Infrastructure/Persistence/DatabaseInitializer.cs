using Microsoft.EntityFrameworkCore;

namespace Identity.Infrastructure.Persistence;

/// <summary>Creates the database if needed and applies the provider's migrations.</summary>
internal sealed class DatabaseInitializer(IdentityDbContext db)
{
    /// <summary>Key of the PostgreSQL advisory lock / SQL Server application lock held while migrating.</summary>
    private const long MigrationLockKey = 0x4944454E54495459; // "IDENTITY"
    private const string MigrationLockName = "identity-module-migrations";

    private Task LockAsync(CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() ? db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken)
        : db.Database.IsSqlServer() ? db.Database.ExecuteSqlRawAsync(
            $"EXEC sp_getapplock @Resource = '{MigrationLockName}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000", cancellationToken)
        : Task.CompletedTask;

    private async Task UnlockAsync()
    {
        try
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})").ConfigureAwait(false);
            }
            else if (db.Database.IsSqlServer())
            {
                await db.Database.ExecuteSqlRawAsync($"EXEC sp_releaseapplock @Resource = '{MigrationLockName}', @LockOwner = 'Session'").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // A session lock ends with its connection anyway; closing it below releases the lock.
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // Before SQLite opens (and would create) the file: directory 0700, file 0600.
            SqliteFiles.Prepare(db.Database.GetConnectionString());
        }

        // Replicas that start together must not migrate at the same time: the first one holds a
        // database-wide lock on its (kept open) connection while it migrates; the others wait and then
        // find nothing left to do.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LockAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await UnlockAsync().ConfigureAwait(false);
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer, and the setting stays with the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);

            // The statistics the query planner chooses indexes by (e.g. ListUsers' filter index against its order
            // index), gathered where they are missing or stale, within a bounded effort: SQLite's advice for a
            // long-lived connection, run here at each start.
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken).ConfigureAwait(false);
        }
    }
}
