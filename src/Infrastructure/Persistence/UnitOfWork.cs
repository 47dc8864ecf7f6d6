using Identity.Application.Abstractions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Identity.Infrastructure.Persistence;

/// <summary>
/// One <c>SaveChanges</c> per command: state and events go in one database transaction. Conflicts
/// (the sequence changed since it was read, or a unique key was taken meanwhile) surface as
/// <see cref="ConcurrencyConflictException"/> for the unit-of-work behaviour to retry.
/// </summary>
internal sealed class UnitOfWork(IdentityDbContext db) : IUnitOfWork
{
    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException("A row changed since it was read.", ex);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex.InnerException))
        {
            throw new ConcurrencyConflictException("A unique key was taken concurrently.", ex);
        }
    }

    public void Reset() => db.ChangeTracker.Clear();

    /// <summary>Provider-specific recognition of a unique-constraint violation.</summary>
    internal static bool IsUniqueViolation(Exception? ex) => ex switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
