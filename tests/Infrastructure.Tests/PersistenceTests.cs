using System.Text.Json;
using Identity.Application.Abstractions;
using Identity.Application.Access;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqlitePersistenceTests(SqliteTestDatabase database) : PersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresPersistenceTests(PostgresTestDatabase database) : PersistenceTests<PostgresTestDatabase>(database);

/// <summary>The same checks on every real provider that can run here (SQLite always, PostgreSQL when a server is given).</summary>
public abstract class PersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly PasswordPolicy Policy = new(PasswordComplexityPolicy.Default, null, refusePersonalInformation: true);
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [SkippableFact]
    public async Task Migrations_are_applied_and_match_the_model()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(0, await db.Events.CountAsync(e => e.AggregateId == "nothing-has-this-id"));
    }

    [SkippableFact]
    public async Task Aggregates_round_trip_with_their_events()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, user) = await SeedAsync("roundtrip", withPassword: false);

        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var loadedOrg = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
        var loaded = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);

        Assert.NotNull(loadedOrg);
        Assert.Equal(org.Name, loadedOrg.Name);
        Assert.Equal(org.PrimaryDomain, loadedOrg.PrimaryDomain);
        Assert.Null(loadedOrg.PasswordPolicy);
        Assert.NotNull(loaded);
        Assert.Equal(user.UserName, loaded.UserName);
        Assert.Equal(UserState.Initial, loaded.State);
        Assert.Equal(1, loaded.Sequence);
        Assert.Equal(T0, loaded.CreatedAt);
        Assert.Equal(user.Human, loaded.Human);
        Assert.Null(loaded.Machine);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(new OrgId("other-org"), user.Id, default));

        var events = await db.Events.Where(e => e.AggregateId == user.Id.Value).ToListAsync();
        var added = Assert.Single(events);
        Assert.Equal("user.human.added", added.EventType);
        Assert.Equal(1, added.Sequence);
        Assert.Equal(org.Id.Value, added.ResourceOwner);
        Assert.Equal("minnie-roundtrip", JsonDocument.Parse(added.Payload).RootElement.GetProperty("userName").GetString());
    }

    [SkippableFact]
    public async Task Lockout_policy_round_trips_next_to_the_complexity_policy_and_is_dropped_on_reset()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, _) = await SeedAsync("lockout", withPassword: false);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Null(stored.LockoutPolicy);
            stored.AddLockoutPolicy(new LockoutPolicy(uint.MaxValue, 0), T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Equal(new LockoutPolicy(uint.MaxValue, 0), stored.LockoutPolicy);
            Assert.Null(stored.PasswordPolicy);
            stored.UpdateLockoutPolicy(new LockoutPolicy(0, 0), T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            // all zeros is still a custom policy, not the default
            Assert.Equal(new LockoutPolicy(0, 0), stored.LockoutPolicy);
            stored.ResetLockoutPolicy(T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Null(stored.LockoutPolicy);
            Assert.Equal(4, stored.Sequence);
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(
                ["org.added", "org.policy.lockout.added", "org.policy.lockout.changed", "org.policy.lockout.removed"],
                await db.Events.Where(e => e.AggregateId == org.Id.Value).OrderBy(e => e.Sequence).Select(e => e.EventType).ToListAsync());
        }
    }

    [SkippableFact]
    public async Task Password_age_policy_round_trips_next_to_the_lockout_policy_and_is_dropped_on_reset()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, _) = await SeedAsync("passwordage", withPassword: false);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Null(stored.PasswordAgePolicy);
            stored.AddLockoutPolicy(new LockoutPolicy(3, 1), T0, "test");
            stored.AddPasswordAgePolicy(new PasswordAgePolicy(uint.MaxValue, 7), T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Equal(new PasswordAgePolicy(uint.MaxValue, 7), stored.PasswordAgePolicy);
            Assert.Equal(new LockoutPolicy(3, 1), stored.LockoutPolicy);
            stored.UpdatePasswordAgePolicy(new PasswordAgePolicy(0, 0), T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            // all zeros is still a custom policy, not the default
            Assert.Equal(new PasswordAgePolicy(0, 0), stored.PasswordAgePolicy);
            stored.ResetPasswordAgePolicy(T0, "test");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().GetAsync(org.Id, default);
            Assert.NotNull(stored);
            Assert.Null(stored.PasswordAgePolicy);
            Assert.Equal(new LockoutPolicy(3, 1), stored.LockoutPolicy);
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(
                ["org.added", "org.policy.lockout.added", "org.policy.password.age.added", "org.policy.password.age.changed", "org.policy.password.age.removed"],
                await db.Events.Where(e => e.AggregateId == org.Id.Value).OrderBy(e => e.Sequence).Select(e => e.EventType).ToListAsync());
        }
    }

    [SkippableFact]
    public async Task Initial_password_is_stored_hashed_and_its_event_holds_no_secret()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, user) = await SeedAsync("hashing", withPassword: false);
        const string password = "Sunny-Day-2026!";

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
            loaded!.SetInitialPassword(password, Policy, p => hasher.Hash(p.Value), T0.AddMinutes(1), "editor-1");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
            Assert.Equal(2, stored.Sequence);
            Assert.Equal(UserState.Active, stored.State);
            Assert.True(stored.PasswordChangeRequired);
            Assert.Equal(T0.AddMinutes(1), stored.PasswordChangedAt);
            Assert.NotNull(stored.PasswordHash);
            Assert.DoesNotContain(password, stored.PasswordHash, StringComparison.Ordinal);
            Assert.Equal(PasswordVerification.Success, scope.ServiceProvider.GetRequiredService<IPasswordHasher>().Verify(stored.PasswordHash, password));

            var events = await db.Events.Where(e => e.AggregateId == user.Id.Value).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
            Assert.Equal("user.human.password.changed", events[1].EventType);
            Assert.Equal("editor-1", events[1].EditorId);
            Assert.True(JsonDocument.Parse(events[1].Payload).RootElement.GetProperty("changeRequired").GetBoolean());
            Assert.All(events, e => Assert.DoesNotContain(password, e.Payload, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain(stored.PasswordHash, e.Payload, StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task A_stale_write_is_refused_as_a_conflict()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, user) = await SeedAsync("stale", withPassword: false);
        await using var first = database.Services.CreateAsyncScope();
        await using var second = database.Services.CreateAsyncScope();
        var a = await first.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
        var b = await second.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);

        a!.SetInitialPassword("First-Secret-1!", Policy, _ => "hash-a", T0, "a");
        b!.SetInitialPassword("Second-Secret-2!", Policy, _ => "hash-b", T0, "b");
        await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default));
        await using var check = database.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal("hash-a", (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).PasswordHash);
        Assert.Equal(2, await db.Events.CountAsync(e => e.AggregateId == user.Id.Value));
    }

    [SkippableFact]
    public async Task Concurrent_updates_of_one_user_lose_nothing_and_never_duplicate_a_sequence()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        const int writers = 16;
        var (org, user) = await SeedAsync("concurrent", withPassword: false);
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 200, "a writer never got through");
                await using var scope = database.Services.CreateAsyncScope();
                var loaded = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
                loaded!.SetInitialPassword($"Writer-{i}-Secret!", Policy, _ => $"hash-{i}", T0.AddSeconds(i), $"writer-{i}");
                try
                {
                    await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
                    return;
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        await using var check = database.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
        var sequences = await db.Events.Where(e => e.AggregateId == user.Id.Value).Select(e => e.Sequence).OrderBy(s => s).ToListAsync();
        var editors = await db.Events.Where(e => e.AggregateId == user.Id.Value && e.Sequence > 1).Select(e => e.EditorId).ToListAsync();

        Assert.Equal(1 + writers, stored.Sequence);
        Assert.Equal(Enumerable.Range(1, 1 + writers).Select(s => (long)s), sequences);
        Assert.Equal(writers, editors.Distinct().Count());
    }

    [SkippableFact]
    public async Task User_names_are_unique_per_org_ignoring_case()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, _) = await SeedAsync("unique", withPassword: false);
        var (otherOrg, _) = await SeedAsync("unique-other", withPassword: false);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(Human(otherOrg.Id, "MINNIE-UNIQUE"));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
            Assert.True(await users.UserNameTakenAsync(org.Id, User.NormalizeUserName("Minnie-Unique"), default));
            users.Add(Human(org.Id, "MINNIE-UNIQUE"));
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default));
        }
    }

    [SkippableFact]
    public async Task Memberships_and_tokens_are_found_by_user_scope_and_hash()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, _) = await SeedAsync("access", withPassword: false);
        var machine = User.CreateMachine(new UserId(Guid.NewGuid().ToString("N")), org.Id, "robot", new MachineProfile("Robot", "", AccessTokenType.Bearer), T0, "test");
        var tokens = database.Services.GetRequiredService<ITokenService>();
        var (token, hash) = tokens.Generate();
        await using (var scope = database.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(machine);
            scope.ServiceProvider.GetRequiredService<IPersonalAccessTokenRepository>().Add(machine.AddPersonalAccessToken(new TokenId(Guid.NewGuid().ToString("N")), hash, T0.AddYears(50), T0, "test"));
            scope.ServiceProvider.GetRequiredService<IMembershipRepository>().Add(Membership.ForOrg(org.Id, machine.Id, [Roles.OrgUserManager, Roles.OrgOwnerViewer], T0));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var memberships = scope.ServiceProvider.GetRequiredService<IMembershipRepository>();
            Assert.Equal(
                [Roles.OrgOwnerViewer, Roles.OrgUserManager],
                (await memberships.GetRolesAsync(machine.Id, [Membership.InstanceScope, org.Id.Value], default)).Order(StringComparer.Ordinal));
            Assert.Empty(await memberships.GetRolesAsync(machine.Id, [Membership.InstanceScope, "another-org"], default));

            var caller = await Authenticator(scope.ServiceProvider).AuthenticateAsync(token, default);
            Assert.Equal(machine.Id, caller?.UserId);
            Assert.Equal(org.Id, caller?.OrgId);
            Assert.Null(await Authenticator(scope.ServiceProvider).AuthenticateAsync(token + "x", default));
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Events.CountAsync(e => e.AggregateId == machine.Id.Value));
        }
    }

    [SkippableFact]
    public async Task An_imported_bcrypt_hash_is_stored_as_it_is_and_upgraded_after_a_successful_check()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        const string password = "Harbor-Lantern-58!";
        var bcrypt = BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(4, 'y'));
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org bcrypt " + Guid.NewGuid().ToString("N")[..6], "localhost", T0, "test");
        var user = User.ImportHumanWithPasswordHash(
            new UserId(Guid.NewGuid().ToString("N")), org.Id, "gyro",
            new HumanProfile("Gyro", "Gearloose", "", "Gyro Gearloose", "en", Gender.Male, "gyro@example.test", true, "", false),
            BcryptHash.Parse(bcrypt), passwordChangeRequired: false, T0, "test");
        await using (var scope = database.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
            scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
            Assert.Equal(bcrypt, loaded!.PasswordHash);
            var verification = hasher.Verify(loaded.PasswordHash!, password);
            Assert.Equal(PasswordVerification.SuccessRehashNeeded, verification);
            Assert.True(loaded.UpgradePasswordHash(verification, password, p => hasher.Hash(p.Value), T0.AddMinutes(1), user.Id.Value));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
            Assert.Equal(2, stored.Sequence);
            Assert.False(BcryptHash.IsWellFormed(stored.PasswordHash));
            Assert.Equal(PasswordVerification.Success, hasher.Verify(stored.PasswordHash!, password));
            Assert.Equal(T0, stored.PasswordChangedAt);
            var events = await db.Events.Where(e => e.AggregateId == user.Id.Value).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(["user.human.added", "user.human.password.hash.upgraded"], events.Select(e => e.EventType));
            Assert.All(events, e => Assert.DoesNotContain(bcrypt[7..], e.Payload, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain(stored.PasswordHash!, e.Payload, StringComparison.Ordinal));
            var outbox = await db.OutboxMessages.Where(m => m.AggregateId == user.Id.Value).Select(m => m.EventType + " " + m.Payload).ToListAsync();
            Assert.Contains(outbox, m => m.StartsWith("PasswordHashUpgraded ", StringComparison.Ordinal));
            Assert.All(outbox, m => Assert.DoesNotContain(bcrypt[7..], m, StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task A_stale_hash_upgrade_conflicts_with_a_concurrent_password_change_instead_of_restoring_the_old_password()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var (org, user) = await SeedAsync("upgrade-stale", withPassword: true);
        await using var signIn = database.Services.CreateAsyncScope();
        await using var admin = database.Services.CreateAsyncScope();
        var a = await signIn.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);
        var b = await admin.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(org.Id, user.Id, default);

        b!.SetInitialPassword("Second-Secret-2!", Policy, _ => "hash-new", T0, "admin");
        Assert.True(a!.UpgradePasswordHash(PasswordVerification.SuccessRehashNeeded, "Correct-Horse-42!", _ => "hash-of-the-old-password", T0, user.Id.Value));
        await admin.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => signIn.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default));
        await using var check = database.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal("hash-new", (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).PasswordHash);
    }

    private async Task<(Organization Org, User User)> SeedAsync(string name, bool withPassword)
    {
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org " + name + " " + Guid.NewGuid().ToString("N")[..6], "localhost", T0, "test");
        var user = Human(org.Id, "minnie-" + name, withPassword ? "Correct-Horse-42!" : null);
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return (org, user);
    }

    internal static TokenAuthenticator Authenticator(IServiceProvider services) => new(
        services.GetRequiredService<ITokenService>(),
        services.GetRequiredService<IPersonalAccessTokenRepository>(),
        services.GetRequiredService<IUserRepository>(),
        TimeProvider.System);

    private static User Human(OrgId orgId, string userName, string? password = null) =>
        User.ImportHuman(
            new UserId(Guid.NewGuid().ToString("N")), orgId, userName,
            new HumanProfile("Minnie", "Mouse", "", "Minnie Mouse", "en", Gender.Female, "minnie@example.test", true, "+41 00 000 00 00", false),
            password, false, Policy, p => "hash:" + p.Value.Length, T0, "test");
}
