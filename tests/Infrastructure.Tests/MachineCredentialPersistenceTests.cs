using System.Text.Json;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteMachineCredentialPersistenceTests(SqliteTestDatabase database) : MachineCredentialPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresMachineCredentialPersistenceTests(PostgresTestDatabase database) : MachineCredentialPersistenceTests<PostgresTestDatabase>(database);

/// <summary>machine_keys and users.MachineSecretHash on every real provider that can run here.</summary>
public abstract class MachineCredentialPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [SkippableFact]
    public async Task Keys_round_trip_with_their_expiration_and_only_active_keys_of_the_user_are_found()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        var other = await SeedAsync();
        var now = DateTimeOffset.UtcNow;
        var soon = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddMinutes(5);
        await AddKeysAsync(user, ("forever", null, now), ("soon", soon, now), ("expired", now.AddSeconds(1), now));
        await AddKeysAsync(other, ("others", null, now));

        await using var scope = database.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<IMachineKeyRepository>();
        var forever = await keys.GetAsync(user.Id, new MachineKeyId(user.Id.Value + "-forever"), default);
        Assert.NotNull(forever);
        Assert.Equal((MachineKey.NoExpiration, MachineKeyType.Json, "PEM forever"), (forever.ExpiresAt, forever.Type, forever.PublicKey));
        Assert.Equal(soon, (await keys.GetAsync(user.Id, new MachineKeyId(user.Id.Value + "-soon"), default))!.ExpiresAt);

        var later = now.AddSeconds(2);
        Assert.NotNull(await keys.FindActiveAsync(user.Id, new MachineKeyId(user.Id.Value + "-forever"), later, default));
        Assert.NotNull(await keys.FindActiveAsync(user.Id, new MachineKeyId(user.Id.Value + "-soon"), later, default));
        Assert.Null(await keys.FindActiveAsync(user.Id, new MachineKeyId(user.Id.Value + "-expired"), later, default));
        Assert.Null(await keys.FindActiveAsync(user.Id, new MachineKeyId(user.Id.Value + "-soon"), soon, default));
        Assert.Null(await keys.FindActiveAsync(user.Id, new MachineKeyId(other.Id.Value + "-others"), later, default));
        Assert.Null(await keys.GetAsync(other.Id, new MachineKeyId(user.Id.Value + "-forever"), default));

        var (page, total) = await keys.ListOfUserAsync(user.Id, 1, 1, ascending: true, default);
        Assert.Equal((3L, user.Id.Value + "-soon"), (total, Assert.Single(page).Id.Value));
        var (descending, _) = await keys.ListOfUserAsync(user.Id, 0, 10, ascending: false, default);
        Assert.Equal(["expired", "soon", "forever"], descending.Select(k => k.Id.Value[(user.Id.Value.Length + 1)..]));
        Assert.Equal([2L, 3L, 4L], (await keys.AllOfUserAsync(user.Id, default)).Select(k => k.Sequence).Order());

        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var events = await db.Events.Where(e => e.AggregateId == user.Id.Value && e.EventType == "user.machine.key.added").ToListAsync();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.DoesNotContain("PEM", e.Payload, StringComparison.Ordinal));
        Assert.Equal(user.Id.Value + "-forever", JsonDocument.Parse(events.Single(e => e.Sequence == 2).Payload).RootElement.GetProperty("keyId").GetString());
    }

    [SkippableFact]
    public async Task A_secret_is_found_by_its_hash_until_it_is_replaced_or_removed_and_users_without_one_do_not_collide()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        await SeedAsync();
        var first = new string('a', 60) + Guid.NewGuid().ToString("N")[..4];
        var second = new string('b', 60) + Guid.NewGuid().ToString("N")[..4];

        await ChangeAsync(user, u => u.SetMachineSecret(first, T0, "test"));
        Assert.Equal(user.Id, (await FindBySecretAsync(first))?.Id);
        Assert.True((await FindBySecretAsync(first))!.HasMachineSecret);

        await ChangeAsync(user, u => u.SetMachineSecret(second, T0, "test"));
        Assert.Null(await FindBySecretAsync(first));
        Assert.Equal(user.Id, (await FindBySecretAsync(second))?.Id);

        await ChangeAsync(user, u => u.RemoveMachineSecret(T0, "test"));
        Assert.Null(await FindBySecretAsync(second));

        await ChangeAsync(user, u => u.SetMachineSecret(first, T0, "test"));
        await ChangeAsync(user, u => u.Remove(T0, "test"));
        Assert.Null(await FindBySecretAsync(first));

        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var payloads = await db.Events.Where(e => e.AggregateId == user.Id.Value).Select(e => e.Payload).ToListAsync();
        Assert.DoesNotContain(payloads, p => p.Contains(first, StringComparison.Ordinal) || p.Contains(second, StringComparison.Ordinal));
        Assert.DoesNotContain(await db.OutboxMessages.Select(o => o.Payload).ToListAsync(), p => p.Contains(first, StringComparison.Ordinal) || p.Contains(second, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Two_users_cannot_hold_the_same_secret_hash()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        var other = await SeedAsync();
        var hash = new string('c', 60) + Guid.NewGuid().ToString("N")[..4];
        await ChangeAsync(user, u => u.SetMachineSecret(hash, T0, "test"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ChangeAsync(other, u => u.SetMachineSecret(hash, T0, "test")));
    }

    [SkippableFact]
    public async Task Deleting_a_user_row_cascades_to_its_keys_only()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        var other = await SeedAsync();
        await AddKeysAsync(user, ("a", null, T0), ("b", null, T0));
        await AddKeysAsync(other, ("a", null, T0));

        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal(1, await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync());
        Assert.Equal(0, await db.MachineKeys.CountAsync(k => k.UserId == user.Id));
        Assert.Equal(1, await db.MachineKeys.CountAsync(k => k.UserId == other.Id));
    }

    private async Task<User?> FindBySecretAsync(string hash)
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserRepository>().FindByMachineSecretHashAsync(hash, default);
    }

    private async Task ChangeAsync(User user, Action<User> change)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var loaded = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(user.OrgId, user.Id, default))!;
        change(loaded);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }

    private async Task AddKeysAsync(User user, params (string Name, DateTimeOffset? ExpiresAt, DateTimeOffset Now)[] keys)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var loaded = (await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetAsync(user.OrgId, user.Id, default))!;
        var repository = scope.ServiceProvider.GetRequiredService<IMachineKeyRepository>();
        foreach (var (name, expiresAt, now) in keys)
        {
            repository.Add(loaded.AddMachineKey(new MachineKeyId(user.Id.Value + "-" + name), MachineKeyType.Json, expiresAt, () => "PEM " + name, now, "test"));
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }

    private async Task<User> SeedAsync()
    {
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org keys " + Guid.NewGuid().ToString("N")[..6], "localhost", T0, "test");
        var user = User.CreateMachine(new UserId(Guid.NewGuid().ToString("N")), org.Id, "robot-" + Guid.NewGuid().ToString("N")[..6], new MachineProfile("Robot", "", AccessTokenType.Bearer), T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return user;
    }
}
