using System.Data.Common;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteAtomicCommitTests(SqliteTestDatabase database) : AtomicCommitTests<SqliteTestDatabase>(database);

public sealed class PostgresAtomicCommitTests(PostgresTestDatabase database) : AtomicCommitTests<PostgresTestDatabase>(database);

/// <summary>
/// A failure at any point of the commit (state written, event written, outbox row written, transaction
/// committing) leaves neither state without its audit event and outbox row nor either of those without the state.
/// </summary>
public abstract class AtomicCommitTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly PasswordPolicy Policy = new(PasswordComplexityPolicy.Default, null, false);

    public static TheoryData<string> FailurePoints => ["UPDATE", "INSERT INTO", "outbox_messages", "COMMIT"];

    [SkippableTheory]
    [MemberData(nameof(FailurePoints))]
    public async Task A_failure_while_committing_leaves_state_and_events_as_they_were(string failurePoint)
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (orgId, userId) = await SeedAsync();
        var fault = new Fault(failurePoint);

        await using (var db = Create(fault))
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.SetInitialPassword("Sunny-Meadow-42!", Policy, _ => "hash", DateTimeOffset.UtcNow, "editor");
            await Assert.ThrowsAnyAsync<Exception>(() => new UnitOfWork(db).SaveChangesAsync(default));
        }

        Assert.True(fault.Fired, $"the fault at {failurePoint} never fired");
        await using var check = Create(null);
        var stored = await check.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        Assert.Equal(1, stored.Sequence);
        Assert.Null(stored.PasswordHash);
        Assert.Equal(UserState.Initial, stored.State);
        Assert.Equal([1L], await check.Events.Where(e => e.AggregateId == userId.Value).Select(e => e.Sequence).ToListAsync());
        Assert.Equal([1L], await check.OutboxMessages.Where(m => m.AggregateId == userId.Value).Select(m => m.Sequence).ToListAsync());
        Assert.Equal(orgId, stored.OrgId);
    }

    private async Task<(OrgId OrgId, UserId UserId)> SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Atomic " + Guid.NewGuid().ToString("N")[..8], "localhost", now, "test");
        var user = User.ImportHuman(new UserId(Guid.NewGuid().ToString("N")), org.Id, "atom",
            new HumanProfile("At", "Om", "", "At Om", "", Gender.Unspecified, "a@o.test", false, "", false), null, false, Policy, _ => "", now, "test");
        await using var db = Create(null);
        db.Organizations.Add(org);
        db.Users.Add(user);
        await new UnitOfWork(db).SaveChangesAsync(default);
        return (org.Id, user.Id);
    }

    private IdentityDbContext Create(Fault? fault)
    {
        var settings = database.Settings!;
        return settings.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteIdentityDbContext(Options<SqliteIdentityDbContext>(b => b.UseSqlite(settings.ConnectionString), fault)),
            DatabaseProvider.Postgres => new PostgresIdentityDbContext(Options<PostgresIdentityDbContext>(b => b.UseNpgsql(settings.ConnectionString), fault)),
            _ => throw new NotSupportedException(settings.Provider.ToString()),
        };
    }

    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> provider, Fault? fault)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        provider(builder);
        if (fault is not null)
        {
            builder.AddInterceptors(fault);
        }

        return builder.Options;
    }

    /// <summary>Throws when the command starting with the given SQL runs, or when the transaction commits.</summary>
    private sealed class Fault(string point) : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public bool Fired { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (point == "COMMIT")
            {
                Fired = true;
                throw new InvalidOperationException("injected fault at COMMIT");
            }

            return ValueTask.FromResult(result);
        }

        private void Check(string sql)
        {
            // The save batches its statements: fail the batch that holds the given statement.
            if (point != "COMMIT" && sql.Contains(point, StringComparison.Ordinal)
                && (sql.Contains("users", StringComparison.Ordinal) || sql.Contains("events", StringComparison.Ordinal) || sql.Contains("outbox_messages", StringComparison.Ordinal)))
            {
                Fired = true;
                throw new InvalidOperationException($"injected fault at {point}");
            }
        }
    }
}
