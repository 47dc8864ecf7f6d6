using Identity.Application.Common;
using Identity.Infrastructure;
using Identity.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Identity.Infrastructure.Tests.Support;

/// <summary>A real, empty, migrated database of one provider, with the Infrastructure services on top.</summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public const int TestHashIterations = 1_000;

    private ServiceProvider? _services;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Null when the provider can be tested here; otherwise why it cannot.</summary>
    public virtual string? UnavailableReason => null;

    /// <summary>The provider and connection of the migrated database.</summary>
    public DatabaseSettings? Settings { get; private set; }

    public string TokenFile { get; } = Path.Combine(Path.GetTempPath(), "identity-tests", Guid.NewGuid().ToString("N"), "admin.pat");

    protected abstract Task<DatabaseSettings> CreateAsync();

    protected virtual Task DropAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        var database = await CreateAsync();
        Settings = database;
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new InstanceSettings("localhost"));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddIdentityInfrastructure(new InfrastructureSettings(
            database, TestHashIterations, null, new BootstrapSettings(true, "Default", "admin", TokenFile)));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DropAsync();
        var directory = Path.GetDirectoryName(TokenFile)!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-tests", "sqlite-" + Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(_directory, "identity.db");

    protected override Task<DatabaseSettings> CreateAsync() =>
        Task.FromResult(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={FilePath}"));

    protected override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A fresh database on the PostgreSQL server named by <c>IDENTITY_TEST_POSTGRES</c> (an admin
/// connection string; <c>.ci/run</c> starts a server and sets it). Without it the tests are skipped
/// with that reason, unless <c>IDENTITY_TEST_REQUIRE_POSTGRES=1</c> (as in CI), where they fail.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "IDENTITY_TEST_POSTGRES";
    private readonly string _name = "identity_test_" + Guid.NewGuid().ToString("N")[..12];

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable);

    public static bool Required => Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_POSTGRES") == "1";

    public override string? UnavailableReason =>
        string.IsNullOrEmpty(AdminConnectionString) && !Required
            ? $"PostgreSQL tests skipped: set {Variable} to an admin connection string of a running server (.ci/run does)"
            : null;

    protected override async Task<DatabaseSettings> CreateAsync()
    {
        if (string.IsNullOrEmpty(AdminConnectionString))
        {
            throw new InvalidOperationException($"IDENTITY_TEST_REQUIRE_POSTGRES=1 but {Variable} is not set.");
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _name };
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    protected override async Task DropAsync()
    {
        if (string.IsNullOrEmpty(AdminConnectionString))
        {
            return;
        }

        // Unpooled, and no global ClearAllPools: other test classes use their pools at the same time;
        // FORCE ends the connections still open on this database.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
