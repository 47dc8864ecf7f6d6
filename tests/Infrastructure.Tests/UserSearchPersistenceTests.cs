using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.ListUsers;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Persistence.Search;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteUserSearchPersistenceTests(SqliteTestDatabase database) : UserSearchPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresUserSearchPersistenceTests(PostgresTestDatabase database) : UserSearchPersistenceTests<PostgresTestDatabase>(database);

/// <summary>
/// The search's stored parts on every real provider that can run here: the folded email key follows every save and
/// is filled by the migration for users saved before it; texts with SQL's wildcard characters match literally.
/// </summary>
public abstract class UserSearchPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly PasswordPolicy Policy = new(PasswordComplexityPolicy.Default, null, false);

    [SkippableFact]
    public async Task The_email_key_follows_every_save_and_a_machine_has_none()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, human, machine) = await SeedAsync("Mixed.Case@Example.test");
        Assert.Equal("MIXED.CASE@EXAMPLE.TEST", await KeyAsync(human));
        Assert.Null(await KeyAsync(machine));

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, human.Id, default);
            user!.ChangeEmail("Other@Example.test", false, T0.AddMinutes(1), "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        Assert.Equal("OTHER@EXAMPLE.TEST", await KeyAsync(human));
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
            Assert.True(await users.EmailTakenAsync(org.Id, "other@EXAMPLE.test", default));
            Assert.False(await users.EmailTakenAsync(org.Id, "mixed.case@example.test", default));
        }
    }

    [SkippableFact]
    public async Task The_migration_fills_the_email_key_of_users_saved_before_it()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (_, human, _) = await SeedAsync("Before.Search@Example.test");
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var search = migrations.FindIndex(m => m.EndsWith("_UserSearchIndexes", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[search - 1]);
            await migrator.MigrateAsync();
        }

        Assert.Equal("BEFORE.SEARCH@EXAMPLE.TEST", await KeyAsync(human));
    }

    [SkippableFact]
    public async Task Wildcards_of_sql_match_only_themselves()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var org = await OrgAsync();
        await AddAsync(org, "plain", "plain@example.test");
        await AddAsync(org, "per%cent", "per%cent@example.test");
        await AddAsync(org, "under_score", "under_score@example.test");

        Assert.Equal(["per%cent"], await NamesAsync(org, UserTextField.UserName, "%", TextMatch.Contains));
        Assert.Equal(["under_score"], await NamesAsync(org, UserTextField.UserName, "_", TextMatch.ContainsIgnoreCase));
        Assert.Equal(["per%cent"], await NamesAsync(org, UserTextField.Email, "PER%", TextMatch.StartsWithIgnoreCase));
        Assert.Equal(["under_score"], await NamesAsync(org, UserTextField.UserName, "_score", TextMatch.EndsWith));
        Assert.Empty(await NamesAsync(org, UserTextField.UserName, "p_ain", TextMatch.Equals));
    }

    [SkippableFact]
    public async Task State_counts_follow_every_save_and_folding_keeps_their_sums()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var org = await OrgAsync();
        var ada = await AddAsync(org, "ada", "ada@example.test");
        var bob = await AddAsync(org, "bob", "bob@example.test");
        await AddAsync(org, "cyd", "cyd@example.test");
        await ChangeAsync(org, bob, u => u.Lock(T0.AddMinutes(1), "test"));
        await ChangeAsync(org, ada, u => u.Remove(T0.AddMinutes(2), "test"));

        Assert.Equal((1, 1, 0), await CountsAsync(org));
        Assert.True(await RowsAsync(org) > 2);
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var compactor = scope.ServiceProvider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<UserStateCountCompactor>().Single();
            Assert.True(await compactor.CompactOnceAsync(default) > 0);
            Assert.Equal(0, await compactor.CompactOnceAsync(default));
        }

        Assert.Equal((1, 1, 0), await CountsAsync(org));
        Assert.Equal(3, await RowsAsync(org));   // initial, locked and removed (which no search counts)

        // a full page asks the counts: by state alone, and with no condition (every state but removed)
        Assert.Equal(1, await TotalAsync(org, new UserStateCondition(UserState.Locked)));
        Assert.Equal(2, await TotalAsync(org));
        Assert.Equal(0, await TotalAsync(org, new UserStateCondition(UserState.Locked), new UserStateCondition(UserState.Initial)));
    }

    private async Task<long> TotalAsync(Organization org, params UserCondition[] conditions)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IUserSearch>().SearchAsync(
            new UserSearchRequest(org.Id, org.PrimaryDomain, conditions, UserSortColumn.UserName, true, 0, 1), default);
        return page.Total;
    }

    private async Task<(long Initial, long Locked, long Active)> CountsAsync(Organization org)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var counts = scope.ServiceProvider.GetRequiredService<IdentityDbContext>().UserStateCounts.Where(c => c.OrgId == org.Id);
        async Task<long> Of(UserState state) => await counts.Where(c => c.State == state).SumAsync(c => c.Delta);
        return (await Of(UserState.Initial), await Of(UserState.Locked), await Of(UserState.Active));
    }

    private async Task<int> RowsAsync(Organization org)
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().UserStateCounts.CountAsync(c => c.OrgId == org.Id);
    }

    private async Task ChangeAsync(Organization org, User user, Action<User> change)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
        change(loaded!);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }

    private async Task<List<string>> NamesAsync(Organization org, UserTextField field, string value, TextMatch match)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IUserSearch>().SearchAsync(
            new UserSearchRequest(org.Id, org.PrimaryDomain, [new UserTextCondition(field, new TextQuery(value, match))], UserSortColumn.UserName, true, 0, 100), default);
        Assert.Equal(page.Users.Count, page.Total);
        return [.. page.Users.Select(u => u.UserName)];
    }

    private async Task<string?> KeyAsync(User user)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.Users.Where(u => u.Id == user.Id).Select(u => EF.Property<string?>(u, SearchKeys.EmailKey)).SingleAsync();
    }

    private async Task<Organization> OrgAsync()
    {
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org search " + Guid.NewGuid().ToString("N")[..6], "localhost", T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return org;
    }

    private async Task<User> AddAsync(Organization org, string userName, string email)
    {
        var user = User.ImportHuman(new UserId(Guid.NewGuid().ToString("N")), org.Id, userName,
            new HumanProfile("Ada", "Lovelace", "", "Ada Lovelace", "en", Gender.Female, email, true, "", false),
            null, false, Policy, _ => "hash", T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return user;
    }

    private async Task<(Organization Org, User Human, User Machine)> SeedAsync(string email)
    {
        var org = await OrgAsync();
        var human = await AddAsync(org, "ada-" + Guid.NewGuid().ToString("N")[..6], email);
        var machine = User.CreateMachine(new UserId(Guid.NewGuid().ToString("N")), org.Id, "robot-" + Guid.NewGuid().ToString("N")[..6], new MachineProfile("Robot", "", AccessTokenType.Bearer), T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(machine);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return (org, human, machine);
    }
}
