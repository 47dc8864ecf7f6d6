using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteBootstrapTests(SqliteTestDatabase database) : BootstrapTests<SqliteTestDatabase>(database);

public sealed class PostgresBootstrapTests(PostgresTestDatabase database) : BootstrapTests<PostgresTestDatabase>(database);

/// <summary>First start on an empty instance (each class has its own database).</summary>
public abstract class BootstrapTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    [SkippableFact]
    public async Task Bootstrap_creates_the_admin_once_and_writes_its_token_to_a_private_file()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        bool first, second;
        await using (var scope = database.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(default);
        }

        var token = (await File.ReadAllTextAsync(database.TokenFile)).Trim();
        await using (var scope = database.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<Bootstrapper>().RunAsync(default);
        }

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(token, (await File.ReadAllTextAsync(database.TokenFile)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database.TokenFile));
        }

        await using var check = database.Services.CreateAsyncScope();
        var caller = await PersistenceTests<TDatabase>.Authenticator(check.ServiceProvider).AuthenticateAsync(token, default);
        Assert.NotNull(caller);
        var roles = await check.ServiceProvider.GetRequiredService<IMembershipRepository>().GetRolesAsync(caller.UserId, [Membership.InstanceScope, caller.OrgId.Value], default);
        Assert.Contains(Roles.IamOwner, roles);
        Assert.Contains(Roles.OrgOwner, roles);
        var db2 = check.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal(1, await db2.Organizations.CountAsync());
        Assert.DoesNotContain(await db2.Events.Select(e => e.Payload).ToListAsync(), p => p.Contains(token, StringComparison.Ordinal));
        Assert.All(await db2.Events.Select(e => e.EditorId).ToListAsync(), editor => Assert.Equal("system:bootstrap", editor));
    }

}
