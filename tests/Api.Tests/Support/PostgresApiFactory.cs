using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Identity.Api.Tests.Support;

/// <summary>
/// The real host on a fresh database of the PostgreSQL server named by <c>IDENTITY_TEST_POSTGRES</c>
/// (.ci/run starts one). Without it the tests using this factory are skipped with that reason,
/// unless <c>IDENTITY_TEST_REQUIRE_POSTGRES=1</c>, where they fail.
/// </summary>
public class PostgresApiFactory : ApiFactory
{
    public const string Variable = "IDENTITY_TEST_POSTGRES";
    private readonly string _name = "identity_api_" + Guid.NewGuid().ToString("N")[..12];
    private bool _created;

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable);

    public static string? UnavailableReason =>
        string.IsNullOrEmpty(AdminConnectionString) && Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_POSTGRES") != "1"
            ? $"PostgreSQL tests skipped: set {Variable} to an admin connection string of a running server (.ci/run does)"
            : null;

    /// <summary>When set before the host starts, the service reaches the database through it.</summary>
    public TcpProxy? Proxy { get; init; }

    public string ConnectionString
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _name, Timeout = 3 };
            if (Proxy is not null)
            {
                builder.Host = "127.0.0.1";
                builder.Port = Proxy.Port;
            }

            return builder.ConnectionString;
        }
    }

    public override string Start()
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);
        return base.Start();
    }

    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        if (string.IsNullOrEmpty(AdminConnectionString))
        {
            throw new InvalidOperationException($"IDENTITY_TEST_REQUIRE_POSTGRES=1 but {Variable} is not set.");
        }

        Execute($"CREATE DATABASE \"{_name}\"");
        _created = true;
        builder.UseSetting("Identity:Database:Provider", "Postgres");
        builder.UseSetting("Identity:Database:ConnectionString", ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Proxy?.Dispose();
        }

        if (disposing && _created)
        {
            DropDatabase(_name);
        }
    }

    /// <summary>
    /// Drops a test database; FORCE ends the connections still open on it. No global
    /// <c>NpgsqlConnection.ClearAllPools()</c>: other test classes run their hosts at the same time.
    /// </summary>
    public static void DropDatabase(string name) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    /// <summary>On an unpooled connection of its own, so no pool is shared with the hosts under test.</summary>
    private static void Execute(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
