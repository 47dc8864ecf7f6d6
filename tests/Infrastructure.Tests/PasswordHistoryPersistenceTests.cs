using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqlitePasswordHistoryPersistenceTests(SqliteTestDatabase database) : PasswordHistoryPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresPasswordHistoryPersistenceTests(PostgresTestDatabase database) : PasswordHistoryPersistenceTests<PostgresTestDatabase>(database);

/// <summary>The kept password hashes (password_history) and the initial password's expiry on every real provider here.</summary>
public abstract class PasswordHistoryPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static PasswordPolicy Policy(int depth) =>
        new(new PasswordComplexityPolicy(1, false, false, false, false), null, false)
        {
            History = new PasswordHistoryRule(depth, (hash, password) => hash == "H:" + password.Value),
            InitialPasswordLifetime = TimeSpan.FromDays(7),
        };

    private async Task<UserId> NewUserAsync()
    {
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org " + Guid.NewGuid().ToString("N")[..8], "localhost", T0, "test");
        var user = User.ImportHuman(
            new UserId(Guid.NewGuid().ToString("N")), org.Id, "minnie",
            new HumanProfile("Minnie", "Mouse", "", "Minnie Mouse", "en", Gender.Female, "minnie@example.test", true, "", false),
            null, false, Policy(5), _ => "unused", T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return user.Id;
    }

    /// <summary>Loads the user in a fresh scope, sets <paramref name="password"/> at <paramref name="at"/> and saves.</summary>
    private async Task SetAsync(UserId id, string password, int depth, DateTimeOffset at)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(id, default))!;
        user.SetPassword(password, false, PasswordSetter.User, Policy(depth), p => "H:" + p.Value, at, id.Value);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }

    private async Task<List<(string Hash, DateTimeOffset SetAt)>> RowsAsync(UserId id)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(id, default))!;
        return [.. user.PasswordHistory.OrderByDescending(e => e.Number).Select(e => (e.Hash, e.SetAt))];
    }

    [SkippableFact]
    public async Task Former_hashes_are_kept_newest_first_and_trimmed_to_the_depth_on_write()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var id = await NewUserAsync();

        for (var i = 1; i <= 5; i++)
        {
            await SetAsync(id, "Password-" + i, depth: 3, T0.AddDays(i));
        }

        Assert.Equal([("H:Password-4", T0.AddDays(4)), ("H:Password-3", T0.AddDays(3))], await RowsAsync(id));

        // Loaded from the store, the kept hashes still refuse a reuse and the fourth-newest is allowed again.
        await Assert.ThrowsAsync<DomainException>(() => SetAsync(id, "Password-3", depth: 3, T0.AddDays(6)));
        await SetAsync(id, "Password-2", depth: 3, T0.AddDays(6));
        Assert.Equal([("H:Password-5", T0.AddDays(5)), ("H:Password-4", T0.AddDays(4))], await RowsAsync(id));

        // A lower depth trims on the next write; depth 0 keeps nothing.
        await SetAsync(id, "Password-7", depth: 2, T0.AddDays(7));
        Assert.Equal([("H:Password-2", T0.AddDays(6))], await RowsAsync(id));
        await SetAsync(id, "Password-8", depth: 0, T0.AddDays(8));
        Assert.Empty(await RowsAsync(id));
    }

    [SkippableFact]
    public async Task The_initial_passwords_expiry_is_stored_and_its_first_use_clears_it()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var id = await NewUserAsync();
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(id, default))!;
            user.SetInitialPassword("Initial-1", Policy(5), p => "H:" + p.Value, T0, "admin");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(id, default))!;
            Assert.Equal(T0.AddDays(7), user.InitialPasswordExpiresAt);
            Assert.True(user.UseInitialPassword(T0.AddDays(1), id.Value));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindAsync(id, default))!;
            Assert.Null(user.InitialPasswordExpiresAt);
            var events = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Events.AsNoTracking()
                .Where(e => e.AggregateId == id.Value).OrderBy(e => e.Sequence).Select(e => e.EventType).ToListAsync();
            Assert.Equal("user.human.password.initial.used", events[^1]);
        }
    }
}

/// <summary>The SQL Server script (no server here) holds the history table and the expiry column.</summary>
public sealed class PasswordHistoryMigrationScriptTests
{
    [Fact]
    public void Sql_server_script_creates_the_password_history_table_and_the_expiry_column()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.Contains("CREATE TABLE [password_history]", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_password_history] PRIMARY KEY ([UserId], [Number])", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [FK_password_history_users_UserId] FOREIGN KEY ([UserId]) REFERENCES [users] ([Id]) ON DELETE CASCADE", script, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE [users] ADD [InitialPasswordExpiresAt]", script, StringComparison.Ordinal);
        Assert.Contains("_PasswordHistoryAndInitialExpiry'", script, StringComparison.Ordinal);
    }
}
