using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Identity.Application.Abstractions;
using Identity.Domain.Access;
using Identity.Domain.Common;
using Identity.Domain.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Management.V1;

namespace Identity.Api.Tests.Support;

/// <summary>The real host on a fresh SQLite file, with a low hash iteration count; the bootstrap admin token is read from its file.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-api-tests", Guid.NewGuid().ToString("N"));
    private string? _adminToken;

    public string AdminToken => _adminToken ??= File.ReadAllText(Path.Combine(_directory, "admin.pat")).Trim();

    /// <summary>
    /// Extra configuration; by default the overload protection is wide open (no per-caller bucket, a long
    /// queue, failed-check budgets far beyond any test) so that functional tests never meet it; the
    /// overload and throttle tests set their own limits.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Identity:Limits:PasswordCallsPerCallerPerMinute"] = "0",
        ["Identity:Limits:PasswordQueue"] = "10000",
        ["Identity:Limits:FailedChecksPerUserPerMinute"] = "100000",
        ["Identity:Limits:FailedChecksPerUserBurst"] = "100000",
        ["Identity:Limits:FailedChecksPerSourcePerMinute"] = "100000",
        ["Identity:Limits:FailedChecksPerSourceBurst"] = "100000",
    };

    protected string Directory => _directory;

    private string SqliteConnectionString => $"Data Source={Path.Combine(_directory, "identity.db")}";

    /// <summary>The module's own container (repositories, DbContext, ...), which the host's does not hold.</summary>
    public IServiceProvider ModuleServices => Services.GetRequiredService<Identity.Api.Composition.IdentityModuleServices>().Provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureDatabase(builder);
        builder.UseSetting("Identity:Passwords:HashIterations", "1000");
        builder.UseSetting("Identity:Passwords:AllowWeakHashingForTests", "true");
        builder.UseSetting("Identity:Bootstrap:TokenFile", Path.Combine(_directory, "admin.pat"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected virtual void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Identity:Database:Provider", "Sqlite");
        builder.UseSetting("Identity:Database:ConnectionString", SqliteConnectionString);
    }

    /// <summary>Starts the host (migrations and bootstrap run) and returns the admin token.</summary>
    public virtual string Start()
    {
        _ = Services;
        return AdminToken;
    }

    public HttpClient Rest(string? token, string? orgId = null)
    {
        Start();
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (orgId is not null)
        {
            client.DefaultRequestHeaders.Add("x-zitadel-orgid", orgId);
        }

        return client;
    }

    public ManagementService.ManagementServiceClient Grpc()
    {
        Start();
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new ManagementService.ManagementServiceClient(channel);
    }

    /// <summary>A client of zitadel.user.v2.UserService on the test server.</summary>
    public Zitadel.User.V2.UserService.UserServiceClient UsersV2() => new(Channel());

    public Zitadel.Session.V2.SessionService.SessionServiceClient Sessions() => new(Channel());

    /// <summary>A gRPC channel to the test server.</summary>
    public GrpcChannel Channel()
    {
        Start();
        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
    }

    public static Metadata Headers(string? token, string? orgId = null)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token);
        }

        if (orgId is not null)
        {
            headers.Add("x-zitadel-orgid", orgId);
        }

        return headers;
    }

    /// <summary>
    /// A machine user with a token and the given org roles, written straight into the database
    /// (the API for machine users and members comes with a later issue).
    /// </summary>
    public async Task<(string UserId, string Token)> CreateMachineCallerAsync(string orgId, params string[] roles)
    {
        Start();
        await using var scope = ModuleServices.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var now = DateTimeOffset.UtcNow;
        var ids = sp.GetRequiredService<IIdGenerator>();
        var user = User.CreateMachine(new UserId(ids.NewId()), new OrgId(orgId), "robot-" + ids.NewId(), new MachineProfile("Robot", "", AccessTokenType.Bearer), now, "test");
        var (token, hash) = sp.GetRequiredService<ITokenService>().Generate();
        sp.GetRequiredService<IUserRepository>().Add(user);
        sp.GetRequiredService<IPersonalAccessTokenRepository>().Add(user.AddPersonalAccessToken(new TokenId(ids.NewId()), hash, null, now, "test"));
        if (roles.Length > 0)
        {
            sp.GetRequiredService<IMembershipRepository>().Add(Membership.ForOrg(new OrgId(orgId), user.Id, roles, now));
        }

        await sp.GetRequiredService<IUnitOfWork>().SaveChangesAsync(default);
        return (user.Id.Value, token);
    }

    /// <summary>
    /// The test runner prints only the type of an exception thrown while a class fixture is disposed, so the
    /// whole exception also goes to <see cref="CleanupFailureLog"/>, which .ci/run prints.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            GC.SuppressFinalize(this);
        }
        catch (Exception ex)
        {
            await File.AppendAllTextAsync(CleanupFailureLog, $"{DateTimeOffset.UtcNow:O} {GetType().Name}: {ex}{Environment.NewLine}");
            throw;
        }
    }

    /// <summary>Where fixture clean-up failures are written in full (see <see cref="DisposeAsync"/>).</summary>
    public static string CleanupFailureLog =>
        Environment.GetEnvironmentVariable("IDENTITY_TEST_CLEANUP_LOG") is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "identity-test-cleanup-failures.log");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);

        // This factory's database only: other test classes use their pools at the same time.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnectionString))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }

        if (disposing && System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
