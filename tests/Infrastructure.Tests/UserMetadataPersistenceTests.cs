using System.Text.Json;
using Identity.Application.Abstractions;
using Identity.Domain.Common;
using Identity.Domain.Organizations;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteUserMetadataPersistenceTests(SqliteTestDatabase database) : UserMetadataPersistenceTests<SqliteTestDatabase>(database);

public sealed class PostgresUserMetadataPersistenceTests(PostgresTestDatabase database) : UserMetadataPersistenceTests<PostgresTestDatabase>(database);

/// <summary>user_metadata on every real provider that can run here: values as bytes, case-sensitive keys, the user's sequence, cascade.</summary>
public abstract class UserMetadataPersistenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [SkippableFact]
    public async Task Entries_are_stored_as_bytes_with_case_sensitive_keys_and_one_event_with_the_keys_only()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        var binary = new byte[MetadataLimits.MaxValueBytes];
        new Random(7).NextBytes(binary);
        binary[0] = 0;

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var (loaded, metadata) = await LoadAsync(scope.ServiceProvider, user);
            foreach (var added in loaded.SetMetadata(
                await metadata.AllOfUserAsync(loaded.Id, default), [new("k", "secret-lower"u8.ToArray()), new("K", "upper"u8.ToArray()), new("bin", binary)], MetadataLimits.Default, T1, "test"))
            {
                metadata.Add(added);
            }

            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var (loaded, metadata) = await LoadAsync(scope.ServiceProvider, user);
            var all = await metadata.AllOfUserAsync(loaded.Id, default);
            Assert.Equal(["K", "bin", "k"], all.Select(m => m.Key).Order(StringComparer.Ordinal));
            Assert.Equal("secret-lower"u8.ToArray(), (await metadata.GetAsync(loaded.Id, "k", default))!.Value);
            Assert.Equal("upper"u8.ToArray(), (await metadata.GetAsync(loaded.Id, "K", default))!.Value);
            Assert.Equal(binary, (await metadata.GetAsync(loaded.Id, "bin", default))!.Value);
            Assert.Null(await metadata.GetAsync(loaded.Id, "BIN", default));
            Assert.Equal(2, loaded.Sequence);
            Assert.All(all, m => Assert.Equal((2L, T1, T1), (m.Sequence, m.CreatedAt, m.ChangedAt)));

            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var set = await db.Events.SingleAsync(e => e.AggregateId == user.Id.Value && e.Sequence == 2);
            Assert.Equal("user.metadata.set", set.EventType);
            Assert.Equal(["k", "K", "bin"], JsonDocument.Parse(set.Payload).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
            Assert.DoesNotContain("secret", set.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain(await db.OutboxMessages.Select(o => o.Payload).ToListAsync(), p => p.Contains("secret", StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task Changing_and_removing_entries_updates_the_rows_in_one_transaction()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        await SetAsync(user, ("a", "1"), ("b", "2"), ("c", "3"));

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var (loaded, metadata) = await LoadAsync(scope.ServiceProvider, user);
            var current = await metadata.AllOfUserAsync(loaded.Id, default);
            loaded.SetMetadata(current, [new("a", "changed"u8.ToArray())], MetadataLimits.Default, T1.AddMinutes(1), "test");
            foreach (var removed in loaded.RemoveMetadata(current, ["b", "c"], T1.AddMinutes(1), "test"))
            {
                metadata.Remove(removed);
            }

            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var (loaded, metadata) = await LoadAsync(scope.ServiceProvider, user);
            var entry = Assert.Single(await metadata.AllOfUserAsync(loaded.Id, default));
            Assert.Equal(("a", "changed", 3L, T1), (entry.Key, System.Text.Encoding.UTF8.GetString(entry.Value), entry.Sequence, entry.CreatedAt));
            Assert.Equal(4, loaded.Sequence);
        }
    }

    [SkippableFact]
    public async Task Deleting_a_user_row_cascades_to_its_metadata_and_to_no_other_users()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var user = await SeedAsync();
        var other = await SeedAsync();
        await SetAsync(user, ("a", "1"), ("b", "2"));
        await SetAsync(other, ("a", "1"));

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(1, await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync());
        }

        await using (var scope = database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(0, await db.UserMetadata.CountAsync(m => m.UserId == user.Id));
            Assert.Equal(1, await db.UserMetadata.CountAsync(m => m.UserId == other.Id));
        }
    }

    private async Task SetAsync(User user, params (string Key, string Value)[] entries)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var (loaded, metadata) = await LoadAsync(scope.ServiceProvider, user);
        foreach (var added in loaded.SetMetadata(
            await metadata.AllOfUserAsync(loaded.Id, default), [.. entries.Select(e => new KeyValuePair<string, byte[]>(e.Key, System.Text.Encoding.UTF8.GetBytes(e.Value)))], MetadataLimits.Default, T1, "test"))
        {
            metadata.Add(added);
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
    }

    private static async Task<(User User, IUserMetadataRepository Metadata)> LoadAsync(IServiceProvider services, User user) =>
        ((await services.GetRequiredService<IUserRepository>().GetAsync(user.OrgId, user.Id, default))!, services.GetRequiredService<IUserMetadataRepository>());

    private async Task<User> SeedAsync()
    {
        var org = Organization.Create(new OrgId(Guid.NewGuid().ToString("N")), "Org meta " + Guid.NewGuid().ToString("N")[..6], "localhost", T0, "test");
        var user = User.CreateMachine(new UserId(Guid.NewGuid().ToString("N")), org.Id, "robot-" + Guid.NewGuid().ToString("N")[..6], new MachineProfile("Robot", "", AccessTokenType.Bearer), T0, "test");
        await using var scope = database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IOrganizationRepository>().Add(org);
        scope.ServiceProvider.GetRequiredService<IUserRepository>().Add(user);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return user;
    }
}
