using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Identity.Api.Composition;
using Identity.Application.Abstractions;
using Identity.Application.Common;
using Identity.Application.Users.SetInitialPassword;
using Identity.Domain.Common;
using Identity.Domain.Passwords;
using Identity.Domain.Users;
using Identity.Domain.Organizations;
using Identity.Infrastructure;
using Identity.Infrastructure.Persistence;
using Identity.Application;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Identity.Bench;

/// <summary>
/// SetHumanInitialPassword through the module's facade, as another module in the process calls it: the
/// caller's lookup, the whole pipeline (tenant, authorization, validation, target, password-call gate,
/// unit of work), handler, aggregate and EF Core on a SQLite file, with the hash replaced by a constant:
/// what the service costs beyond the hash.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "identity-bench-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _host = null!;
    private IIdentityModule _identity = null!;
    private List<string> _users = null!;
    private ModuleCaller _caller = null!;
    private int _next;

    [Params(1_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // BENCH_MIN_STRENGTH=0 measures the pipeline without the guessability estimate (default: the service's default).
        var settings = new Dictionary<string, string?>
        {
            ["Identity:Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "identity.db")}",
            ["Identity:Bootstrap:TokenFile"] = Path.Combine(_directory, "admin.pat"),
            ["Identity:Instance:NodeId"] = "1",
            ["Identity:Limits:PasswordCallsPerCallerPerMinute"] = "0",
            ["Identity:Passwords:MinStrengthScore"] = Environment.GetEnvironmentVariable("BENCH_MIN_STRENGTH"),
        };
        _host = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddIdentityModule(new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build(),
                module => module.AddSingleton<IPasswordHasher, ConstantHasher>())
            .BuildServiceProvider();
        var module = _host.GetRequiredService<IdentityModuleServices>();
        using var scope = module.Provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(default).GetAwaiter().GetResult();
        scope.ServiceProvider.GetRequiredService<Infrastructure.Bootstrap.Bootstrapper>().RunAsync(default).GetAwaiter().GetResult();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var admin = db.Users.Single(u => u.UserName == "admin");
        _caller = ModuleCaller.User(admin.Id.Value);
        _identity = _host.GetRequiredService<IIdentityModule>();
        var policy = new PasswordPolicy(PasswordComplexityPolicy.Default, null, false);
        _users = [];
        for (var i = 0; i < Users; i++)
        {
            var user = User.ImportHuman(new UserId($"bench-{i}"), admin.OrgId, $"bench-{i}",
                new HumanProfile("Bench", "User", "", "Bench User", "en", Gender.Unspecified, $"b{i}@bench.test", false, "", false),
                null, false, policy, _ => "", DateTimeOffset.UtcNow, "bench");
            db.Users.Add(user);
            _users.Add(user.Id.Value);
        }

        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "SetHumanInitialPassword pipeline without the hash")]
    public Task<ObjectDetailsDto> SetInitialPassword() =>
        _identity.SendAsync(new SetInitialPasswordCommand(_users[_next++ % _users.Count], "Sunny-Meadow-42!"), _caller);

    private sealed class ConstantHasher : IPasswordHasher
    {
        public string Hash(string normalizedPassword) => "AQAAAAIAAYagAAAAEConstantHashForBenchmarksOnly";

        public PasswordVerification Verify(string hash, string normalizedPassword) => PasswordVerification.Failed;
    }
}
