using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Domain.Users;
using Identity.Infrastructure.Bootstrap;
using Identity.Infrastructure.Persistence;
using Identity.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Infrastructure.Tests;

public sealed class SqliteBootstrapSafetyTests(SqliteTestDatabase database) : BootstrapSafetyTests<SqliteTestDatabase>(database);

public sealed class PostgresBootstrapSafetyTests(PostgresTestDatabase database) : BootstrapSafetyTests<PostgresTestDatabase>(database);

/// <summary>
/// The bootstrap token file is never overwritten, a temporary token file left by a crash is reported,
/// the admin token expires after the configured lifetime, and a lost or expired one can be reissued.
/// One test on a fresh database, step by step.
/// </summary>
public abstract class BootstrapSafetyTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(5);

    [SkippableFact]
    public async Task The_token_file_is_never_overwritten_leftovers_are_reported_and_the_admin_token_can_be_reissued()
    {
        Skip.If(database.UnavailableReason is not null, database.UnavailableReason);
        var path = database.TokenFile;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // 1. a token file of another database stops the first start; nothing is written
        await File.WriteAllTextAsync(path, "a token of another database\n");
        var log = new ListLogger();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(log, reissue: false));
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Equal("a token of another database\n", await File.ReadAllTextAsync(path));
        await using (var scope = database.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Organizations.AnyAsync());
        }

        // 2. a leftover temporary token file is reported (by name only) and the first start goes on
        File.Delete(path);
        var leftover = path + ".0123456789abcdef.tmp";
        await File.WriteAllTextAsync(leftover, "left-by-a-crash\n");
        var started = DateTimeOffset.UtcNow;
        Assert.True(await RunAsync(log, reissue: false));
        var entry = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(leftover, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("left-by-a-crash", string.Join("\n", log.Entries.Select(e => e.Message)), StringComparison.Ordinal);
        var first = (await File.ReadAllTextAsync(path)).Trim();
        var firstToken = await StoredTokenAsync(first);
        Assert.NotNull(firstToken.ExpiresAt);
        Assert.InRange(firstToken.ExpiresAt!.Value, started + Lifetime - TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow + Lifetime);

        // 3. reissue does nothing while the token file exists
        var skipped = new ListLogger();
        Assert.False(await RunAsync(skipped, reissue: true));
        Assert.Equal(first, (await File.ReadAllTextAsync(path)).Trim());
        Assert.Contains(skipped.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("never overwritten", StringComparison.Ordinal));

        // 4. without the file, reissue gives the same admin a new token in a new private file
        File.Delete(path);
        Assert.False(await RunAsync(new ListLogger(), reissue: true));
        var second = (await File.ReadAllTextAsync(path)).Trim();
        Assert.NotEqual(first, second);
        Assert.Equal(firstToken.UserId, (await StoredTokenAsync(second)).UserId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        await using var check = database.Services.CreateAsyncScope();
        var caller = await PersistenceTests<TDatabase>.Authenticator(check.ServiceProvider).AuthenticateAsync(second, default);
        Assert.Equal(firstToken.UserId, caller?.UserId);
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<IdentityDbContext>().Organizations.CountAsync());
    }

    private async Task<bool> RunAsync(ILogger<Bootstrapper> logger, bool reissue)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var bootstrapper = new Bootstrapper(
            sp.GetRequiredService<IdentityDbContext>(), sp.GetRequiredService<IUnitOfWork>(), sp.GetRequiredService<IIdGenerator>(),
            sp.GetRequiredService<ITokenService>(), sp.GetRequiredService<InstanceSettings>(),
            new BootstrapSettings(true, "Default", "admin", database.TokenFile, Lifetime, reissue), TimeProvider.System, logger);
        return await bootstrapper.RunAsync(default);
    }

    private async Task<PersonalAccessToken> StoredTokenAsync(string token)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var hash = scope.ServiceProvider.GetRequiredService<ITokenService>().HashOf(token)!;
        return (await scope.ServiceProvider.GetRequiredService<IPersonalAccessTokenRepository>().FindByHashAsync(hash, default))!;
    }

    private sealed class ListLogger : ILogger<Bootstrapper>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
