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
