using System.Collections.Concurrent;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Sessions;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteSignInPersistenceTests(SqliteTestDatabase database) : SignInPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresSignInPersistenceTests(PostgresTestDatabase database) : SignInPersistenceTests<PostgresTestDatabase>(database);

/// <summary>Sessions and failed-check counts on every real provider that can run here.</summary>
public abstract class SignInPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // ---- PasswordCheckFailures -----------------------------------------------------------------

    [SkippableFact]
    public async Task Fifty_concurrent_failures_from_separate_contexts_end_at_exactly_fifty_and_each_count_is_answered_once()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = new UserId(Guid.NewGuid().ToString("N"));
        var answered = new ConcurrentBag<long>();
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var scope = database.Services.CreateAsyncScope();
            var failures = scope.ServiceProvider.GetRequiredService<IPasswordCheckFailures>();
            start.Wait();
            answered.Add(await failures.AddAsync(user, T0.AddSeconds(i), CancellationToken.None));
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), answered.Order());
        await using var check = database.Services.CreateAsyncScope();
        Assert.Equal(50, await check.ServiceProvider.GetRequiredService<IPasswordCheckFailures>().CountAsync(user, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Counts_are_per_user_and_reset_starts_again_at_one()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var a = new UserId(Guid.NewGuid().ToString("N"));
        var b = new UserId(Guid.NewGuid().ToString("N"));
        await using var scope = database.Services.CreateAsyncScope();
        var failures = scope.ServiceProvider.GetRequiredService<IPasswordCheckFailures>();

        Assert.Equal(0, await failures.CountAsync(a, default));
        Assert.Equal(1, await failures.AddAsync(a, T0, default));
        Assert.Equal(2, await failures.AddAsync(a, T0.AddSeconds(1), default));
        Assert.Equal(1, await failures.AddAsync(b, T0, default));
        Assert.Equal(2, await failures.CountAsync(a, default));
        Assert.Equal(1, await failures.CountAsync(b, default));

        await failures.ResetAsync(a, default);
        await failures.ResetAsync(new UserId("never-failed-" + Guid.NewGuid().ToString("N")), default);

        Assert.Equal(0, await failures.CountAsync(a, default));
        Assert.Equal(1, await failures.CountAsync(b, default));
        Assert.Equal(1, await failures.AddAsync(a, T0.AddSeconds(2), default));

        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var row = await db.PasswordCheckFailures.AsNoTracking().SingleAsync(f => f.UserId == a);
        Assert.Equal(T0.AddSeconds(2), row.LastFailedAt);
    }

    [SkippableFact]
    public async Task A_count_commits_on_its_own_even_when_the_requests_unit_of_work_is_never_saved()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = new UserId(Guid.NewGuid().ToString("N"));
        await using (var scope = database.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IPasswordCheckFailures>().AddAsync(user, T0, default);
            scope.ServiceProvider.GetRequiredService<IUnitOfWork>().Reset();
        }

        await using var check = database.Services.CreateAsyncScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<IPasswordCheckFailures>().CountAsync(user, default));
    }

    // ---- SessionRepository ---------------------------------------------------------------------

    [SkippableFact]
    public async Task A_session_round_trips_with_metadata_user_agent_checks_and_expiry_and_its_events_hold_no_secret()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var id = new SessionId(NewId());
        var tokenHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var userAgent = new SessionUserAgent("fp-\u00e9", "2001:db8::1", "Firefox on Linux", new Dictionary<string, IReadOnlyList<string>>
        {
            ["accept-language"] = ["de-CH", "en"],
            ["x-empty"] = [],
        });
        byte[] binary = [0, 255, 128, 10, 13];
        var session = Session.Create(id, tokenHash, "777", userAgent, T0);
        session.SetMetadata(new Dictionary<string, byte[]> { ["bin"] = binary, ["text"] = "h\u00e9llo"u8.ToArray() }, T0, "777");
        session.SetLifetime(TimeSpan.FromHours(1), T0, "777");
        session.CheckUser(new UserId("1"), new OrgId("100"), T0.AddSeconds(1), "777");
        session.CheckPassword(T0.AddSeconds(2), "777");
        await SaveAsync(session);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().GetAsync(id, default);

            Assert.NotNull(loaded);
            Assert.True(loaded.TokenMatches(tokenHash));
            Assert.Equal("777", loaded.CreatorId);
            Assert.Equal(new UserId("1"), loaded.UserId);
            Assert.Equal(new OrgId("100"), loaded.UserOrgId);
            Assert.Equal(T0.AddSeconds(1), loaded.UserCheckedAt);
            Assert.Equal(T0.AddSeconds(2), loaded.PasswordCheckedAt);
            Assert.Equal(T0.AddHours(1), loaded.ExpiresAt);
            Assert.False(loaded.IsExpired(T0.AddMinutes(59)));
            Assert.True(loaded.IsExpired(T0.AddHours(1)));
            Assert.Equal(5, loaded.Sequence);
            Assert.Equal(T0, loaded.CreatedAt);
            Assert.Equal(T0.AddSeconds(2), loaded.ChangedAt);
            Assert.Equal(binary, loaded.Metadata["bin"]);
            Assert.Equal("h\u00e9llo"u8.ToArray(), loaded.Metadata["text"]);
            Assert.Equal(2, loaded.Metadata.Count);
            Assert.NotNull(loaded.UserAgent);
            Assert.Equal("fp-\u00e9", loaded.UserAgent.FingerprintId);
            Assert.Equal("2001:db8::1", loaded.UserAgent.Ip);
            Assert.Equal("Firefox on Linux", loaded.UserAgent.Description);
            Assert.Equal(["de-CH", "en"], loaded.UserAgent.Header["accept-language"]);
            Assert.Empty(loaded.UserAgent.Header["x-empty"]);
            Assert.Empty(loaded.PendingEvents);

            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var events = await db.Events.AsNoTracking().Where(e => e.AggregateType == "session" && e.AggregateId == id.Value).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(
                ["session.added", "session.metadata.set", "session.lifetime.set", "session.user.checked", "session.password.checked"],
                events.Select(e => e.EventType));
            Assert.All(events, e => Assert.DoesNotContain(tokenHash, e.Payload, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain(Convert.ToBase64String(binary), e.Payload, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain(Convert.ToBase64String("h\u00e9llo"u8.ToArray()), e.Payload, StringComparison.Ordinal));
        }

        // Change (a new token, a removed key) and delete.
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
            var loaded = (await sessions.GetAsync(id, default))!;
            loaded.SetMetadata(new Dictionary<string, byte[]> { ["bin"] = [] }, T0.AddSeconds(3), "777");
            loaded.RenewToken(new string('f', 64), T0.AddSeconds(3), "777");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
            var loaded = (await sessions.GetAsync(id, default))!;
            Assert.Equal(["text"], loaded.Metadata.Keys);
            Assert.True(loaded.TokenMatches(new string('f', 64)));
            Assert.False(loaded.TokenMatches(tokenHash));
            Assert.Equal(7, loaded.Sequence);
            loaded.Terminate(T0.AddSeconds(4), "777");
            sessions.Remove(loaded);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ISessionRepository>().GetAsync(id, default));
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(8, await db.Events.CountAsync(e => e.AggregateType == "session" && e.AggregateId == id.Value));
            Assert.True(await db.Events.AnyAsync(e => e.AggregateId == id.Value && e.EventType == "session.terminated" && e.Sequence == 8));
        }
    }

    [SkippableFact]
    public async Task Sessions_expired_longer_ago_than_the_setting_are_deleted_and_the_others_kept()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var now = T0.AddDays(10);
        Session With(TimeSpan? lifetime, DateTimeOffset createdAt)
        {
            var session = Session.Create(new SessionId(NewId()), new string('c', 64), "777", null, createdAt);
            if (lifetime is { } l)
            {
                session.SetLifetime(l, createdAt, "777");
            }

            return session;
        }

        var longExpired = With(TimeSpan.FromDays(1), now.AddDays(-3));   // expired two days ago
        var justExpired = With(TimeSpan.FromHours(1), now.AddHours(-2)); // expired an hour ago
        var live = With(TimeSpan.FromHours(1), now);
        var endless = With(null, now.AddDays(-300));
        await SaveAsync(longExpired, justExpired, live, endless);
        var settings = database.Services.GetRequiredService<InfrastructureSettings>() with { SessionCleanup = new SessionCleanupSettings(TimeSpan.FromDays(1), TimeSpan.FromHours(1)) };
        var cleaner = new Identity.Infrastructure.Sessions.ExpiredSessionCleaner(
            database.Services.GetRequiredService<IServiceScopeFactory>(), new FixedClock(now), settings,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Identity.Infrastructure.Sessions.ExpiredSessionCleaner>.Instance);

        var deleted = await cleaner.CleanOnceAsync(default);

        Assert.True(deleted >= 1, $"deleted {deleted}");
        await using var scope = database.Services.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        Assert.Null(await sessions.GetAsync(longExpired.Id, default));
        foreach (var kept in new[] { justExpired, live, endless })
        {
            Assert.NotNull(await sessions.GetAsync(kept.Id, default));
        }

        Assert.Equal(0, await cleaner.CleanOnceAsync(default)); // nothing left to delete: idempotent
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [SkippableFact]
    public async Task A_session_without_user_agent_lifetime_or_metadata_round_trips_as_nulls()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var id = new SessionId(NewId());
        await SaveAsync(Session.Create(id, new string('a', 64), "777", null, T0));

        await using var scope = database.Services.CreateAsyncScope();
        var loaded = (await scope.ServiceProvider.GetRequiredService<ISessionRepository>().GetAsync(id, default))!;
        Assert.Null(loaded.UserAgent);
        Assert.Null(loaded.ExpiresAt);
        Assert.Null(loaded.UserId);
        Assert.Null(loaded.UserOrgId);
        Assert.Empty(loaded.Metadata);
        Assert.False(loaded.IsExpired(DateTimeOffset.MaxValue));
    }

    [SkippableFact]
    public async Task A_stale_session_write_is_a_conflict()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var id = new SessionId(NewId());
        await SaveAsync(Session.Create(id, new string('a', 64), "777", null, T0));
        await using var first = database.Services.CreateAsyncScope();
        await using var second = database.Services.CreateAsyncScope();
        var a = (await first.ServiceProvider.GetRequiredService<ISessionRepository>().GetAsync(id, default))!;
        var b = (await second.ServiceProvider.GetRequiredService<ISessionRepository>().GetAsync(id, default))!;

        a.RenewToken(new string('b', 64), T0, "777");
        b.RenewToken(new string('c', 64), T0, "777");
        await first.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default));
    }

    [SkippableFact]
    public async Task ListAsync_filters_by_ids_user_and_visibility_leaves_out_expired_sessions_orders_and_counts()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var prefix = NewId()[..12];
        var user1 = new UserId("u1-" + prefix);
        var user2 = new UserId("u2-" + prefix);
        var creatorA = "a-" + prefix;
        var creatorC = "c-" + prefix;

        // Ids of one length: their order is the creation order.
        SessionId Id(int n) => new(prefix + n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        Session Make(int n, string creator, UserId? user, TimeSpan? lifetime = null)
        {
            var s = Session.Create(Id(n), new string((char)('a' + n), 64), creator, null, T0.AddSeconds(n));
            if (user is { } u)
            {
                s.CheckUser(u, new OrgId("100"), T0.AddSeconds(n), creator);
            }

            if (lifetime is { } l)
            {
                s.SetLifetime(l, T0, creator);
            }

            return s;
        }

        await SaveAsync(
            Make(1, creatorA, user1),
            Make(2, "b-" + prefix, user1),
            Make(3, creatorA, null),
            Make(4, creatorC, user2, TimeSpan.FromMinutes(30)), // expired at T0 + 1h
            Make(5, creatorC, user2, TimeSpan.FromHours(2)));
        var now = T0.AddHours(1);
        SessionId[] all = [Id(1), Id(2), Id(3), Id(4), Id(5), new(prefix + "9999")];

        await using var scope = database.Services.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();

        async Task<string> List(IReadOnlyCollection<SessionId>? ids, UserId? user, string? visibleTo, long offset = 0, int limit = 100, bool asc = true, DateTimeOffset? at = null)
        {
            var (page, total) = await sessions.ListAsync(ids, user, visibleTo, at ?? now, offset, limit, asc, default);
            return string.Join(",", page.Select(s => s.Id.Value[prefix.Length..])) + " of " + total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal("0001,0002,0003,0005 of 4", await List(all, null, null));
        Assert.Equal("0005,0003,0002,0001 of 4", await List(all, null, null, asc: false));
        Assert.Equal("0001,0002,0003,0004,0005 of 5", await List(all, null, null, at: T0));
        Assert.Equal("0002,0003 of 4", await List(all, null, null, offset: 1, limit: 2));
        Assert.Equal("0001,0002 of 2", await List(all, user1, null));
        Assert.Equal("0005 of 1", await List(null, user2, null));
        Assert.Equal("0001,0003 of 2", await List(all, null, creatorA));
        Assert.Equal("0001 of 1", await List(all, user1, creatorA));

        // Visible to a user: the sessions it created and those whose user it is.
        Assert.Equal("0001,0002 of 2", await List(all, null, user1.Value));
        Assert.Equal("0005 of 1", await List(all, null, creatorC));
        Assert.Equal(" of 0", await List(all, null, "nobody-" + prefix));
        Assert.Equal("0002 of 1", await List([Id(2), Id(3)], user1, null));
        Assert.Equal(" of 0", await List([], null, null));
    }

    // ---- UserRepository.FindByLoginNameAsync ---------------------------------------------------

    [SkippableFact]
    public async Task FindByLoginNameAsync_matches_the_folded_key_in_the_org_of_the_domain_only()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var org = NewOrg("login");
        var other = NewOrg("login-other");
        var fiona = Human(org.Id, "\ufb01ona"); // NFKC folds the ligature to "fi"
        var minnie = Human(org.Id, "Minnie");
        var otherMinnie = Human(other.Id, "minnie");
        await SaveAsync(org, other, fiona, minnie, otherMinnie);

        await using var scope = database.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();

        Assert.Equal(fiona.Id, (await users.FindByLoginNameAsync(org.PrimaryDomain, User.NormalizeUserName("FIONA"), default))?.Id);
        Assert.Equal(minnie.Id, (await users.FindByLoginNameAsync(org.PrimaryDomain, User.NormalizeUserName(" mInNiE "), default))?.Id);
        Assert.Equal(otherMinnie.Id, (await users.FindByLoginNameAsync(other.PrimaryDomain, "MINNIE", default))?.Id);

        // The key is the folded name: an unfolded name does not match, nor does a domain in another case.
        Assert.Null(await users.FindByLoginNameAsync(org.PrimaryDomain, "minnie", default));
        Assert.Null(await users.FindByLoginNameAsync(org.PrimaryDomain.ToUpperInvariant(), "MINNIE", default));
        Assert.Null(await users.FindByLoginNameAsync("no-such-domain.localhost", "MINNIE", default));
    }

    [SkippableFact]
    public async Task FindByLoginNameAsync_never_finds_a_removed_user_or_a_user_of_a_removed_org()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var org = NewOrg("removed-user");
        var gone = NewOrg("removed-org");
        var removed = Human(org.Id, "daisy");
        removed.Remove(T0, "test");
        var inRemovedOrg = Human(gone.Id, "donald");
        await SaveAsync(org, gone, removed, inRemovedOrg);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserRepository>();
            Assert.Null(await users.FindByLoginNameAsync(org.PrimaryDomain, "DAISY", default));
            Assert.Equal(inRemovedOrg.Id, (await users.FindByLoginNameAsync(gone.PrimaryDomain, "DONALD", default))?.Id);

            // No method removes an org yet: mark it removed in the store.
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            await db.Organizations.Where(o => o.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.State, OrgState.Removed));
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByLoginNameAsync(gone.PrimaryDomain, "DONALD", default));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Organization NewOrg(string name) =>
        Organization.Create(new OrgId(NewId()), "Org " + name + " " + NewId()[..8], "localhost", T0, "test");

    private static User Human(OrgId orgId, string userName) =>
        User.ImportHuman(
            new UserId(NewId()), orgId, userName,
            new HumanProfile("Minnie", "Mouse", "", "Minnie Mouse", "en", Gender.Female, "minnie@example.test", true, "", false),
            null, false, new PasswordPolicy(PasswordComplexityPolicy.Default, null, false), _ => "unused", T0, "test");

    private async Task SaveAsync(params object[] aggregates)
    {
        await using var scope = database.Services.CreateAsyncScope();
        foreach (var aggregate in aggregates)
        {
            switch (aggregate)
            {
                case Organization o:
                    scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(o);
                    break;
                case User u:
                    scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(u);
                    break;
                case Session s:
                    scope.ServiceProvider.GetRequiredService<ISessionRepository>().Add(s);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(aggregates));
            }
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }
}

/// <summary>The SQL Server script (no server here) holds the sign-in tables.</summary>
public sealed class SignInMigrationScriptTests
{
    [Fact]
    public void Sql_server_script_creates_the_sessions_and_failure_count_tables()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.Contains("CREATE TABLE [sessions]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [password_check_failures]", script, StringComparison.Ordinal);
        Assert.Contains("[TokenHash] nchar(64) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[ExpiresAt] bigint NULL", script, StringComparison.Ordinal);
        Assert.Contains("[Metadata] nvarchar(max) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[FailedCount] bigint NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_password_check_failures] PRIMARY KEY ([UserId])", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [PK_sessions] PRIMARY KEY ([Id])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_sessions_UserId] ON [sessions] ([UserId])", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_sessions_CreatorId] ON [sessions] ([CreatorId])", script, StringComparison.Ordinal);
        Assert.Contains("'20261129113650_Sessions'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_session_sequence_is_its_concurrency_token_on_every_provider()
    {
        foreach (var db in new IdentityDbContext[]
        {
            new SqliteDesignTimeFactory().CreateDbContext([]),
            new SqlServerDesignTimeFactory().CreateDbContext([]),
            new PostgresDesignTimeFactory().CreateDbContext([]),
        })
        {
            using (db)
            {
                Assert.True(db.Model.FindEntityType(typeof(Session))!.FindProperty("Sequence")!.IsConcurrencyToken);
            }
        }
    }
}
